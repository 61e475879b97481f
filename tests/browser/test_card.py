"""A click on an island shows its names and measured area in the map at once, from the map's
own layer, while the server's panel is on its way; the open sea takes the card away."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dashboard.atlas import Atlas
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset
from dashboard.i18n import km2
from tests.browser.helpers import heading, open_app
from tests.browser.test_map import OPEN_SEA
from tests.support.mapping import click_lonlat, point_on, wait_idle


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas(load_dataset(DEFAULT_DATA_DIR))


@pytest.mark.parametrize("fid", ["kunashir", "shibotsu"])
def test_a_click_shows_the_card_with_names_and_area(page: Page, atlas: Atlas, fid: str) -> None:
    frame = open_app(page)
    card = frame.locator(".island-card")
    expect(card).to_have_count(0)
    click_lonlat(page, *point_on(fid))
    expect(card).to_be_visible()
    for name in atlas.names_list(atlas.name(fid)):
        expect(card).to_contain_text(name)
    expect(card).to_contain_text(km2(atlas.area_km2(fid), "en"))
    shown, clicked = frame.evaluate("[window.__cardShownAt, window.__islandClickedAt]")
    assert shown is not None and clicked is not None and shown >= clicked
    expect(heading(page, atlas.label(atlas.group_of(fid)))).to_be_visible()  # the panel
    wait_idle(page)
    expect(card).to_contain_text(atlas.label(fid))  # the panel's run keeps the card


def test_the_open_sea_and_the_close_button_take_the_card_away(page: Page) -> None:
    frame = open_app(page)
    card = frame.locator(".island-card")
    click_lonlat(page, *point_on("shikotan"))
    expect(card).to_be_visible()
    expect(heading(page, "Shikotan")).to_be_visible()
    wait_idle(page)
    click_lonlat(page, *OPEN_SEA)
    expect(card).to_have_count(0)
    expect(heading(page, "The dispute")).to_be_visible()
    wait_idle(page)
    click_lonlat(page, *point_on("iturup"))
    expect(card).to_be_visible()
    card.get_by_role("button", name="Close").click()
    expect(card).to_have_count(0)
