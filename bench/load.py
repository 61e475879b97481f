"""Load: concurrent browser sessions clicking islands and toggling scenarios, none lost.

`python -m bench.load [--sessions 20] [--seconds 60]` starts the app on loopback, opens that
many Chromium contexts at once (network cut to loopback) and has each alternate, for the given
time, between clicking an island on the map (checked: the panel shows that island) and
switching the scenario (checked: Shikotan takes the new holder's colour). It prints how many
actions were made, how many got the right answer, latency medians and p95, and the server's
memory per session. Loops are bounded in count and time; it never fails on a figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Page, async_playwright
from shapely.geometry import shape

from bench.chromium import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME
from bench.server import ROOT, serve

IFRAME = MAP_IFRAME
ISLANDS = {"iturup": "Iturup", "kunashir": "Kunashir", "shikotan": "Shikotan"}
SCENARIOS = [
    ("Status quo (since 1945)", "#0072B2"),
    ("1956 Joint Declaration (two islands)", "#D55E00"),
]
ACTION_TIMEOUT_MS = 30_000
MAX_ACTIONS = 400


@dataclass
class Tally:
    clicks: list[float] = field(default_factory=list)
    toggles: list[float] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def points() -> dict[str, tuple[float, float]]:
    feats = json.loads((ROOT / "geodata" / "land.geojson").read_text("utf-8"))["features"]
    out = {}
    for f in feats:
        if f["properties"]["id"] in ISLANDS:
            p = shape(f["geometry"]).representative_point()
            out[f["properties"]["id"]] = (p.x, p.y)
    return out


async def map_frame(page: Page):
    handle = await page.wait_for_selector(IFRAME, state="attached", timeout=120_000)
    frame = await handle.content_frame()
    await frame.wait_for_function(
        "() => window.map && window.__layersReady && Object.keys(window.__layersReady).length >= 2",
        timeout=120_000,
    )
    return frame


async def idle(page: Page) -> None:
    await page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]',
        state="attached",
        timeout=120_000,
    )


async def click_island(page: Page, fid: str, lonlat: tuple[float, float]) -> None:
    frame = await map_frame(page)
    x, y = await frame.evaluate(
        "([lat, lon]) => { const p = map.latLngToContainerPoint([lat, lon]);"
        " const b = map.getContainer().getBoundingClientRect();"
        " return [b.left + p.x, b.top + p.y]; }",
        [lonlat[1], lonlat[0]],
    )
    box = await (await page.query_selector(IFRAME)).bounding_box()
    await page.mouse.click(box["x"] + x, box["y"] + y)
    await (
        page.get_by_test_id("stMain")
        .get_by_role("heading", name=ISLANDS[fid], exact=True)
        .wait_for(timeout=ACTION_TIMEOUT_MS)
    )


async def toggle(page: Page, label: str, colour: str) -> None:
    await page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
    frame = await map_frame(page)
    await frame.wait_for_function(
        """(colour) => { for (const k in map._layers) { const l = map._layers[k];
            if (l.feature && l.feature.properties.id === 'shikotan')
              return (l.options.fillColor || '').toUpperCase() === colour; } return false; }""",
        arg=colour,
        timeout=ACTION_TIMEOUT_MS,
    )
    await idle(page)


async def session(n: int, browser, url: str, seconds: float, tally: Tally, pts) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})

    async def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            await route.continue_()
        else:
            tally.blocked.append(route.request.url)
            await route.abort()

    await ctx.route("**/*", guard)
    page = await ctx.new_page()
    await asyncio.sleep(0.5 * n)  # readers arrive over a few seconds, not in one instant
    try:
        try:
            await page.goto(url, timeout=120_000)
            await map_frame(page)
            await idle(page)
        except Exception as exc:  # a page that never became usable is a lost session
            tally.lost.append(f"session {n} page load: {type(exc).__name__}")
            return
        until = time.monotonic() + seconds  # the session's time starts once its page is up
        order = list(ISLANDS)
        for i in range(MAX_ACTIONS):
            if time.monotonic() > until:
                break
            t = time.perf_counter()
            if i % 2 == 0:
                fid = order[(i // 2 + n) % len(order)]
                what = f"session {n} click {fid}"
                coro, bucket = click_island(page, fid, pts[fid]), tally.clicks
            else:
                label, colour = SCENARIOS[(i // 2 + 1) % 2]
                what = f"session {n} toggle to {label}"
                coro, bucket = toggle(page, label, colour), tally.toggles
            try:
                await coro
                bucket.append(time.perf_counter() - t)
            except Exception as exc:  # a wrong or missing answer: counted as lost
                tally.lost.append(f"{what}: {type(exc).__name__}")
                await idle(page)
    finally:
        await ctx.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


async def run(sessions: int, seconds: float) -> int:
    tally = Tally()
    pts = points()
    with tempfile.TemporaryDirectory() as tmp, serve(ROOT / "app.py", Path(tmp) / "log") as srv:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm = Tally()
            await session(0, browser, srv.url, 5, warm, pts)
            base = rss_mb(srv.proc.pid)
            peak = base

            async def watch():
                nonlocal peak
                while True:
                    peak = max(peak, rss_mb(srv.proc.pid))
                    await asyncio.sleep(1)

            watcher = asyncio.create_task(watch())
            t0 = time.monotonic()
            await asyncio.gather(
                *(session(n, browser, srv.url, seconds, tally, pts) for n in range(1, sessions + 1))
            )
            elapsed = time.monotonic() - t0
            watcher.cancel()
            await browser.close()
    done = len(tally.clicks) + len(tally.toggles)
    print(
        f"{sessions} concurrent sessions for {seconds:.0f} s (ran {elapsed:.0f} s), loopback only"
    )
    print(f"actions: {done + len(tally.lost)}  right answer: {done}  lost: {len(tally.lost)}")
    for name, xs in (("click -> panel", tally.clicks), ("toggle -> recolour", tally.toggles)):
        median = statistics.median(xs) * 1000 if xs else float("nan")
        p95 = pct(xs, 0.95) * 1000
        print(f"{name:>20}: n={len(xs):4d}  median {median:7.0f} ms  p95 {p95:7.0f} ms")
    print(
        f"server memory: {base:.0f} MB after one session, peak {peak:.0f} MB with {sessions}; "
        f"{(peak - base) / sessions:.1f} MB per session"
    )
    print(f"requests off loopback: {len(tally.blocked)}")
    for line in tally.lost[:20]:
        print("  lost:", line)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args(argv)
    return asyncio.run(run(min(args.sessions, 40), min(args.seconds, 300.0)))


if __name__ == "__main__":
    sys.exit(main())
