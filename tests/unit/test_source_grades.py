"""Sources carry a grade (what they are, how they were read), and `validate` warns on a fact
that rests only on weak ones: every source 'other', or every one read in a mirror or a machine
translation. A stated `weak_source_reason` silences the warning; warnings never fail the folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dashboard import checks, cli
from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data import DataError, load_dataset
from tests.folders import edit_yaml, read_yaml

SOURCE_FILES = sorted((DEFAULT_DATA_DIR / "sources").glob("*.yaml"))
FALKLANDS = PROJECT_ROOT / "disputes" / "falklands"


def _add_source(folder: Path, **fields: Any) -> None:
    src = {"id": "test-weak", "title": "A weak source", **fields}
    edit_yaml(folder / "sources" / "dispute.yaml", lambda d: d["sources"].append(src))


def _add_fact(folder: Path, **fields: Any) -> str:
    """Give Iturup one more fact citing test-weak; return the item its warning names."""
    fact = {"text": "A fact for the test.", "source": "test-weak", **fields}
    n = {}

    def change(doc: dict) -> None:
        isl = next(i for i in doc["islands"] if i["id"] == "iturup")
        isl.setdefault("facts", []).append(fact)
        n["facts"] = len(isl["facts"])

    edit_yaml(folder / "islands.yaml", change)
    return f"iturup.facts.{n['facts']}"


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda p: p.name)
def test_every_bundled_source_has_kind_and_read(path):
    sources = read_yaml(path)["sources"]
    missing = [s["id"] for s in sources if not {"kind", "read"} <= set(s)]
    assert missing == []


@pytest.mark.parametrize("field", ["kind", "read"])
def test_a_source_without_a_grade_is_a_named_problem(geodata_copy, field):
    first: dict = {}

    def drop(doc: dict) -> None:
        first.update(doc["sources"][0])
        del doc["sources"][0][field]

    edit_yaml(geodata_copy / "sources" / "dispute.yaml", drop)
    with pytest.raises(DataError) as exc:
        load_dataset(geodata_copy)
    assert [(p.file, p.item) for p in exc.value.problems][:1] == [
        ("sources/dispute.yaml", first["id"])
    ]
    assert field in exc.value.problems[0].message


def test_an_unknown_grade_is_a_named_problem(geodata_copy):
    _add_source(geodata_copy, kind="blog", read="original")
    with pytest.raises(DataError) as exc:
        load_dataset(geodata_copy)
    (p,) = exc.value.problems
    assert (p.file, p.item) == ("sources/dispute.yaml", "test-weak")
    assert "kind" in p.message and "'primary'" in p.message


@pytest.mark.parametrize(
    "kind,read,warns",
    [
        ("other", "original", True),
        ("reference", "mirror", True),
        ("primary", "machine-translation", True),
        ("agency", "original", False),
        ("reference", "original", False),
        ("other", "translation", True),  # 'other', however it was read
        ("reference", "translation", False),
    ],
)
def test_a_fact_on_weak_sources_only_warns(geodata_copy, kind, read, warns):
    _add_source(geodata_copy, kind=kind, read=read)
    item = _add_fact(geodata_copy)
    ds = load_dataset(geodata_copy)
    found = [w for w in ds.warnings if (w.file, w.item) == ("islands.yaml", item)]
    assert bool(found) is warns
    if warns:
        assert "test-weak" in found[0].message and "weak_source_reason" in found[0].hint


def test_a_strong_other_source_lifts_the_warning(geodata_copy):
    _add_source(geodata_copy, kind="other", read="original")
    item = _add_fact(geodata_copy, other_sources=["mofa-territory"])
    assert [w for w in load_dataset(geodata_copy).warnings if w.item == item] == []


def test_a_stated_reason_silences_the_warning(geodata_copy):
    _add_source(geodata_copy, kind="other", read="original")
    item = _add_fact(geodata_copy, weak_source_reason="No official page gives it.")
    assert [w for w in load_dataset(geodata_copy).warnings if w.item == item] == []


def test_an_unknown_id_in_other_sources_is_a_problem(geodata_copy):
    _add_source(geodata_copy, kind="agency", read="original")
    _add_fact(geodata_copy, other_sources=["no-such-source"])
    with pytest.raises(DataError) as exc:
        load_dataset(geodata_copy)
    assert any("no-such-source" in p.message for p in exc.value.problems)


def test_validate_prints_warnings_and_still_exits_0(geodata_copy, capsys):
    _add_source(geodata_copy, kind="other", read="original")
    item = _add_fact(geodata_copy)
    assert cli.main(["validate", str(geodata_copy)]) == 0
    out, err = capsys.readouterr()
    assert f"warning: islands.yaml: {item}: rests only on sources of kind 'other'" in err
    assert "OK" in out and "1 warning(s)" in out


def test_the_bundled_data_has_no_weak_source_warnings(dataset):
    assert [str(w) for w in dataset.warnings] == []


# features.yaml and sea_limits.yaml: each row makes one fact rest on test-weak alone (and drops
# any stated reason); the warning names the file and the fact.


def _feature(fid: str, change) -> Callable[[dict], None]:
    def edit(doc: dict) -> None:
        change(next(f for f in doc["features"] if f["id"] == fid))

    return edit


def _weak(rec: dict) -> None:
    rec.update(source="test-weak", other_sources=[])
    rec.pop("weak_source_reason", None)


def _weak_names(rec: dict) -> None:
    rec["names_sources"] = ["test-weak"]
    rec.pop("names_weak_source_reason", None)


def _weak_values(key: str) -> Callable[[dict], None]:
    return lambda rec: rec.update({key: [{"value": 1, "source": "test-weak"}]})


def _sea(change) -> Callable[[dict], None]:
    return lambda doc: change(doc["sea_limits"])


def _first(key: str, change) -> Callable[[dict], None]:
    return lambda rec: change(rec[key][0])


def _line(rec: dict) -> None:
    _weak(rec)
    rec["corroborated_by"] = []


CATALOGUE_ROWS = [
    ("iturup", "names", _weak_names),
    ("iturup", "position", lambda f: _weak(f["position"])),
    ("hokkaido", "area_km2", _weak_values("area_km2")),
    ("hokkaido", "population", _weak_values("population")),
    ("nemuro-strait", "width_km", _weak_values("width_km")),
]
SEA_ROWS = [
    ("names", _weak_names),
    ("text", _weak),
    ("points.cape-nosappu", _first("points", _weak)),
    ("lines.southeast", _first("lines", _line)),
    ("sea.area_km2", _weak_values("area_km2")),
]


def _warned(folder: Path, file: str, item: str) -> list:
    return [w for w in load_dataset(folder).warnings if (w.file, w.item) == (file, item)]


@pytest.mark.parametrize(
    "fid,fact,change", CATALOGUE_ROWS, ids=[f"{r[0]}.{r[1]}" for r in CATALOGUE_ROWS]
)
def test_a_catalogue_fact_on_a_weak_source_warns(geodata_copy, fid, fact, change):
    _add_source(geodata_copy, kind="other", read="original")
    edit_yaml(geodata_copy / "features.yaml", _feature(fid, change))
    (w,) = _warned(geodata_copy, "features.yaml", f"{fid}.{fact}")
    assert "test-weak" in w.message


@pytest.mark.parametrize("item,change", SEA_ROWS, ids=[r[0] for r in SEA_ROWS])
def test_a_sea_limits_fact_on_a_weak_source_warns(geodata_copy, item, change):
    _add_source(geodata_copy, kind="reference", read="mirror")
    edit_yaml(geodata_copy / "sea_limits.yaml", _sea(change))
    (w,) = _warned(geodata_copy, "sea_limits.yaml", item)
    assert "test-weak" in w.message


def test_names_weak_source_reason_silences_the_names_warning(geodata_copy):
    _add_source(geodata_copy, kind="other", read="original")

    def change(feat: dict) -> None:
        _weak_names(feat)
        feat["names_weak_source_reason"] = "No gazetteer gives it."

    edit_yaml(geodata_copy / "features.yaml", _feature("iturup", change))
    assert _warned(geodata_copy, "features.yaml", "iturup.names") == []


def test_a_line_corroborated_by_a_strong_source_does_not_warn(geodata_copy):
    _add_source(geodata_copy, kind="other", read="original")

    def change(line: dict) -> None:
        _line(line)
        line["corroborated_by"] = ["mofa-territory"]

    edit_yaml(geodata_copy / "sea_limits.yaml", _sea(_first("lines", change)))
    assert _warned(geodata_copy, "sea_limits.yaml", "lines.southeast") == []


@pytest.mark.parametrize(
    "left_out,test,table",
    [
        ("_catalogue_facts", test_a_catalogue_fact_on_a_weak_source_warns, CATALOGUE_ROWS),
        ("_sea_facts", test_a_sea_limits_fact_on_a_weak_source_warns, SEA_ROWS),
    ],
)
def test_the_rows_fail_when_the_check_leaves_the_file_out(
    tmp_path, monkeypatch, left_out, test, table
):
    """The tables above bite: with the file's facts left out of the check, every row is red."""
    monkeypatch.setattr(checks, left_out, lambda *_: iter(()))
    for n, row in enumerate(table):
        folder = tmp_path / f"copy-{n}"
        shutil.copytree(DEFAULT_DATA_DIR, folder)
        with pytest.raises(ValueError):  # `(w,) = []`: nothing warned
            test(folder, *row)


def test_the_falklands_have_no_weak_source_warnings():
    assert [str(w) for w in load_dataset(FALKLANDS).warnings] == []


@pytest.mark.parametrize("folder", [DEFAULT_DATA_DIR, FALKLANDS], ids=["kurils", "falklands"])
def test_a_title_we_supplied_is_in_square_brackets_and_says_why(folder: Path) -> None:
    """Titles are the sources' own; where a source's own heading was not found, the title is
    supplied in square brackets (the bibliographic convention) and its note says so."""
    sources = load_dataset(folder).sources.values()
    for s in sources:
        supplied = s.title.startswith("[") and s.title.endswith("]")
        said = "Title supplied (in square brackets" in (s.note or "")
        assert supplied == said, f"{s.id}: title {s.title!r}, note {s.note!r}"
        assert "descriptive" not in (s.note or "").lower(), s.id
