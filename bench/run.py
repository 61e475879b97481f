"""One app measured in the browser: cold starts (a new server each), warm page loads, then
clicks on islands and scenario toggles on one page. Every loop is bounded in time."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

from bench.browser import (
    LOAD_TIMEOUT_MS,
    Sample,
    Traffic,
    click_label,
    click_label_heading,
    click_map,
    new_page,
    settle,
    wait_ready,
)
from bench.report import RerunTimes
from dashboard.config import CACHE_DIR_ENV, DATA_DIR_ENV
from tests.support.mapping import MAP_IFRAME
from tests.support.server import ROOT, Server, ServerError
from tests.support.stats import median

KB = 1024
Opened = tuple[BrowserContext, Page, Traffic]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Budget:
    """A global deadline, and per-phase caps within it: every loop is bounded in time. A phase
    may run past its cap (never past the hard end) to get its minimum number of samples."""

    GRACE_S = 30.0

    def __init__(self, total_s: float):
        self.end = time.monotonic() + total_s
        self.hard_end = self.end + self.GRACE_S

    def phase(self, cap_s: float, min_n: int) -> Phase:
        return Phase(min(time.monotonic() + cap_s, self.end), self.hard_end, min_n)


@dataclass
class Phase:
    deadline: float
    hard_end: float
    min_n: int

    def more(self, done: int) -> bool:
        now = time.monotonic()
        if now > self.hard_end:
            return False
        return done < self.min_n or now < self.deadline


@dataclass
class Spec:
    key: str
    app: Path
    folder: Path  # the data folder the app is served
    layered: bool  # ours: layers passed through feature_group_to_add, fetched from static files
    clicks: list[tuple[str, float, float, str]]  # (feature, lon, lat, heading expected)
    toggles: list[tuple[str, str]]  # (radio label, colour the toggled feature takes), in order
    toggle_feature: str
    env: dict[str, str] = field(default_factory=dict)  # for the app's process
    toggle_heading: bool = False  # the floor: the radio only changes a heading
    highlight: bool = False
    breakdown: bool = False  # keep the server's websocket frames, to say where bytes go
    reload_per_click: bool = False  # the floor has one polygon: a fresh page per click
    prepare: bool = False  # ours: `python -m dashboard prepare` before the cold starts
    whole: str | None = None  # ours: CSS selector of the last section, drawn after the map
    sea_toggle: str | None = None  # ours: the switch of the sea layer, toggled with it on too
    clicks_per_island: int = 8
    n_toggles: int = 8
    n_cold: int = 5
    cap_cold_s: float = 60
    cap_clicks_s: float = 90
    cap_toggles_s: float = 60

    def server(self, log_path: Path, cache_dir: Path | None = None) -> Server:
        return Server(self.app, log_path, self.folder, cache_dir, env=self.env)


@dataclass
class Result:
    cold_s: list[float] = field(default_factory=list)
    cold_unprepared_s: list[float] = field(default_factory=list)  # ours, nothing on disk
    cold_whole_s: list[float] = field(default_factory=list)  # ours: the whole page drawn
    prepare_s: list[float] = field(default_factory=list)
    health_s: list[float] = field(default_factory=list)
    warm_s: list[float] = field(default_factory=list)
    http_wire: list[float] = field(default_factory=list)
    http_decoded: list[float] = field(default_factory=list)
    ws_load: list[float] = field(default_factory=list)
    top_http: list[tuple[int, str]] = field(default_factory=list)
    clicks: dict[str, list[Sample]] = field(default_factory=dict)
    toggles: list[Sample] = field(default_factory=list)
    sea_toggles: list[Sample] = field(default_factory=list)  # ours, the sea layer on
    blocked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    py: RerunTimes = field(default_factory=RerunTimes)

    def click_ms(self, fid: str | None = None) -> list[float]:
        groups = [self.clicks.get(fid, [])] if fid else list(self.clicks.values())
        return [s.ms for g in groups for s in g if s.ms is not None]

    def click_samples(self) -> list[Sample]:
        return [s for g in self.clicks.values() for s in g if s.ms is not None]

    def toggle_samples(self) -> list[Sample]:
        return [s for s in self.toggles if s.ms is not None]

    def sea_toggle_samples(self) -> list[Sample]:
        return [s for s in self.sea_toggles if s.ms is not None]


@contextlib.contextmanager
def staged(src: Path, name: str) -> Iterator[Path]:
    """Copy a bench app into the repo root for the duration (next to static/, so
    /app/static/leaflet is served to it), and delete it afterwards."""
    target = ROOT / name
    shutil.copyfile(src, target)
    try:
        yield target
    finally:
        target.unlink(missing_ok=True)


# --- a page ----------------------------------------------------------------------------------

WHOLE_JS = """(sel) => document.querySelector(sel) ? performance.timeOrigin + performance.now()
    : null"""


def load_page(
    browser: Browser, server: Server, spec: Spec, res: Result, opened: Opened | None = None
) -> Opened:
    """Open the app (on `opened`, a page made before the server started: a cold start; else
    on a fresh context); returns (context, page, traffic) once it settled."""
    cold = opened is not None
    ctx, page, traffic = opened or new_page(browser, server.url, keep_frames=spec.breakdown)
    page.goto(f"{server.url}/", timeout=LOAD_TIMEOUT_MS)
    ready = wait_ready(page, spec.layered)
    if cold:
        res.cold_s.append(ready / 1000 - server.started_at)
        if spec.whole:
            res.cold_whole_s.append(wait_drawn(page, spec.whole) / 1000 - server.started_at)
    else:
        res.warm_s.append((ready - page.evaluate("performance.timeOrigin")) / 1000)
    if not settle(page, traffic):
        res.problems.append(f"{spec.key}: the first page did not settle")
    if cold:
        weigh(traffic, res)
    return ctx, page, traffic


def weigh(traffic: Traffic, res: Result) -> None:
    """What the first page load cost on the wire."""
    wire, decoded, items = traffic.http()
    res.http_wire.append(wire / KB)
    res.http_decoded.append(decoded / KB)
    res.ws_load.append(sum(traffic.ws()) / KB)
    res.top_http = items[:6]


def wait_drawn(page: Page, selector: str) -> float:
    """When an element matching `selector` is first in the page (epoch ms, in-page)."""
    handle = page.wait_for_function(WHOLE_JS, arg=selector, polling="raf", timeout=LOAD_TIMEOUT_MS)
    return float(handle.json_value())


# --- servers ---------------------------------------------------------------------------------


def cold_start(
    browser: Browser, spec: Spec, res: Result, log_path: Path, cache_dir: Path | None
) -> Server:
    """A new server, and a reader whose browser is already open (its context is made before
    the server starts, so Playwright's own set-up is not counted): server start -> map."""
    opened = new_page(browser, "http://127.0.0.1")
    server = spec.server(log_path, cache_dir)
    try:
        res.health_s.append(server.wait_healthy())
        ctx, _, traffic = load_page(browser, server, spec, res, opened=opened)
        res.blocked += traffic.blocked
        ctx.close()
    except BaseException:
        server.stop()
        raise
    return server


def prepare(spec: Spec, cache_dir: Path, res: Result, log_path: Path) -> None:
    """The deploy step: `python -m dashboard prepare` of the folder into `cache_dir`, timed."""
    env = dict(os.environ, **{CACHE_DIR_ENV: str(cache_dir), DATA_DIR_ENV: str(spec.folder)})
    started = time.monotonic()
    with log_path.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "dashboard", "prepare"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
    if done.returncode:
        raise ServerError(f"`python -m dashboard prepare` failed: see {log_path}")
    res.prepare_s.append(time.monotonic() - started)


def unprepared_start(browser: Browser, spec: Spec, res: Result, logs: Path) -> Path:
    """Ours: one cold start with nothing on disk, then the deploy step; returns the cache
    folder it wrote, for the cold starts that follow."""
    fresh = Path(tempfile.mkdtemp(prefix="bench-cache-empty-"))
    cold_start(browser, spec, res, logs / f"{spec.key}-unprepared.log", fresh).stop()
    res.cold_unprepared_s.append(res.cold_s.pop())
    res.cold_whole_s.pop()
    res.health_s.pop()
    log(f"{spec.key}: cold start, nothing on disk {res.cold_unprepared_s[-1]:.2f} s")
    cache_dir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    prepare(spec, cache_dir, res, logs / f"{spec.key}-prepare.log")
    log(f"{spec.key}: prepare {res.prepare_s[-1]:.1f} s")
    return cache_dir


def bench_app(browser: Browser, spec: Spec, budget: Budget, logs: Path) -> Result:
    """Cold starts (a new server each), then two page loads on the warm last server; the
    second page is used for the clicks and toggles. Ours first starts once with nothing on
    disk, then is prepared (its deploy step) and started cold on what that wrote."""
    res = Result(clicks={fid: [] for fid, *_ in spec.clicks})
    cache_dir = unprepared_start(browser, spec, res, logs) if spec.prepare else None
    phase = budget.phase(spec.cap_cold_s, min_n=1)
    for i in range(max(spec.n_cold, 1)):
        server = cold_start(browser, spec, res, logs / f"{spec.key}-{i}.log", cache_dir)
        try:
            log(f"{spec.key}: cold start {res.cold_s[-1]:.2f} s")
            if i + 1 < spec.n_cold and phase.more(i + 1):
                continue
            warm_pages(browser, server, spec, res, budget)
            return res
        finally:
            server.stop()
    return res


def warm_pages(browser: Browser, server: Server, spec: Spec, res: Result, budget: Budget) -> None:
    """Two page loads on a warm server; the second is used for the clicks and toggles."""
    for warm in range(2):
        ctx, page, traffic = load_page(browser, server, spec, res)
        log(f"{spec.key}: warm page load {res.warm_s[-1]:.2f} s")
        if warm == 0:
            res.blocked += traffic.blocked
            ctx.close()
    interact(page, traffic, spec, res, budget)
    res.blocked += traffic.blocked
    ctx.close()


# --- clicks and toggles ----------------------------------------------------------------------


def interact(page: Page, traffic: Traffic, spec: Spec, res: Result, budget: Budget) -> None:
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    settle(page, traffic)
    click_islands(page, traffic, spec, res, budget)
    toggle_scenarios(page, traffic, spec, res, budget)
    if spec.sea_toggle:
        switch = page.get_by_test_id("stSidebar").get_by_text(spec.sea_toggle, exact=True)
        switch.click()
        settle(page, traffic)
        toggle_scenarios(page, traffic, spec, res, budget, res.sea_toggles)


def click_islands(page: Page, traffic: Traffic, spec: Spec, res: Result, budget: Budget) -> None:
    """In rounds over the islands; the floor (one island) needs more rounds for its minimum."""
    phase = budget.phase(spec.cap_clicks_s, min_n=2 if len(spec.clicks) > 1 else 5)
    for r in range(spec.clicks_per_island):
        if not phase.more(r):
            break
        for fid, lon, lat, heading in spec.clicks:
            if spec.reload_per_click:
                page.reload(timeout=LOAD_TIMEOUT_MS)
                wait_ready(page, spec.layered)
                settle(page, traffic)
            s = click_map(page, traffic, lon, lat, heading, highlight=spec.highlight)
            res.clicks[fid].append(s)
            if s.note:
                res.problems.append(f"{spec.key}: click {fid}: {s.note}")
    log(f"{spec.key}: {len(res.click_ms())} clicks, median {fmt_ms(median(res.click_ms()))}")


def toggle_scenarios(
    page: Page,
    traffic: Traffic,
    spec: Spec,
    res: Result,
    budget: Budget,
    into: list[Sample] | None = None,
) -> None:
    """Scenario toggles, timed to the toggled island's new colour, into `res.toggles` (or
    `into`)."""
    samples = res.toggles if into is None else into
    phase = budget.phase(spec.cap_toggles_s, min_n=4)
    for i in range(spec.n_toggles):
        if not phase.more(i):
            break
        label, colour = spec.toggles[i % len(spec.toggles)]
        if spec.toggle_heading:
            s = click_label_heading(page, traffic, label)
        else:
            s = click_label(page, traffic, label, spec.toggle_feature, colour)
        samples.append(s)
        if s.note:
            res.problems.append(f"{spec.key}: toggle to {label!r}: {s.note}")
    ms = [s.ms for s in samples if s.ms is not None]
    sea = " (sea layer on)" if into is not None else ""
    log(f"{spec.key}: {len(ms)} toggles{sea}, median {fmt_ms(median(ms))}")


def fmt_ms(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f} ms"
