"""Front-end assets served by the app itself (Streamlit static serving), never from a CDN.

Leaflet comes from the PyPI package xstatic-leaflet (installed with the project) and is copied
into static/ next to app.py, which Streamlit serves at /app/static/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dashboard.config import STATIC_DIR

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images")
URL_PREFIX = "/app/static"


def leaflet_source() -> Path:
    import xstatic.pkg.leaflet as xleaflet

    return Path(xleaflet.BASE_DIR)


def ensure_static_assets(target: Path = STATIC_DIR) -> Path:
    """Copy Leaflet's files into `target/leaflet` unless they are there already, and the
    dashboard's own map script into `target/dashboard`."""
    ensure_dashboard_js(target)
    dest = target / "leaflet"
    src = leaflet_source()
    for name in LEAFLET_FILES:
        out = dest / name
        if out.exists():
            continue
        dest.mkdir(parents=True, exist_ok=True)
        if (src / name).is_dir():
            shutil.copytree(src / name, out)
        else:
            shutil.copyfile(src / name, out)
    return dest


DASHBOARD_JS = Path(__file__).resolve().parent / "web" / "map.js"


def ensure_dashboard_js(target: Path = STATIC_DIR) -> Path:
    """Copy the dashboard's own map script into `target/dashboard/` (refreshed if it changed)."""
    out = target / "dashboard" / "map.js"
    body = DASHBOARD_JS.read_bytes()
    if not out.exists() or out.read_bytes() != body:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".js.tmp")
        tmp.write_bytes(body)
        tmp.replace(out)
    return out


def dashboard_js() -> list[tuple[str, str]]:
    return [("kuril_map", f"{URL_PREFIX}/dashboard/map.js")]


def leaflet_js() -> list[tuple[str, str]]:
    return [("leaflet", f"{URL_PREFIX}/leaflet/leaflet.js")]


def leaflet_css() -> list[tuple[str, str]]:
    return [("leaflet_css", f"{URL_PREFIX}/leaflet/leaflet.css")]
