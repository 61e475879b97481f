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


def test_a_link_to_the_1905_treaty_frames_sakhalin_and_the_chain(page: Page) -> None:
    frame = open_app(page, "scenario=treaty-1905")
    wait_showing(frame, "urup", "shumshu", "sakhalin")


def test_a_choice_keeps_a_view_that_shows_its_changes_and_moves_one_that_misses_them(
    page: Page,
) -> None:
    """In one page, the map never loaded again: a zoom the reader set that shows the land the
    1956 Joint Declaration hands over survives choosing it; that view misses the northern
    Kurils, so choosing the 1875 treaty then moves it to the whole chain."""
    frame = open_app(page)
    frame.evaluate("window.__survivor = 'still here'")
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

    assert not frame.evaluate(CONTAINS_JS, [point_on("shumshu")]), "Shumshu is in view"
    choose(page, "Treaty of Saint Petersburg (1875)")
    wait_showing(frame, "urup", "shumshu", "iturup")
    assert frame.evaluate("window.__survivor") == "still here", "the map was reloaded"
