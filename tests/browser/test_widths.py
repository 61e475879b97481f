"""The page on a phone (390 x 844) and in a story's column (700 px), beside the desktop: it
opens on the title and the map, the controls are one tap away, the panel follows the map,
nothing covers the map; with screenshots (build/screenshots/, git-ignored) to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import heading, main_area, open_app
from tests.browser.test_screenshots import MIN_BYTES, SHOTS, full_page_screenshot
from tests.support.mapping import MAP_IFRAME, click_lonlat, point_on, wait_idle

PHONE = {"width": 390, "height": 844}
COLUMN = {"width": 700, "height": 900}
DESKTOP = {"width": 1400, "height": 1000}
NARROW = {"phone": PHONE, "column": COLUMN}

# What is at the centre of the map's iframe, as the page sees it (the iframe itself when
# nothing covers it), and the same inside the frame (part of the map, not a control on it).
PAGE_CENTRE_JS = """(sel) => {
    const f = document.querySelector(sel).getBoundingClientRect();
    const hit = document.elementFromPoint(f.left + f.width / 2, f.top + f.height / 2);
    return {hit: hit ? hit.tagName.toLowerCase() : "nothing",
            title: hit ? hit.getAttribute("title") : null,
            top: f.top, bottom: f.bottom, viewport: window.innerHeight};
}"""
FRAME_CENTRE_JS = """() => {
    const c = map.getContainer().getBoundingClientRect();
    const hit = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
    return hit ? [hit.closest(".leaflet-control") !== null, map.getContainer().contains(hit)]
               : [true, false];
}"""
# The share of the map's area each legend covers.
LEGEND_COVER_JS = """() => {
    const m = map.getContainer().getBoundingClientRect(), area = m.width * m.height;
    return Array.from(document.querySelectorAll(".map-legend")).map((l) => {
        const b = l.getBoundingClientRect();
        return b.width * b.height / area;
    });
}"""


def open_at(page: Page, size: dict[str, int], query: str = ""):
    page.set_viewport_size(size)
    return open_app(page, query)


@pytest.mark.parametrize("size", list(NARROW.values()), ids=list(NARROW))
def test_narrow_page_opens_on_the_title_and_the_map_and_a_tap_opens_a_panel_under_it(
    page: Page, size: dict[str, int]
) -> None:
    frame = open_at(page, size)
    shoot(page, f"page-{size['width']}")  # before any tap: the page as it opens
    title = main_area(page).get_by_role("heading", level=1)
    expect(title).to_be_in_viewport()
    centre = page.evaluate(PAGE_CENTRE_JS, MAP_IFRAME)
    assert centre["bottom"] > centre["top"] >= 0
    assert centre["top"] + (centre["bottom"] - centre["top"]) / 2 < centre["viewport"], (
        f"the map's centre is below the first screen: {centre}"
    )
    assert (centre["hit"], centre["title"]) == ("iframe", "streamlit_folium.st_folium"), (
        f"something covers the centre of the map: {centre}"
    )
    on_control, in_map = frame.evaluate(FRAME_CENTRE_JS)
    assert in_map and not on_control, "a control of the map covers its centre"
    # The panel follows the map, not beside it.
    panel = heading(page, "The dispute").bounding_box()
    iframe = page.locator(MAP_IFRAME).bounding_box()
    assert panel and iframe
    assert panel["y"] >= iframe["y"] + iframe["height"], "the panel is beside the map"
    # A tap on an island opens its panel there.
    hit = click_lonlat(page, *point_on("kunashir"))
    assert "leaflet-interactive" in hit, f"the tap on Kunashir landed on {hit}"
    expect(heading(page, "Kunashir")).to_be_attached()
    heading(page, "Kunashir").scroll_into_view_if_needed()
    expect(heading(page, "Kunashir")).to_be_in_viewport()
    # The sidebar is folded; its controls are one tap away.
    expect(page.get_by_test_id("stSidebar").get_by_role("radiogroup").first).not_to_be_in_viewport()
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_test_id("stSidebar").get_by_text("Who holds what")).to_be_in_viewport()


def test_legends_fold_on_a_phone_and_stay_open_on_a_desktop(page: Page) -> None:
    frame = open_at(page, PHONE)
    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebar").get_by_text("Sea zones, median lines").click()
    expect(frame.locator(".sea-legend")).to_have_count(1)
    expect(frame.locator(".map-legend details[open]")).to_have_count(0)
    assert all(share < 0.05 for share in frame.evaluate(LEGEND_COVER_JS))
    frame = open_at(page, DESKTOP)
    expect(frame.locator(".map-legend details[open]")).to_have_count(1)


def shoot(page: Page, name: str) -> None:
    """The first screen and the whole page, as PNGs to look at (build/screenshots/)."""
    wait_idle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    first, whole = SHOTS / f"{name}-first-screen.png", SHOTS / f"{name}.png"
    page.screenshot(path=str(first))
    full_page_screenshot(page, whole)
    for path in (first, whole):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert whole.stat().st_size > MIN_BYTES, f"{whole} is only {whole.stat().st_size} bytes"


# The page at the narrow widths is taken by the test above, as it opens.
SHOTS_AT = {"page-1400": (DESKTOP, "")}
SHOTS_AT |= {f"embed-{w}": (size, "embed=true") for w, size in (("390", PHONE), ("700", COLUMN))}
SHOTS_AT |= {"embed-1400": (DESKTOP, "embed=true")}


@pytest.mark.parametrize(("size", "query"), list(SHOTS_AT.values()), ids=list(SHOTS_AT))
def test_first_screen_and_whole_page_screenshots(page: Page, size: dict, query: str) -> None:
    open_at(page, size, query)
    if not query:
        expect(heading(page, "The dispute")).to_be_visible()
    shoot(page, next(name for name, v in SHOTS_AT.items() if v == (size, query)))
