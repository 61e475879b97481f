"""One voice: the narrator's own words use neutral terms; a side's legal terms appear only
inside quotes; every Habomai islet is named in both conventions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from tests.folders import read_yaml

# Fields that are never shown as the narrator's text: ids, source references, working notes.
NOT_NARRATED = {"id", "source", "other_sources", "locator", "note", "url", "scenario", "islands"}
PARTISAN = re.compile(r"occupied|occupation|liberat", re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _raw(name: str) -> Any:
    return read_yaml(DEFAULT_DATA_DIR / name)


def _narrated(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in NOT_NARRATED:
                yield from _narrated(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _narrated(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def _unquoted(text: str) -> str:
    """The text without its double-quoted passages (single quotes are apostrophes too often to
    be trusted as quotes)."""
    return QUOTED.sub("", text)


@pytest.mark.parametrize("name", ["events.yaml", "islands.yaml", "scenarios.yaml"])
def test_narrator_never_uses_a_sides_legal_terms_outside_quotes(name):
    found = [(p, t) for p, t in _narrated(_raw(name)) if PARTISAN.search(_unquoted(t))]
    assert found == []


def test_the_check_sees_an_unquoted_term_and_ignores_a_quoted_one():
    assert PARTISAN.search(_unquoted("Japan's view: the islands were occupied."))
    assert not PARTISAN.search(_unquoted('Japan says they are "under illegal occupation".'))


def _islets() -> list[dict]:
    groups = {i["id"] for i in _raw("islands.yaml")["islands"] if i.get("names")}
    return [f for f in _raw("features.yaml")["features"] if f["group"] in groups]


def _stem(name: str) -> str:
    return re.sub(r"[-\s](tō|jima|shima|to)$", "", name)


@pytest.mark.parametrize("feat", _islets(), ids=lambda f: f["id"])
def test_each_islet_shows_both_naming_conventions(feat):
    # "Shibotsu (Zelyony)": the Japanese-derived English name, then the Russian-derived one.
    names = feat["names"]
    m = re.fullmatch(r"(.+) \((.+)\)", names["en"])
    assert m, f"{feat['id']}: expected 'Japanese-derived (Russian-derived)', got {names['en']!r}"
    japanese, russian = m.groups()
    assert japanese == _stem(names["romanised"]["ja"])
    assert russian[:4].lower() == names["romanised"]["ru"][:4].lower()
    assert feat["names_sources"], feat["id"]


def test_there_are_islets_to_check():
    assert len(_islets()) >= 6
