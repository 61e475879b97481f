"""Full-page screenshots for people to look at (build/screenshots/, git-ignored).

Not a visual diff: the test only checks that each picture was taken and is not blank.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from dashboard.config import PROJECT_ROOT
from tests.browser.helpers import heading, open_app

SHOTS = PROJECT_ROOT / "build" / "screenshots"
MIN_BYTES = 50 * 1024
MAX_HEIGHT = 8000


def full_page_screenshot(page: Page, path: Path) -> None:
    """Streamlit scrolls inside <main>, not the document, so Playwright's full_page alone
    shows one viewport: grow the viewport to the content's height first."""
    size = page.viewport_size or {"width": 1400, "height": 1000}
    for _ in range(3):  # the layout may reflow once after a resize
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        height = min(max(height, size["height"]), MAX_HEIGHT)
        if height == (page.viewport_size or size)["height"]:
            break
        page.set_viewport_size({"width": size["width"], "height": height})
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def test_full_page_screenshot_of_an_island(page: Page) -> None:
    """(The overview's, at each width, is test_widths'.)"""
    open_app(page, "island=kunashir")
    expect(heading(page, "Kunashir")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "kunashir.png"
    path.unlink(missing_ok=True)
    full_page_screenshot(page, path)
    assert path.stat().st_size > MIN_BYTES, f"{path} is only {path.stat().st_size} bytes"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
