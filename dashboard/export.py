"""A scenario's map data as GeoJSON and its figures as CSV (for downloads and the CLI):
built when asked, from the measured model."""

from __future__ import annotations

import csv
import io
import json
from typing import TypedDict

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard.consequences import Consequences
from dashboard.scenarios import Holding


def scenario_geojson(cons: Consequences, sid: str) -> str:
    """What the page shows for a scenario, as GeoJSON features with `kind` (land,
    territorial-sea, eez, median-line, high-seas, dividing-line), `party` (the holder; for a
    median line the two, for the high seas none) and `area_km2` or `length_km`."""
    feats = [_land(h, sid) for h in cons.sc.holdings(sid)]
    sea = cons.sea(sid)
    for holder in sea.areas:
        ts, eez = sea.zones_of(holder)
        area = sea.areas[holder]
        feats.append(_feature("territorial-sea", holder, ts, sid, area_km2=area.territorial_km2))
        feats.append(_feature("eez", holder, eez, sid, area_km2=area.eez_km2))
    for (a, b), line in sea.medians.items():
        feats.append(_feature("median-line", [a, b], line, sid, length_km=_km(line)))
    hs = cons.frame.high_seas
    feats.append(_feature("high-seas", None, hs, sid, area_km2=cons.frame.high_seas_km2))
    cut = cons.sc.split_line(sid)
    if cut is not None:
        feats.append(
            _feature("dividing-line", None, cut.line, sid, length_km=_km(cut.line), id=cut.feature)
        )
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)


def _land(h: Holding, sid: str) -> dict:
    return _feature(
        "land",
        h.holder,
        h.geometry,
        sid,
        area_km2=geo.area_km2(h.geometry),
        id=h.feature,
        part=h.part,
        group=h.group,
        changed=h.changed,
    )


def _feature(kind: str, party, geom: BaseGeometry, sid: str, **props) -> dict:
    for key in ("area_km2", "length_km"):
        if key in props:
            props[key] = round(props[key], 3)
    return {
        "type": "Feature",
        "geometry": mapping(geom),
        "properties": {"kind": kind, "party": party, "scenario": sid, **props},
    }


def _km(line: BaseGeometry) -> float:
    return geo.GEOD.geometry_length(line) / 1000.0


class FigureRow(TypedDict):
    scenario: str
    measure: str
    subject: str
    value: float
    unit: str


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

    f = cons.frame
    for pl in cons.land(sid):
        add("land of the disputed islands", pl.party, pl.km2, "km2")
        add("share of the disputed islands' land", pl.party, 100 * pl.share, "%")
    for holder, area in cons.sea_km2(sid).items():
        add(f"territorial sea ({f.territorial_nm:g} nm)", holder, area.territorial_km2, "km2")
        add(f"exclusive economic zone ({f.eez_nm:g} nm)", holder, area.eez_km2, "km2")
        if f.inner_km2:
            inner = area.inner_territorial_km2 + area.inner_eez_km2
            add(f"zones inside {f.inner_name}", holder, inner, "km2")
            add(f"share of {f.inner_name}", holder, 100 * inner / f.inner_km2, "%")
    for (a, b), line in cons.sea(sid).medians.items():
        add("median line", f"{a} / {b}", _km(line), "km")
    add("high seas in the map's region", "", f.high_seas_km2, "km2")
    if f.inner_km2:
        add(f"high seas inside {f.inner_name}", "", f.inner_high_seas_km2, "km2")
    for s in cons.straits(sid):
        add("narrowest width", s.strait, s.width_km, "km")
        for party, km in s.cover_km.items():
            add(f"crossing inside the territorial sea of {party}", s.strait, km, "km")
        add("crossing outside every territorial sea", s.strait, s.free_km, "km")
    for (p, q), gap in cons.shortest_between_parties(sid).items():
        add("shortest distance between the parties' land", f"{p} / {q}", gap.km, "km")
    return rows


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
