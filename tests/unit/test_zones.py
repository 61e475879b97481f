"""Maritime zones against figures worked out by hand, and what a change of holder changes."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Polygon, box

from dashboard import zones as z
from dashboard.model import Model, get_model
from tests.folders import SYNTHETIC

NM = 1852.0
KM_PER_DEG_LON = 111.320  # at the equator (WGS84), where the synthetic squares lie
KM_PER_DEG_LAT = 110.574


@pytest.fixture(scope="module")
def synthetic() -> Model:
    return get_model(SYNTHETIC)


def total_zone_km2(m: Model, sid: str) -> float:
    return sum(a.territorial_km2 + a.eez_km2 for a in m.cons.sea_km2(sid).values())


def test_the_sea_within_200_nm_of_the_squares_is_worked_out_by_hand(synthetic):
    """Steiner's formula: the land within r of a small cluster of islands, together with the
    sea, covers area(hull) + perimeter(hull) x r + pi r^2 (a plane is close enough for a
    cluster 20 km across at the equator; the curvature of a 370 km disc takes 0.03 %)."""
    land = shapely.union_all(list(synthetic.atlas.ds.land.geometry))
    hull = np.asarray(land.convex_hull.exterior.coords)
    xy = np.column_stack([hull[:, 0] * KM_PER_DEG_LON, hull[:, 1] * KM_PER_DEG_LAT])
    area = 0.5 * abs(np.dot(xy[:-1, 0], xy[1:, 1]) - np.dot(xy[1:, 0], xy[:-1, 1]))
    perimeter = float(np.hypot(*np.diff(xy, axis=0).T).sum())
    r = 200 * NM / 1000
    land_km2 = sum(synthetic.atlas.area_km2(f) for f in synthetic.atlas.ds.land["id"])
    expected = area + perimeter * r + math.pi * r**2 - land_km2
    assert total_zone_km2(synthetic, "status-quo") == pytest.approx(expected, rel=2e-3)


def test_the_median_between_two_facing_squares_is_their_bisector(synthetic):
    """Alpha (0-0.03°E) and Beta (0.06-0.09°E) face each other across the same latitudes:
    between them the median line is the meridian half way, 0.045°E."""
    line = synthetic.cons.zones.border("alpha", "beta")
    assert line is not None
    near = line.intersection(box(0.03, 0.005, 0.06, 0.025))
    xs = shapely.get_coordinates(near)[:, 0]
    assert len(xs) >= 2
    assert np.abs(xs - 0.045).max() * KM_PER_DEG_LON * 1000 < 50.0  # metres


def test_moving_an_island_moves_the_median_line_and_its_zones(synthetic):
    before, after = synthetic.cons.sea("status-quo"), synthetic.cons.sea("west-takes-alpha")
    assert ("north", "west") in before.medians and ("east", "north") in before.medians
    moved = before.medians[("north", "west")].hausdorff_distance(after.medians[("north", "west")])
    assert moved > 0.01  # degrees: the line between Northland and Westland is elsewhere
    alpha = synthetic.cons.zones.units["alpha"]
    gain = after.areas["west"].eez_km2 - before.areas["west"].eez_km2
    assert gain == pytest.approx(alpha.eez_km2, rel=1e-9)
    loss = before.areas["north"].eez_km2 - after.areas["north"].eez_km2
    assert loss == pytest.approx(alpha.eez_km2, rel=1e-9)
    assert total_zone_km2(synthetic, "status-quo") == pytest.approx(
        total_zone_km2(synthetic, "west-takes-alpha"), rel=1e-9
    )


def test_three_parties_each_meet_the_other_two(synthetic):
    medians = synthetic.cons.sea("status-quo").medians
    assert set(medians) == {("east", "north"), ("east", "west"), ("north", "west")}
    assert all(line.length > 0 for line in medians.values())


def test_land_held_jointly_has_zones_of_its_own(synthetic):
    areas = synthetic.cons.sea_km2("joint-beta")
    assert areas["joint"].eez_km2 == pytest.approx(
        synthetic.cons.sea_km2("status-quo")["east"].eez_km2
    )
    assert "east" not in areas


def test_an_edge_where_the_land_data_was_cut_is_not_a_coast():
    """Land cut by the data's region along 10°E: no sample on that edge, only on the coast."""
    land = box(9.0, 0.0, 10.0, 1.0)
    coast = z.sample_coasts([("cut", land)], 5000.0, (5.0, -5.0, 10.0, 5.0))
    assert len(coast) > 0
    assert (coast.lon < 10.0 - 1e-9).all() or np.isclose(coast.lat, [0.0, 1.0][0]).any()
    on_edge = np.isclose(coast.lon, 10.0) & (coast.lat > 1e-6) & (coast.lat < 1.0 - 1e-6)
    assert not on_edge.any()


def test_a_cape_is_sampled_even_between_evenly_spaced_points():
    """A sharp cape between two samples would leave the sea off it measured from the wrong
    place; every seaward corner is a sample."""
    cape = shapely.Polygon([(0, 0), (0.5, 0.0), (0.251, 0.3), (0.249, 0.3), (0, 0)])
    coast = z.sample_coasts([("cape", cape)], 50_000.0, (-10, -10, 10, 10))
    pts = np.column_stack([coast.lon, coast.lat])
    assert np.isclose(pts, [0.251, 0.3]).all(axis=1).any()


def test_densified_rings_keep_the_polygon():
    poly = shapely.Polygon([(0, 0), (100_000, 0), (100_000, 1), (0, 2)], [])
    out = z.densify(poly, 10_000.0)
    assert out.is_valid and out.area == pytest.approx(poly.area)
    assert len(out.exterior.coords) > len(poly.exterior.coords)


def test_nearest_coast_is_geodesic():
    """100 km along a meridian, measured from the coast of a box 1 degree of latitude away."""
    coast = LineString([(10.0, 1.0), (11.0, 1.0)])
    d = z.nearest_coast_m(10.5, 0.0, coast)
    assert d == pytest.approx(110_574.4, abs=5)  # one degree of latitude at the equator


def test_a_wide_tile_whose_water_folds_in_its_plane_is_still_divided(dataset):
    """The Sea of Okhotsk's north-west corner in one tile of 6 degrees (view.yaml allows tiles
    of up to 10): its water, valid in longitude and latitude, crosses itself once drawn in the
    tile's own plane where two coasts nearly touch, and GEOS refused to cut it ("side location
    conflict", a traceback for the reader) until it was repaired."""
    ds = dataset  # the bundled folder
    frame = (135.5, 57.25, 141.3, 63.0)
    land = [
        (f, g.simplify(0.001))
        for f, g in zip(ds.land["id"], ds.land.geometry, strict=True)
        if g.intersects(box(*frame).buffer(4))
    ]
    outer = shapely.union_all([Polygon(p.exterior) for _, g in land for p in shapely.get_parts(g)])
    coast = z.sample_coasts(land, 3000, ds.region)
    units = {f: np.flatnonzero(coast.feature == f) for f in dict.fromkeys(coast.feature)}
    zones = z.measure_zones(coast, outer, frame, units, tile_deg=6.0)
    mainland = zones.units["mainland"]
    assert mainland.ts_km2 > 0 and mainland.eez_km2 > 0
    assert mainland.ts.is_valid and mainland.eez.is_valid
