"""The bench's table as data: one RowSpec per line, saying what each app's column reads from
its Result, the target and how the medians meet it. `build` turns them into report Rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.report import Row
from bench.run import Result
from tests.support.stats import median

KB = 1024
APPS = ("ours", "base", "floor")

Values = Callable[[Result], Sequence[float]]


@dataclass(frozen=True)
class Medians:
    ours: float | None
    base: float | None
    floor: float | None


# A target's parts, each judged on the row's medians: {what is compared: met?}; None = no data.
Rule = Callable[[Medians], dict[str, bool | None]]


@dataclass(frozen=True)
class RowSpec:
    measure: str
    unit: str  # "ms", "s", "KB"
    of: Values  # what the row measures, read from each app's Result
    apps: tuple[str, ...] = APPS  # the columns that have it
    floor_of: Values | None = None  # the floor column, when it holds another measure
    target: str = ""
    rule: Rule | None = None
    ratio: bool = True  # ours/base


# --- what a column reads -------------------------------------------------------------------


def field(name: str) -> Values:
    return lambda r: getattr(r, name)


def clicks(attr: str, per: float = 1.0) -> Values:
    """An attribute of every timed click (a Sample's), divided by `per`."""
    return lambda r: [
        getattr(s, attr) / per for s in r.click_samples() if getattr(s, attr) is not None
    ]


def toggles(attr: str, per: float = 1.0) -> Values:
    """An attribute of every timed toggle, divided by `per`."""
    return lambda r: [
        getattr(s, attr) / per for s in r.toggle_samples() if getattr(s, attr) is not None
    ]


def sea_toggles(attr: str, per: float = 1.0) -> Values:
    """An attribute of every timed toggle made with the sea layer on (ours only)."""
    return lambda r: [
        getattr(s, attr) / per for s in r.sea_toggle_samples() if getattr(s, attr) is not None
    ]


def clicks_on(fid: str) -> Values:
    return lambda r: r.click_ms(fid)


def highlights(r: Result) -> list[float]:
    return [s.highlight_ms for g in r.clicks.values() for s in g if s.highlight_ms is not None]


def cards(r: Result) -> list[float]:
    return [s.card_ms for g in r.clicks.values() for s in g if s.card_ms is not None]


# --- how a target is met -------------------------------------------------------------------


def lt(a: float | None, b: float | None, factor: float = 1.0) -> bool | None:
    return None if a is None or b is None else a <= factor * b


def under(limit: float) -> Rule:
    return lambda m: {"": lt(m.ours, limit)}


def against(name: str, floor: float, base: float) -> Rule:
    """Ours within `floor` times the floor and `base` times the baseline."""
    return lambda m: {
        f"{name} vs floor": lt(m.ours, m.floor, floor),
        f"{name} vs baseline": lt(m.ours, m.base, base),
    }


def judge(parts: dict[str, bool | None]) -> str:
    if any(v is None for v in parts.values()):
        return "n/a"
    return "yes" if all(parts.values()) else "no"


# --- the table -----------------------------------------------------------------------------

OURS = ("ours",)


def row_specs(islands: list[str]) -> list[RowSpec]:
    """Every line of the table, in order; one per clicked island."""
    return [
        RowSpec(
            "server start -> first interactive map",
            "s",
            field("cold_s"),
            target="< 3 s",
            rule=under(3.0),
        ),
        RowSpec(
            "  the same to the whole page (the sections below the map follow it)",
            "s",
            field("cold_whole_s"),
            OURS,
            ratio=False,
        ),
        RowSpec(
            "  the same with nothing on disk (no `prepare`, first start)",
            "s",
            field("cold_unprepared_s"),
            OURS,
            ratio=False,
        ),
        RowSpec("  `python -m dashboard prepare` (deploy step)", "s", field("prepare_s"), OURS),
        RowSpec("  of which server start -> health ok", "s", field("health_s")),
        RowSpec("page load, warm server -> interactive map", "s", field("warm_s")),
        RowSpec("page weight: HTTP on the wire", "KB", field("http_wire")),
        RowSpec("page weight: HTTP decoded", "KB", field("http_decoded")),
        RowSpec("page weight: websocket, both ways", "KB", field("ws_load")),
        RowSpec(
            "click -> highlight in the map (client)",
            "ms",
            highlights,
            OURS,
            target="< 50 ms",
            rule=under(50.0),
            ratio=False,
        ),
        RowSpec(
            "click -> the island's card in the map (client)",
            "ms",
            cards,
            OURS,
            target="< 50 ms",
            rule=under(50.0),
            ratio=False,
        ),
        RowSpec(
            "click -> details panel, all islands",
            "ms",
            clicks("ms"),
            target="<= 1.2x floor, <= 1.0x base",
            rule=against("click -> panel", 1.2, 1.0),
        ),
        RowSpec("  rerun: ws request -> last reply", "ms", clicks("server_ms")),
        *[RowSpec(f"  click -> panel: {fid}", "ms", clicks_on(fid)) for fid in islands],
        RowSpec(
            "websocket per click, both ways",
            "KB",
            clicks("ws_total", KB),
            target="< 20 KB",
            rule=under(20.0),
        ),
        RowSpec("  browser -> server", "KB", clicks("ws_sent", KB)),
        RowSpec("  server -> browser", "KB", clicks("ws_recv", KB)),
        RowSpec("HTTP per click, on the wire", "KB", clicks("http_wire", KB)),
        RowSpec(
            "toggle -> recolour (floor: click floor)",
            "ms",
            toggles("ms"),
            floor_of=clicks("ms"),
            target="<= 1.2x floor, < 0.5x base",
            rule=against("toggle -> recolour", 1.2, 0.5),
        ),
        RowSpec(
            "  radio click -> rerun shown, no map", "ms", toggles("ms"), ("floor",), ratio=False
        ),
        RowSpec("  rerun: ws request -> last reply", "ms", toggles("server_ms")),
        RowSpec("websocket per toggle, both ways", "KB", toggles("ws_total", KB), APPS[:2]),
        RowSpec("HTTP per toggle, on the wire", "KB", toggles("http_wire", KB), APPS[:2]),
        RowSpec(
            "toggle -> recolour, sea layer on (floor: click floor)",
            "ms",
            sea_toggles("ms"),
            OURS,
            floor_of=clicks("ms"),
            target="<= 1.2x floor",
            rule=lambda m: {"": lt(m.ours, m.floor, 1.2)},
            ratio=False,
        ),
        RowSpec("  websocket per toggle, sea layer on", "KB", sea_toggles("ws_total", KB), OURS),
        RowSpec(
            "  HTTP per toggle, sea layer on (its file, once a scenario)",
            "KB",
            sea_toggles("http_wire", KB),
            OURS,
        ),
        RowSpec("Python per click rerun (AppTest, whole script)", "ms", lambda r: r.py.click_ms),
        RowSpec("Python per toggle rerun (AppTest, whole script)", "ms", lambda r: r.py.toggle_ms),
    ]


def columns(spec: RowSpec, results: dict[str, Result]) -> list[Sequence[float]]:
    """The ours, base and floor values of a row."""

    def column(app: str) -> Sequence[float]:
        if app == "floor" and spec.floor_of is not None:
            return spec.floor_of(results[app])
        return spec.of(results[app]) if app in spec.apps else ()

    return [column(app) for app in APPS]


def build(specs: list[RowSpec], results: dict[str, Result]) -> tuple[list[Row], list[str]]:
    """The table's rows, and the parts of combined targets that were missed."""
    rows, missed = [], []
    for spec in specs:
        ours, base, floor = columns(spec, results)
        parts = spec.rule(Medians(median(ours), median(base), median(floor))) if spec.rule else {}
        if len(parts) > 1:
            missed += [name for name, met in parts.items() if met is False]
        met = judge(parts) if parts else ""
        rows.append(Row(spec.measure, spec.unit, ours, base, floor, spec.target, met, spec.ratio))
    return rows, missed


def notes(results: dict[str, Result], missed: list[str]) -> list[str]:
    """What the table implies in words: the missed parts, and ours against the floor."""
    out = [f"Missed parts of combined targets: {'; '.join(missed)}."] if missed else []
    f_click = median(clicks("ms")(results["floor"]))
    o_click = median(clicks("ms")(results["ours"]))
    o_tog = median(toggles("ms")(results["ours"]))
    radio = median(toggles("ms")(results["floor"]))
    if f_click and o_click:
        line = f"Click -> panel: ours is {o_click / f_click:.2f}x the floor"
        if o_tog is not None:
            line += f", toggle -> recolour {o_tog / f_click:.2f}x"
            if radio:
                line += f" (and {o_tog / radio:.2f}x a bare radio rerun)"
        out.append(line + ".")
    return out
