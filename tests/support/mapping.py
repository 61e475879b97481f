"""The page's map as the browser tests and the bench drive it: when it is ready, where a
lon/lat is in it and what is under it, a click there, and a point on a feature of the data
folder being served.

The map is streamlit-folium's iframe (same origin), whose `window.map` is the Leaflet map.
Streamlit 1.67 marks its root with `data-test-script-state`: "initial" before the first run,
"running" during one, "notRunning" once the script has finished. Each helper waits for a
condition, never for a fixed time. The JavaScript is shared with the asynchronous load test,
which wraps it in its own few awaits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from dashboard.config import DEFAULT_DATA_DIR

if TYPE_CHECKING:  # no Playwright needed to find a point on a feature (the bench's apps)
    from playwright.sync_api import Frame, Page

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_TIMEOUT_MS = 60_000
IDLE_TIMEOUT_MS = 60_000

# Whether the Leaflet map in window `w` can take a click: Leaflet loaded, land on it, every
# GeoJSON layer holding its features (the app's layers fetch their data from a static URL
# after they are added, so a layer is empty for a moment), no zoom or pan animation running,
# and, for an app that passes layers through feature_group_to_add (`layered`: ours), those
# evaluated and their click handlers bound, and the map's words in the page's language (its
# legend, labels and tooltips, fetched from a static file) in place. The one definition of
# "the map is ready".
MAP_READY_FN = """(w, layered) => {
    const m = w.map, g = w.__GLOBAL_DATA__;
    if (!(m && m._loaded && g && w.L)) return false;
    if (layered && !g.last_feature_group) return false;
    if (layered && w.DisputeMap && !w.__wordsReady) return false;
    if (m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) return false;
    let filled = true, land = false;
    m.eachLayer((l) => {
        if (l instanceof w.L.GeoJSON && l.getLayers().length === 0) filled = false;
        if (l.feature) land = true;
    });
    return filled && land;
}"""
# In the map's frame.
FRAME_READY_JS = f"(layered) => ({MAP_READY_FN})(window, layered)"

# In the map's frame: where [lat, lon] is in Leaflet's container, whether that is inside the
# visible map (5 px from its edges), and what element is there ("path.leaflet-interactive"
# for land).
MAP_POINT_JS = """([lat, lon]) => {
    const p = map.latLngToContainerPoint([lat, lon]);
    const box = map.getContainer().getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
    return {x: p.x, y: p.y,
            inside: p.x >= 5 && p.y >= 5 && p.x <= box.width - 5 && p.y <= box.height - 5,
            hit: hit ? hit.tagName.toLowerCase() + "." + (hit.getAttribute("class") || "")
                     : "nothing"};
}"""
CONTAINER = ".leaflet-container"


@dataclass
class Spot:
    """A lon/lat on the map: its place in Leaflet's container, and what is there."""

    x: float
    y: float
    inside: bool
    hit: str

    @property
    def on_land(self) -> bool:
        return "leaflet-interactive" in self.hit


# --- the data folder being served ------------------------------------------------------------


def land(folder: Path | None = None) -> dict[str, BaseGeometry]:
    """The land polygons of a data folder by feature id, as shapely geometries. `folder`: the
    one given to the server (None: the bundled geodata/, which Server serves by default)."""
    return _land(Path(folder or DEFAULT_DATA_DIR).resolve())


@cache
def _land(folder: Path) -> dict[str, BaseGeometry]:
    features = json.loads((folder / "land.geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"]: shape(f["geometry"]) for f in features}


def point_on(feature_id: str, folder: Path | None = None) -> tuple[float, float]:
    """(lon, lat) of a point that is certainly on the feature's land."""
    p = land(folder)[feature_id].representative_point()
    return p.x, p.y


# --- the page ----------------------------------------------------------------------------------


def wait_idle(page: Page | Frame, timeout: float = IDLE_TIMEOUT_MS) -> None:
    """Wait until Streamlit has no script run in progress."""
    page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout)


def map_frame(page: Page | Frame, timeout: float = MAP_TIMEOUT_MS) -> Frame:
    """The (last) streamlit-folium iframe's Frame, once it has loaded the component."""
    handle = page.locator(MAP_IFRAME).last.element_handle(timeout=timeout)
    frame = handle.content_frame()
    assert frame is not None, "the map iframe has no frame"
    frame.wait_for_url(re.compile("streamlit_folium"), timeout=timeout)
    return frame


def wait_map_ready(
    page: Page | Frame, timeout: float = MAP_TIMEOUT_MS, layered: bool = True
) -> Frame:
    """The map's frame, once the map can take a click (MAP_READY_FN)."""
    frame = map_frame(page, timeout)
    frame.locator(CONTAINER).first.wait_for(state="visible", timeout=timeout)
    frame.wait_for_function(FRAME_READY_JS, arg=layered, timeout=timeout)
    return frame


def locate(frame: Frame, lon: float, lat: float) -> Spot:
    """Where a geographic position is on the map, and what is there."""
    return Spot(**frame.evaluate(MAP_POINT_JS, [lat, lon]))


def click_spot(frame: Frame, spot: Spot, timeout: float = MAP_TIMEOUT_MS) -> None:
    """Playwright's click at that offset of Leaflet's container turns it into page coordinates
    (the container's place in the iframe plus the iframe's box on the page) at the moment of
    the click, after checking that the box is stable and that nothing covers the point, so a
    late layout shift cannot send the click astray."""
    position = {"x": spot.x, "y": spot.y}
    frame.locator(CONTAINER).first.click(position=position, timeout=timeout)


def click_lonlat(page: Page, lon: float, lat: float, layered: bool = True) -> str:
    """Click the map at a geographic position once it is ready; returns what was under the
    pointer."""
    frame = wait_map_ready(page, layered=layered)
    spot = locate(frame, lon, lat)
    assert spot.inside, f"({lon}, {lat}) is outside the visible map: {spot}"
    click_spot(frame, spot)
    return spot.hit
