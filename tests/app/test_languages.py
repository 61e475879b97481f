"""The page in each language it offers, through AppTest: every word of the engine's own comes
from the catalogue in the page's language. A page in Japanese or Russian shows no English text
of the catalogue, whole (a label, a heading, a table's header) or in part (a phrase of a
sentence), once the folder's own texts (facts, which keep their language) are set aside."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator

import pytest
from pydantic import BaseModel
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset
from dashboard.views.common import LANG
from dashboard.views.map_view import TABLE_OPEN
from tests.app.conftest import APP, TIMEOUT, click_on, load
from tests.app.test_hostile import markdown_texts, shown

OPTIONS = {"Selectbox", "Slider", "MultiSelect"}  # widgets whose options the walk adds
TOGGLES = ("show_facts", "show_events", "hs_src", "sea_law")  # what opens more text
FIELD = re.compile(r"\{[a-z_]+\}")


def page_strings(at) -> Iterator[str]:
    """Every text of the page a reader sees: its Markdown (titles, text, alerts, labels, help,
    options of a choice), the options of every list, the columns of every table, and the
    chart's tooltip titles; as shown once rendered."""
    for _, text in markdown_texts(at):
        yield shown(text)
        for row in (line for line in text.splitlines() if line.startswith("|")):
            yield from (shown(cell) for cell in row.strip("|").split(" | "))  # a table's cells
    stack = [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        kind = proto.DESCRIPTOR.name if proto is not None and hasattr(proto, "DESCRIPTOR") else ""
        if kind in OPTIONS:
            yield from (shown(o) for o in proto.options)
    for frame in at.dataframe:
        yield from (str(c) for c in frame.value.columns)
    for chart in at.get("arrow_vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        tips = spec.get("encoding", {}).get("tooltip", [])
        yield from (tip["title"] for tip in tips if "title" in tip)


def _plain(template: str) -> str:
    """A catalogue text as the page shows it: no Markdown emphasis, no list marker."""
    return template.replace("**", "").removeprefix("- ").strip()


def english_texts(lang: str) -> list[str]:
    """The English catalogue's texts that the language words differently and that have words
    to find (two letters or more outside their fields). The language control names English
    in English, on purpose (each language in itself)."""
    en, other = i18n.catalogue()["en"], i18n.catalogue()[lang]
    return [
        _plain(text)
        for key, text in en.items()
        if key != "language.self"
        and other.get(key) != text
        and len(re.findall(r"[A-Za-z]", FIELD.sub("", text))) >= 2
    ]


def whole(template: str) -> re.Pattern[str]:
    """A text of the catalogue with anything in its fields."""
    parts = FIELD.split(template)
    return re.compile("(?s)" + "(.+?)".join(re.escape(p) for p in parts))


def phrases(template: str) -> list[str]:
    """The parts of a text between its fields that are phrases (two words or more)."""
    out = []
    for part in FIELD.split(template):
        part = part.strip(" .,;:—–()“”\"'")
        words = re.findall(r"[A-Za-z]{2,}", part)
        if len(words) >= 2 and sum(map(len, words)) >= 8:
            out.append(part)
    return out


def folder_strings(value: object) -> Iterator[str]:
    """Every text a data folder gives (its facts and words), for setting them aside."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from folder_strings(getattr(value, name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from folder_strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from folder_strings(v)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in ("land", "sea", "places", "folder"):
                yield from folder_strings(getattr(value, f.name))


def _one_line(text: str) -> str:
    return " ".join(text.replace("\u2060", "").split())


@pytest.fixture(scope="module")
def facts() -> list[str]:
    """The folder's texts, longest first (a long one may hold a short one)."""
    found = {_one_line(s) for s in folder_strings(load_dataset(DEFAULT_DATA_DIR))}
    return sorted((s for s in found if len(s) >= 10), key=len, reverse=True)


def english_on_page(texts: Iterable[str], lang: str, facts: list[str]) -> list[str]:
    """The catalogue's English the page shows, once the folder's own texts are taken out of
    each text: what is left is one of its texts whole, or holds a phrase of one."""
    checks = [(t, whole(t), phrases(t)) for t in english_texts(lang)]
    found = []
    for text in dict.fromkeys(map(_one_line, texts)):  # each text once (the walk repeats them)
        rest = text
        for fact in facts:
            rest = rest.replace(fact, " ")
        rest = _one_line(rest)
        found += [f"{text[:120]!r} is {t!r}" for t, w, _ in checks if w.fullmatch(rest)]
        found += [f"{p!r} in {text[:120]!r}" for _, _, ps in checks for p in ps if p in rest]
    return sorted(set(found))


def everything(app, lang: str, island: str | None = None) -> list[str]:
    """The page in `lang` (an island's panel open), every tab and every toggle opened in turn."""
    app.query_params["lang"] = lang
    if island:
        app.query_params["island"] = island
    at = load(app)
    assert not at.exception
    texts = list(page_strings(at))
    for key in TOGGLES:
        if any(t.key == key for t in at.toggle):
            at.toggle(key=key).set_value(True)
    at.session_state[TABLE_OPEN] = True  # the map as a table, built once opened
    for tab in [t.label for t in at.tabs]:
        at.session_state["overview_tab"] = tab
        at = at.run()
        assert not at.exception
        texts += page_strings(at)
    return texts


@pytest.mark.parametrize("lang", ["ja", "ru"])
@pytest.mark.parametrize(
    "island", [None, "kunashir", "habomai"], ids=["overview", "kunashir", "habomai"]
)
def test_no_english_of_the_catalogue_on_a_page_in_another_language(app, facts, lang, island):
    texts = everything(app, lang, island)
    assert len(texts) > 100, "the page showed little: nothing much was checked"
    assert english_on_page(texts, lang, facts) == []


def test_the_check_finds_english_where_a_text_is_missing(app, facts, monkeypatch):
    """The net bites: with a text gone from the Japanese catalogue, the page falls back to
    the English one, and the check names it."""
    ja = dict(i18n.catalogue()["ja"])
    for key in ("overview.heading", "island.strait_line", "table.range"):
        del ja[key]
    monkeypatch.setitem(i18n.catalogue(), "ja", ja)
    found = english_on_page(everything(app, "ja"), "ja", facts)
    assert any("'The dispute'" in f for f in found), found  # a heading, whole
    island = AppTest.from_file(APP, default_timeout=TIMEOUT)
    found = english_on_page(everything(island, "ja", "kunashir"), "ja", facts)
    assert any("'Range'" in f for f in found), found  # a table's header, whole
    assert any("published width" in f or "sources under" in f for f in found), found  # a phrase


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_the_names_come_in_the_readers_language_first(app, atlas, lang):
    app.query_params["lang"] = lang
    app.query_params["island"] = "iturup"
    at = load(app)
    assert [h.value for h in at.header][0] == atlas.name("iturup").get(lang)
    labels = at.selectbox(key="island_pick").options
    assert labels[1].startswith(atlas.name("iturup").get(lang) + " — Iturup")


def test_each_side_speaks_its_own_words_where_the_folder_has_them(app, atlas):
    app.query_params["lang"] = "ja"
    at = load(app)
    shown_text = "\n".join(m.value for m in at.markdown)
    japan, russia = atlas.ds.parties["japan"].position, atlas.ds.parties["russia"].position
    assert japan.own_words[0].text[:30] in shown_text  # Japan's own words, in Japanese
    assert japan.summary[:40] not in shown_text  # instead of the page's English summary
    assert russia.summary[:40] in shown_text  # no Japanese text of Russia's position:
    assert i18n.t("positions.summary_note", "ja", language="英語") in shown_text  # said so
    russian = AppTest.from_file(APP, default_timeout=TIMEOUT)
    russian.query_params["lang"] = "ru"
    at = load(russian)
    shown_text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert russia.own_words[0].text[:30] in shown_text


def test_switching_the_language_keeps_the_view_and_writes_the_link(app, atlas):
    app.query_params["scenario"] = "declaration-1956"
    at = load(app)
    at.session_state["map"] = click_on(atlas, "shikotan")
    at = at.run()
    assert at.query_params.get("lang") is None  # the default is not written
    at.radio(key=LANG).set_value("ru")
    at = at.run()
    assert not at.exception
    assert (at.session_state["selected_island"], at.session_state["scenario_choice"]) == (
        "shikotan",
        "declaration-1956",
    )
    assert at.query_params["lang"] == "ru"
    assert [h.value for h in at.header][0] == "Шикотан"
    assert at.radio(key=LANG).label == "Язык"
    at.radio(key=LANG).set_value("en")
    at = at.run()
    assert "lang" not in at.query_params


def test_an_unknown_language_in_the_link_warns_and_shows_the_default(app):
    app.query_params["lang"] = "xx"
    at = load(app)
    assert not at.exception
    assert any("xx" in w.value for w in at.warning)
    assert at.session_state[LANG] == "en"
    assert [t.label for t in at.tabs][0] == i18n.t("tab.report", "en")


def test_the_share_link_keeps_the_language(app):
    from dashboard.views import share

    app.query_params["lang"] = "ja"
    at = load(app)
    at.button(key=share.SHARE_KEY).click()
    at = at.run()
    assert any("lang=ja" in c.value for c in at.code)
