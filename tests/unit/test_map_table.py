"""The map's state as a table: who holds each island the scenario layer colours."""

from __future__ import annotations

import pytest

from dashboard import layers
from dashboard.map_table import holder_rows

PARTS = {"part": "handed over", "rest": "kept", "north": "north", "south": "south"}


@pytest.mark.parametrize("sid", ["status-quo", "treaty-1875", "area-split"])
def test_the_table_says_who_holds_each_island_the_map_colours(atlas, scenarios, sid):
    rows = holder_rows(atlas, scenarios, sid, PARTS)
    drawn = layers.scenario_collection(atlas, scenarios, sid)["features"]
    assert len(rows) == len(drawn)
    held = {(f["properties"]["id"], f["properties"]["part"]): f for f in drawn}
    for row, h in zip(rows, _layer_order(atlas, scenarios, sid), strict=True):
        assert row.holder == layers.holder_label(atlas, h.holder)
        assert row.changed == h.changed
        assert row.island.startswith(atlas.label(h.feature))
        assert (h.feature, h.part or "") in held
    first = {atlas.group_of(h.feature) for h in _layer_order(atlas, scenarios, sid)[:3]}
    assert first <= set(atlas.disputed), "the disputed islands come first"


def _layer_order(atlas, scenarios, sid):
    static = layers.static_features(atlas, scenarios)
    rank = {g: i for i, g in enumerate(atlas.disputed)}
    held = [h for h in scenarios.holdings(sid) if h.feature not in static]
    return sorted(held, key=lambda h: rank.get(atlas.group_of(h.feature), len(rank)))


def test_a_split_island_gives_a_row_a_part(atlas, scenarios):
    rows = holder_rows(atlas, scenarios, "area-split", PARTS)
    split = [r.island for r in rows if r.island.startswith(atlas.label("iturup"))]
    assert sorted(split) == sorted(f"{atlas.label('iturup')}, {p}" for p in ("handed over", "kept"))
