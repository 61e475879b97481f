"""The engine on every data folder: the Kurils, the Falklands and the synthetic three-party
dispute. Each folder validates, measures, divides the sea and writes its layers and figures,
whatever its number of parties, languages or holders."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard import zones as z
from dashboard.cache import ModelCache
from dashboard.cli import main
from dashboard.export import figures_csv
from dashboard.model import Model, get_model
from dashboard.published import offered_languages
from tests.folders import FOLDER_IDS, FOLDERS

# Zones of two holders share at most their median line: what remains of their intersection
# is floating-point dust along it (km²).
OVERLAP_KM2 = 0.05
# A median line's points are as far from one holder's coast as from the other's, to within
# this (metres): the coasts are sampled, and simplified by about 100 m before they are.
MEDIAN_TOLERANCE_M = 250.0
# The high seas' edge lies 200 nautical miles from the nearest coast to within this (metres).
LIMIT_TOLERANCE_M = 100.0


@pytest.fixture(scope="module", params=FOLDERS, ids=FOLDER_IDS)
def bundle(request: pytest.FixtureRequest) -> Model:
    """The folder's model, as the page loads it (once per process: shared with AppTest)."""
    return get_model(request.param, ModelCache())  # the run's models, measured once


def scenario_ids(b: Model) -> list[str]:
    return [s.id for s in b.scenarios.ordered]


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDER_IDS)
def test_validate_says_ok(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr()
    assert ": OK (" in out.out, out.err


def test_every_disputed_island_has_a_computed_and_a_published_area(bundle: Model) -> None:
    atlas = bundle.atlas
    assert atlas.disputed
    for iid in atlas.disputed:
        cmp = atlas.area_comparison(iid)
        assert cmp.computed_km2 > 0, iid
        assert cmp.published and cmp.published_range is not None, iid


def test_every_scenario_gives_all_land_a_known_holder(bundle: Model) -> None:
    ds = bundle.atlas.ds
    allowed = set(ds.parties) | {k.id for k in ds.view.holders}
    for sid in scenario_ids(bundle):
        holdings = bundle.scenarios.holdings(sid)
        assert {h.feature for h in holdings} == set(ds.land["id"]), sid
        assert {h.holder for h in holdings} <= allowed, sid


def test_land_shares_sum_to_the_whole(bundle: Model) -> None:
    for sid in scenario_ids(bundle):
        land = bundle.cons.land(sid)
        assert land, sid
        assert sum(pl.share for pl in land) == pytest.approx(1.0), sid
        assert all(pl.km2 > 0 for pl in land), sid


def test_the_zones_of_two_holders_never_overlap(bundle: Model) -> None:
    """Summed over every pair of zones (a territorial sea or an EEZ of one unit of land) held
    by two holders, which counts any overlap of their merged zones at least once."""
    for sid in scenario_ids(bundle):
        sea = bundle.cons.sea(sid)
        holders = [sea.owner[u] for u in sea.units for _ in (0, 1)]
        pieces = [g for u in sea.units for g in (sea.units[u].ts, sea.units[u].eez)]
        assert len(set(holders)) >= 1, sid
        overlap: dict[tuple[str, str], float] = {}
        left, right = shapely.STRtree(pieces).query(pieces, predicate="intersects")
        for i, j in zip(left, right, strict=True):
            if i < j and holders[i] != holders[j]:
                pair = tuple(sorted((holders[i], holders[j])))
                km2 = geo.area_km2(pieces[i].intersection(pieces[j]))
                overlap[pair] = overlap.get(pair, 0.0) + km2
        assert all(km2 < OVERLAP_KM2 for km2 in overlap.values()), (sid, overlap)


def coasts_of(bundle: Model, sid: str) -> dict[str, BaseGeometry]:
    """Each holder's coast under a scenario: the outlines of the land it holds, one by one
    (from a point at sea, the nearest land is on the outline of one of them)."""
    held: dict[str, list] = {}
    for h in bundle.scenarios.holdings(sid):
        held.setdefault(h.holder, []).append(h.geometry.boundary)
    return {k: shapely.GeometryCollection(v) for k, v in held.items()}


def test_every_median_line_is_equidistant_from_the_two_coasts(bundle: Model) -> None:
    """Points spread along each median line of each scenario are as far from the nearest
    coast of one holder as from the nearest coast of the other, measured on the ellipsoid."""
    checked = 0
    for sid in scenario_ids(bundle):
        coasts = coasts_of(bundle, sid)
        for (a, b), line in bundle.cons.sea(sid).medians.items():
            for t in (0.13, 0.5, 0.87):
                p = line.interpolate(t, normalized=True)
                da = z.nearest_coast_m(p.x, p.y, coasts[a])
                db = z.nearest_coast_m(p.x, p.y, coasts[b])
                assert abs(da - db) < MEDIAN_TOLERANCE_M, (sid, a, b, p.wkt, da, db)
                checked += 1
    assert checked > 0


def test_the_high_seas_lie_beyond_200_nm_of_all_land_and_the_zones_within(bundle: Model) -> None:
    """Points just inside the high seas are more than 200 nm from every coast; points just
    outside them (in a zone) are not."""
    f = bundle.cons.frame
    hs = f.high_seas
    if hs.is_empty:
        pytest.skip("no high seas in this folder's frame")  # every folder has some, checked below
    land = shapely.union_all(list(bundle.atlas.ds.land.geometry)).boundary
    limit = f.eez_nm * z.NAUTICAL_MILE_M
    edge = hs.boundary.intersection(shapely.box(*f.frame).buffer(-0.2))
    for t in (0.1, 0.3, 0.5, 0.7, 0.9):
        p = edge.interpolate(t, normalized=True)
        d = z.nearest_coast_m(p.x, p.y, land)
        assert abs(d - limit) < LIMIT_TOLERANCE_M, (p.wkt, d)
        inside = hs.buffer(-0.02).intersection(p.buffer(0.05))
        outside = p.buffer(0.05).difference(hs.buffer(0.02))
        for q, beyond in ((inside, True), (outside, False)):
            if q.is_empty:
                continue
            r = q.representative_point()
            assert (z.nearest_coast_m(r.x, r.y, land) > limit) is beyond, (r.wkt, beyond)


def test_every_folder_has_high_seas_in_its_frame(bundle: Model) -> None:
    assert bundle.cons.frame.high_seas_km2 > 0


def test_the_shortest_distance_is_given_for_every_pair_of_parties(bundle: Model) -> None:
    for sid in scenario_ids(bundle):
        parties = sorted(
            {h.holder for h in bundle.scenarios.holdings(sid)} & set(bundle.atlas.ds.parties)
        )
        gaps = bundle.cons.shortest_between_parties(sid)
        assert set(gaps) == set(itertools.combinations(parties, 2)), sid
        assert all(g.km >= 0 for g in gaps.values()), sid


def test_layers_parse(bundle: Model) -> None:
    ds = bundle.atlas.ds
    allowed = set(ds.parties) | {k.id for k in ds.view.holders} | {""}
    ids = scenario_ids(bundle)
    assert set(bundle.layers) == {
        "base.geojson",
        *(f"scenario-{s}.geojson" for s in ids),
        *(f"sea-{s}.geojson" for s in ids),
        *(f"words.{lang}.json" for lang in offered_languages(bundle.atlas)),
    }
    for name, body in bundle.layers.items():
        doc = json.loads(body)
        if not name.endswith(".geojson"):
            continue
        assert doc["type"] == "FeatureCollection" and doc["features"], name
        for feat in doc["features"]:
            assert shape(feat["geometry"]).is_valid, (name, feat["properties"])
            holder = feat["properties"].get("holder")
            assert holder is None or holder in allowed, (name, holder)
    for sid in ids:
        sea = json.loads(bundle.layers[f"sea-{sid}.geojson"])["features"]
        held = {f["properties"]["holder"] for f in sea if f["properties"]["kind"] == "eez"}
        assert held == set(bundle.cons.sea_km2(sid)), sid


def test_the_figures_export_has_rows_for_every_scenario(bundle: Model) -> None:
    for sid in scenario_ids(bundle):
        rows = list(csv.DictReader(io.StringIO(figures_csv(bundle.cons, sid))))
        assert rows, sid
        assert {r["scenario"] for r in rows} == {sid}
        assert any(r["measure"] == "share of the disputed islands' land" for r in rows), sid
