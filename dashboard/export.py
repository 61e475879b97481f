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
    measure: str  # in English, as the CSV names it
    subject: str
    value: float
    unit: str
    key: str  # the measure's key in the page's catalogue (`measure.<key>`)
    party: str  # the party the measure names (a crossing inside its territorial sea), or ""


CSV_FIELDS = ["scenario", "measure", "subject", "value", "unit"]


def figure_rows(cons: Consequences, sid: str) -> list[FigureRow]:
    """One row a figure: scenario, measure, party or strait, value, unit; and, for the page,
    the measure's key in the catalogue and the party it names."""
    rows: list[FigureRow] = []

    def add(key: str, measure: str, subject: str, value: float, unit: str, party: str = "") -> None:
        rows.append(
            {
                "scenario": sid,
                "measure": measure,
                "subject": subject,
                "value": round(value, 3),
                "unit": unit,
                "key": key,
                "party": party,
            }
        )

    f = cons.frame
    for pl in cons.land(sid):
        add("land", "land of the disputed islands", pl.party, pl.km2, "km2")
        add("land_share", "share of the disputed islands' land", pl.party, 100 * pl.share, "%")
    for holder, area in cons.sea_km2(sid).items():
        ts = f"territorial sea ({f.territorial_nm:g} nm)"
        add("territorial_sea", ts, holder, area.territorial_km2, "km2")
        eez = f"exclusive economic zone ({f.eez_nm:g} nm)"
        add("eez", eez, holder, area.eez_km2, "km2")
        if f.inner_km2:
            inner = area.inner_territorial_km2 + area.inner_eez_km2
            add("zones_inside", f"zones inside {f.inner_name}", holder, inner, "km2")
            share = 100 * inner / f.inner_km2
            add("share_of", f"share of {f.inner_name}", holder, share, "%")
    for (a, b), line in cons.sea(sid).medians.items():
        add("median_line", "median line", f"{a} / {b}", _km(line), "km")
    add("high_seas_region", "high seas in the map's region", "", f.high_seas_km2, "km2")
    if f.inner_km2:
        inside = f"high seas inside {f.inner_name}"
        add("high_seas_inside", inside, "", f.inner_high_seas_km2, "km2")
    for s in cons.straits(sid):
        add("narrowest", "narrowest width", s.strait, s.width_km, "km")
        for party, km in s.cover_km.items():
            crossing = f"crossing inside the territorial sea of {party}"
            add("crossing_inside", crossing, s.strait, km, "km", party)
        add("crossing_outside", "crossing outside every territorial sea", s.strait, s.free_km, "km")
    for (p, q), gap in cons.shortest_between_parties(sid).items():
        add("shortest", "shortest distance between the parties' land", f"{p} / {q}", gap.km, "km")
    return rows


def figures_csv(cons: Consequences, sid: str) -> str:
    rows = figure_rows(cons, sid)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _inert(row[k]) for k in CSV_FIELDS})  # type: ignore[literal-required]
    return buf.getvalue()


# A cell starting with one of these runs as a formula in a spreadsheet (OWASP's list: = + - @,
# and tab and carriage return, which some spreadsheets skip before reading the formula).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """The cell as data: text that would start a formula gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
