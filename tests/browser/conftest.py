"""Fixtures for the browser tests: the app served on a free port, Debian's Chromium, and a
page whose network is cut to loopback (the dashboard must work with no internet).

Every test under tests/browser gets the `browser` marker (see pytest_collection_modifyitems).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.support import chromium
from tests.support.chromium import VIEWPORT, is_local
from tests.support.server import DASHBOARD, Server

HERE = Path(__file__).resolve().parent
EXPECT_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- the Streamlit server: tests.support.server's, run as `python -m dashboard serve` -------


@pytest.fixture(scope="session")
def dashboard_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[Path | None], str]]:
    """Factory: `dashboard_server(data_dir)` serves the app on data_dir (None: the bundled
    geodata/) and returns its base URL. One server per folder, stopped at the session's end."""
    servers: dict[Path | None, Server] = {}

    def start(data_dir: Path | None = None) -> str:
        key = Path(data_dir).resolve() if data_dir is not None else None
        if key not in servers:
            log = tmp_path_factory.mktemp("streamlit") / "server.log"
            server = Server(DASHBOARD, log, key)
            servers[key] = server
            server.wait_healthy()
        return servers[key].url

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def app_url(dashboard_server: Callable[[Path | None], str]) -> str:
    """The dashboard on the bundled data, started once for the whole session."""
    return dashboard_server(None)


# --- the browser ---------------------------------------------------------------------------


def _unavailable(why: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{why}; browser tests must run in CI, never be skipped.")
    pytest.skip(f"{why}; `make test` installs it (Debian's chromium).")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not chromium.available():
        _unavailable(f"{chromium.CHROMIUM} is missing")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    # A click's rerun takes seconds on a busy 2-core machine; expect() polls, so a generous
    # limit costs nothing when things work.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    pw = sync_playwright().start()
    try:
        browser = chromium.launch(pw.chromium, cut_off=True)
        yield browser
        browser.close()
    finally:
        pw.stop()


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs the page tried to reach off loopback (aborted). Must stay empty."""
    return []


@pytest.fixture
def new_page(browser, blocked_requests: list[str]) -> Iterator[Callable[[str], object]]:
    """Factory: a page in a fresh context whose relative URLs go to `base_url`. The browser's
    dead proxy (chromium.CUT_OFF) fails every request off loopback; the page records each
    one it tried, checked empty after the test. (Routing each request through Playwright
    instead would also turn off the page's HTTP cache and slow every page load.)"""
    contexts = []

    def record(request) -> None:
        if not is_local(request.url):
            blocked_requests.append(f"{request.method} {request.url}")

    def make(base_url: str):
        context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
        contexts.append(context)
        context.on("request", record)
        page = context.new_page()
        page.on(
            "websocket",
            lambda ws: None if is_local(ws.url) else blocked_requests.append(f"WS {ws.url}"),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert blocked_requests == [], "the page reached beyond loopback (it must work offline)"


@pytest.fixture(scope="session")
def _app_page(browser, app_url: str) -> Iterator[tuple[object, list[list[str]]]]:
    """One page on the session's server, handed from test to test: each test's first
    navigation opens a new Streamlit session in it, and loading the app again in a page that
    has it cached costs half the time and CPU of a new page (a new renderer process). What
    it tries off loopback goes to the list of the test running (the second item's last)."""
    lists: list[list[str]] = [[]]

    def record(request) -> None:
        if not is_local(request.url):
            lists[-1].append(f"{request.method} {request.url}")

    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    context.on("request", record)
    holder = {"page": None}

    def fresh():
        page = context.new_page()
        page.on(
            "websocket",
            lambda ws: None if is_local(ws.url) else lists[-1].append(f"WS {ws.url}"),
        )
        holder["page"] = page
        return page

    fresh()
    yield holder, lists, fresh
    context.close()


@pytest.fixture
def page(_app_page, blocked_requests: list[str]) -> Iterator[object]:
    """The session's page on its dashboard server, left between tests on the server's health
    check (so the last test's Streamlit session is closed), with nothing of the last test's:
    its storage and cookies cleared, the window at VIEWPORT. A test must not add listeners to
    it (use `new_page` for that). What it tries off loopback is checked empty after the test.
    """
    holder, lists, fresh = _app_page
    page = holder["page"]
    if page.is_closed():
        page = fresh()
    lists.append(blocked_requests)
    yield page
    try:
        page.goto("/_stcore/health")  # the site, without the app: its session ends
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.context.clear_cookies()
        if page.viewport_size != VIEWPORT:
            page.set_viewport_size(VIEWPORT)
    except Exception:  # a page the test left unusable: the next test gets a new one
        page.close()
    lists.remove(blocked_requests)
    assert blocked_requests == [], "the page reached beyond loopback (it must work offline)"
