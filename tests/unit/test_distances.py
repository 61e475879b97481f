"""Distances: the report's 10 km claim, the gaps between islands, strait widths, and the
nearest-gap geometry on hand-made shapes with a known answer."""

from __future__ import annotations

import pytest
from shapely.geometry import MultiPoint, Point, box

from dashboard import geometry as geo
from dashboard.atlas import Atlas


def _fact(dataset, fact_id):
    return next(f for f in dataset.report.facts if f.id == fact_id)


def test_report_less_than_10km_from_hokkaido_holds(atlas, dataset):
    result = atlas.check(_fact(dataset, "hokkaido-10km"))
    assert result is not None
    assert result.holds
    assert result.measured_km < 10


def test_nearest_islet_to_hokkaido_is_a_habomai_islet_at_about_7_4km(atlas, dataset):
    result = atlas.check(_fact(dataset, "hokkaido-10km"))
    assert result.nearest in atlas.members("habomai")
    assert atlas.group_of(result.nearest) == "habomai"
    # Published for Suishō (Tanfilyev) to Cape Nosappu: 7.8 km (wikipedia-en-tanfiliev) and
    # "about 7 km" (wikipedia-uk-suisho), see goyomai-strait in features.yaml.
    assert 7.0 <= result.measured_km <= 7.8
    assert result.gap.km == pytest.approx(result.measured_km)


def test_kaigara_point_is_closer_than_any_islet_polygon(atlas):
    # Kaigara is too small for the land data (a point in places.geojson): published 3.7 km off
    # Cape Nosappu (hoppou-islands-outline) and 3.3 km (wikipedia-it-sovetskij), ± 0.3 km for a
    # catalogue position given to about 100 m and the coast's simplification.
    assert "kaigara" not in atlas.members("habomai")
    assert 3.0 <= atlas.distance("kaigara", "hokkaido").km <= 4.0


def test_kunashir_is_about_16km_from_hokkaido(atlas):
    # Hokkaido Prefecture: "Kunashiri lies 16 km off Hokkaido's Notsuke Peninsula".
    assert 15.0 <= atlas.distance("kunashir", "hokkaido").km <= 17.5


def test_check_ignores_facts_without_a_check(atlas, dataset):
    unchecked = next(f for f in dataset.report.facts if f.check is None)
    assert atlas.check(unchecked) is None


# (strait, fraction of the published range allowed on either side, why)
STRAITS = [
    # Published 20 to 24 km (rounded to whole km): the shores in the land data are within
    # ~10 m, the position that picks the narrowest part within 30 km is the source's; 5 %
    # (about 1 km) is the rounding of the published figures.
    ("nemuro-strait", 0.05),
    ("catherine-strait", 0.05),
    ("vries-strait", 0.05),
    # Published only as "about 20 km" (Russian Wikipedia, and Italian Wikipedia after it). The
    # Hokkaido Prefecture gives 16 km for the same gap (report.yaml, hokkaido-10km), and the
    # land data agrees with that: 20 % is the disagreement between sources, not the map's error.
    ("izmena-strait", 0.20),
]


@pytest.mark.parametrize("strait,tolerance", STRAITS)
def test_strait_width_within_published_range(atlas, dataset, strait, tolerance):
    widths = [float(v.value) for v in dataset.catalogue[strait].width_km]
    assert widths, f"{strait} has no published width"
    gap = atlas.strait_width(strait)
    assert gap is not None
    assert min(widths) * (1 - tolerance) <= gap.km <= max(widths) * (1 + tolerance)


def test_goyomai_strait_is_under_10km(atlas):
    # Its published widths measure different endpoints (3.3 km to Kaigara, 7 to 7.8 km to
    # Suishō, "about 10 km"); the land data has Suishō, not Kaigara.
    gap = atlas.strait_width("goyomai-strait")
    assert gap is not None
    assert gap.km < 10


def test_strait_width_is_the_gap_between_its_two_shores(atlas, dataset):
    feat = dataset.catalogue["catherine-strait"]
    gap = atlas.strait_width("catherine-strait")
    a, b = (atlas.geometry(x) for x in feat.between)
    assert a.distance(gap.a) < 1e-6
    assert b.distance(gap.b) < 1e-6


def test_strait_without_two_shores_has_no_width(atlas, dataset, monkeypatch):
    one_shore = dataset.catalogue["nemuro-strait"].model_copy(update={"between": ["kunashir"]})
    monkeypatch.setitem(dataset.catalogue, "nemuro-strait", one_shore)
    assert Atlas(dataset).strait_width("nemuro-strait") is None  # a fresh, unmemoised Atlas


# Hand-made geometry, lon/lat on WGS84 (EPSG:4326), with answers known independently of the code:
# a degree of latitude is 111.1 km at 43.5°N; 0.1° of longitude on the equator is
# 6378.137 km * pi / 1800 = 11.132 km; 0.1° of latitude at 43.15°N is 11.11 km.
GAPS = [
    (Point(145, 43), Point(145, 44), 111.10, (145, 43), (145, 44)),
    (box(0, 0, 0.1, 0.1), box(0.2, 0, 0.3, 0.1), 11.132, (0.1, None), (0.2, None)),
    (box(145, 43, 145.1, 43.1), box(145, 43.2, 145.1, 43.3), 11.11, (None, 43.1), (None, 43.2)),
    # At 60°N 0.9° of longitude (50.2 km) is nearer than 0.6° of latitude (66.9 km): the nearest
    # point must be found in metres, not degrees.
    (Point(0, 60), MultiPoint([(0.9, 60), (0, 60.6)]), 50.22, (0, 60), (0.9, 60)),
]


@pytest.mark.parametrize(
    "a,b,km,at_a,at_b", GAPS, ids=["1deg-lat", "east-west", "north-south", "60N"]
)
def test_nearest_gap_on_hand_made_shapes(a, b, km, at_a, at_b):
    gap = geo.nearest_gap(a, b)
    assert gap.km == pytest.approx(km, abs=0.01)
    for point, (x, y) in ((gap.a, at_a), (gap.b, at_b)):
        if x is not None:
            assert point.x == pytest.approx(x, abs=1e-6)
        if y is not None:
            assert point.y == pytest.approx(y, abs=1e-6)


def test_nearest_gap_is_symmetric():
    a, b = box(145, 43, 145.1, 43.1), box(145.3, 43.4, 145.5, 43.5)
    assert geo.nearest_gap(a, b).km == pytest.approx(geo.nearest_gap(b, a).km, rel=1e-9)


@pytest.mark.parametrize(
    "a,b",
    [
        (box(0, 0, 1, 1), box(1, 0, 2, 1)),  # sharing an edge
        (box(0, 0, 1, 1), box(0.5, 0.5, 2, 2)),  # overlapping
        (box(0, 0, 1, 1), Point(0.5, 0.5)),  # a point inside
    ],
    ids=["touching", "overlapping", "inside"],
)
def test_distance_is_zero_when_shapes_meet(a, b):
    assert geo.distance_km(a, b) == 0.0


def test_buffer_is_built_in_kilometres_at_any_latitude():
    # A 10 km disc: 314.16 km², 0.16 % less for a 64-gon; the same at 60°N, where a buffer in
    # degrees would be half as wide east-west.
    for lat in (0, 60):
        assert geo.area_km2(geo.buffer_km(Point(10, lat), 10)) == pytest.approx(313.65, rel=1e-3)


def test_extend_line_continues_the_geodesic():
    p = geo.extend_line(Point(145, 43), Point(145, 44), 111.14)
    assert p.x == pytest.approx(145, abs=1e-9)
    assert p.y == pytest.approx(45, abs=0.01)
