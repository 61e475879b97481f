"""Streamlit AppTest fixtures: the real app.py on the bundled data."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from dashboard.atlas import Atlas
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return Atlas(load_dataset(DEFAULT_DATA_DIR))


@pytest.fixture(scope="session", autouse=True)
def _components_scanned_once():
    """Each new AppTest scans the metadata of every installed distribution for components
    (about 0.14 s, half of a page's two runs); the packages installed do not change during a
    run, so a process scans them once."""
    with pytest.MonkeyPatch.context() as mp:
        scan = functools.cache(manifest_scanner.scan_component_manifests)
        mp.setattr(manifest_scanner, "scan_component_manifests", scan)
        yield


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


# What st_folium sends once the map is drawn (its view settles), before any click.
MAP_DRAWN = {"last_clicked": None, "last_object_clicked_count": 0}


def load(at: AppTest) -> AppTest:
    """Open the page as a browser does: the first run draws up to the map and its panel; the
    map's first report then brings the run that draws the whole page."""
    at.run()
    at.session_state["map"] = dict(MAP_DRAWN)
    return at.run()


def click_on(atlas: Atlas, fid: str) -> dict:
    """What st_folium returns after a click inside a land feature: the clicked position."""
    pt = atlas.geometry(fid).representative_point()
    return {"last_clicked": {"lat": pt.y, "lng": pt.x}, "last_object_clicked_count": 1}


def texts(at: AppTest) -> str:
    """All text the page shows, for simple 'is it there' assertions."""
    parts = [e.value for e in (*at.title, *at.header, *at.markdown, *at.caption, *at.subheader)]
    parts += [e.value for e in (*at.warning, *at.error, *at.success)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # drop markdown escapes
