"""Each scenario frames what it changes: choosing one (or opening its link) moves the map, in
place, to the land that changes hands; a view that already shows that land keeps the zoom the
reader set."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page

from tests.browser.helpers import open_app
from tests.support.mapping import point_on, wait_idle, wait_map_ready

CONTAINS_JS = """(points) => points.every(([lon, lat]) => map.getBounds().contains([lat, lon]))"""
VIEW_JS = "() => [map.getZoom(), map.getCenter().lat, map.getCenter().lng]"


def choose(page: Page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()


def wait_showing(frame: Frame, *features: str) -> None:
    """Until the map's view holds a point on each feature (a framing moves the view with an
    animation, then settles)."""
    frame.wait_for_function(CONTAINS_JS, arg=[point_on(f) for f in features], timeout=30_000)
    wait_map_ready(frame.page)


def test_choosing_the_1875_treaty_frames_the_whole_chain(page: Page) -> None:
    frame = open_app(page)
    frame.evaluate("window.__survivor = 'still here'")
    assert not frame.evaluate(CONTAINS_JS, [point_on("shumshu")]), "Shumshu is in view at start"
    choose(page, "Treaty of Saint Petersburg (1875)")
    wait_showing(frame, "urup", "shumshu", "iturup")
    assert frame.evaluate("window.__survivor") == "still here", "the map was reloaded"


def test_a_link_to_the_1905_treaty_frames_sakhalin_and_the_chain(page: Page) -> None:
    frame = open_app(page, "scenario=treaty-1905")
    wait_showing(frame, "urup", "shumshu", "sakhalin")


def test_a_zoom_the_reader_set_survives_a_toggle_that_changes_land_in_view(page: Page) -> None:
    frame = open_app(page)
    frame.evaluate("() => map.setView([43.65, 146.4], 9, {animate: false})")
    assert frame.evaluate(CONTAINS_JS, [point_on("shikotan"), point_on("shibotsu")])
    before = frame.evaluate(VIEW_JS)
    choose(page, "1956 Joint Declaration (two islands)")
    page.wait_for_url("**scenario=declaration-1956**")
    wait_idle(page)
    frame.wait_for_function("() => window.__framedScenario === 'declaration-1956'")
    zoom, lat, lon = frame.evaluate(VIEW_JS)
    assert zoom == before[0]
    assert (lat, lon) == (pytest.approx(before[1], abs=1e-6), pytest.approx(before[2], abs=1e-6))


def test_a_toggle_moves_a_view_that_misses_the_land_it_changes(page: Page) -> None:
    frame = open_app(page)
    frame.evaluate("() => map.setView([45.2, 148.3], 10, {animate: false})")  # on Iturup
    assert not frame.evaluate(CONTAINS_JS, [point_on("shikotan")])
    choose(page, "1956 Joint Declaration (two islands)")
    wait_showing(frame, "shikotan", "shibotsu")
