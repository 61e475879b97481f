"""Fixtures for the browser tests: the app served on a free port, Debian's Chromium, and a
page whose network is cut to loopback (the dashboard must work with no internet).

Every test under tests/browser gets the `browser` marker (see pytest_collection_modifyitems).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
STARTUP_TIMEOUT_S = 60.0
EXPECT_TIMEOUT_MS = 20_000
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- the Streamlit server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, on Linux: get SIGTERM when pytest dies without tearing down (kill -9,
    a crashed CI runner), so no server is left behind on a shared machine."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Server:
    """`streamlit run app.py` on a free loopback port, output captured to a file."""

    def __init__(self, log: Path, data_dir: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = dict(os.environ)
        env.pop("DASHBOARD_DATA", None)
        if data_dir is not None:
            env["DASHBOARD_DATA"] = str(data_dir)
        env["PYTHONUNBUFFERED"] = "1"
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        self._out = log.open("wb")
        self.proc = subprocess.Popen(
            cmd,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def output(self) -> str:
        self._out.flush()
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return text[-6000:] or "(no output)"

    def wait_healthy(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        health = f"{self.url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with code {self.proc.returncode} before answering "
                    f"{health}. Its output:\n{self.output()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)  # poll interval, not a wait for readiness
        raise RuntimeError(
            f"streamlit did not answer {health} with 'ok' within {timeout:.0f} s. "
            f"Its output:\n{self.output()}"
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._out.close()


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
            server = Server(log, key)
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
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    # A click's rerun takes seconds on a busy 2-core machine; expect() polls, so a generous
    # limit costs nothing when things work.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        pw.stop()


def is_local(url: str) -> bool:
    if url.startswith(LOCAL_SCHEMES):
        return True
    return urlsplit(url).hostname in LOOPBACK


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs the page tried to reach off loopback (aborted). Must stay empty."""
    return []


@pytest.fixture
def new_page(browser, blocked_requests: list[str]) -> Iterator[Callable[[str], object]]:
    """Factory: a page in a fresh context whose relative URLs go to `base_url` and whose
    requests off loopback are aborted and recorded; checked empty after the test."""
    contexts = []

    def guard(route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked_requests.append(f"{route.request.method} {url}")
            route.abort()

    def make(base_url: str):
        context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
        contexts.append(context)
        context.route("**/*", guard)
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


@pytest.fixture
def page(new_page: Callable[[str], object], app_url: str):
    """A fresh page on the session's dashboard server."""
    return new_page(app_url)
