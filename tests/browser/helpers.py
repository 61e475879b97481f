"""Helpers for driving the dashboard's page in Chromium: open it, find its headings and
panels, read its URL. The map itself (ready, click at a position, a point on a feature) is
tests.support.mapping's, shared with the bench.
"""

from __future__ import annotations

import re

from playwright.sync_api import Frame, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from shapely.geometry import Point

from tests.support.mapping import MAP_TIMEOUT_MS, land, wait_idle, wait_map_ready

LOAD_TIMEOUT_MS = 60_000


def degrees_to_nearest_land(lon: float, lat: float) -> float:
    """Planar distance in degrees to the nearest land: a sanity check, not a measurement."""
    return min(g.distance(Point(lon, lat)) for g in land().values())


def main_area(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def heading(page: Page, name: str) -> Locator:
    """A heading in the main area (not the sidebar) with exactly this text."""
    return main_area(page).get_by_role("heading", name=name, exact=True)


def panel_of(page: Page, name: str) -> Locator:
    """The column that holds the heading `name` (the island panel or the overview)."""
    title = page.get_by_role("heading", name=name, exact=True)  # `has` is relative
    return main_area(page).get_by_test_id("stColumn").filter(has=title).first


def url_param(name: str, value: str) -> re.Pattern[str]:
    return re.compile(rf"[?&]{re.escape(name)}={re.escape(value)}(&|$)")


def any_param(name: str) -> re.Pattern[str]:
    return re.compile(rf"[?&]{re.escape(name)}=")


def open_app(page: Page, query: str = "") -> Frame:
    """Load the dashboard (optionally with a query string) and wait until it is usable.

    The context's base_url points at the server, so relative URLs work. Returns the map frame.
    """
    query = query.lstrip("?")
    page.goto("/" + (f"?{query}" if query else ""), timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    error = page.get_by_test_id("stException")
    if error.count():  # fail now, not after a timeout, and say what went wrong
        raise AssertionError(f"the app raised an exception:\n{error.first.inner_text()}")
    try:
        frame = wait_map_ready(page)
    except (PlaywrightTimeoutError, AssertionError) as exc:
        shown = main_area(page).inner_text() if main_area(page).count() else page.content()
        raise AssertionError(f"no map on the page ({exc}). It shows:\n{shown[:3000]}") from exc
    wait_below_map(page)
    wait_idle(page)
    return frame


def below_map(page: Page) -> Locator:
    """The overview's tabs, the page's last section: drawn in the run that the map's first
    report brings, after the map and its panel."""
    return main_area(page).get_by_test_id("stTabs")


def wait_below_map(page: Page, timeout: float = MAP_TIMEOUT_MS) -> None:
    below_map(page).first.wait_for(state="attached", timeout=timeout)
