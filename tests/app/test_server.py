"""What `python -m dashboard serve` changes in Streamlit's start, checked against the real
Streamlit and the packages installed here."""

from __future__ import annotations

import gc
import inspect

from streamlit.components.v2 import component_manager, manifest_scanner

from dashboard import server


def test_no_installed_package_ships_a_component_the_skipped_scan_would_find():
    """The server skips Streamlit's scan for second-API components; the real scan finds none
    among the installed packages, so skipping it loses nothing."""
    assert manifest_scanner.scan_component_manifests() == []


def test_streamlit_still_finds_those_components_through_the_replaced_function():
    """If Streamlit stopped calling this function, the skip would silently do nothing."""
    manager = component_manager.BidiComponentManager
    source = inspect.getsource(manager.discover_and_register_components)
    assert "scan_component_manifests()" in source


def test_after_the_skip_streamlit_registers_components_without_scanning(monkeypatch, caplog):
    """Streamlit's own component manager, before and after the skip: it runs the scan (here
    one that counts its calls) until the server skips it, then runs none and logs nothing."""
    scans = []

    def counted_scan(max_workers=None):
        scans.append(max_workers)
        return []

    monkeypatch.setattr(manifest_scanner, "scan_component_manifests", counted_scan)  # restored
    manager = component_manager.BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    assert len(scans) == 1  # the start reaches the scan through the name the skip replaces
    server._skip_component_scan()
    manager.discover_and_register_components(start_file_watching=False)
    assert len(scans) == 1, "Streamlit still scanned the installed packages after the skip"
    assert "Failed to scan" not in caplog.text


def test_the_collector_runs_again_after_a_warm_up_on_a_bad_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "_listening", lambda: None)  # no Streamlit runtime here
    server._pause_gc()
    try:
        server._warm(tmp_path)  # an empty folder: its problems are logged, nothing loaded
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
