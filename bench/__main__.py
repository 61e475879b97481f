"""`python -m bench`: our app, the plain baseline and the floor, measured in one run.

For each app, one at a time on its own free loopback port: cold starts (server start -> first
interactive map) with the page weight, then, on a fresh page, clicks on islands (click ->
heading in the main area, websocket bytes) and scenario toggles (radio click -> Shikotan
recoloured in the map). Then Python time per rerun with AppTest. One table of medians and p95s
goes to stdout and to bench/results.md; progress goes to stderr. Targets are judged, never
asserted: the exit code is 1 only when the bench itself broke.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from shapely.geometry import mapping, shape

from bench import wire
from bench.browser import (
    LOAD_TIMEOUT_MS,
    MAP_IFRAME,
    Sample,
    click_label,
    click_label_heading,
    click_map,
    launch,
    new_page,
    settle,
    wait_ready,
)
from bench.report import RerunTimes, Row
from bench.report import markdown_table as md_table
from bench.report import text_table as txt_table
from dashboard.atlas import Atlas
from dashboard.config import data_dir
from dashboard.data import load_dataset
from dashboard.layers import colour_of
from dashboard.scenarios import Scenarios
from tests.support.server import ROOT, Server, ServerError
from tests.support.stats import median

HERE = Path(__file__).resolve().parent
ISLANDS = ["iturup", "kunashir", "shikotan", "shibotsu"]  # shibotsu: a Habomai islet
TOGGLE_FEATURE = "shikotan"
SCENARIO_A, SCENARIO_B = "status-quo", "declaration-1956"
KB = 1024


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
    layered: bool  # ours: layers passed through feature_group_to_add, fetched from static files
    clicks: list[tuple[str, float, float, str]]  # (feature, lon, lat, heading expected)
    toggles: list[tuple[str, str]]  # (radio label, colour Shikotan must take) in click order
    toggle_heading: bool = False  # the floor: the radio only changes a heading
    highlight: bool = False
    breakdown: bool = False  # keep the server's websocket frames, to say where bytes go
    reload_per_click: bool = False  # the floor has one polygon: a fresh page per click
    prepare: bool = False  # ours: `python -m dashboard prepare` before the cold starts
    whole: str | None = None  # ours: CSS selector of the last section, drawn after the map
    clicks_per_island: int = 8
    n_toggles: int = 8
    n_cold: int = 5
    cap_cold_s: float = 60
    cap_clicks_s: float = 90
    cap_toggles_s: float = 60


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
    blocked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    py: RerunTimes = field(default_factory=RerunTimes)

    def click_ms(self, fid: str | None = None) -> list[float]:
        groups = [self.clicks.get(fid, [])] if fid else list(self.clicks.values())
        return [s.ms for g in groups for s in g if s.ms is not None]

    def click_samples(self) -> list[Sample]:
        return [s for g in self.clicks.values() for s in g if s.ms is not None]


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


# --- one app in the browser ----------------------------------------------------------------


def load_page(
    browser: Browser, server: Server, spec: Spec, res: Result, opened=None
) -> tuple[object, object, object]:
    """Open the app (on `opened`, a page made before the server started: a cold start; else
    on a fresh context); returns (context, page, traffic) once it settled."""
    cold = opened is not None
    if opened is None:
        opened = new_page(browser, server.url, keep_frames=spec.breakdown)
    ctx, page, traffic = opened
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
        wire, decoded, items = traffic.http()
        res.http_wire.append(wire / KB)
        res.http_decoded.append(decoded / KB)
        res.ws_load.append(sum(traffic.ws()) / KB)
        res.top_http = items[:6]
    return ctx, page, traffic


WHOLE_JS = """(sel) => document.querySelector(sel) ? performance.timeOrigin + performance.now()
    : null"""


def wait_drawn(page, selector: str) -> float:
    """When an element matching `selector` is first in the page (epoch ms, in-page)."""
    handle = page.wait_for_function(WHOLE_JS, arg=selector, polling="raf", timeout=LOAD_TIMEOUT_MS)
    return float(handle.json_value())


def cold_start(
    browser: Browser, spec: Spec, res: Result, log_path: Path, cache_dir: Path | None
) -> Server:
    """A new server, and a reader whose browser is already open (its context is made before
    the server starts, so Playwright's own set-up is not counted): server start -> map."""
    opened = new_page(browser, "http://127.0.0.1")
    server = Server(spec.app, log_path, cache_dir=cache_dir)
    try:
        res.health_s.append(server.wait_healthy())
        ctx, _, traffic = load_page(browser, server, spec, res, opened=opened)
        res.blocked += traffic.blocked
        ctx.close()
    except BaseException:
        server.stop()
        raise
    return server


def prepare(cache_dir: Path, res: Result, log_path: Path) -> None:
    """The deploy step: `python -m dashboard prepare` into `cache_dir`, timed."""
    env = dict(os.environ, DASHBOARD_CACHE=str(cache_dir))
    env.pop("DASHBOARD_DATA", None)
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


def bench_app(browser: Browser, spec: Spec, budget: Budget, logs: Path) -> Result:
    """Cold starts (a new server each), then two page loads on the warm last server; the
    second page is used for the clicks and toggles. Ours first starts once with nothing on
    disk, then is prepared (its deploy step) and started cold on what that wrote."""
    res = Result(clicks={fid: [] for fid, *_ in spec.clicks})
    cache_dir = None
    if spec.prepare:
        fresh = Path(tempfile.mkdtemp(prefix="bench-cache-empty-"))
        cold_start(browser, spec, res, logs / f"{spec.key}-unprepared.log", fresh).stop()
        res.cold_unprepared_s.append(res.cold_s.pop())
        res.cold_whole_s.pop()
        res.health_s.pop()
        log(f"{spec.key}: cold start, nothing on disk {res.cold_unprepared_s[-1]:.2f} s")
        cache_dir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
        prepare(cache_dir, res, logs / f"{spec.key}-prepare.log")
        log(f"{spec.key}: prepare {res.prepare_s[-1]:.1f} s")
    phase = budget.phase(spec.cap_cold_s, min_n=1)
    for i in range(max(spec.n_cold, 1)):
        server = cold_start(browser, spec, res, logs / f"{spec.key}-{i}.log", cache_dir)
        try:
            log(f"{spec.key}: cold start {res.cold_s[-1]:.2f} s")
            if i + 1 < spec.n_cold and phase.more(i + 1):
                continue
            for warm in range(2):
                ctx, page, traffic = load_page(browser, server, spec, res)
                log(f"{spec.key}: warm page load {res.warm_s[-1]:.2f} s")
                if warm == 0:
                    res.blocked += traffic.blocked
                    ctx.close()
            interact(page, traffic, spec, res, budget)
            res.blocked += traffic.blocked
            ctx.close()
            return res
        finally:
            server.stop()
    return res


def interact(page, traffic, spec: Spec, res: Result, budget: Budget) -> None:
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    settle(page, traffic)
    # in rounds over the islands; the floor (one island) needs more rounds for its minimum
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
    n = len(res.click_ms())
    log(f"{spec.key}: {n} clicks, median {fmt_ms(median(res.click_ms()))}")
    phase = budget.phase(spec.cap_toggles_s, min_n=4)
    for i in range(spec.n_toggles):
        if not phase.more(i):
            break
        label, colour = spec.toggles[i % len(spec.toggles)]
        if spec.toggle_heading:
            s = click_label_heading(page, traffic, label)
        else:
            s = click_label(page, traffic, label, TOGGLE_FEATURE, colour)
        res.toggles.append(s)
        if s.note:
            res.problems.append(f"{spec.key}: toggle to {label!r}: {s.note}")
    ms = [s.ms for s in res.toggles if s.ms is not None]
    log(f"{spec.key}: {len(ms)} toggles, median {fmt_ms(median(ms))}")


def fmt_ms(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f} ms"


# --- the data the three apps share ----------------------------------------------------------


@dataclass
class Data:
    atlas: Atlas
    scenarios: Scenarios
    land: dict  # id -> GeoJSON feature, as in land.geojson

    @classmethod
    def load(cls) -> Data:
        folder = data_dir()
        atlas = Atlas(load_dataset(str(folder)))
        raw = json.loads((folder / "land.geojson").read_text(encoding="utf-8"))
        land = {f["properties"]["id"]: f for f in raw["features"]}
        return cls(atlas, Scenarios(atlas), land)

    def point(self, fid: str) -> tuple[float, float]:
        p = shape(self.land[fid]["geometry"]).representative_point()
        return p.x, p.y

    def our_heading(self, fid: str) -> str:
        group = self.atlas.group_of(fid)
        return self.atlas.label(group if group in self.atlas.disputed else fid)

    def name_en(self, fid: str) -> str:
        return self.land[fid]["properties"]["name_en"]

    def toggles(self) -> list[tuple[str, str]]:
        out = []
        for sid in (SCENARIO_B, SCENARIO_A):
            holder = next(
                h.holder for h in self.scenarios.holdings(sid) if h.feature == TOGGLE_FEATURE
            )
            out.append((self.scenarios.get(sid).name, colour_of(self.atlas, holder)))
        return out

    # what the browser sends back on a click, for AppTest
    def our_click(self, fid: str):
        lon, lat = self.point(fid)
        value = {"last_clicked": {"lat": lat, "lng": lon}, "last_object_clicked_count": 1}
        from bench.apptest import Click  # imports Streamlit: only when needed

        return Click(value, self.our_heading(fid))

    def plain_click(self, fid: str):
        lon, lat = self.point(fid)
        f = self.land[fid]
        drawing = {
            "type": "Feature",
            "properties": dict(f["properties"]),
            "geometry": mapping(shape(f["geometry"])),
        }
        value = {"last_clicked": {"lat": lat, "lng": lon}, "last_active_drawing": drawing}
        from bench.apptest import Click

        return Click(value, self.name_en(fid))


# --- the table ------------------------------------------------------------------------------


def judge(*conds: bool | None) -> str:
    if any(c is None for c in conds):
        return "n/a"
    return "yes" if all(conds) else "no"


def lt(a: float | None, b: float | None, factor: float = 1.0) -> bool | None:
    return None if a is None or b is None else a <= factor * b


def build_rows(ours: Result, base: Result, floor: Result, radio_floor: list[float]):
    notes: list[str] = []
    floor_click = floor.click_ms()
    f_med = median(floor_click)
    o_click, b_click = ours.click_ms(), base.click_ms()
    o_tog = [s.ms for s in ours.toggles if s.ms is not None]
    b_tog = [s.ms for s in base.toggles if s.ms is not None]

    def ws_kb(samples, part):
        return [getattr(s, part) / KB for s in samples]

    o_cs, b_cs, f_cs = ours.click_samples(), base.click_samples(), floor.click_samples()
    o_ts = [s for s in ours.toggles if s.ms is not None]
    b_ts = [s for s in base.toggles if s.ms is not None]
    f_rs = [s for s in floor.toggles if s.ms is not None]

    def rtt(samples):
        return [s.server_ms for s in samples if s.server_ms is not None]

    hl = [s.highlight_ms for g in ours.clicks.values() for s in g if s.highlight_ms is not None]

    cold_ok = lt(median(ours.cold_s), 3.0)
    hl_ok = lt(median(hl), 50.0)
    click_floor = lt(median(o_click), f_med, 1.2)
    click_base = lt(median(o_click), median(b_click), 1.0)
    tog_floor = lt(median(o_tog), f_med, 1.2)
    tog_base = lt(median(o_tog), median(b_tog), 0.5)
    ws_ok = lt(median(ws_kb(o_cs, "ws_total")), 20.0)
    rows = [
        Row(
            "server start -> first interactive map",
            "s",
            ours.cold_s,
            base.cold_s,
            floor.cold_s,
            "< 3 s",
            judge(cold_ok),
        ),
        Row(
            "  the same to the whole page (the sections below the map follow it)",
            "s",
            ours.cold_whole_s,
            (),
            (),
            ratio=False,
        ),
        Row(
            "  the same with nothing on disk (no `prepare`, first start)",
            "s",
            ours.cold_unprepared_s,
            (),
            (),
            ratio=False,
        ),
        Row("  `python -m dashboard prepare` (deploy step)", "s", ours.prepare_s, (), ()),
        Row(
            "  of which server start -> health ok",
            "s",
            ours.health_s,
            base.health_s,
            floor.health_s,
        ),
        Row(
            "page load, warm server -> interactive map", "s", ours.warm_s, base.warm_s, floor.warm_s
        ),
        Row("page weight: HTTP on the wire", "KB", ours.http_wire, base.http_wire, floor.http_wire),
        Row(
            "page weight: HTTP decoded",
            "KB",
            ours.http_decoded,
            base.http_decoded,
            floor.http_decoded,
        ),
        Row("page weight: websocket, both ways", "KB", ours.ws_load, base.ws_load, floor.ws_load),
        Row(
            "click -> highlight in the map (client)",
            "ms",
            hl,
            (),
            (),
            "< 50 ms",
            judge(hl_ok),
            ratio=False,
        ),
        Row(
            "click -> details panel, all islands",
            "ms",
            o_click,
            b_click,
            floor_click,
            "<= 1.2x floor, <= 1.0x base",
            judge(click_floor, click_base),
        ),
    ]
    rows.append(
        Row(
            "  rerun: ws request -> last reply",
            "ms",
            rtt(o_cs),
            rtt(b_cs),
            rtt(f_cs),
        )
    )
    for fid in ISLANDS:
        rows.append(
            Row(
                f"  click -> panel: {fid}",
                "ms",
                ours.click_ms(fid),
                base.click_ms(fid),
                floor.click_ms(fid),
            )
        )
    rows += [
        Row(
            "websocket per click, both ways",
            "KB",
            ws_kb(o_cs, "ws_total"),
            ws_kb(b_cs, "ws_total"),
            ws_kb(f_cs, "ws_total"),
            "< 20 KB",
            judge(ws_ok),
        ),
        Row(
            "  browser -> server",
            "KB",
            ws_kb(o_cs, "ws_sent"),
            ws_kb(b_cs, "ws_sent"),
            ws_kb(f_cs, "ws_sent"),
        ),
        Row(
            "  server -> browser",
            "KB",
            ws_kb(o_cs, "ws_recv"),
            ws_kb(b_cs, "ws_recv"),
            ws_kb(f_cs, "ws_recv"),
        ),
        Row(
            "HTTP per click, on the wire",
            "KB",
            ws_kb(o_cs, "http_wire"),
            ws_kb(b_cs, "http_wire"),
            ws_kb(f_cs, "http_wire"),
        ),
        Row(
            "toggle -> recolour (floor: click floor)",
            "ms",
            o_tog,
            b_tog,
            floor_click,
            "<= 1.2x floor, < 0.5x base",
            judge(tog_floor, tog_base),
        ),
        Row("  radio click -> rerun shown, no map", "ms", (), (), radio_floor, ratio=False),
        Row("  rerun: ws request -> last reply", "ms", rtt(o_ts), rtt(b_ts), rtt(f_rs)),
        Row(
            "websocket per toggle, both ways",
            "KB",
            ws_kb(o_ts, "ws_total"),
            ws_kb(b_ts, "ws_total"),
            (),
        ),
        Row(
            "HTTP per toggle, on the wire",
            "KB",
            ws_kb(o_ts, "http_wire"),
            ws_kb(b_ts, "http_wire"),
            (),
        ),
        Row(
            "Python per click rerun (AppTest, whole script)",
            "ms",
            ours.py.click_ms,
            base.py.click_ms,
            floor.py.click_ms,
        ),
        Row(
            "Python per toggle rerun (AppTest, whole script)",
            "ms",
            ours.py.toggle_ms,
            base.py.toggle_ms,
            floor.py.toggle_ms,
        ),
    ]
    parts = {
        "click -> panel vs floor": click_floor,
        "click -> panel vs baseline": click_base,
        "toggle -> recolour vs floor": tog_floor,
        "toggle -> recolour vs baseline": tog_base,
    }
    missed = [k for k, v in parts.items() if v is False]
    if missed:
        notes.append("Missed parts of combined targets: " + "; ".join(missed) + ".")
    if f_med and median(o_click):
        notes.append(
            f"Click -> panel: ours is {median(o_click) / f_med:.2f}x the floor"
            + (f", toggle -> recolour {median(o_tog) / f_med:.2f}x" if o_tog else "")
            + (
                f" (and {median(o_tog) / median(radio_floor):.2f}x a bare radio rerun)"
                if o_tog and radio_floor
                else ""
            )
            + "."
        )
    return rows, notes


def machine_line(browser_version: str) -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    vers = ", ".join(
        f"{p} {metadata.version(p)}" for p in ("streamlit", "folium", "streamlit-folium")
    )
    return (
        f"{ncpu} cores ({cpu}); Python {platform.python_version()}; Chromium {browser_version}; "
        f"{vers}"
    )


# --- main -----------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--clicks", type=int, default=8, help="clicks per island (default 8)")
    p.add_argument("--toggles", type=int, default=8, help="scenario toggles (default 8)")
    p.add_argument("--cold", type=int, default=5, help="cold starts per app (default 5)")
    p.add_argument("--reruns", type=int, default=10, help="AppTest reruns (default 10)")
    p.add_argument(
        "--budget", type=float, default=420, help="seconds for the browser part (default 420)"
    )
    p.add_argument("--out", type=Path, default=HERE / "results.md")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.monotonic()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()[0]
    data = Data.load()
    toggles = data.toggles()
    budget = Budget(args.budget)
    common = dict(clicks_per_island=args.clicks, n_toggles=args.toggles, n_cold=args.cold)
    floor_spec = Spec(
        "floor",
        ROOT / "_bench_floor_app.py",
        False,
        [("shikotan", *data.point("shikotan"), data.name_en("shikotan"))],
        [(label, "") for label, _ in toggles],
        toggle_heading=True,
        reload_per_click=True,
        cap_cold_s=30,
        cap_clicks_s=30,
        cap_toggles_s=15,
        **common,
    )
    ours_spec = Spec(
        "ours",
        ROOT / "app.py",
        True,
        [(f, *data.point(f), data.our_heading(f)) for f in ISLANDS],
        toggles,
        highlight=True,
        breakdown=True,
        prepare=True,
        whole='[data-testid="stMain"] [data-testid="stTabs"]',
        cap_cold_s=70,
        cap_clicks_s=70,
        cap_toggles_s=35,
        **common,
    )
    base_spec = Spec(
        "base",
        ROOT / "_bench_baseline_app.py",
        False,
        [(f, *data.point(f), data.name_en(f)) for f in ISLANDS],
        toggles,
        breakdown=True,
        cap_cold_s=70,
        cap_clicks_s=90,
        cap_toggles_s=50,
        **common,
    )
    logs = Path(tempfile.mkdtemp(prefix="bench-logs-"))
    results: dict[str, Result] = {}
    try:
        with sync_playwright() as pw:
            browser = launch(pw)
            version = browser.version
            log(f"Chromium {version}; server logs in {logs}")
            # The floor first (every target is relative to it), the slow baseline last.
            with staged(HERE / "floor_app.py", floor_spec.app.name):
                results["floor"] = bench_app(browser, floor_spec, budget, logs)
            results["ours"] = bench_app(browser, ours_spec, budget, logs)
            with staged(HERE / "baseline_app.py", base_spec.app.name):
                results["base"] = bench_app(browser, base_spec, budget, logs)
            browser.close()
    except ServerError as exc:
        log(f"the bench broke: {exc}")
        return 1
    except Exception:  # the bench broke: say where, exit 1
        log("the bench broke:\n" + traceback.format_exc())
        return 1

    log("Python time per rerun (AppTest)")
    from bench import apptest  # imports Streamlit in this process: only now

    n = args.reruns
    sids = [SCENARIO_B, SCENARIO_A]
    try:
        results["ours"].py = apptest.measure(
            ROOT / "app.py",
            [data.our_click(f) for f in ISLANDS],
            sids,
            n,
            n,
            "map",
            20,
            radio=lambda at: at.radio(key="scenario_choice"),
        )
        results["base"].py = apptest.measure(
            HERE / "baseline_app.py",
            [data.plain_click(f) for f in ISLANDS],
            sids,
            n,
            n,
            None,
            30,
        )
        results["floor"].py = apptest.measure(
            HERE / "floor_app.py",
            [data.plain_click("shikotan")],
            [t[0] for t in toggles],
            n,
            n,
            None,
            8,
        )
    except Exception:  # AppTest broke: say where, exit 1
        log("AppTest broke:\n" + traceback.format_exc())
        return 1

    text, md = render(results, version, when, load_before, time.monotonic() - started)
    print(text)
    args.out.write_text(md + "\n", encoding="utf-8")
    log(f"table written to {args.out}")
    return 0


def render(
    results: dict[str, Result], version: str, when: str, load_before: float, elapsed: float
) -> tuple[str, str]:
    """The table with its header and notes, as plain text and as Markdown."""
    ours, base, floor = results["ours"], results["base"], results["floor"]
    radio_floor = [s.ms for s in floor.toggles if s.ms is not None]
    rows, notes = build_rows(ours, base, floor, radio_floor)
    blocked = ours.blocked + base.blocked + floor.blocked
    problems = ours.problems + base.problems + floor.problems
    problems += ours.py.problems + base.py.problems + floor.py.problems
    header = [
        f"Kuril dashboard benchmark, {when}",
        f"Machine: {machine_line(version)} (load average {load_before:.2f} at the start,"
        f" {os.getloadavg()[0]:.2f} at the end)",
        "Medians and p95 (linear interpolation) over repeated runs in one process; 'met?' judges"
        " the median. Times are in-page (event timestamp -> next frame after the change).",
        "KB = 1024 bytes. Floor = a map with one polygon and a heading (streamlit-folium's"
        " 250 ms debounce + an almost empty rerun). n = samples ours/baseline/floor.",
        "'rerun: ws request -> last reply' = first websocket frame the browser sends after the"
        " action -> last frame it receives (the whole rerun as the client sees it; it can end"
        " after the panel shows). Its floor column under the toggle is the bare radio.",
    ]
    footer = [
        f"Requests off loopback (failed at the dead proxy): {len(blocked)}"
        + (": " + ", ".join(blocked[:5]) if blocked else ""),
        f"Bench time: {elapsed:.0f} s.",
    ]
    footer += notes
    where = [
        ("ours, per click", [s.frames for s in ours.click_samples()]),
        ("ours, per toggle", [s.frames for s in ours.toggles if s.ms is not None]),
        ("baseline, per click", [s.frames for s in base.click_samples()]),
        ("baseline, per toggle", [s.frames for s in base.toggles if s.ms is not None]),
    ]
    for label, frames in where:
        if frames:
            footer.append(f"Server -> browser websocket bytes, {label}: {wire.describe(frames)}.")
    for key, res in (("ours", ours), ("baseline", base)):
        top = ", ".join(f"{n / KB:,.0f} KB {u.split('/', 3)[-1][:48]}" for n, u in res.top_http[:5])
        footer.append(f"Largest HTTP responses on first load ({key}, decoded): {top}.")
    if problems:
        footer.append(f"Samples left out or suspect ({len(problems)}):")
        footer += [f"  - {p}" for p in problems[:12]]
    text = "\n".join(header + ["", txt_table(rows), ""] + footer)
    md = "\n\n".join(
        [
            "# Benchmark results",
            "Written by `python -m bench` (`make bench`): one run on the machine below.",
            "\n".join(f"{h}  " for h in header),
            md_table(rows),
            "\n".join(f"- {f.strip()}" for f in footer),
        ]
    )
    return text, md


if __name__ == "__main__":
    sys.exit(main())
