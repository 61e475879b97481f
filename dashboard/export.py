"""A scenario's map data as GeoJSON and its figures as CSV (for downloads and the CLI)."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from typing import TypedDict

from shapely.geometry import mapping

from dashboard.consequences import Consequences
from dashboard.layers import static_features


@lru_cache(maxsize=64)
def scenario_geojson(cons: Consequences, sid: str) -> str:
    feats = []
    for h in cons.sc.holdings(sid):
        if h.feature in static_features(cons.atlas, cons.sc):
            continue  # land no scenario changes (Hokkaido, the mainland...) is left out
        feats.append(
            {
                "type": "Feature",
                "geometry": mapping(h.geometry),
                "properties": {
                    "id": h.feature,
                    "part": h.part,
                    "group": h.group,
                    "holder": h.holder,
                    "changed": h.changed,
                    "scenario": sid,
                },
            }
        )
    sea = cons.sea(sid)
    for party, geom in sea.territorial.items():
        feats.append(
            {
                "type": "Feature",
                "geometry": mapping(geom),
                "properties": {"id": f"territorial-sea-{party}", "holder": party, "scenario": sid},
            }
        )
    if sea.median is not None and not sea.median.is_empty:
        feats.append(
            {
                "type": "Feature",
                "geometry": mapping(sea.median),
                "properties": {"id": "median-line", "scenario": sid},
            }
        )
    cut = cons.sc.split_line(sid)
    if cut is not None:
        feats.append(
            {
                "type": "Feature",
                "geometry": mapping(cut.line),
                "properties": {"id": f"dividing-line-{cut.feature}", "scenario": sid},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)


class FigureRow(TypedDict):
    scenario: str
    measure: str
    subject: str
    value: float
    unit: str


@lru_cache(maxsize=64)
def figure_rows(cons: Consequences, sid: str) -> list[FigureRow]:
    """One row a figure: scenario, measure, party or strait, value, unit."""
    rows: list[FigureRow] = []

    def add(measure: str, subject: str, value: float, unit: str) -> None:
        rows.append(
            {
                "scenario": sid,
                "measure": measure,
                "subject": subject,
                "value": round(value, 3),
                "unit": unit,
            }
        )

    for pl in cons.land(sid):
        add("land of the disputed islands", pl.party, pl.km2, "km2")
        add("share of the disputed islands' land", pl.party, 100 * pl.share, "%")
    for party, (ts, side) in cons.sea_km2(sid).items():
        add("territorial sea in the box", party, ts, "km2")
        add("sea on its side of the median line in the box", party, side, "km2")
    for s in cons.straits(sid):
        add("narrowest width", s.strait, s.width_km, "km")
        for party, km in s.cover_km.items():
            add(f"crossing inside the territorial sea of {party}", s.strait, km, "km")
        add("crossing outside every territorial sea", s.strait, s.free_km, "km")
    for (p, q), gap in cons.shortest_between_parties(sid).items():
        add("shortest distance between the parties' land", f"{p} / {q}", gap.km, "km")
    return rows


@lru_cache(maxsize=64)
def figures_csv(cons: Consequences, sid: str) -> str:
    rows = figure_rows(cons, sid)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["scenario", "measure", "subject", "value", "unit"])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _inert(v) for k, v in row.items()})
    return buf.getvalue()


# A cell starting with one of these runs as a formula in a spreadsheet (OWASP's list: = + - @,
# and tab and carriage return, which some spreadsheets skip before reading the formula).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """The cell as data: text that would start a formula gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
