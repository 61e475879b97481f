"""Consistency over the bundled data: every name, reference and id the contracts rely on exists.

Script checks use Unicode character names, independently of the validators in records.py.
"""

from __future__ import annotations

import collections
import functools
import json
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from tests.folders import read_yaml

DESIGN_SCENARIOS = [
    "status-quo",
    "japan-claim",
    "declaration-1956",
    "area-split",
    "treaty-1855",
    "treaty-1875",
    "treaty-1905",
]
DESIGN_LAND = [
    "iturup",
    "kunashir",
    "shikotan",
    "hokkaido",
    "sakhalin",
    "kamchatka",
    "urup",
    "simushir",
    "ketoy",
    "matua",
    "rasshua",
    "ushishir",
    "onekotan",
    "kharimkotan",
    "shiashkotan",
    "ekarma",
    "chirinkotan",
    "makanrushi",
    "antsiferov",
    "raikoke",
    "paramushir",
    "atlasov",
    "shumshu",
    "brat-chirpoyev",
    "broutona",
]
# The Habomai islets: MOFA's five main islands (islands.yaml) and the smaller ones.
HABOMAI_ISLETS = {
    "suisho",
    "akiyuri",
    "yuri",
    "shibotsu",
    "taraku",
    "harukaru",
    "kaigara",
    "moemoshiri",
    "todo",
    "odoke",
}
# Too small for the land data: kept as points in places.geojson.
HABOMAI_POINTS = {"kaigara", "moemoshiri", "todo", "odoke"}


def _scripts(text: str) -> set[str]:
    out = set()
    for ch in text:
        name = unicodedata.name(ch, "")
        if name.startswith("CYRILLIC"):
            out.add("cyrillic")
        elif name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
            out.add("japanese")
        elif name.startswith("LATIN"):
            out.add("latin")
    return out


def _raw_yaml(path) -> Any:
    return read_yaml(path)


def _land_rows(dataset) -> list[dict]:
    return dataset.land.drop(columns="geometry").to_dict("records")


@pytest.mark.parametrize(
    "column,script", [("name_en", "latin"), ("name_ja", "japanese"), ("name_ru", "cyrillic")]
)
def test_every_land_feature_is_named_in_its_script(dataset, column, script):
    wrong = [row["id"] for row in _land_rows(dataset) if _scripts(row[column]) != {script}]
    assert wrong == []


def test_land_names_match_the_catalogue(dataset):
    for row in _land_rows(dataset):
        names = dataset.catalogue[row["id"]].names
        assert (row["name_en"], row["name_ja"], row["name_ru"]) == (names.en, names.ja, names.ru)
        assert row["group"] == dataset.catalogue[row["id"]].group


def test_every_catalogue_feature_is_named_in_three_scripts(dataset):
    for fid, feat in dataset.catalogue.items():
        n = feat.names
        assert "latin" in _scripts(n.en), fid
        assert "japanese" in _scripts(n.ja), fid
        assert _scripts(n.ru) == {"cyrillic"}, fid


def test_every_disputed_island_is_a_feature_or_group(dataset):
    land_ids, groups = set(dataset.land["id"]), set(dataset.land["group"])
    assert set(dataset.islands) == {"iturup", "kunashir", "shikotan", "habomai"}
    for iid in dataset.islands:
        assert iid in land_ids | groups


def test_every_scenario_names_only_land_that_exists(dataset):
    places = set(dataset.land["id"]) | set(dataset.land["group"])
    for sid, sc in dataset.scenarios.items():
        named = set(sc.holders) | {i for c in sc.claims.values() for i in c}
        if sc.split:
            named |= {sc.split.feature, *sc.split.share_of}
        assert named <= places, (sid, named - places)


@pytest.mark.parametrize("sid", DESIGN_SCENARIOS)
def test_design_scenario_exists(dataset, sid):
    assert sid in dataset.scenarios


def test_default_scenario_is_status_quo(scenarios):
    assert scenarios.default_id == "status-quo"


def test_every_scenario_gives_every_land_feature_a_holder(scenarios, dataset):
    for sid in dataset.scenarios:
        nobody = [h.key for h in scenarios.holdings(sid) if h.holder == scenarios.unheld]
        assert nobody == [], sid


@pytest.mark.parametrize("fid", DESIGN_LAND)
def test_design_land_id_exists(dataset, fid):
    assert fid in set(dataset.land["id"])


def test_sea_of_okhotsk_exists(dataset):
    assert list(dataset.sea["id"]) == ["sea-of-okhotsk"]
    assert dataset.sea_limits.sea == "sea-of-okhotsk"


def test_habomai_islets_have_group_habomai(dataset):
    habomai = {fid for fid, f in dataset.catalogue.items() if f.group == "habomai"}
    assert habomai == HABOMAI_ISLETS
    assert all(dataset.catalogue[fid].kind == "island" for fid in habomai)


def test_habomai_islets_are_polygons_or_points(dataset):
    land = set(dataset.land.loc[dataset.land["group"] == "habomai", "id"])
    points = set(dataset.places.loc[dataset.places["group"] == "habomai", "id"])
    assert land == HABOMAI_ISLETS - HABOMAI_POINTS
    assert points == HABOMAI_POINTS


def test_every_strait_lies_between_two_land_features(dataset):
    land = set(dataset.land["id"])
    straits = {fid: f for fid, f in dataset.catalogue.items() if f.kind == "strait"}
    assert {"nemuro-strait", "catherine-strait", "vries-strait"} <= set(straits)
    for fid, feat in straits.items():
        assert len(feat.between) == 2 and set(feat.between) <= land, fid


# Sources: the registry, and every id any data file cites, including the fields the loader's
# models ignore (`other_sources`, `names_sources`, `name_source`), which check_references skips.

SOURCE_KEYS = ("source", "name_source")
SOURCE_LIST_KEYS = ("other_sources", "names_sources")


def _cited(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SOURCE_KEYS and isinstance(value, str):
                yield value, where
            elif key in SOURCE_LIST_KEYS and isinstance(value, list):
                yield from ((v, where) for v in value if isinstance(v, str))
            yield from _cited(value, where)
    elif isinstance(node, list):
        for item in node:
            yield from _cited(item, where)


@functools.cache
def _registry() -> tuple[str, ...]:
    return tuple(
        s["id"]
        for path in sorted((DEFAULT_DATA_DIR / "sources").glob("*.yaml"))
        for s in _raw_yaml(path)["sources"]
    )


@functools.cache
def _all_citations() -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for path in sorted(DEFAULT_DATA_DIR.glob("*.yaml")):
        out += _cited(_raw_yaml(path), path.name)
    places = json.loads((DEFAULT_DATA_DIR / "places.geojson").read_text(encoding="utf-8"))
    out += _cited([f["properties"] for f in places["features"]], "places.geojson")
    return tuple(out)


def test_no_source_id_is_duplicated():
    counts = collections.Counter(_registry())
    assert [sid for sid, n in counts.items() if n > 1] == []


def test_every_cited_source_exists():
    cited_in = {where for _, where in _all_citations()}
    assert {"islands.yaml", "features.yaml", "report.yaml", "places.geojson"} <= cited_in
    registry = set(_registry())
    unknown = sorted({(sid, where) for sid, where in _all_citations() if sid not in registry})
    assert unknown == []


def test_every_source_is_cited_or_listed_in_sources_md():
    cited = {sid for sid, _ in _all_citations()}
    listed = (DEFAULT_DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    orphans = [sid for sid in _registry() if sid not in cited and sid not in listed]
    assert orphans == []


def test_every_report_check_names_existing_land(dataset):
    places = set(dataset.land["id"]) | set(dataset.land["group"])
    checks = [f.check for f in dataset.report.facts if f.check]
    assert checks
    for c in checks:
        assert {c.from_group, c.to} <= places
