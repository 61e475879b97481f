"""Broken data folders and the message each must produce.

Each case copies the bundled geodata/ into tmp_path, breaks one thing, and checks that
load_dataset raises a DataError whose problems name the file and say what is wrong.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import dashboard.data
import dashboard.files
from dashboard import cli
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset
from dashboard.problems import DataError, Problem
from tests import folders

# A polygon whose ring crosses itself (a bow-tie), placed where Shikotan is.
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[146.6, 43.7], [146.9, 43.9], [146.9, 43.7], [146.6, 43.9], [146.6, 43.7]]],
}


def edit_geojson(folder: Path, name: str, change: Callable[[list[dict]], None]) -> None:
    path = folder / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc["features"])
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def edit_yaml(folder: Path, name: str, change: Callable[[dict], None]) -> None:
    folders.edit_yaml(folder / name, change)


def catalogue_names(feature_id: str, **changes) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        names = next(f for f in doc["features"] if f["id"] == feature_id)["names"]
        for key, value in changes.items():
            if value is None:
                del names[key]
            else:
                names[key] = value

    return change


def land_props(feature_id: str, **changes) -> Callable[[list[dict]], None]:
    def change(features: list[dict]) -> None:
        feat = next(f for f in features if f["properties"]["id"] == feature_id)
        for key, value in changes.items():
            if value is None:
                del feat["properties"][key]
            else:
                feat["properties"][key] = value

    return change


def land_geometry(feature_id: str, geometry: dict) -> Callable[[list[dict]], None]:
    def change(features: list[dict]) -> None:
        next(f for f in features if f["properties"]["id"] == feature_id)["geometry"] = geometry

    return change


def truncate(name: str, at: Callable[[str], int]) -> Callable[[Path], None]:
    def brk(folder: Path) -> None:
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text[: at(text)], encoding="utf-8")

    return brk


def scenario_holder(doc: dict) -> None:
    sc = next(s for s in doc["scenarios"] if s["id"] == "declaration-1956")
    sc["holders"]["atlantis"] = "japan"


def fact_source(doc: dict) -> None:
    fact = next(f for f in doc["report"]["facts"] if f["id"] == "hokkaido-10km")
    fact["values"][0]["source"] = "no-such-source"


def area_as_list(doc: dict) -> None:
    doc["islands"][0]["area_km2"][0]["value"] = [3139, 3168]


def duplicate_catalogue_id(doc: dict) -> None:
    doc["features"].append(copy.deepcopy(doc["features"][0]))  # no YAML alias on dump


def feature_ru_latin(doc: dict) -> None:
    feat = next(f for f in doc["features"] if f["id"] == "kunashir")
    feat["names"]["ru"] = "Kunashir"


# (id, how to break the copy, file the problem names, phrase the problem says)
def district_of(island: str, party: str, new: str) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        districts = next(i for i in doc["islands"] if i["id"] == island)["districts"]
        districts[new] = districts.pop(party)

    return change


def names_source(feature_id: str, source: str) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        next(f for f in doc["features"] if f["id"] == feature_id)["names_sources"] = [source]

    return change


def rename_key(items: str, item_id: str, key: str, typo: str) -> Callable[[dict], None]:
    """A typo in one key of one item: the data it held must not vanish silently."""

    def change(doc: dict) -> None:
        rec = next(i for i in doc[items] if i["id"] == item_id)
        rec[typo] = rec.pop(key)

    return change


BROKEN = [
    (
        "scenario-key-typo",
        lambda d: edit_yaml(
            d, "scenarios.yaml", rename_key("scenarios", "status-quo", "claims", "claimz")
        ),
        "scenarios.yaml",
        "claimz: Extra inputs are not permitted. Hint: Did you mean 'claims'?",
    ),
    (
        "island-key-typo",
        lambda d: edit_yaml(
            d, "islands.yaml", rename_key("islands", "iturup", "administered_by", "administerd_by")
        ),
        "islands.yaml",
        "Did you mean 'administered_by'?",
    ),
    (
        "event-key-typo",
        lambda d: edit_yaml(
            d, "events.yaml", rename_key("events", "treaty-shimoda", "text", "txt")
        ),
        "events.yaml",
        "txt: Extra inputs are not permitted",
    ),
    (
        "district-of-an-unknown-party",
        lambda d: edit_yaml(d, "islands.yaml", district_of("iturup", "japan", "nippon")),
        "islands.yaml",
        "unknown party 'nippon'",
    ),
    (
        "catalogue-names-source-unknown",
        lambda d: edit_yaml(d, "features.yaml", names_source("iturup", "no-such-source")),
        "features.yaml",
        "names unknown source 'no-such-source'",
    ),
    (
        "land-bad-json",
        truncate("land.geojson", lambda t: len(t) // 2),
        "land.geojson",
        "is not valid JSON",
    ),
    (
        "land-feature-without-id",
        lambda d: edit_geojson(d, "land.geojson", land_props("shikotan", id=None)),
        "land.geojson",
        "has no 'id' property",
    ),
    (
        "land-duplicate-id",
        lambda d: edit_geojson(d, "land.geojson", land_props("yuri", id="akiyuri")),
        "land.geojson",
        "duplicate id",
    ),
    (
        "land-name-differs-from-the-catalogue",
        lambda d: edit_geojson(d, "land.geojson", land_props("shikotan", name_ja="Shikotan-to")),
        "land.geojson",
        "features.yaml says '色丹島'",
    ),
    (
        "catalogue-name-ja-in-latin",
        lambda d: edit_yaml(d, "features.yaml", catalogue_names("shikotan", ja="Shikotan-to")),
        "features.yaml",
        "Japanese name: expected japanese script",
    ),
    (
        "catalogue-name-ru-mixed-scripts",
        lambda d: edit_yaml(d, "features.yaml", catalogue_names("shikotan", ru="Шикотан Shikotan")),
        "features.yaml",
        "expected cyrillic script only, got latin letters",
    ),
    (
        "catalogue-name-missing-a-declared-language",
        lambda d: edit_yaml(d, "features.yaml", catalogue_names("shikotan", ru=None)),
        "features.yaml",
        "has no Russian name (ru)",
    ),
    (
        "catalogue-name-in-an-undeclared-language",
        lambda d: edit_yaml(d, "features.yaml", catalogue_names("shikotan", jp="色丹島")),
        "features.yaml",
        "'jp', a language view.yaml does not declare",
    ),
    (
        "view-language-with-an-unknown-script",
        lambda d: edit_yaml(d, "view.yaml", lambda v: v["languages"][1].update(script="kanji")),
        "view.yaml",
        "languages.1.script",
    ),
    (
        "land-bow-tie",
        lambda d: edit_geojson(d, "land.geojson", land_geometry("shikotan", BOW_TIE)),
        "land.geojson",
        "geometry is invalid: Self-intersection",
    ),
    (
        "catalogue-duplicate-id",
        lambda d: edit_yaml(d, "features.yaml", duplicate_catalogue_id),
        "features.yaml",
        "duplicate id",
    ),
    (
        "catalogue-name-ru-latin",
        lambda d: edit_yaml(d, "features.yaml", feature_ru_latin),
        "features.yaml",
        "Russian name: expected cyrillic script",
    ),
    (
        "scenario-unknown-island",
        lambda d: edit_yaml(d, "scenarios.yaml", scenario_holder),
        "scenarios.yaml",
        "unknown island or group 'atlantis'",
    ),
    (
        "fact-unknown-source",
        lambda d: edit_yaml(d, "report.yaml", fact_source),
        "report.yaml",
        "cites unknown source 'no-such-source'",
    ),
    (
        # cut inside the first flow mapping, "{value: 3139, sou", so it cannot parse
        "truncated-yaml",
        truncate("islands.yaml", lambda t: t.index("{value:") + 17),
        "islands.yaml",
        "is not valid YAML",
    ),
    (
        "area-value-a-list",
        lambda d: edit_yaml(d, "islands.yaml", area_as_list),
        "islands.yaml",
        "area_km2.0.value",
    ),
    (
        "missing-file",
        lambda d: (d / "events.yaml").unlink(),
        "events.yaml",
        "file is missing",
    ),
]


def _problems(folder: Path) -> list[Problem]:
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return info.value.problems


@pytest.mark.parametrize("brk,file,phrase", [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_folder_names_file_and_problem(geodata_copy, brk, file, phrase):
    brk(geodata_copy)
    problems = _problems(geodata_copy)
    assert any(p.file == file and phrase in str(p) for p in problems), problems


def test_file_over_the_size_limit(geodata_copy, monkeypatch):
    # land.geojson is about 1 MB; lowering the limit stands in for writing a huge file.
    monkeypatch.setattr(dashboard.files, "MAX_FILE_BYTES", 500_000)
    problems = _problems(geodata_copy)
    big = [p for p in problems if p.file == "land.geojson"]
    assert len(big) == 1
    assert "the limit is 500,000" in big[0].message
    assert "sea.geojson" not in {p.file for p in problems}  # about 0.2 MB: under the limit


def test_problem_names_the_feature(geodata_copy):
    edit_geojson(geodata_copy, "land.geojson", land_geometry("shikotan", BOW_TIE))
    (problem,) = _problems(geodata_copy)
    assert problem.item == "shikotan"
    assert str(problem).startswith("land.geojson: shikotan: geometry is invalid")
    assert "Hint:" in str(problem)


def test_every_problem_is_reported_not_just_the_first(geodata_copy):
    (geodata_copy / "events.yaml").unlink()
    (geodata_copy / "parties.yaml").unlink()
    files = {p.file for p in _problems(geodata_copy)}
    assert {"events.yaml", "parties.yaml"} <= files


@pytest.mark.parametrize(
    "problem,text",
    [
        (Problem("a.yaml", "x", "is wrong.", "Fix it."), "a.yaml: x: is wrong. Hint: Fix it."),
        (Problem("a.yaml", None, "is wrong."), "a.yaml: is wrong."),
    ],
)
def test_problem_text(problem, text):
    assert str(problem) == text


def test_bundled_folder_validates(dataset):
    assert dataset.problems == []
    assert len(dataset.land) > 0 and len(dataset.scenarios) > 0 and len(dataset.sources) > 0


def test_cli_validate_broken_folder_exits_1_and_lists_problems(geodata_copy, capsys):
    (geodata_copy / "events.yaml").unlink()
    assert cli.main(["validate", str(geodata_copy)]) == 1
    err = capsys.readouterr().err
    assert "events.yaml: file is missing." in err
    assert "1 problem(s) in" in err


def test_cli_validate_good_folder_exits_0(capsys):
    assert cli.main(["validate", str(DEFAULT_DATA_DIR)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "scenarios" in out
