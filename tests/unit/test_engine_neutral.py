"""Nothing about one dispute in app.py and dashboard/: no name or id of a party, a feature, a
group, an island or a sea of any data folder appears in the engine's code (Python strings and
names, the map's JavaScript) or its catalogue of words (dashboard/locales), outside comments
and docstrings. Every word about a dispute comes from its folder."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from tests.folders import parse_yaml, read_yaml

ENGINE = PROJECT_ROOT / "dashboard"
FOLDERS = [DEFAULT_DATA_DIR, *sorted((PROJECT_ROOT / "disputes").glob("*/"))]
# Words too common to be a dispute's own, though some folder uses them as an id or name.
COMMON = {"sea", "mainland", "rest", "none", "joint", "land", "island", "place", "places"}
COMMON |= {"straits", "other"}


def _yaml(folder: Path, name: str) -> dict:
    path = folder / name
    return read_yaml(path) or {} if path.exists() else {}


def dispute_words(folder: Path) -> set[str]:
    words: set[str] = set()

    def add(text: object) -> None:
        if isinstance(text, dict):  # words in each language: {en: Japan, ja: 日本}
            for value in text.values():
                add(value)
        elif isinstance(text, str) and len(text) >= 4:
            words.add(text.lower())

    def names(n: dict | None) -> None:
        for key, value in (n or {}).items():
            if key == "other":
                for v in value or []:
                    add(v)
            elif key == "romanised":
                for v in (value or {}).values():
                    add(v)
            else:
                add(value)

    for f in _yaml(folder, "features.yaml").get("features", []):
        add(f["id"])
        add(f.get("group"))
        names(f.get("names"))
    for p in _yaml(folder, "parties.yaml").get("parties", []):
        add(p["id"])
        add(p.get("name"))
        add(p.get("name_local"))
    for i in _yaml(folder, "islands.yaml").get("islands", []):
        add(i["id"])
        names(i.get("names"))
    for s in _yaml(folder, "scenarios.yaml").get("scenarios", []):
        add(s["id"])
    limits = _yaml(folder, "sea_limits.yaml").get("sea_limits") or {}
    add(limits.get("sea"))
    names(limits.get("name"))
    return words - COMMON


def engine_text(path: Path) -> str:
    """The file's code without comments and docstrings (JavaScript: without comments; a
    catalogue's YAML: its texts)."""
    source = path.read_text("utf-8")
    if path.suffix == ".js":
        return re.sub(r"/\*.*?\*/|//[^\n]*", " ", source, flags=re.S)
    if path.suffix == ".yaml":
        return " ".join(str(v) for v in (parse_yaml(source) or {}).values())
    kept: list[str] = []
    previous = tokenize.INDENT
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            continue
        docstring = tok.type == tokenize.STRING and previous in (
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.NEWLINE,
            tokenize.NL,
        )
        if not docstring:
            kept.append(tok.string)
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok.type
    return " ".join(kept)


def mentions(words: set[str], text: str) -> set[str]:
    low = text.lower()
    return {
        w
        for w in words
        if w in low  # most words are in no file: their pattern is not needed
        and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low)
    }


def test_every_data_folder_has_words_to_look_for():
    for folder in FOLDERS:
        assert len(dispute_words(folder)) > 20, folder


def test_the_engine_names_no_dispute():
    words = set().union(*(dispute_words(f) for f in FOLDERS))
    found = {
        str(path.relative_to(PROJECT_ROOT)): sorted(hits)
        for path in sorted(
            [
                PROJECT_ROOT / "app.py",
                *ENGINE.rglob("*.py"),
                *ENGINE.rglob("*.js"),
                *ENGINE.rglob("*.yaml"),
            ]
        )
        if (hits := mentions(words, engine_text(path)))
    }
    assert found == {}


def test_the_check_sees_a_name_in_code_but_not_in_a_comment():
    text = engine_text_of('x = "Iturup"  # Kunashir\n"""Shikotan."""\n')
    assert mentions({"iturup", "kunashir", "shikotan"}, text) == {"iturup"}


def engine_text_of(source: str, tmp: Path = Path("/tmp")) -> str:
    path = tmp / "engine_neutral_probe.py"
    path.write_text(source, "utf-8")
    try:
        return engine_text(path)
    finally:
        path.unlink()
