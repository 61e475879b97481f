"""Hostile data in a real browser: markup in names and texts shows as text; no script runs."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import main_area, open_app
from tests.hostile import HOSTILE_URLS, PAYLOAD_HOST, shared_hostile_folder
from tests.support.mapping import click_lonlat, point_on

XSS_FLAG = (
    "() => [window.__xss, ...Array.from(frames).map(f => { try { return f.__xss; }"
    " catch (e) { return 'cross-origin'; } })]"
)


@pytest.fixture(scope="module")
def hostile_url(dashboard_server) -> str:
    return dashboard_server(shared_hostile_folder())  # its model measured once a run


def no_script_ran(page: Page) -> None:
    flags = page.evaluate(XSS_FLAG)
    assert all(f is None for f in flags), f"a payload ran: {flags}"


@contextlib.contextmanager
def payload_requests(page: Page) -> Iterator[list[str]]:
    """Requests the page makes to the payloads' address (an image or a link followed) while
    in the block (the page may be the session's, handed on to the next test)."""
    seen: list[str] = []

    def note(request) -> None:
        if PAYLOAD_HOST in request.url:
            seen.append(request.url)

    page.on("request", note)
    try:
        yield seen
    finally:
        page.remove_listener("request", note)


def no_markup_from_payloads(page: Page) -> None:
    """Nothing in the page (or the map's frame) links to, or shows an image from, the
    payloads' address, and no markup of theirs was rendered."""
    for scope in [page, *page.frames]:
        assert scope.locator(f"a[href*='{PAYLOAD_HOST}'], img[src*='{PAYLOAD_HOST}']").count() == 0
    main = main_area(page)
    assert main.locator("strong", has_text=re.compile(r"^BOLD$")).count() == 0
    assert main.locator(".katex").count() == 0


def test_hostile_texts_render_as_text_everywhere(new_page, hostile_url) -> None:
    page = new_page(hostile_url)
    with payload_requests(page) as requests:
        check_hostile_texts(page, open_app(page, "scenario=declaration-1956"))
    assert requests == [], f"the page fetched the payloads' address: {requests}"


def check_hostile_texts(page: Page, frame) -> None:
    no_markup_from_payloads(page)
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
    no_markup_from_payloads(page)


@pytest.mark.parametrize("params", HOSTILE_URLS, ids=lambda p: "&".join(p))
def test_a_crafted_link_shows_its_value_as_text(page: Page, params) -> None:
    with payload_requests(page) as requests:
        check_crafted_link(page, params)
    assert requests == [], f"the page fetched the payloads' address: {requests}"


def check_crafted_link(page: Page, params: dict[str, str]) -> None:
    open_app(page, urlencode(params))
    warnings = page.get_by_test_id("stAlertContentWarning")
    assert warnings.count() == len(params)
    text = " ".join(warnings.all_inner_texts()).replace("\u2060", "")  # the word joiners
    for value in params.values():
        assert value.lower()[:30] in text  # the value quoted back, as the reader typed it
    no_markup_from_payloads(page)
    no_script_ran(page)


@pytest.fixture(scope="module")
def style_breakout_url(dashboard_server, tmp_path_factory) -> str:
    """The bundled data with a view.yaml colour that closes the map's <style> and adds an
    image whose onerror sets a flag in the top page."""
    import shutil

    import yaml

    from dashboard.config import DEFAULT_DATA_DIR

    folder = tmp_path_factory.mktemp("breakout") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    doc = yaml.safe_load((folder / "view.yaml").read_text("utf-8"))
    doc["colours"]["ocean"] = '#fff}</style><img src=x onerror="top.__pwned=1">'
    doc["holders"][0]["colour"] = f"red;background-image:url(http://{PAYLOAD_HOST}/css)"
    (folder / "view.yaml").write_text(yaml.safe_dump(doc), "utf-8")
    return dashboard_server(folder)


def test_a_colour_cannot_leave_its_style_and_the_page_lists_it(new_page, style_breakout_url):
    page = new_page(style_breakout_url)
    with payload_requests(page) as requests:
        check_breakout_listed(page)
    assert requests == []


def check_breakout_listed(page: Page) -> None:
    page.goto("/")
    main = main_area(page)
    main.get_by_text("could not be loaded").wait_for()
    # the list of problems comes after the title (on a busy machine, a moment after)
    expect(main).to_contain_text("colours.ocean")
    expect(main).to_contain_text("holders.joint.colour")
    assert page.get_by_test_id("stException").count() == 0
    assert page.evaluate("() => [window.__pwned, top.__pwned]") == [None, None]
