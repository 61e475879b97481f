"""Hostile data folders: each row is one broken or crafted copy of geodata/ and what
`validate` must say about it. Rows that would exhaust memory or crash run `validate` in a child
process with its address space capped, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from dashboard.cli import main as cli_main
from dashboard.config import MAX_FEATURE_VERTICES, PROJECT_ROOT
from tests.folders import parse_yaml
from tests.hostile import PAYLOAD_HOST
from tests.unit.test_validation import edit_yaml

MEMORY_CAP = 3 << 30  # bytes of address space for a child `validate`
# Nine levels of nine references to the level below: 9**9 (387 million) strings once expanded.
_LEVELS = "abcdefghi"
BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]" for a, b in itertools.pairwise(_LEVELS)]
)


def _sawtooth(n: int, lon: float = 150.0, lat: float = 44.0) -> dict:
    """A valid polygon with n vertices: a comb of teeth 0.01° high along 1° of longitude."""
    x = np.linspace(lon, lon + 1, n // 2)
    top = np.c_[x, lat + 0.01 * (np.arange(n // 2) % 2)]
    ring = np.vstack([top, np.c_[x[::-1], np.full(n // 2, lat - 0.1)], top[:1]])
    return {"type": "Polygon", "coordinates": [ring.round(6).tolist()]}


def _land(folder: Path, edit: Callable[[dict], None]) -> None:
    path = folder / "land.geojson"
    doc = json.loads(path.read_text("utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc), "utf-8")


def _add_comb(doc: dict, n: int, fid: str = "comb") -> None:
    doc["features"].append(
        {
            "type": "Feature",
            "properties": {
                "id": fid,
                "name_en": "Comb",
                "name_ja": "櫛",
                "name_ru": "Гребень",
                "group": "mainland",
            },
            "geometry": _sawtooth(n),
        }
    )


def _view(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        edit_yaml(folder, "view.yaml", edit)

    return apply


def _scenario_name(sid: str, name: object) -> Callable[[Path], None]:
    def edit(doc: dict) -> None:
        next(s for s in doc["scenarios"] if s["id"] == sid)["name"] = name

    return lambda folder: edit_yaml(folder, "scenarios.yaml", edit)


def _write(name: str, text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text(text, "utf-8")


def _edit_text(name: str, edit: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_text(edit(path.read_text("utf-8")), "utf-8")

    return apply


def _first_event_id(value: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        edit_yaml(folder, "events.yaml", lambda d: d["events"][0].__setitem__("id", value))

    return apply


def _billion_laughs_event(folder: Path) -> None:
    path = folder / "events.yaml"
    text = path.read_text("utf-8")
    head = BILLION_LAUGHS + "\n"
    first_id = parse_yaml(text)["events"][0]["id"]
    path.write_text(head + text.replace(f"id: {first_id}", "id: *i", 1), "utf-8")


def _billion_laughs_title(folder: Path) -> None:
    path = folder / "view.yaml"
    text = path.read_text("utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("title:")]
    path.write_text(BILLION_LAUGHS.replace("i: &i", "title: &i") + "\n" + "\n".join(lines), "utf-8")


def _nested(folder: Path) -> None:
    (folder / "land.geojson").write_text("[" * 100_000 + "]" * 100_000, "utf-8")


def _unreadable_link(folder: Path) -> None:
    """land.geojson as a link to a file that is there but cannot be read (reading it fails
    even for root, which can read any file whose permissions forbid it)."""
    (folder / "land.geojson").unlink()
    (folder / "land.geojson").symlink_to("/proc/self/mem")


def _bad_source_url(folder: Path) -> None:
    url = f"https://x\n\n![p][r1]\n\n[r1]:http://{PAYLOAD_HOST}/pix-url.png"
    edit_yaml(folder, "sources/dispute.yaml", lambda d: d["sources"][0].__setitem__("url", url))


# (id, break the folder, file named, words in the message, in a child process)
ROWS = [
    (
        "2-style-breakout-colour",
        _view(
            lambda d: d["colours"].__setitem__(
                "ocean", '#fff}</style><img src=x onerror="top.__pwned=1">'
            )
        ),
        "view.yaml",
        "colours.ocean",
        False,
    ),
    (
        "11-css-injection-colour",
        _view(
            lambda d: d["holders"][0].__setitem__(
                "colour", f"red;background-image:url(http://{PAYLOAD_HOST}/x)"
            )
        ),
        "view.yaml",
        "holders.joint.colour",
        False,
    ),
    (
        "3-vertices-in-one-feature",
        lambda f: _land(f, lambda d: _add_comb(d, 100_000)),
        "land.geojson",
        f"limit is {MAX_FEATURE_VERTICES:,}",
        False,
    ),
    (
        "3-vertices-in-one-file",
        lambda f: _land(f, lambda d: [_add_comb(d, 39_000, f"comb-{i}") for i in range(4)]),
        "land.geojson",
        "vertices by this feature",
        False,
    ),
    (
        "land-without-a-catalogue-entry",
        lambda f: _land(f, lambda d: _add_comb(d, 100, "comb")),
        "land.geojson",
        "no entry in features.yaml",
        False,
    ),
    ("4-alias-chain-as-an-event-id", _billion_laughs_event, "events.yaml", "YAML alias", True),
    ("4-alias-chain-as-the-title", _billion_laughs_title, "view.yaml", "YAML alias", True),
    ("7-newline-in-a-source-url", _bad_source_url, "sources/dispute.yaml", "url", False),
    ("8-deeply-nested-geojson", _nested, "land.geojson", "nested too deeply", True),
    ("8-link-to-an-unreadable-file", _unreadable_link, "land.geojson", "cannot be read", True),
    (
        "view-missing-map-centre",
        _view(lambda d: d["map"].pop("center")),
        "view.yaml",
        "map.center",
        False,
    ),
    (
        "view-frame-west-of-its-east",
        _view(lambda d: d["analysis"].update(frame=[150.0, 40.0, 140.0, 60.0])),
        "view.yaml",
        "west < east",
        False,
    ),
    (
        "build-region-not-a-box",
        _edit_text("build.yaml", lambda t: t.replace("region: [", "region: [1, ")),
        "build.yaml",
        "region",
        False,
    ),
    ("view-broken-yaml", _write("view.yaml", "title: [unclosed\n"), "view.yaml", "YAML", False),
    (
        "view-unknown-key",
        _view(lambda d: d.__setitem__("colour", d.pop("colours"))),
        "view.yaml",
        "Did you mean 'colours'?",
        False,
    ),
    (
        "word-in-an-undeclared-language",
        _scenario_name("declaration-1956", {"en": "1956 Joint Declaration", "jp": "日ソ共同宣言"}),
        "scenarios.yaml",
        "declaration-1956: name: has words in 'jp', a language view.yaml does not declare.",
        False,
    ),
    (
        "word-not-text",
        _scenario_name("declaration-1956", {"en": ["a", "list"]}),
        "scenarios.yaml",
        "declaration-1956: name: Value error, the en text must be non-empty text",
        False,
    ),
    (
        "view-unknown-scenario",
        _view(lambda d: d.__setitem__("default_scenario", "nope")),
        "view.yaml",
        "unknown scenario",
        False,
    ),
]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def validate_child(folder: Path) -> subprocess.CompletedProcess:
    """`python -m dashboard validate FOLDER` in a child with MEMORY_CAP of address space."""
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(folder)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )


@pytest.mark.parametrize("brk,file,words,child", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_a_hostile_folder_gets_a_message_naming_the_file(
    geodata_copy, capsys, brk, file, words, child
):
    brk(geodata_copy)
    if child:
        done = validate_child(geodata_copy)
        code, err = done.returncode, done.stderr
    else:
        code = cli_main(["validate", str(geodata_copy)])
        err = capsys.readouterr().err
    assert code == 1, err[-2000:]
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith(f"{file}:")]
    assert any(words in ln for ln in lines), err[-2000:]


def test_validate_prints_no_terminal_escapes(geodata_copy, capsys):
    _first_event_id("\x1b]0;owned\x07")(geodata_copy)
    assert cli_main(["validate", str(geodata_copy)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b]0;owned\\x07" in err  # shown, as an escape


def test_a_huge_file_anywhere_is_hashed_within_the_size_limit(geodata_copy):
    """A 6 GB file (sparse: no disk used) among the data: the one digest the model and its
    layer files are filed under reads at most the size limit of it, in a child capped at 3 GB."""
    with (geodata_copy / "stray.bin").open("wb") as f:
        f.truncate(6 << 30)
    code = (
        "import sys; from pathlib import Path;"
        "from dashboard.cache import digest_of; p = Path(sys.argv[1]);"
        "print(digest_of(p))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(geodata_copy)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (digest,) = done.stdout.split()
    assert len(digest) == 32 and digest != "None"


def test_the_bundled_data_is_within_the_vertex_caps(geodata_copy):
    assert cli_main(["validate", str(geodata_copy)]) == 0
