"""Where the map goes when it shows a scenario, and what the card a click shows reads from
the scenario layer."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import box

from dashboard import layers, maps
from dashboard.framing import moved_bounds, view_bounds


def test_moved_bounds_hold_the_land_that_changes_hands(atlas, scenarios):
    frame = box(*moved_bounds(atlas, scenarios, "treaty-1875"))
    for fid in ("urup", "shumshu", "iturup"):
        assert frame.contains(atlas.geometry(fid).representative_point()), fid
    assert not frame.contains(atlas.geometry("sakhalin").representative_point())
    four = box(*moved_bounds(atlas, scenarios, "status-quo"))  # nothing moves: the four
    for place in atlas.disputed:
        assert four.buffer(1e-3).contains(atlas.geometry(place))
    assert box(*view_bounds(atlas, scenarios, "treaty-1875")).contains(frame)


def test_the_scenario_layer_tells_the_map_where_to_go(atlas, scenarios, model):
    fg = maps.build_scenario_layer(atlas, scenarios, "treaty-1875", model.urls, "kunashir")
    remote = [c for c in fg._children.values() if isinstance(c, maps.RemoteGeoJson)]
    opts = json.loads(remote[0].options_json)
    (s, w), (n, e) = opts["frame"]["keep"]
    (fs, fw), (fn, fe) = opts["frame"]["fit"]
    assert opts["frame"]["id"] == "treaty-1875"
    assert fw <= w < e <= fe and fs <= s < n <= fn
    assert opts["card"]["languages"] == [lang.code for lang in atlas.languages]


@pytest.mark.parametrize("fid", ["kunashir", "shibotsu", "urup"])
def test_the_layer_gives_the_card_names_and_the_measured_area(atlas, scenarios, fid):
    feats = layers.scenario_collection(atlas, scenarios, "status-quo")["features"]
    p = next(f["properties"] for f in feats if f["properties"]["id"] == fid)
    assert p["area_km2"] == round(atlas.area_km2(fid), 3)
    names = atlas.name(fid)
    for lang in atlas.languages:
        assert p[f"name_{lang.code}"] == names.get(lang.code)
