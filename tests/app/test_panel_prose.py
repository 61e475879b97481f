"""Every island's panel reads as prose composed from fields: no source id, data file name or
`key:` token of the data files reaches the page, and the ranges shown hold every figure."""

from __future__ import annotations

import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import records as r
from dashboard.config import DEFAULT_DATA_DIR
from tests.app.conftest import APP, TIMEOUT, load, texts
from tests.folders import read_yaml


def _raw(path) -> Any:
    return read_yaml(path)


SOURCE_IDS = sorted(
    s["id"]
    for f in sorted((DEFAULT_DATA_DIR / "sources").glob("*.yaml"))
    for s in _raw(f)["sources"]
)
ISLAND_IDS = [i["id"] for i in _raw(DEFAULT_DATA_DIR / "islands.yaml")["islands"]]
ISLAND_IDS += [
    f["id"]
    for f in _raw(DEFAULT_DATA_DIR / "features.yaml")["features"]
    if f["kind"] == "island" and f["id"] not in ISLAND_IDS
]

FILE_NAME = re.compile(r"[\w.-]+\.(?:ya?ml|geojson)\b")
# A data file's key followed by a colon where no word comes before it ("(note: …", a line that
# starts "other_sources: "), a snake_case word before a colon, or an id-like slug of three or
# more parts before one ("polkrf-1945-09-01: "). Prose such as "Two villages: …", "Other
# source: …", "pre-war: …" or "Japan: …" passes; source ids are matched on their own below.
FIELDS = sorted(
    {
        n
        for m in (r.IslandFacts, r.ControlChange, r.Value, r.Event, r.Statement)
        for n in m.model_fields
    }
)
KEY_LIKE = re.compile(
    r"(?<![A-Za-z] )\b(?:" + "|".join(FIELDS) + r"):\s"
    r"|\b[a-z]+(?:_[a-z0-9]+)+:\s"
    r"|\b[a-z0-9]+(?:-[a-z0-9]+){2,}:\s"
)
SOURCE_ID = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, SOURCE_IDS)) + r")(?![\w-])")


def _readable(at: AppTest) -> str:
    """What a reader sees: link targets, markdown escapes and emphasis removed."""
    text = re.sub(r"\]\([^)\s]*\)", "]", texts(at))
    return text.replace("**", "")


def _panel(island: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["island"] = island
    load(at)
    for t in at.toggle:
        t.set_value(True)
    return at.run()


def leaks(text: str) -> list[str]:
    return [
        m.group(0) for pattern in (SOURCE_ID, FILE_NAME, KEY_LIKE) for m in pattern.finditer(text)
    ]


@pytest.mark.parametrize("island", ISLAND_IDS)
def test_panel_shows_no_source_id_file_name_or_key(island):
    at = _panel(island)
    assert not at.exception
    assert leaks(_readable(at)) == []


def test_the_check_catches_what_it_looks_for():
    assert leaks("also the start of the account in polkrf-1945-09-01") == ["polkrf-1945-09-01"]
    assert leaks("see islands.yaml") == ["islands.yaml"]
    assert leaks("(mofa-territory: 28 August)") != []
    assert leaks("note: working") == ["note: "]
    assert leaks("Two villages: Malokurilskoye. Japan: occupied. ¶3: text") == []


@pytest.mark.parametrize("island", ["iturup", "shikotan"])
def test_area_range_shown_holds_every_published_area(island, atlas):
    values = [float(v.value) for v in atlas.ds.islands[island].area_km2]
    lo, hi = min([*values, atlas.area_km2(island)]), max([*values, atlas.area_km2(island)])
    caption = " ".join(c.value for c in _panel(island).caption)
    assert f"{lo:,.0f}" in caption and f"{hi:,.0f}" in caption, caption
