"""The one table: plain text for the terminal, Markdown for results.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tests.support.stats import median, p95


@dataclass
class RerunTimes:
    """AppTest wall time of `at.run()` after a click and after a radio change."""

    click_ms: list[float] = field(default_factory=list)
    toggle_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Row:
    measure: str
    unit: str  # "ms", "s", "KB"
    ours: Sequence[float] = ()
    base: Sequence[float] = ()
    floor: Sequence[float] = ()
    target: str = ""
    met: str = ""  # "yes", "no", "" (no target), "n/a" (no data)
    ratio: bool = True

    def cells(self) -> list[str]:
        om, op = median(self.ours), p95(self.ours)
        bm, bp = median(self.base), p95(self.base)
        fm = median(self.floor)
        ratio = f"{om / bm:.2f}x" if self.ratio and om is not None and bm else "-"
        n = "/".join(str(len(x)) for x in (self.ours, self.base, self.floor))
        return [
            f"{self.measure} ({self.unit})",
            fmt(om, self.unit),
            fmt(op, self.unit),
            fmt(bm, self.unit),
            fmt(bp, self.unit),
            fmt(fm, self.unit),
            ratio,
            self.target or "-",
            self.met or "-",
            n,
        ]


HEAD = [
    "Measure",
    "ours med",
    "ours p95",
    "base med",
    "base p95",
    "floor med",
    "ours/base",
    "target",
    "met?",
    "n o/b/f",
]


def fmt(x: float | None, unit: str) -> str:
    if x is None:
        return "-"
    if unit == "s":
        return f"{x:.2f}"
    if unit == "KB":
        return f"{x:.1f}" if x < 100 else f"{x:,.0f}"
    return f"{x:.0f}" if abs(x) >= 10 else f"{x:.1f}"


def text_table(rows: list[Row]) -> str:
    body = [HEAD] + [r.cells() for r in rows]
    widths = [max(len(line[i]) for line in body) for i in range(len(HEAD))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in (0, 7, 8) else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(HEAD), rule] + [line(c) for c in body[1:]])


def markdown_table(rows: list[Row]) -> str:
    def esc(c: str) -> str:
        return c.replace("|", "\\|")

    out = ["| " + " | ".join(HEAD) + " |"]
    out.append("|" + "|".join(["---"] + ["---:"] * 6 + ["---", "---", "---:"]) + "|")
    out += ["| " + " | ".join(esc(c) for c in r.cells()) + " |" for r in rows]
    return "\n".join(out)
