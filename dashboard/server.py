"""`python -m dashboard serve [streamlit options]`: Streamlit on app.py, with the data folder
loaded and measured in a background thread while the server starts (see dashboard.model).

The one module besides the views that imports Streamlit: it only starts it.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from pathlib import Path

from dashboard.config import PROJECT_ROOT, data_dir

APP = PROJECT_ROOT / "app.py"


def _listening(timeout_s: float = 60.0) -> None:
    """Wait until Streamlit's runtime is up (the port answers), so the warm-up does not slow
    the server's own start; bounded."""
    from streamlit import runtime
    from streamlit.runtime.runtime import Runtime, RuntimeState

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if runtime.exists() and Runtime.instance().state != RuntimeState.INITIAL:
            return
        time.sleep(0.02)


def _warm(folder: Path) -> None:
    try:
        _listening()
        started = time.perf_counter()
        # What the page's script imports, but the views themselves: streamlit-folium
        # registers its component only when first imported inside a session, so importing
        # it here would leave the page without its map. Its own imports can come first.
        import folium.plugins  # noqa: F401
        import streamlit.components.v1  # noqa: F401

        from dashboard import maps  # noqa: F401 (folium: the page's heaviest import)
        from dashboard.cache import ModelCache, digest_of
        from dashboard.model import get_model
        from dashboard.problems import DataError

        cache = ModelCache()
        digest = digest_of(folder)
        filed = digest is not None and cache.path(digest).exists()
        try:
            model = get_model(folder, cache)
        except DataError as exc:  # the page shows the problems
            print(f"  Data: {len(exc.problems)} problem(s) in {folder}.", flush=True)
            return
        finally:
            _resume_gc()
        path = cache.path(model.digest)
        done = time.perf_counter() - started
        how = (
            f"read from {path}"
            if filed
            else f"measured and filed as {path}"
            if path.exists()
            else "measured, not filed"
        )
        print(f"  Data: {folder}, {how} (warm-up done after {done:.1f} s).", flush=True)
        # Streamlit runs a full garbage collection after every script run. Everything loaded
        # so far (modules, the data, its measures) lives as long as the process, so it is
        # moved out of the collector's sight: each collection then walks only what sessions
        # make.
        gc.collect()
        gc.freeze()
    except Exception:  # the warm-up is an optimisation: a failure must not stop the server
        traceback.print_exc()
    finally:
        _resume_gc()


def _pause_gc() -> None:
    """Start-up (Streamlit, the data stack, the data) makes millions of objects that live as
    long as the process, and the collector would walk them again and again while they are
    made: it is paused until the data is loaded (see `_resume_gc`)."""
    gc.disable()


def _resume_gc() -> None:
    """Move what start-up made out of the collector's sight and let it run again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _no_component_manifests(max_workers: int | None = None) -> list:
    return []


def _skip_component_scan() -> None:
    """Streamlit's start reads the metadata of every installed package, looking for
    components of its second component API (0.15-0.3 s here, before the server listens).
    The page uses none (streamlit-folium is a first-API component), so the scan is skipped.
    tests/app/test_server.py runs the real scan and fails if an installed package ships one,
    or if Streamlit stops finding components through this function."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:
        return
    if hasattr(manifest_scanner, "scan_component_manifests"):
        manifest_scanner.scan_component_manifests = _no_component_manifests


def serve(streamlit_args: list[str]) -> int:
    _pause_gc()
    threading.Thread(target=_warm, args=(data_dir(),), name="warm-up", daemon=True).start()
    from streamlit.web import cli

    _skip_component_scan()
    sys.argv = ["streamlit", "run", str(APP), *streamlit_args]
    return cli.main()
