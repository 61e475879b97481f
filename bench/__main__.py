"""`python -m bench`: our app, the plain baseline and the floor, measured in one run.

For each app, one at a time on its own free loopback port, on the data folder the dashboard
reads ($DASHBOARD_DATA, or geodata/): cold starts (server start -> first interactive map) with
the page weight, then, on a fresh page, clicks on the folder's disputed islands (click ->
heading in the main area, websocket bytes) and scenario toggles (radio click -> an island
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
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from playwright.sync_api import sync_playwright
from shapely.geometry import mapping

from bench import FLOOR_CHOICES, FLOOR_FEATURE, FLOOR_LANGUAGE, rows, wire
from bench.browser import launch
from bench.folder import Folder
from bench.report import markdown_table, text_table
from bench.run import KB, Budget, Result, Spec, bench_app, log, staged
from tests.support.server import ROOT, ServerError

HERE = Path(__file__).resolve().parent


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


# --- the three apps on the folder ------------------------------------------------------------


def specs(folder: Folder, args: argparse.Namespace) -> dict[str, Spec]:
    """The floor first (every target is relative to it), the slow baseline last."""
    common = dict(
        folder=folder.path,
        toggle_feature=folder.toggle_feature,
        clicks_per_island=args.clicks,
        n_toggles=args.toggles,
        n_cold=args.cold,
    )
    toggles = [(t.label, t.colour) for t in folder.toggles]
    fid = folder.toggle_feature
    floor = Spec(
        "floor",
        ROOT / "_bench_floor_app.py",
        layered=False,
        clicks=[(fid, *folder.point(fid), folder.plain_heading(fid))],
        toggles=[(label, "") for label, _ in toggles],
        env=floor_env(folder),
        toggle_heading=True,
        reload_per_click=True,
        cap_cold_s=30,
        cap_clicks_s=30,
        cap_toggles_s=15,
        **common,
    )
    ours = Spec(
        "ours",
        ROOT / "app.py",
        layered=True,
        clicks=[(f, *folder.point(f), folder.our_heading(f)) for f in folder.islands],
        toggles=toggles,
        highlight=True,
        breakdown=True,
        prepare=True,
        whole='[data-testid="stMain"] [data-testid="stTabs"]',
        sea_toggle=SEA_TOGGLE,
        cap_cold_s=70,
        cap_clicks_s=70,
        cap_toggles_s=35,
        **common,
    )
    base = Spec(
        "base",
        ROOT / "_bench_baseline_app.py",
        layered=False,
        clicks=[(f, *folder.point(f), folder.plain_heading(f)) for f in folder.islands],
        toggles=toggles,
        breakdown=True,
        cap_cold_s=70,
        cap_clicks_s=90,
        cap_toggles_s=50,
        **common,
    )
    return {"floor": floor, "ours": ours, "base": base}


# The page's switch of the sea layer (dashboard/views/app.py).
SEA_TOGGLE = "Sea zones, median lines and high seas"


def floor_env(folder: Folder) -> dict[str, str]:
    return {
        FLOOR_FEATURE: folder.toggle_feature,
        # the default scenario first (selected as the page opens), then the one toggled to
        FLOOR_CHOICES: json.dumps([t.label for t in reversed(folder.toggles)]),
        FLOOR_LANGUAGE: folder.language,
    }


def browser_part(apps: dict[str, Spec], budget: Budget) -> tuple[dict[str, Result], str]:
    """Each app in Chromium, one at a time; (results, Chromium's version)."""
    logs = Path(tempfile.mkdtemp(prefix="bench-logs-"))
    sources = {"floor": HERE / "floor_app.py", "base": HERE / "baseline_app.py"}
    results: dict[str, Result] = {}
    with sync_playwright() as pw:
        browser = launch(pw)
        version = browser.version
        log(f"Chromium {version}; server logs in {logs}")
        for key, spec in apps.items():
            src = sources.get(key)
            with staged(src, spec.app.name) if src else contextlib.nullcontext():
                results[key] = bench_app(browser, spec, budget, logs)
        browser.close()
    return results, version


# --- Python per rerun (AppTest) --------------------------------------------------------------


def python_part(folder: Folder, results: dict[str, Result], n: int) -> None:
    """Python time per rerun of each app, with AppTest (in this process)."""
    from bench import apptest  # imports Streamlit in this process: only now

    sids = [t.sid for t in folder.toggles]
    results["ours"].py = apptest.measure(
        ROOT / "app.py",
        [our_click(folder, f) for f in folder.islands],
        sids,
        n,
        n,
        "map",
        20,
        radio=lambda at: at.radio(key="scenario_choice"),
    )
    results["base"].py = apptest.measure(
        HERE / "baseline_app.py",
        [plain_click(folder, f) for f in folder.islands],
        sids,
        n,
        n,
        None,
        30,
    )
    with environ(floor_env(folder)):
        results["floor"].py = apptest.measure(
            HERE / "floor_app.py",
            [plain_click(folder, folder.toggle_feature)],
            [t.label for t in folder.toggles],
            n,
            n,
            None,
            8,
        )


@contextlib.contextmanager
def environ(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def our_click(folder: Folder, fid: str):
    """What the browser sends our app on a click on `fid` (its map reads the position)."""
    from bench.apptest import Click

    lon, lat = folder.point(fid)
    value = {"last_clicked": {"lat": lat, "lng": lon}, "last_object_clicked_count": 1}
    return Click(value, folder.our_heading(fid))


def plain_click(folder: Folder, fid: str):
    """What the browser sends the baseline and the floor: the feature clicked, as drawn."""
    from bench.apptest import Click

    lon, lat = folder.point(fid)
    row = folder.ds.land.set_index("id").loc[fid]
    props = {k: v for k, v in row.items() if k != "geometry"}
    props["id"] = fid
    props["name"] = folder.plain_heading(fid)
    drawing = {"type": "Feature", "properties": props, "geometry": mapping(row.geometry)}
    value = {"last_clicked": {"lat": lat, "lng": lon}, "last_active_drawing": drawing}
    return Click(value, folder.plain_heading(fid))


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.monotonic()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()[0]
    try:
        folder = Folder.load()
        results, version = browser_part(specs(folder, args), Budget(args.budget))
    except ServerError as exc:
        log(f"the bench broke: {exc}")
        return 1
    except Exception:  # the bench broke: say where, exit 1
        log("the bench broke:\n" + traceback.format_exc())
        return 1
    log("Python time per rerun (AppTest)")
    try:
        python_part(folder, results, args.reruns)
    except Exception:  # AppTest broke: say where, exit 1
        log("AppTest broke:\n" + traceback.format_exc())
        return 1
    head = header(folder, version, when, load_before)
    text, md = render(folder, results, head, time.monotonic() - started)
    print(text)
    args.out.write_text(md + "\n", encoding="utf-8")
    log(f"table written to {args.out}")
    return 0


# --- the output ------------------------------------------------------------------------------


def machine_line(browser_version: str) -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    vers = ", ".join(
        f"{p} {metadata.version(p)}" for p in ("streamlit", "folium", "streamlit-folium")
    )
    return (
        f"{ncpu} cores ({cpu}); Python {platform.python_version()}; Chromium {browser_version}; "
        f"{vers}"
    )


def header(folder: Folder, version: str, when: str, load_before: float) -> list[str]:
    return [
        f"Dashboard benchmark, data folder {folder.path.name}/ ({folder.ds.view.title}), {when}",
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


def footer(results: dict[str, Result], notes: list[str], elapsed: float) -> list[str]:
    ours, base = results["ours"], results["base"]
    apps = [results[k] for k in rows.APPS]
    blocked = [b for r in apps for b in r.blocked]
    problems = [p for r in apps for p in r.problems] + [p for r in apps for p in r.py.problems]
    out = [
        f"Requests off loopback (failed at the dead proxy): {len(blocked)}"
        + (": " + ", ".join(blocked[:5]) if blocked else ""),
        f"Bench time: {elapsed:.0f} s.",
        *notes,
    ]
    where = [
        ("ours, per click", [s.frames for s in ours.click_samples()]),
        ("ours, per toggle", [s.frames for s in ours.toggle_samples()]),
        ("baseline, per click", [s.frames for s in base.click_samples()]),
        ("baseline, per toggle", [s.frames for s in base.toggle_samples()]),
    ]
    for label, frames in where:
        if frames:
            out.append(f"Server -> browser websocket bytes, {label}: {wire.describe(frames)}.")
    for key, res in (("ours", ours), ("baseline", base)):
        top = ", ".join(f"{n / KB:,.0f} KB {u.split('/', 3)[-1][:48]}" for n, u in res.top_http[:5])
        out.append(f"Largest HTTP responses on first load ({key}, decoded): {top}.")
    if problems:
        out.append(f"Samples left out or suspect ({len(problems)}):")
        out += [f"  - {p}" for p in problems[:12]]
    return out


def render(
    folder: Folder, results: dict[str, Result], head: list[str], elapsed: float
) -> tuple[str, str]:
    """The table with its header and notes, as plain text and as Markdown."""
    table, missed = rows.build(rows.row_specs(folder.islands), results)
    foot = footer(results, rows.notes(results, missed), elapsed)
    text = "\n".join(head + ["", text_table(table), ""] + foot)
    md = "\n\n".join(
        [
            "# Benchmark results",
            "Written by `python -m bench` (`make bench`): one run on the machine below.",
            "\n".join(f"{h}  " for h in head),
            markdown_table(table),
            "\n".join(f"- {f.strip()}" for f in foot),
        ]
    )
    return text, md


if __name__ == "__main__":
    sys.exit(main())
