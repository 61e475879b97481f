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
from shapely.geometry import shape

from dashboard import geometry as geo
from dashboard import layers
from dashboard.bundle import Bundle, load_bundle
from dashboard.cli import main
from dashboard.export import figures_csv
from tests.folders import FOLDER_IDS, FOLDERS, SYNTHETIC

# Territorial seas of two parties share at most their dividing line: what remains of their
# intersection is floating-point dust along it (km²).
OVERLAP_KM2 = 0.01
# The median line and the parties' sides are projected back to degrees apart, so they match
# to within rounding (degrees, about a metre).
ON_LINE_DEG = 1e-5


@pytest.fixture(scope="module", params=FOLDERS, ids=FOLDER_IDS)
def bundle(request: pytest.FixtureRequest) -> Bundle:
    """The folder's bundle, as the page loads it (once per process: shared with AppTest)."""
    return load_bundle(request.param)


def scenario_ids(b: Bundle) -> list[str]:
    return [s.id for s in b.scenarios.ordered]


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDER_IDS)
def test_validate_says_ok(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr()
    assert ": OK (" in out.out, out.err


def test_every_disputed_island_has_a_computed_and_a_published_area(bundle: Bundle) -> None:
    atlas = bundle.atlas
    assert atlas.disputed
    for iid in atlas.disputed:
        cmp = atlas.area_comparison(iid)
        assert cmp.computed_km2 > 0, iid
        assert cmp.published and cmp.published_range is not None, iid


def test_every_scenario_gives_all_land_a_known_holder(bundle: Bundle) -> None:
    ds = bundle.atlas.ds
    allowed = set(ds.parties) | {k.id for k in ds.view.holders}
    for sid in scenario_ids(bundle):
        holdings = bundle.scenarios.holdings(sid)
        assert {h.feature for h in holdings} == set(ds.land["id"]), sid
        assert {h.holder for h in holdings} <= allowed, sid


def test_land_shares_sum_to_the_whole(bundle: Bundle) -> None:
    for sid in scenario_ids(bundle):
        land = bundle.cons.land(sid)
        assert land, sid
        assert sum(pl.share for pl in land) == pytest.approx(1.0), sid
        assert all(pl.km2 > 0 for pl in land), sid


def test_territorial_seas_of_two_parties_do_not_overlap(bundle: Bundle) -> None:
    for sid in scenario_ids(bundle):
        seas = bundle.cons.sea(sid).territorial
        assert seas, sid
        for p, q in itertools.combinations(seas, 2):
            assert geo.area_km2(seas[p].intersection(seas[q])) < OVERLAP_KM2, (sid, p, q)


def test_the_median_line_runs_between_every_two_parties_present(bundle: Bundle) -> None:
    for sid in scenario_ids(bundle):
        sea = bundle.cons.sea(sid)
        parties = sorted(bundle.cons.party_land_local(sid))
        if len(parties) < 2:
            assert sea.median is None, sid
            continue
        assert sea.median is not None and sea.median.length > 0, sid
        for p, q in itertools.combinations(parties, 2):
            shared = sea.side[p].boundary.intersection(sea.side[q].boundary)
            if shared.length > 0:  # their sides meet: the median line is drawn there
                assert sea.median.buffer(ON_LINE_DEG).covers(shared), (sid, p, q)


def test_the_shortest_distance_is_given_for_every_pair_of_parties(bundle: Bundle) -> None:
    for sid in scenario_ids(bundle):
        parties = sorted(bundle.cons.party_land_local(sid))
        gaps = bundle.cons.shortest_between_parties(sid)
        assert set(gaps) == set(itertools.combinations(parties, 2)), sid
        assert all(g.km >= 0 for g in gaps.values()), sid


def test_the_three_parties_each_meet_the_other_two() -> None:
    b = load_bundle(SYNTHETIC)
    sid = b.scenarios.default_id
    sea = b.cons.sea(sid)
    assert sorted(sea.side) == ["east", "north", "west"]
    for p, q in itertools.combinations(sorted(sea.side), 2):
        shared = sea.side[p].boundary.intersection(sea.side[q].boundary)
        assert shared.length > 0, f"{p}'s and {q}'s sides of the median line do not meet"
        assert sea.median is not None and sea.median.buffer(ON_LINE_DEG).covers(shared)
    assert len(b.cons.shortest_between_parties(sid)) == 3
    held = {pl.party for pl in b.cons.land("joint-beta")}
    assert "joint" in held and "east" not in held  # a holder that is not a party holds land


def test_layers_are_written_and_parse(bundle: Bundle, tmp_path: Path) -> None:
    layers.write_layer_files(bundle.atlas, bundle.scenarios, tmp_path)
    ds = bundle.atlas.ds
    allowed = set(ds.parties) | {k.id for k in ds.view.holders}
    written = sorted(tmp_path.rglob("*.geojson"))
    names = {p.name for p in written}
    assert names == {"base.geojson", *(f"scenario-{s}.geojson" for s in scenario_ids(bundle))}
    for path in written:
        doc = json.loads(path.read_text("utf-8"))
        assert doc["type"] == "FeatureCollection" and doc["features"], path.name
        for feat in doc["features"]:
            assert shape(feat["geometry"]).is_valid, (path.name, feat["properties"].get("id"))
            holder = feat["properties"].get("holder")
            assert holder is None or holder in allowed, (path.name, holder)
    (annotations,) = tmp_path.rglob("annotations.json")
    assert isinstance(json.loads(annotations.read_text("utf-8")), dict)


def test_the_figures_export_has_rows_for_every_scenario(bundle: Bundle) -> None:
    for sid in scenario_ids(bundle):
        rows = list(csv.DictReader(io.StringIO(figures_csv(bundle.cons, sid))))
        assert rows, sid
        assert {r["scenario"] for r in rows} == {sid}
        assert any(r["measure"] == "share of the disputed islands' land" for r in rows), sid
