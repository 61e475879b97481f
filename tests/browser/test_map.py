"""The map in a real browser: it loads offline, clicks select islands, links open views."""

from __future__ import annotations

import http.server
import re
import socket
import threading

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    any_param,
    below_map,
    choose_island,
    degrees_to_nearest_land,
    heading,
    main_area,
    open_app,
    panel_of,
    url_param,
)
from tests.support.mapping import click_lonlat, point_on, wait_idle, wait_map_ready

# Open Pacific south-east of Hokkaido, inside the initial 1400x1000 view and clear of the
# legend (bottom right) and the scale (bottom left).
OPEN_SEA = (145.2, 42.2)


def test_map_loads_offline_with_legend_and_attribution(
    page: Page, blocked_requests: list[str]
) -> None:
    frame = open_app(page)
    expect(frame.locator(".leaflet-container")).to_be_visible()
    legend = frame.locator(".map-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Held by Japan")
    expect(legend).to_contain_text("Held by Russia")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached()
    expect(heading(page, "The dispute")).to_be_visible()
    assert blocked_requests == []


def _outside_address() -> str | None:
    """An address of this machine off loopback (the one it would reach the world from)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("198.51.100.1", 9))  # sends nothing: picks the outgoing interface
        except OSError:
            return None
        address = s.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_a_request_off_loopback_fails_and_is_named(page: Page, blocked_requests: list[str]):
    """The net under every browser test bites: what the page or the map's frame asks of
    another host never leaves (a server on this machine's own outside address hears
    nothing) and is named."""
    hits: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    address = _outside_address() or "198.51.100.7"  # TEST-NET-2 where the machine has none
    listener = None
    if address != "198.51.100.7":
        listener = http.server.ThreadingHTTPServer((address, 0), Listener)
        threading.Thread(target=listener.serve_forever, daemon=True).start()
    port = listener.server_address[1] if listener else 80
    frame = open_app(page)
    try:
        for n, where in enumerate((page, frame)):
            url = f"http://{address}:{port}/probe-{n}"
            where.evaluate("(url) => fetch(url, {mode: 'no-cors'}).catch(() => null)", url)
    finally:
        if listener:
            listener.shutdown()
            listener.server_close()
    assert hits == []
    assert blocked_requests == [f"GET http://{address}:{port}/probe-{n}" for n in range(2)]
    blocked_requests.clear()  # seen: the fixture's own check after the test stays quiet


def test_the_page_below_the_map_follows_the_map_without_a_click(page: Page) -> None:
    page.goto("/")
    frame = wait_map_ready(page)
    frame.evaluate("window.__sameMap = true")  # gone if the map's frame were loaded again
    expect(below_map(page)).to_have_count(1)  # brought by the map's own first report
    expect(main_area(page).get_by_role("tab", name="The seed report")).to_be_visible()
    expect(heading(page, "What “Status quo (since 1945)” means, measured")).to_be_visible()
    wait_idle(page)
    assert frame.evaluate("window.__sameMap === true"), "the map was reloaded"
    expect(heading(page, "The dispute")).to_have_count(1)


def test_clicking_islands_selects_them_and_updates_the_url(page: Page) -> None:
    open_app(page)
    hit = click_lonlat(page, *point_on("shikotan"))
    assert "leaflet-interactive" in hit, f"the click on Shikotan landed on {hit}"
    expect(heading(page, "Shikotan")).to_be_visible()
    expect(page).to_have_url(url_param("island", "shikotan"))
    wait_idle(page)

    hit = click_lonlat(page, *point_on("kunashir"))
    assert "leaflet-interactive" in hit, f"the click on Kunashir landed on {hit}"
    expect(heading(page, "Kunashir")).to_be_visible()
    expect(page).to_have_url(url_param("island", "kunashir"))
    expect(heading(page, "Shikotan")).to_have_count(0)


def test_deep_link_opens_the_island_panel(page: Page) -> None:
    open_app(page, "island=iturup")
    expect(heading(page, "Iturup")).to_be_visible()
    expect(panel_of(page, "Iturup").get_by_text("択捉島", exact=True)).to_be_visible()
    expect(heading(page, "The dispute")).to_have_count(0)
    expect(page).to_have_url(url_param("island", "iturup"))


@pytest.mark.parametrize(
    ("query", "quoted"),
    [("island=atlantis", "atlantis"), ("scenario=nope", "nope")],
    ids=["unknown-island", "unknown-scenario"],
)
def test_bad_link_warns_and_shows_the_overview(page: Page, query: str, quoted: str) -> None:
    open_app(page, query)
    warning = page.get_by_test_id("stAlert").filter(has_text=quoted)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("link asks for")
    expect(heading(page, "The dispute")).to_be_visible()
    expect(page).not_to_have_url(any_param(query.split("=")[0]))


def test_select_box_selects_an_island_and_moves_the_map(page: Page) -> None:
    frame = open_app(page)
    choose_island(page, "Kunashir")
    expect(heading(page, "Kunashir")).to_be_visible()
    expect(page).to_have_url(url_param("island", "kunashir"))
    expect(page.get_by_role("combobox", name="Choose an island")).to_have_value(
        re.compile(r"^Kunashir")
    )
    lon, lat = point_on("kunashir")
    frame.wait_for_function(
        "([lat, lon]) => map.getZoom() > 7 && map.getBounds().contains([lat, lon])",
        arg=[lat, lon],
    )


def test_clicking_the_open_sea_returns_to_the_overview(page: Page) -> None:
    assert degrees_to_nearest_land(*OPEN_SEA) > 0.5, "OPEN_SEA is not open sea"
    open_app(page)
    click_lonlat(page, *point_on("shikotan"))
    expect(heading(page, "Shikotan")).to_be_visible()
    expect(page).to_have_url(url_param("island", "shikotan"))
    wait_idle(page)

    # The last feature clicked (Shikotan) is still reported with the new position: the app
    # must see that the click fell outside it.
    hit = click_lonlat(page, *OPEN_SEA)
    assert "leaflet-container" in hit, f"the click on the open sea landed on {hit}"
    expect(heading(page, "The dispute")).to_be_visible()
    expect(heading(page, "Shikotan")).to_have_count(0)
    expect(page).not_to_have_url(any_param("island"))


def test_clicking_a_habomai_islet_opens_the_group_with_the_islet_picked(page: Page) -> None:
    open_app(page)
    hit = click_lonlat(page, *point_on("shibotsu"))
    assert "leaflet-interactive" in hit, f"the click on Shibotsu landed on {hit}"
    expect(heading(page, "Habomai islands")).to_be_visible()
    expect(panel_of(page, "Habomai islands").get_by_text("Picked:")).to_contain_text(
        "Picked: Shibotsu"
    )
    expect(page).to_have_url(url_param("island", "shibotsu"))
