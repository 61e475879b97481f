"""The second dispute in a real browser: the Falklands folder served on its own, an island
clicked on the map, then a scenario that recolours it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard import layers
from dashboard.atlas import Atlas
from dashboard.data import load_dataset
from tests.browser.helpers import heading, open_app, url_param
from tests.browser.test_scenarios import fills_when_loaded
from tests.folders import FALKLANDS
from tests.support.mapping import click_lonlat, wait_idle

ISLAND = "east-falkland"
SCENARIO = "argentina-claim"
SHOT = Path("/tmp/shots/falklands-desktop.png")


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas(load_dataset(FALKLANDS))


@pytest.fixture
def falklands(new_page: Callable[[str], Page], dashboard_server) -> Page:
    """A fresh page on a server of the Falklands folder."""
    return new_page(dashboard_server(FALKLANDS))


def test_click_an_island_then_a_scenario_recolours_it(falklands: Page, atlas: Atlas) -> None:
    page = falklands
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    frame = open_app(page)
    name = atlas.label(ISLAND)
    sc = atlas.ds.scenarios[SCENARIO]
    before = layers.colour_of(atlas, "united-kingdom").upper()
    after = layers.colour_of(atlas, sc.holders[ISLAND]).upper()
    assert before != after
    fills_when_loaded(frame, {f"{ISLAND}:": before})

    pos = atlas.ds.catalogue[ISLAND].position  # a sourced position on the island
    hit = click_lonlat(page, pos.lon, pos.lat)
    assert "leaflet-interactive" in hit, f"the click on {name} landed on {hit}"
    expect(heading(page, name)).to_be_visible()
    expect(page).to_have_url(url_param("island", ISLAND))
    wait_idle(page)

    page.get_by_test_id("stSidebar").get_by_text(sc.name, exact=True).click()
    got = fills_when_loaded(frame, {f"{ISLAND}:": after})
    wait_idle(page)
    assert got[f"{ISLAND}:"] == after
    expect(page).to_have_url(url_param("scenario", SCENARIO))
    expect(heading(page, name)).to_be_visible()  # the panel stays open
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert errors == []

    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT))
    assert SHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
