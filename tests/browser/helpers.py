"""Helpers for driving the dashboard in Chromium: open it, find the map, click a place on it.

Each helper waits for a condition (Streamlit idle, the map's layers in place), never for a
fixed time. Streamlit 1.67 marks its root with `data-test-script-state`: "initial" before the
first run, "running" during one and "notRunning" once the script has finished.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from playwright.sync_api import Frame, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from bench.chromium import APP_IDLE, MAP_IFRAME

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LAND_FILE = PROJECT_ROOT / "geodata" / "land.geojson"

# The map can take a click when: Leaflet is loaded; streamlit-folium has evaluated the layers
# passed through feature_group_to_add and bound its click handlers; every GeoJSON layer has
# its features (the app's layers fetch their data from a static URL after they are added,
# so a layer is empty for a moment); and no zoom or pan animation is running.
MAP_READY_JS = """() => {
    const m = window.map, g = window.__GLOBAL_DATA__;
    if (!(m && m._loaded && g && g.last_feature_group)) return false;
    if (m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) return false;
    let filled = true;
    m.eachLayer((l) => {
        if (l instanceof L.GeoJSON && l.getLayers().length === 0) filled = false;
    });
    return filled;
}"""
LOAD_TIMEOUT_MS = 60_000
MAP_TIMEOUT_MS = 30_000


@cache
def land() -> dict[str, BaseGeometry]:
    """The bundled land polygons by feature id, as shapely geometries."""
    features = json.loads(LAND_FILE.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"]: shape(f["geometry"]) for f in features}


def point_on(feature_id: str) -> tuple[float, float]:
    """(lon, lat) of a point that is certainly on the feature's land."""
    p = land()[feature_id].representative_point()
    return p.x, p.y


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


def wait_idle(page: Page, timeout: float = LOAD_TIMEOUT_MS) -> None:
    """Wait until Streamlit has no script run in progress."""
    page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout)


def map_frame(page: Page, timeout: float = MAP_TIMEOUT_MS) -> Frame:
    """The streamlit-folium iframe's Frame (same origin, so its JavaScript is reachable)."""
    handle = page.locator(MAP_IFRAME).element_handle(timeout=timeout)
    frame = handle.content_frame()
    assert frame is not None, "the map iframe has no frame"
    frame.wait_for_url(re.compile("streamlit_folium"), timeout=timeout)
    return frame


def wait_map_ready(page: Page, timeout: float = MAP_TIMEOUT_MS) -> Frame:
    frame = map_frame(page, timeout)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=timeout)
    frame.wait_for_function(MAP_READY_JS, timeout=timeout)
    return frame


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


def click_lonlat(page: Page, lon: float, lat: float) -> str:
    """Click the map at a geographic position; returns what was under the pointer.

    `map.latLngToContainerPoint` says where the position is inside Leaflet's container.
    Playwright's click at that offset of the container turns it into page coordinates (the
    container's place in the iframe plus the iframe's box on the page) at the moment of the
    click, after checking that the box is stable and that the point is not covered by
    something else, so a late layout shift cannot send the click astray.
    """
    frame = wait_map_ready(page)
    spot = frame.evaluate(
        """([lat, lon]) => {
            const p = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
            return {x: p.x, y: p.y, w: box.width, h: box.height,
                    hit: hit ? hit.tagName.toLowerCase() + "." + (hit.getAttribute("class") || "")
                             : "nothing"};
        }""",
        [lat, lon],
    )
    inside = 5 <= spot["x"] <= spot["w"] - 5 and 5 <= spot["y"] <= spot["h"] - 5
    assert inside, f"({lon}, {lat}) is outside the visible map: {spot}"
    frame.locator(".leaflet-container").first.click(position={"x": spot["x"], "y": spot["y"]})
    return spot["hit"]


def choose_island(page: Page, label_start: str) -> None:
    """Pick an entry of the sidebar's 'Choose an island' box by the start of its label."""
    page.get_by_role("combobox", name="Choose an island").click()
    option = page.get_by_role("option", name=re.compile(rf"^\W*{re.escape(label_start)}\b"))
    option.first.click()
