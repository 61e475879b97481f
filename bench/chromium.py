"""Debian's Chromium as the bench and the browser tests drive it: its path, its flags, the
window size, what counts as loopback, and the selectors for the map and an idle app.
Playwright-free, so it can be imported before Playwright is known to be installed."""

from __future__ import annotations

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
# Playwright. The bench and the load test use it; the tests route each request instead.
CUT_OFF = ["--proxy-server=http://127.0.0.1:9"]
VIEWPORT = {"width": 1400, "height": 1000}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = ("data:", "blob:", "about:")
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def is_local(url: str) -> bool:
    """A URL that stays on this machine (loopback, or data:/blob:/about:)."""
    return url.startswith(LOCAL_SCHEMES) or urlsplit(url).hostname in LOOPBACK
