"""Accessibility: axe-core, injected into the page and into the map's frame, finds no serious
or critical violation, nor any of the rules the page once broke, at desktop and phone widths;
and the islands can be reached from the keyboard through the picker.

axe-core comes from the npm registry, pinned and checked (`make axe`, which `make test` runs).
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Frame, Page, expect

from dashboard.config import PROJECT_ROOT
from tests.browser.helpers import heading, main_area, open_app, url_param
from tests.browser.test_widths import DESKTOP, PHONE
from tests.support.mapping import click_lonlat, point_on, wait_idle

AXE_JS = PROJECT_ROOT / "build" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
    const r = await axe.run(document, {resultTypes: ["violations"]});
    return r.violations.map((v) => ({id: v.id, impact: v.impact,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}"""
BLOCKING = {"serious", "critical"}
# Rules the page and the map's frame broke before they were fixed; any impact fails.
FIXED = {
    "color-contrast",
    "heading-order",
    "meta-viewport",
    "landmark-one-main",
    "page-has-heading-one",
    "region",
    "empty-table-header",
    "aria-required-children",
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        why = f"{AXE_JS.relative_to(PROJECT_ROOT)} is missing; `make axe` fetches it"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    return AXE_JS.read_text(encoding="utf-8")


def audit(target: Page | Frame, source: str) -> list[dict]:
    """What axe-core finds wrong in a page or frame that should not be."""
    if not target.evaluate("() => typeof axe !== 'undefined'"):
        target.add_script_tag(content=source)
    found = target.evaluate(RUN_AXE)
    return [v for v in found if v["impact"] in BLOCKING or v["id"] in FIXED]


# (window, link, island clicked after the page as opened is checked, sea zones shown then)
CASES = {
    "desktop-overview-then-island-with-card-and-sea": (DESKTOP, "", "kunashir", True),
    "desktop-split-habomai": (DESKTOP, "island=habomai&scenario=area-split", None, False),
    "phone-overview-then-island": (PHONE, "", "shikotan", False),
    "phone-embed": (PHONE, "embed=true&scenario=treaty-1875", None, False),
}


@pytest.mark.parametrize(("size", "query", "click", "sea"), list(CASES.values()), ids=list(CASES))
def test_axe_finds_nothing_serious_in_the_page_or_the_map(
    page: Page, axe_source: str, size: dict, query: str, click: str | None, sea: bool
) -> None:
    page.set_viewport_size(size)
    frame = open_app(page, query)
    wait_idle(page)
    assert audit(page, axe_source) == [], "in the page"
    assert audit(frame, axe_source) == [], "in the map's frame"
    if not (sea or click):
        return
    if sea:
        page.get_by_test_id("stSidebar").get_by_text("Sea zones, median lines").click()
        expect(frame.locator(".sea-legend")).to_have_count(1)
    if click:
        click_lonlat(page, *point_on(click))
        expect(frame.locator(".island-card")).to_be_visible()
        expect(heading(page, click.capitalize())).to_be_attached()
    wait_idle(page)
    assert audit(page, axe_source) == [], f"in the page, {click} chosen"
    assert audit(frame, axe_source) == [], f"in the map's frame, {click} chosen"


def test_islands_are_reached_from_the_keyboard_through_the_picker(page: Page) -> None:
    """Tab to the picker, type a name, Enter: the island's panel, its link, the map on it."""
    frame = open_app(page)
    picker = page.get_by_role("combobox", name="Choose an island")
    for _ in range(60):  # Tab through the page until the picker has the focus
        page.keyboard.press("Tab")
        if picker.evaluate("(el) => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the island picker")
    page.keyboard.type("Kunashir")
    page.keyboard.press("Enter")
    expect(heading(page, "Kunashir")).to_be_visible()
    expect(picker).to_have_value(re.compile(r"^Kunashir"))
    expect(main_area(page).get_by_role("heading", name="Kunashir", exact=True)).to_have_count(1)
    expect(page).to_have_url(url_param("island", "kunashir"))
    frame.wait_for_function(
        "([lat, lon]) => map.getZoom() > 7 && map.getBounds().contains([lat, lon])",
        arg=list(reversed(point_on("kunashir"))),
    )


def test_the_map_as_a_table_opens_from_the_keyboard_and_follows_the_scenario(
    page: Page, axe_source: str
) -> None:
    open_app(page)
    summary = (
        main_area(page)
        .locator("summary")
        .filter(has_text="The map as a table: who holds each island")
    )
    expect(summary).to_be_visible()
    summary.focus()
    page.keyboard.press("Enter")  # built by the server once opened
    table = main_area(page).get_by_role("table").filter(has_text="Changes hands")
    expect(table.get_by_role("row")).to_have_count(32, timeout=20_000)  # a header row and 31
    expect(table.get_by_role("row").filter(has_text="Kunashir")).to_contain_text("Russia")
    wait_idle(page)
    assert audit(page, axe_source) == [], "in the page, the table open"
    page.get_by_test_id("stSidebar").get_by_text("Japan's claim (four islands)").click()
    expect(table.get_by_role("row").filter(has_text="Kunashir")).to_contain_text("Japan")
    expect(main_area(page).get_by_text("Under “Japan's claim (four islands)”")).to_be_visible()
