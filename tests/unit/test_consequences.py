"""Sea consequences: the median line and territorial seas, on hand-made islands and real data."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, box

from dashboard.consequences import Consequences, equidistance_sides
from dashboard.scenarios import Scenarios


def test_median_line_between_two_equal_islands_is_the_perpendicular_bisector():
    # Two 10 km squares, 30 km apart, in metres: the median line is x = 20 km.
    west, east = box(0, 0, 10_000, 10_000), box(30_000, 0, 40_000, 10_000)
    frame = box(-50_000, -50_000, 90_000, 60_000)
    sides = equidistance_sides({"a": west, "b": east}, frame)
    line = sides["a"].boundary.intersection(sides["b"].boundary)
    xs = (
        [x for x, _ in line.coords]
        if isinstance(line, LineString)
        else [x for part in line.geoms for x, _ in part.coords]
    )
    assert min(xs) > 19_000 and max(xs) < 21_000
    assert sides["a"].area == pytest.approx(sides["b"].area, rel=0.02)  # symmetric
    assert sides["a"].union(sides["b"]).area == pytest.approx(frame.area, rel=1e-6)


def test_single_party_keeps_the_whole_frame():
    frame = box(0, 0, 100, 100)
    assert equidistance_sides({"a": box(10, 10, 20, 20)}, frame) == {"a": frame}


@pytest.fixture(scope="module")
def cons(scenarios: Scenarios) -> Consequences:
    return Consequences(scenarios)


@pytest.mark.parametrize(
    "sid, strait, holder",
    [
        ("status-quo", "catherine-strait", {"russia"}),
        ("status-quo", "vries-strait", {"russia"}),
        ("status-quo", "nemuro-strait", {"russia", "japan"}),
        ("japan-claim", "catherine-strait", {"japan"}),
        ("japan-claim", "vries-strait", {"russia", "japan"}),
        ("declaration-1956", "goyomai-strait", {"japan"}),
    ],
)
def test_which_territorial_sea_covers_each_strait(cons, sid, strait, holder):
    cover = {s.strait: s for s in cons.straits(sid)}[strait]
    assert {p for p, km in cover.cover_km.items() if km > 0.1} == holder
    assert cover.free_km == pytest.approx(0.0, abs=0.1)  # 12 nm each side closes them all


def test_territorial_seas_are_valid_and_do_not_overlap(cons):
    sea = cons.sea("status-quo")
    japan, russia = sea.territorial["japan"], sea.territorial["russia"]
    assert japan.is_valid and russia.is_valid
    assert japan.intersection(russia).area < 1e-6  # square degrees: nothing to speak of
    assert not sea.median.is_empty


def test_land_shares(cons):
    shares = {pl.party: pl.share for pl in cons.land("area-split")}
    assert shares["japan"] == pytest.approx(0.5, abs=0.001)
    shares = {pl.party: pl.share for pl in cons.land("declaration-1956")}
    assert 0.06 < shares["japan"] < 0.08  # "about 7 %"


def test_shortest_distance_between_parties(cons):
    def gap(sid: str) -> float:
        return cons.shortest_between_parties(sid)[("japan", "russia")].km

    assert gap("status-quo") == pytest.approx(7.4, abs=0.5)
    assert gap("declaration-1956") == pytest.approx(16.2, abs=1.0)
    assert gap("area-split") < 0.01  # a land border on Iturup


def test_exports(cons):
    import csv
    import io
    import json

    from dashboard.export import figures_csv, scenario_geojson

    doc = json.loads(scenario_geojson(cons, "declaration-1956"))
    holders = {f["properties"]["id"]: f["properties"].get("holder") for f in doc["features"]}
    assert holders["shikotan"] == "japan" and holders["iturup"] == "russia"
    assert "median-line" in holders
    rows = list(csv.DictReader(io.StringIO(figures_csv(cons, "declaration-1956"))))
    share = [r for r in rows if r["measure"].startswith("share") and r["subject"] == "japan"]
    assert 6 < float(share[0]["value"]) < 8
