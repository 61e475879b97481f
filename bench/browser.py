"""Driving an app in Chromium with the network cut to loopback.

Every duration is measured inside the page, from event timestamps (`performance.timeOrigin +
event.timeStamp`, epoch milliseconds, comparable across the page and the map's iframe), never
from Python's side of the DevTools protocol. Python only waits, bounded, for the page to say it
is done.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, WebSocket
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support import chromium
from tests.support.chromium import VIEWPORT, is_local
from tests.support.mapping import APP_IDLE, MAP_IFRAME, MAP_READY_FN, click_spot, locate, map_frame

LOAD_TIMEOUT_MS = 60_000
ACTION_TIMEOUT_MS = 30_000
QUIET_S = 0.4  # no websocket frame for this long (and the script idle): the action is over
SETTLE_MAX_S = 10.0

# In every frame (the page and the map's iframe): the last click's time, in the top window.
INIT_JS = """
(() => {
  window.addEventListener('click', (e) => {
    try { window.top.__benchLastClick = performance.timeOrigin + e.timeStamp; } catch (err) {}
  }, true);
})();
"""

# When the map became ready (tests.support.mapping's MAP_READY_FN), in any map iframe (a
# remounted map counts): for our app, whose layers fetch their data from static files, when
# the last of them got it (window.__layersReady); otherwise the first time this check saw it.
READY_JS = f"""
(layered) => {{
  const ready = {MAP_READY_FN};
  for (const f of document.querySelectorAll('{MAP_IFRAME}')) {{
    let w;
    try {{ w = f.contentWindow; }} catch (e) {{ continue; }}
    if (!w || !ready(w, layered)) continue;
    const loaded = Object.values(w.__layersReady || {{}});
    if (loaded.length) return w.performance.timeOrigin + Math.max(...loaded);
    if (!w.__benchReadyAt) w.__benchReadyAt = w.performance.timeOrigin + w.performance.now();
    return w.__benchReadyAt;
  }}
  return null;
}}
"""

# Arms a watcher for a heading (h1-h3) in the main area whose text is `name`; `done` is the
# next animation frame after it appears (about when it is painted).
ARM_HEADING_JS = """
(name) => {
  const st = {name, seen: null, done: null};
  window.__benchHeading = st;
  const main = document.querySelector('[data-testid="stMain"]');
  const present = () => {
    for (const h of main.querySelectorAll('h1, h2, h3')) {
      if (h.textContent.trim() === name && h.getClientRects().length) return true;
    }
    return false;
  };
  st.already = present();
  const obs = new MutationObserver(() => {
    if (st.seen === null && present()) {
      st.seen = performance.timeOrigin + performance.now();
      obs.disconnect();
      requestAnimationFrame(() => { st.done = performance.timeOrigin + performance.now(); });
    }
  });
  obs.observe(main, {childList: true, subtree: true, characterData: true});
  st.stop = () => obs.disconnect();
  return st.already;
}
"""

# Arms a watcher, once per animation frame, for a map (in any map iframe, so a remounted map
# counts) whose layer for feature `fid` has fill colour `colour`.
ARM_COLOUR_JS = """
([fid, colour]) => {
  const st = {done: null, frames: 0};
  window.__benchColour = st;
  const until = performance.now() + 60000;
  const want = colour.toUpperCase();
  const found = () => {
    for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
      let m;
      try { m = f.contentWindow && f.contentWindow.map; } catch (e) { continue; }
      if (!m || !m._layers) continue;
      for (const k in m._layers) {
        const l = m._layers[k];
        if (l.feature && l.feature.properties && l.feature.properties.id === fid
            && (l.options.fillColor || '').toUpperCase() === want) return true;
      }
    }
    return false;
  };
  st.already = found();
  const tick = () => {
    st.frames++;
    if (found()) { st.done = performance.timeOrigin + performance.now(); return; }
    if (performance.now() < until) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return st.already;
}
"""


def launch(pw: Playwright) -> Browser:
    return chromium.launch(pw.chromium, cut_off=True)


@dataclass
class Traffic:
    """What one page sent and received: HTTP requests, websocket frames, blocked requests."""

    blocked: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    ws_sent: int = 0
    ws_recv: int = 0
    last_frame: float = field(default_factory=time.monotonic)
    keep_frames: bool = False  # keep what the server sent, to say where the bytes go
    received: list[bytes] = field(default_factory=list)
    # (monotonic time as this process saw it, sent?) of every frame
    times: list[tuple[float, bool]] = field(default_factory=list)

    def on_ws(self, ws: WebSocket) -> None:
        if not is_local(ws.url):
            self.blocked.append(f"WS {ws.url}")
        ws.on("framesent", lambda p: self._frame(p, sent=True))
        ws.on("framereceived", lambda p: self._frame(p, sent=False))

    def _frame(self, payload: str | bytes, sent: bool) -> None:
        n = len(payload) if isinstance(payload, bytes) else len(payload.encode())
        self.last_frame = time.monotonic()
        self.times.append((self.last_frame, sent))
        if sent:
            self.ws_sent += n
        else:
            self.ws_recv += n
            if self.keep_frames:
                self.received.append(payload if isinstance(payload, bytes) else payload.encode())

    def ws(self) -> tuple[int, int]:
        return self.ws_sent, self.ws_recv

    def mark(self) -> tuple[int, int, int, int, int]:
        """Where the counters stand: (ws sent, ws received, requests, frames kept, frames)."""
        return self.ws_sent, self.ws_recv, len(self.requests), len(self.received), len(self.times)

    def round_trip_ms(self, since: int) -> float | None:
        """From the first frame the browser sent to the last it received, since the
        `since`-th frame: the server's rerun as the client sees it (Python's clock, so a few
        ms of event dispatch either way)."""
        frames = self.times[since:]
        first = next((t for t, sent in frames if sent), None)
        last = max((t for t, sent in frames if not sent), default=None)
        if first is None or last is None or last <= first:
            return None
        return (last - first) * 1000

    def http(self, since: int = 0) -> tuple[int, int, list[tuple[int, str]]]:
        """(bytes on the wire, decoded body bytes, [(decoded bytes, url)]) of the requests
        finished since the `since`-th."""
        wire = decoded = 0
        items = []
        for req in self.requests[since:]:
            try:
                sizes = req.sizes()
                wire += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            except Exception:  # a request without sizes counts as nothing
                pass
            try:
                resp = req.response()
                n = len(resp.body()) if resp is not None else 0
            except Exception:  # redirects and upgrades have no body
                n = 0
            decoded += n
            items.append((n, req.url))
        return wire, decoded, sorted(items, reverse=True)


def new_page(
    browser: Browser, base_url: str, keep_frames: bool = False
) -> tuple[BrowserContext, Page, Traffic]:
    """A page in a fresh context (empty cache). The browser's dead proxy (CUT_OFF) makes every
    request off loopback fail; the page records them, without routing each request through
    Playwright (which would slow every page load it measures)."""
    traffic = Traffic(keep_frames=keep_frames)
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
    context.on(
        "request",
        lambda r: None if is_local(r.url) else traffic.blocked.append(f"{r.method} {r.url}"),
    )
    context.add_init_script(INIT_JS)
    page = context.new_page()
    page.on("websocket", traffic.on_ws)
    page.on("requestfinished", lambda req: traffic.requests.append(req))
    return context, page, traffic


def wait_ready(page: Page, layered: bool, timeout: float = LOAD_TIMEOUT_MS) -> float:
    """Wait until the map is interactive; returns when it became so (epoch ms, in-page)."""
    handle = page.wait_for_function(READY_JS, arg=layered, polling="raf", timeout=timeout)
    return float(handle.json_value())


def settle(page: Page, traffic: Traffic, max_s: float = SETTLE_MAX_S) -> bool:
    """Wait for the script to be idle and the websocket quiet; False if it never was."""
    try:
        page.locator(APP_IDLE).wait_for(state="attached", timeout=ACTION_TIMEOUT_MS)
    except PlaywrightTimeout:
        return False
    deadline = time.monotonic() + max_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        quiet = time.monotonic() - traffic.last_frame >= QUIET_S
        if quiet and page.locator(APP_IDLE).count() == 1:
            return True
    return False


@dataclass
class Sample:
    ms: float | None  # None: timed out
    ws_sent: int = 0
    ws_recv: int = 0
    highlight_ms: float | None = None
    note: str = ""
    http_wire: int = 0  # HTTP bytes (on the wire) the action caused
    frames: list[bytes] = field(default_factory=list)  # what the server sent (if kept)
    server_ms: float | None = None  # first websocket frame sent -> last received
    card_ms: float | None = None  # click -> the island's card painted in the map (client)

    @property
    def ws_total(self) -> int:
        return self.ws_sent + self.ws_recv


def click_map(
    page: Page, traffic: Traffic, lon: float, lat: float, heading: str, highlight: bool = False
) -> Sample:
    """Click the map at (lon, lat) and time it until `heading` shows in the main area."""
    frame = map_frame(page)
    spot = locate(frame, lon, lat)
    if not spot.inside:
        return Sample(None, note=f"({lon:.3f}, {lat:.3f}) is outside the visible map: {spot}")
    if not spot.on_land:
        return Sample(None, note=f"({lon:.3f}, {lat:.3f}) is on {spot.hit!r}, not land")
    already = page.evaluate(ARM_HEADING_JS, heading)
    if highlight:
        page.evaluate(
            "() => { for (const f of document.querySelectorAll("
            f"'{MAP_IFRAME}')) {{ try {{ f.contentWindow.__islandHighlightMs = null;"
            " f.contentWindow.__islandCardMs = null; } catch (e) {} } }"
        )
    page.evaluate("() => { window.__benchLastClick = null; }")
    mark = traffic.mark()
    try:
        click_spot(frame, spot, timeout=ACTION_TIMEOUT_MS)
    except PlaywrightTimeout:
        return Sample(None, note=f"({lon:.3f}, {lat:.3f}) could not be clicked (covered?)")
    return _finish(page, traffic, mark, "__benchHeading", heading, already, highlight)


def click_label(page: Page, traffic: Traffic, label: str, fid: str, colour: str) -> Sample:
    """Click a radio label in the sidebar and time it until `fid` is filled with `colour`."""
    box = page.get_by_test_id("stSidebar").get_by_text(label, exact=True).bounding_box()
    if box is None:
        return Sample(None, note=f"no label {label!r} in the sidebar")
    already = page.evaluate(ARM_COLOUR_JS, [fid, colour])
    page.evaluate("() => { window.__benchLastClick = null; }")
    mark = traffic.mark()
    page.mouse.click(box["x"] + min(box["width"] / 2, 40), box["y"] + box["height"] / 2)
    return _finish(page, traffic, mark, "__benchColour", f"{fid} {colour}", already)


def click_label_heading(page: Page, traffic: Traffic, label: str) -> Sample:
    """Click a radio label in the sidebar and time it until a heading `label` shows."""
    box = page.get_by_test_id("stSidebar").get_by_text(label, exact=True).bounding_box()
    if box is None:
        return Sample(None, note=f"no label {label!r} in the sidebar")
    already = page.evaluate(ARM_HEADING_JS, label)
    page.evaluate("() => { window.__benchLastClick = null; }")
    mark = traffic.mark()
    page.mouse.click(box["x"] + min(box["width"] / 2, 40), box["y"] + box["height"] / 2)
    return _finish(page, traffic, mark, "__benchHeading", label, already)


def _finish(
    page: Page,
    traffic: Traffic,
    mark: tuple[int, int, int, int, int],
    watcher: str,
    what: str,
    already: bool,
    highlight: bool = False,
) -> Sample:
    note = f"{what!r} was already shown before the click" if already else ""
    ms = None
    try:
        page.wait_for_function(
            f"() => window.{watcher} && window.{watcher}.done !== null",
            polling=50,
            timeout=ACTION_TIMEOUT_MS,
        )
        done, clicked = page.evaluate(f"() => [window.{watcher}.done, window.__benchLastClick]")
        if clicked is None:
            note = note or "the click event was not seen"
        else:
            ms = done - clicked
    except PlaywrightTimeout:
        note = f"{what!r} not seen within {ACTION_TIMEOUT_MS / 1000:.0f} s"
        page.evaluate(f"() => {{ const s = window.{watcher}; if (s && s.stop) s.stop(); }}")
    hl = card = None
    if highlight:
        hl, card = (_in_map(page, name) for name in ("__islandHighlightMs", "__islandCardMs"))
    if not settle(page, traffic):
        note = note or "the page did not settle"
    sent0, recv0, req0, kept0, times0 = mark
    sent1, recv1 = traffic.ws()
    wire = traffic.http(since=req0)[0]
    frames = traffic.received[kept0:]
    rtt = traffic.round_trip_ms(times0)
    return Sample(ms, sent1 - sent0, recv1 - recv0, hl, note, wire, frames, rtt, card)


def _in_map(page: Page, name: str) -> float | None:
    """A number the map's frame set on its window (None where it set none)."""
    return page.evaluate(
        "(name) => { for (const f of document.querySelectorAll("
        f"'{MAP_IFRAME}')) {{ try {{ const v = f.contentWindow[name];"
        " if (v !== null && v !== undefined) return v; } catch (e) {} } return null; }",
        name,
    )
