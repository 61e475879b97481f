"""Load: concurrent browser sessions clicking islands and toggling scenarios, none lost.

`python -m bench.load [--sessions 20] [--seconds 60] [--think 1.0]` starts the app on
loopback (as `python -m dashboard serve`) and opens that many Chromium contexts, network cut
to loopback. Readers arrive a few at a time (at most --arriving pages loading at once); once
every page is up, all of them act together for the given time, each alternating between
clicking a disputed island on the map (checked: the panel shows that island) and switching
the scenario (checked: the toggled island takes the new holder's colour; islands and
scenarios are the bench's, bench.folder, from the data folder the app reads), with a pause
between actions (--think seconds on average, each pause drawn between half and one and a
half times that).
Then the same load again from browserless sessions that speak the page's websocket protocol
(bench.wire.WireSession), which measures the server apart from 20 browsers rendering.

It prints how many actions were made and how many got the right answer, latency medians and
p95 (as the load generator sees them), the CPU the server and the pages used (the Chromium
processes this run started), and the server's memory. Sessions are too small to see in the
memory of a 20-session run, so memory per session is measured after it with browserless
sessions (the page's websocket, one run of the script each): RSS with 1/5 of --ws-sessions
open and with all of them, divided by the difference.
Loops are bounded in count and time; it never fails on a figure (timings are not asserted
anywhere).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from bench.folder import Folder
from bench.wire import WireSession, component_args, headings
from tests.support import chromium
from tests.support.chromium import VIEWPORT, is_local
from tests.support.mapping import APP_IDLE, CONTAINER, FRAME_READY_JS, MAP_IFRAME, MAP_POINT_JS
from tests.support.server import DASHBOARD, serve
from tests.support.stats import median, p95

LOAD_TIMEOUT_MS = 120_000
ACTION_TIMEOUT_MS = 30_000
MAX_ACTIONS = 400

STATE_JS = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = f && f.contentWindow;
  const app = document.querySelector('[data-testid="stApp"]');
  return [`script ${app ? app.getAttribute('data-test-script-state') : 'no app'}`,
          `map iframe ${f ? 'yes' : 'no'}`, `Leaflet map ${w && w.map ? 'yes' : 'no'}`,
          `layers ready ${w && w.__layersReady ? Object.keys(w.__layersReady).length : 0}`,
          `exception ${document.querySelector('[data-testid="stException"]') ? 'yes' : 'no'}`
         ].join(', ');
}"""
FILL_JS = """([fid, colour]) => { for (const k in map._layers) { const l = map._layers[k];
    if (l.feature && l.feature.properties.id === fid)
      return (l.options.fillColor || '').toUpperCase() === colour.toUpperCase(); }
    return false; }"""


@dataclass
class Tally:
    clicks: list[float] = field(default_factory=list)
    toggles: list[float] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    off_loopback: list[str] = field(default_factory=list)
    load_s: list[float] = field(default_factory=list)


async def map_frame(page: Page, timeout: float = ACTION_TIMEOUT_MS):
    """The map's frame once it is ready (tests.support.mapping's definition)."""
    handle = await page.wait_for_selector(MAP_IFRAME, state="attached", timeout=timeout)
    frame = await handle.content_frame()
    await frame.wait_for_function(FRAME_READY_JS, arg=True, timeout=timeout)
    return frame


async def idle(page: Page, timeout: float = ACTION_TIMEOUT_MS) -> None:
    await page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout)


async def click_island(page: Page, lonlat: tuple[float, float], heading: str) -> None:
    """tests.support.mapping's click at a lon/lat, awaited."""
    frame = await map_frame(page)
    spot = await frame.evaluate(MAP_POINT_JS, [lonlat[1], lonlat[0]])
    position = {"x": spot["x"], "y": spot["y"]}
    await frame.locator(CONTAINER).first.click(position=position, timeout=ACTION_TIMEOUT_MS)
    await (
        page.get_by_test_id("stMain")
        .get_by_role("heading", name=heading, exact=True)
        .wait_for(timeout=ACTION_TIMEOUT_MS)
    )


async def toggle(page: Page, label: str, fid: str, colour: str) -> None:
    await page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
    frame = await map_frame(page)
    await frame.wait_for_function(FILL_JS, arg=[fid, colour], timeout=ACTION_TIMEOUT_MS)
    await idle(page)


class Reader:
    """One browser context: its page is opened, then it acts until told to stop."""

    def __init__(self, n: int, browser: Browser, url: str, tally: Tally):
        self.n, self.browser, self.url, self.tally = n, browser, url, tally
        self.ctx: BrowserContext | None = None
        self.rng = random.Random(n)  # pauses vary, so readers do not act in lockstep
        self.page: Page | None = None

    async def open(self) -> bool:
        log(f"session {self.n} opens")
        self.ctx = await self.browser.new_context(viewport=VIEWPORT)
        self.ctx.on(
            "request",
            lambda r: None if is_local(r.url) else self.tally.off_loopback.append(r.url),
        )
        self.page = await self.ctx.new_page()
        t = time.perf_counter()
        try:
            await self.page.goto(self.url, timeout=LOAD_TIMEOUT_MS)
            await map_frame(self.page, LOAD_TIMEOUT_MS)
            await idle(self.page, LOAD_TIMEOUT_MS)
        except Exception as exc:  # a page that never became usable is a lost session
            self.tally.lost.append(
                f"session {self.n} page load: {type(exc).__name__} ({await self.state()})"
            )
            return False
        self.tally.load_s.append(time.perf_counter() - t)
        return True

    async def state(self) -> str:
        """What the page got to: for the report of a page that did not load."""
        try:
            return await self.page.evaluate(STATE_JS)
        except Exception as exc:
            return f"page unreadable: {type(exc).__name__}"

    async def act(self, until: float, think_s: float, folder: Folder) -> None:
        order = folder.islands
        for i in range(MAX_ACTIONS):
            if time.monotonic() > until:
                break
            t = time.perf_counter()
            if i % 2 == 0:
                fid = order[(i // 2 + self.n) % len(order)]
                what = f"session {self.n} click {fid}"
                coro = click_island(self.page, folder.point(fid), folder.our_heading(fid))
                bucket = self.tally.clicks
            else:
                tg = folder.toggles[(i // 2) % 2]
                what = f"session {self.n} toggle to {tg.label}"
                coro = toggle(self.page, tg.label, folder.toggle_feature, tg.colour)
                bucket = self.tally.toggles
            try:
                await coro
                bucket.append(time.perf_counter() - t)
            except Exception as exc:  # a wrong or missing answer: counted as lost
                self.tally.lost.append(f"{what}: {type(exc).__name__}")
                with contextlib.suppress(Exception):  # a page still busy is caught next turn
                    await idle(self.page)
            await asyncio.sleep(think_s * self.rng.uniform(0.5, 1.5))

    async def close(self) -> None:
        if self.ctx is not None:
            await self.ctx.close()


def log(msg: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cpu_s(procs: list[psutil.Process]) -> float:
    """User + system CPU seconds used so far by these processes (those still running)."""
    total = 0.0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def our_chromium() -> list[psutil.Process]:
    """The Chromium processes this run started (through Playwright's driver), not any other
    Chromium on the machine."""
    out = []
    for p in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            if p.name().startswith("chrom"):
                out.append(p)
    return out


async def memory_per_session(url: str, pid: int, n: int) -> tuple[float, float, int, int]:
    """RSS with n/5 browserless sessions and with n: (MB, MB, sessions, sessions). Their
    difference over the sessions between is the memory a session holds."""
    opened, rss, counts = [], [], []
    gate = asyncio.Semaphore(4)

    async def one():
        async with gate:
            w = WireSession(url)
            with contextlib.suppress(Exception):
                await w.open(ACTION_TIMEOUT_MS / 1000)
                opened.append(w)

    for target in (max(n // 5, 1), n):
        await asyncio.gather(*(one() for _ in range(target - len(opened))))
        await asyncio.sleep(2)
        rss.append(rss_mb(pid))
        counts.append(len(opened))
    for w in opened:
        with contextlib.suppress(Exception):
            await w.close()
    return rss[0], rss[1], counts[0], counts[1]


async def wire_act(
    url: str, n: int, seconds: float, think_s: float, folder: Folder, tally: Tally
) -> None:
    """n browserless sessions act together, as the browsers do: the server's side of load."""
    timeout = ACTION_TIMEOUT_MS / 1000
    sessions = [WireSession(url) for _ in range(n)]
    await asyncio.gather(*(w.open(timeout) for w in sessions))
    until = time.monotonic() + seconds
    order = folder.islands

    async def act(k: int, w: WireSession) -> None:
        rng = random.Random(1000 + k)
        for i in range(MAX_ACTIONS):
            if time.monotonic() > until:
                break
            t = time.perf_counter()
            try:
                if i % 2 == 0:
                    fid = order[(i // 2 + k) % len(order)]
                    what = f"wire session {k} click {fid}"
                    shown = headings(await w.click(*folder.point(fid), timeout))
                    ok, bucket = folder.our_heading(fid) in shown, tally.clicks
                else:
                    tg = folder.toggles[(i // 2) % 2]
                    what = f"wire session {k} choose {tg.label}"
                    args = component_args(await w.choose(tg.label, timeout))
                    ok, bucket = f"scenario-{tg.sid}.geojson" in args, tally.toggles
            except Exception as exc:
                tally.lost.append(f"{what}: {type(exc).__name__}")
            else:
                if ok:
                    bucket.append(time.perf_counter() - t)
                else:
                    tally.lost.append(f"{what}: wrong answer")
            await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))

    await asyncio.gather(*(act(k, w) for k, w in enumerate(sessions)))
    for w in sessions:
        with contextlib.suppress(Exception):
            await w.close()


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def nan(x: float | None) -> float:
    return float("nan") if x is None else x


def latencies(t: Tally) -> None:
    for name, xs in (("click -> panel", t.clicks), ("toggle -> recolour", t.toggles)):
        mid, high = nan(median(xs)) * 1000, nan(p95(xs)) * 1000
        print(f"{name:>20}: n={len(xs):4d}  median {mid:7.0f} ms  p95 {high:7.0f} ms")


@dataclass
class Options:
    sessions: int
    seconds: float
    think_s: float
    arriving: int
    ws_sessions: int


@dataclass
class Figures:
    """What a run measured, for the report."""

    tally: Tally = field(default_factory=Tally)
    wire: Tally = field(default_factory=Tally)
    up: list[bool] = field(default_factory=list)
    few: int = 0
    ramp_s: float = 0.0
    acted_s: float = 0.0
    wire_s: float = 0.0
    rss: dict[str, float] = field(default_factory=dict)  # base, few, all, peak
    cpu: dict[str, float] = field(default_factory=dict)  # server, browser, wire (CPU seconds)
    mem: tuple[float, float, int, int] = (0.0, 0.0, 0, 0)

    @property
    def active(self) -> int:
        return sum(self.up)


class RssWatch:
    """The server's peak RSS, sampled every half second while it runs."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, rss_mb(pid)
        self.task = asyncio.create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            self.peak = max(self.peak, rss_mb(self.pid))
            await asyncio.sleep(0.5)

    def stop(self) -> float:
        self.task.cancel()
        return self.peak


async def arrive(readers: list[Reader], gate: asyncio.Semaphore) -> list[bool]:
    """Open these readers' pages, at most `gate` loading at once."""

    async def one(r: Reader) -> bool:
        async with gate:
            return await r.open()

    return list(await asyncio.gather(*(one(r) for r in readers)))


async def browser_run(opt: Options, folder: Folder, url: str, pid: int, fig: Figures) -> None:
    """The readers arrive, a few at a time, then act together."""
    async with async_playwright() as pw:
        browser = await chromium.launch(pw.chromium, cut_off=True)
        first = Reader(0, browser, url, Tally())  # warms the server; not counted
        await first.open()
        await first.close()
        await asyncio.sleep(8)  # the start-up warm-up finishes
        fig.rss["base"] = rss_mb(pid)
        watch = RssWatch(pid)
        readers = [Reader(n, browser, url, fig.tally) for n in range(1, opt.sessions + 1)]
        gate = asyncio.Semaphore(opt.arriving)
        fig.few = min(5, opt.sessions - 1) if opt.sessions > 1 else 0
        t0 = time.monotonic()
        log(f"server warm; {opt.sessions} readers arriving")
        fig.up = await arrive(readers[: fig.few], gate)
        await asyncio.sleep(2)
        fig.rss["few"] = rss_mb(pid)
        fig.up += await arrive(readers[fig.few :], gate)
        fig.ramp_s = time.monotonic() - t0
        await asyncio.sleep(2)
        fig.rss["all"] = rss_mb(pid)
        active = [r for r, ok in zip(readers, fig.up, strict=True) if ok]
        await act_together(opt, folder, active, pid, fig)
        fig.rss["peak"] = watch.stop()
        for r in readers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(r.close(), 30)
        await browser.close()


async def act_together(
    opt: Options, folder: Folder, active: list[Reader], pid: int, fig: Figures
) -> None:
    log(f"{len(active)} pages up in {fig.ramp_s:.0f} s; acting for {opt.seconds:.0f} s")
    server, browsers = [psutil.Process(pid)], our_chromium()
    cpu = cpu_s(server), cpu_s(browsers)
    t1 = time.monotonic()
    await asyncio.gather(*(r.act(t1 + opt.seconds, opt.think_s, folder) for r in active))
    fig.acted_s = time.monotonic() - t1
    fig.cpu["server"] = cpu_s(server) - cpu[0]
    fig.cpu["browser"] = cpu_s(browsers) - cpu[1]
    log(f"done acting in {fig.acted_s:.0f} s; closing")


async def wire_run(opt: Options, folder: Folder, url: str, pid: int, fig: Figures) -> None:
    """Memory per session, then the same load from browserless sessions."""
    log(f"memory: {opt.ws_sessions} websocket sessions")
    fig.mem = await memory_per_session(url, pid, opt.ws_sessions)
    log(f"{opt.sessions} browserless sessions acting for {opt.seconds:.0f} s")
    server = [psutil.Process(pid)]
    cpu = cpu_s(server)
    t2 = time.monotonic()
    await wire_act(url, opt.sessions, opt.seconds, opt.think_s, folder, fig.wire)
    fig.wire_s = time.monotonic() - t2
    fig.cpu["wire"] = cpu_s(server) - cpu


async def run(opt: Options) -> int:
    folder, fig = Folder.load(), Figures()
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(DASHBOARD, Path(tmp) / "log", folder.path) as srv,
    ):
        await browser_run(opt, folder, srv.url, srv.proc.pid, fig)
        await wire_run(opt, folder, srv.url, srv.proc.pid, fig)
    report(opt, fig)
    return 0


def report(opt: Options, fig: Figures) -> None:
    t, rss = fig.tally, fig.rss
    done = len(t.clicks) + len(t.toggles)
    print(
        f"{opt.sessions} sessions, loopback only: {fig.active} pages up in {fig.ramp_s:.0f} s "
        f"(at most {opt.arriving} loading at once; page load median "
        f"{nan(median(t.load_s)):.1f} s, p95 {nan(p95(t.load_s)):.1f} s), then {fig.active} "
        f"acting together for {fig.acted_s:.0f} s with {opt.think_s:g} s (±50 %) between actions"
    )
    print(f"actions: {done + len(t.lost)}  right answer: {done}  lost: {len(t.lost)}")
    latencies(t)
    print(
        f"server memory (RSS) in the browser run: {rss['base']:.0f} MB before the sessions, "
        f"{rss['few']:.0f} MB with {sum(fig.up[: fig.few])} connected, {rss['all']:.0f} MB "
        f"with {fig.active}, peak {rss['peak']:.0f} MB while acting (the allocator's slack "
        f"hides sessions this small; the next line measures them)"
    )
    lo, hi, n_lo, n_hi = fig.mem
    print(
        f"server memory with sessions that ran the page once over a websocket (no browser): "
        f"{lo:.0f} MB with {n_lo}, {hi:.0f} MB with {n_hi}: "
        f"{(hi - lo) / max(n_hi - n_lo, 1):.2f} MB per session"
    )
    print(
        f"CPU while acting ({os.cpu_count()} cores): server "
        f"{fig.cpu['server'] / fig.acted_s:.0%} of one core, the {fig.active} Chromium pages "
        f"{fig.cpu['browser'] / fig.acted_s:.0%}"
    )
    w = fig.wire
    wdone = len(w.clicks) + len(w.toggles)
    print(
        f"the same with {opt.sessions} browserless sessions (the page's websocket; no "
        f"rendering) for {fig.wire_s:.0f} s: actions {wdone + len(w.lost)}, right answer "
        f"{wdone}, lost {len(w.lost)}; server CPU {fig.cpu['wire'] / fig.wire_s:.0%} of one core"
    )
    latencies(w)
    print(f"requests off loopback: {len(t.off_loopback)}")
    for line in (t.lost + w.lost)[:20]:
        print("  lost:", line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument(
        "--think", type=float, default=1.0, help="mean pause between actions (s), ±50 %%"
    )
    ap.add_argument("--arriving", type=int, default=2, help="pages loading at once")
    ap.add_argument(
        "--ws-sessions", type=int, default=200, help="browserless sessions for the memory figure"
    )
    args = ap.parse_args(argv)
    opt = Options(
        min(max(args.sessions, 1), 40),
        min(args.seconds, 300.0),
        min(max(args.think, 0.0), 10.0),
        min(max(args.arriving, 1), 40),
        min(max(args.ws_sessions, 5), 500),
    )
    return asyncio.run(run(opt))


if __name__ == "__main__":
    sys.exit(main())
