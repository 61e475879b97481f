"""The map in a real browser: it loads offline, clicks select islands and show their card, a
bad link falls back to the overview. (A link to an island: test_languages; the picker:
test_accessibility.)"""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
from playwright.sync_api import Page, expect

from dashboard.atlas import Atlas
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset
from dashboard.i18n import km2
from tests.browser.helpers import (
    any_param,
    below_map,
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


def _outside_address() -> str | None:
    """An address of this machine off loopback (the one it would reach the world from)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("198.51.100.1", 9))  # sends nothing: picks the outgoing interface
        except OSError:
            return None
        address = s.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_map_loads_offline_and_a_request_off_loopback_fails_and_is_named(
    page: Page, blocked_requests: list[str]
) -> None:
    """The map, its legend and attribution load with no network. And the net under every
    browser test bites: what the page or the map's frame asks of another host never leaves (a
    server on this machine's own outside address hears nothing) and is named."""
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


def test_a_bad_link_warns_of_each_unknown_value_and_shows_the_overview(page: Page) -> None:
    open_app(page, "island=atlantis&scenario=nope")
    for quoted in ("atlantis", "nope"):
        warning = page.get_by_test_id("stAlert").filter(has_text=quoted)
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("link asks for")
    expect(heading(page, "The dispute")).to_be_visible()
    for name in ("island", "scenario"):
        expect(page).not_to_have_url(any_param(name))


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas(load_dataset(DEFAULT_DATA_DIR))


def test_clicks_select_islands_show_their_card_and_the_open_sea_returns_to_the_overview(
    page: Page, atlas: Atlas
) -> None:
    """A reader's clicks in one page. A click on an island selects it (its panel, the link)
    and shows its names and measured area in the map at once, from the map's own layer, while
    the panel is on its way; a click on an islet of the Habomai opens the group with the islet
    picked; the open sea goes back to the overview and takes the card away, as does the card's
    close button."""
    frame = open_app(page)
    card = frame.locator(".island-card")
    expect(card).to_have_count(0)

    hit = click_lonlat(page, *point_on("shikotan"))
    assert "leaflet-interactive" in hit, f"the click on Shikotan landed on {hit}"
    expect(heading(page, "Shikotan")).to_be_visible()
    expect(page).to_have_url(url_param("island", "shikotan"))
    wait_idle(page)

    for fid, panel in (("kunashir", "Kunashir"), ("shibotsu", "Habomai islands")):
        hit = click_lonlat(page, *point_on(fid))
        assert "leaflet-interactive" in hit, f"the click on {fid} landed on {hit}"
        expect(card).to_be_visible()
        for name in atlas.names_list(atlas.name(fid)):
            expect(card).to_contain_text(name)
        expect(card).to_contain_text(km2(atlas.area_km2(fid), "en"))
        shown, clicked = frame.evaluate("[window.__cardShownAt, window.__islandClickedAt]")
        assert shown is not None and clicked is not None and shown >= clicked
        expect(heading(page, panel)).to_be_visible()
        expect(page).to_have_url(url_param("island", fid))
        wait_idle(page)
        expect(card).to_contain_text(atlas.label(fid))  # the panel's run keeps the card
    expect(heading(page, "Shikotan")).to_have_count(0)
    expect(panel_of(page, "Habomai islands").get_by_text("Picked:")).to_contain_text(
        "Picked: Shibotsu"
    )

    assert degrees_to_nearest_land(*OPEN_SEA) > 0.5, "OPEN_SEA is not open sea"
    hit = click_lonlat(page, *OPEN_SEA)
    assert "leaflet-container" in hit, f"the click on the open sea landed on {hit}"
    expect(card).to_have_count(0)
    expect(heading(page, "The dispute")).to_be_visible()
    expect(heading(page, "Habomai islands")).to_have_count(0)
    expect(page).not_to_have_url(any_param("island"))
    wait_idle(page)

    click_lonlat(page, *point_on("iturup"))
    expect(card).to_be_visible()
    card.get_by_role("button", name="Close").click()
    expect(card).to_have_count(0)
