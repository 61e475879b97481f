"""The page as a story embeds it (Streamlit's `?embed=true`), and the control that gives a
view's link and the HTML to embed it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import heading, main_area, open_app, url_param
from tests.support.mapping import MAP_IFRAME, click_lonlat, point_on, wait_idle

# Streamlit's own furniture that an embedded page must not show.
CHROME = ["stSidebar", "stExpandSidebarButton", "stToolbar", "stMainMenu", "stDecoration"]


def test_embedded_page_is_clean_with_the_map_the_panel_and_the_controls(page: Page) -> None:
    open_app(page, "embed=true")
    for testid in CHROME:
        expect(page.get_by_test_id(testid)).to_have_count(0)
    expect(page.locator("footer")).to_have_count(0)
    expect(page.locator(MAP_IFRAME)).to_be_visible()
    expect(heading(page, "The dispute")).to_be_visible()
    # The scenario controls, which a page without a sidebar shows above the map.
    controls = main_area(page).get_by_role("button", name=re.compile(r"^Scenario: Status quo"))
    controls.click()
    page.get_by_text("Treaty of Saint Petersburg (1875)", exact=True).click()
    expect(page).to_have_url(url_param("scenario", "treaty-1875"))
    expect(
        main_area(page).get_by_role("button", name=re.compile("^Scenario: Treaty of Saint Pe"))
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]embed=true(&|$)"))


def test_share_gives_the_link_and_the_embed_of_the_view(page: Page) -> None:
    open_app(page, "scenario=japan-claim")
    click_lonlat(page, *point_on("kunashir"))
    expect(heading(page, "Kunashir")).to_be_visible()
    wait_idle(page)
    main_area(page).get_by_role("button", name="Share / embed").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    codes = dialog.locator("code")
    expect(codes).to_have_count(2)
    link, snippet = codes.nth(0).inner_text(), codes.nth(1).inner_text()
    base = page.url.split("?")[0]
    assert link.startswith(base + "?")
    assert re.search(r"[?&]island=kunashir(&|$)", link), link
    assert re.search(r"[?&]scenario=japan-claim(&|$)", link), link
    assert snippet.startswith("<iframe src=") and "embed=true" in snippet, snippet
    assert 'height="900"' in snippet and "island=kunashir" in snippet, snippet
    # The link opens the same view.
    page.goto(link)
    expect(heading(page, "Kunashir")).to_be_visible()
    expect(page).to_have_url(url_param("scenario", "japan-claim"))
