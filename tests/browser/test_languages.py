"""The page in Japanese and Russian, in Chromium: a link with ?lang= opens the page, its map
(legend, card) and an island's panel in that language; the language control switches it in
place, the map staying mounted; with screenshots (build/screenshots/) to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dashboard.atlas import Atlas
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset
from dashboard.i18n import SOURCE, km2, language_name, t, word
from tests.browser.helpers import heading, main_area, open_app, panel_of, url_param
from tests.browser.test_screenshots import SHOTS, full_page_screenshot
from tests.browser.test_widths import DESKTOP, PHONE
from tests.support.mapping import click_lonlat, point_on, wait_idle

LANGS = ["ja", "ru"]


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas(load_dataset(DEFAULT_DATA_DIR))


def title(atlas: Atlas, lang: str) -> str:
    return word(atlas.ds.view.title, lang, atlas.languages[0].code)


def held_by(atlas: Atlas, party: str, lang: str) -> str:
    name = word(atlas.ds.parties[party].name, lang, atlas.languages[0].code)
    return t("legend.held_by", lang, holder=name)


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_in_a_language_opens_the_page_and_its_map_in_it(
    page: Page, atlas: Atlas, lang: str
) -> None:
    page.set_viewport_size(DESKTOP)
    frame = open_app(page, f"lang={lang}")
    expect(main_area(page).get_by_role("heading", level=1)).to_have_text(title(atlas, lang))
    expect(page).to_have_title(title(atlas, lang))
    legend = frame.locator(".map-legend").first
    expect(legend).to_contain_text(held_by(atlas, "japan", lang))
    expect(legend).not_to_contain_text(held_by(atlas, "japan", SOURCE))
    click_lonlat(page, *point_on("kunashir"))
    card = frame.locator(".island-card")
    expect(card).to_contain_text(atlas.label("kunashir", lang))
    expect(card).to_contain_text(km2(atlas.area_km2("kunashir"), lang))
    expect(heading(page, atlas.label("kunashir", lang))).to_be_visible()  # the panel
    wait_idle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SHOTS / f"lang-{lang}-kunashir.png")
    page.set_viewport_size(PHONE)  # opened on a phone: the sidebar folded
    open_app(page, f"lang={lang}")
    expect(main_area(page).get_by_role("heading", level=1)).to_be_in_viewport()
    page.screenshot(path=str(SHOTS / f"lang-{lang}-390-first-screen.png"))


def test_a_link_to_an_island_opens_its_panel_and_the_language_control_switches_it_in_place(
    page: Page, atlas: Atlas
):
    page.set_viewport_size(DESKTOP)
    frame = open_app(page, "island=iturup")
    expect(heading(page, "Iturup")).to_be_visible()
    expect(panel_of(page, "Iturup").get_by_text("択捉島", exact=True)).to_be_visible()
    expect(heading(page, "The dispute")).to_have_count(0)
    expect(page).to_have_url(url_param("island", "iturup"))
    frame.evaluate("window.__sameMap = true")
    page.get_by_test_id("stSidebar").get_by_text(language_name("ru"), exact=True).click()
    expect(main_area(page).get_by_role("heading", level=1)).to_have_text(title(atlas, "ru"))
    expect(heading(page, atlas.label("iturup", "ru"))).to_be_visible()
    expect(frame.locator(".map-legend").first).to_contain_text(held_by(atlas, "russia", "ru"))
    expect(page).to_have_url(url_param("lang", "ru"))
    expect(page).to_have_url(url_param("island", "iturup"))
    assert frame.evaluate("window.__sameMap === true"), "the map was mounted again"
