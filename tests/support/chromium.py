"""Debian's Chromium as the browser tests and the bench drive it: its path, its flags, the
window size, its launch, and what counts as loopback. Playwright-free, so it can be imported
before Playwright is known to be installed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
# No proxy listens on this port: with it, every request that is not to loopback (which
# Chromium never sends through a proxy) fails at once, with no per-request round trip through
# Playwright. The tests, the bench and the load test use it, and name what a page tried.
CUT_OFF = ["--proxy-server=http://127.0.0.1:9"]
VIEWPORT = {"width": 1400, "height": 1000}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def launch(browser_type: Any, cut_off: bool = False) -> Any:
    """Debian's Chromium through a Playwright BrowserType (`pw.chromium`, sync or async: an
    async one returns the awaitable). `cut_off`: every request off loopback fails at once."""
    args = CHROMIUM_ARGS + (CUT_OFF if cut_off else [])
    return browser_type.launch(executable_path=CHROMIUM, args=args)


def is_local(url: str) -> bool:
    """A URL that stays on this machine (loopback, or data:/blob:/about:)."""
    return url.startswith(LOCAL_SCHEMES) or urlsplit(url).hostname in LOOPBACK
