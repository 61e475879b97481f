"""What a catalogue position is used for, checked against the committed land: an island's or a
land mass's position lies on its own polygon (within build.yaml `position_km`: the build gives
the polygon there the feature's name); a town's or a cape's marker lies on land; a strait's
point has both shores within `search_km` (its width is measured around the point). The
features.yaml records that rest on encyclopaedias for a position say so in a
weak_source_reason, and these checks are what that reason relies on."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import Point

from dashboard import geometry as geo
from dashboard.atlas import Atlas
from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data import load_dataset
from tests.folders import read_yaml

FOLDERS = [DEFAULT_DATA_DIR, *sorted((PROJECT_ROOT / "disputes").glob("*/"))]
# A town's or a cape's marker may sit this far off the land data's coast (a cape's tip is often
# cut off by the simplified polygon).
MARKER_KM = 1.0


@pytest.fixture(scope="module", params=FOLDERS, ids=lambda p: p.name)
def atlas(request) -> Atlas:
    return Atlas(load_dataset(request.param))


def _point(feat) -> Point:
    return Point(feat.position.lon, feat.position.lat)


def _position_km(folder: Path) -> float:
    return read_yaml(folder / "build.yaml")["position_km"]


def test_an_island_or_land_position_lies_on_its_own_polygon(atlas):
    limit = _position_km(atlas.ds.folder)
    land = atlas.ds.land.set_index("id")
    far = {
        fid: round(geo.distance_km(land.loc[fid].geometry, _point(f)), 2)
        for fid, f in atlas.ds.catalogue.items()
        if fid in land.index and geo.distance_km(land.loc[fid].geometry, _point(f)) > limit
    }
    assert far == {}


def test_a_town_or_cape_marker_lies_on_land(atlas):
    coast = atlas.ds.land.geometry.union_all()
    off = {
        fid: round(geo.distance_km(coast, _point(f)), 2)
        for fid, f in atlas.ds.catalogue.items()
        if f.kind in ("place", "cape") and geo.distance_km(coast, _point(f)) > MARKER_KM
    }
    assert off == {}


def test_a_strait_point_has_both_shores_within_its_search_radius(atlas):
    straits = [(fid, f) for fid, f in atlas.ds.catalogue.items() if f.kind == "strait"]
    far = {
        (fid, shore): round(geo.distance_km(atlas.geometry(shore), _point(f)), 1)
        for fid, f in straits
        for shore in f.between
        if geo.distance_km(atlas.geometry(shore), _point(f)) > f.search_km
    }
    assert far == {}
