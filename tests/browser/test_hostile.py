"""Hostile data in a real browser: markup in names and texts shows as text; no script runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import click_lonlat, open_app, point_on
from tests.hostile import make_hostile_folder

XSS_FLAG = (
    "() => [window.__xss, ...Array.from(frames).map(f => { try { return f.__xss; }"
    " catch (e) { return 'cross-origin'; } })]"
)


@pytest.fixture(scope="module")
def hostile_url(dashboard_server, tmp_path_factory) -> str:
    return dashboard_server(make_hostile_folder(tmp_path_factory.mktemp("hostile") / "data"))


def no_script_ran(page: Page) -> None:
    flags = page.evaluate(XSS_FLAG)
    assert all(f is None for f in flags), f"a payload ran: {flags}"


def test_hostile_texts_render_as_text_everywhere(new_page, hostile_url) -> None:
    page = new_page(hostile_url)
    frame = open_app(page, "scenario=declaration-1956")
    # the overview, the scenario's texts, the report (the open tab), then each tab built
    # only when opened: the timeline chart and the source table
    for tab, shown in (("Timeline", "stVegaLiteChart"), ("Sources", "stDataFrame")):
        page.get_by_role("tab", name=tab).click()
        page.get_by_test_id(shown).first.wait_for()
        no_script_ran(page)
    # the island panel, and the map tooltip of the hostile island
    lon, lat = point_on("shikotan")
    click_lonlat(page, lon, lat)
    page.get_by_test_id("stMain").get_by_role(
        "heading", name="Shikotan", exact=False
    ).first.wait_for()
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for()
    assert "<img" in tooltip.inner_text()  # shown as text
    assert frame.locator(".leaflet-tooltip img").count() == 0
    assert "<img src=x" in page.get_by_test_id("stMain").inner_text()
    assert page.locator("[data-testid=stMain] img[src=x]").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    no_script_ran(page)
