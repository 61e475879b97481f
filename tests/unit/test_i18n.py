"""The engine's catalogue (dashboard/locales/*.yaml): every language has every key with the same
{fields} as English, and every key the code asks for (`t("key", ...)`, found by reading the code)
is in it. Words about a dispute are not here: they come from its folder (test_words.py)."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from dashboard import i18n
from dashboard.config import PROJECT_ROOT
from dashboard.records import Words
from tests.folders import FALKLANDS, SYNTHETIC, read_yaml

CODE = [*sorted((PROJECT_ROOT / "dashboard").rglob("*.py")), PROJECT_ROOT / "app.py"]
LANGUAGES = [code for code in i18n.catalogue_languages() if code != i18n.SOURCE]


def keys_used(source: str) -> tuple[set[str], set[str]]:
    """The keys a module's code passes to `t(...)` or `i18n.t(...)`: literal keys, and the
    literal beginnings of keys built at run time (f"month.day.{n}")."""
    literal, prefixes = set(), set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "t":
            continue
        key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            literal.add(key.value)
        elif isinstance(key, ast.JoinedStr):
            head = key.values[0] if key.values else None
            prefixes.add(head.value if isinstance(head, ast.Constant) else "")
    return literal, prefixes


def missing_keys(source: str, catalogue: dict[str, str]) -> list[str]:
    literal, prefixes = keys_used(source)
    out = sorted(k for k in literal if k not in catalogue)
    out += sorted(f"{p}…" for p in prefixes if not p or not any(k.startswith(p) for k in catalogue))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_key_and_no_other(lang):
    source, other = i18n.catalogue()[i18n.SOURCE], i18n.catalogue()[lang]
    assert sorted(set(other) - set(source)) == []
    if lang not in i18n.PARTIAL:
        assert sorted(set(source) - set(other)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_has_the_fields_of_the_english_one(lang):
    source, other = i18n.catalogue()[i18n.SOURCE], i18n.catalogue()[lang]
    differ = {
        key: (sorted(i18n.fields(text)), sorted(i18n.fields(source[key])))
        for key, text in other.items()
        if i18n.fields(text) != i18n.fields(source[key])
    }
    assert differ == {}


@pytest.mark.parametrize("lang", i18n.catalogue_languages())
def test_no_text_is_empty_and_each_language_names_itself(lang):
    texts = i18n.catalogue()[lang]
    assert [k for k, v in texts.items() if not v.strip() and k != "number.group"] == []
    assert i18n.language_name(lang) == texts["language.self"]


def test_the_languages_name_themselves_differently():
    names = [i18n.language_name(c) for c in i18n.catalogue_languages()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_key_the_code_uses_is_in_the_catalogue(path):
    assert missing_keys(path.read_text("utf-8"), i18n.catalogue()[i18n.SOURCE]) == []


def test_the_key_scan_finds_a_missing_key_a_call_would_ask_for():
    source = (
        "from dashboard import i18n\n"
        "from dashboard.i18n import t\n"
        "a = t('legend.held_by', 'ja', holder='x')\n"
        "b = i18n.t('no.such.key', lang)\n"
        "c = t(f'month.day.{n}', lang)\n"
        "d = t(f'nothing.like.this.{n}', lang)\n"
        "e = t(key, lang)\n"
    )
    catalogue = i18n.catalogue()[i18n.SOURCE]
    assert keys_used(source) == (
        {"legend.held_by", "no.such.key"},
        {"month.day.", "nothing.like.this."},
    )
    assert missing_keys(source, catalogue) == ["no.such.key", "nothing.like.this.…"]


def test_the_code_asks_for_keys_already():
    """The scan reads the code: the modules that use the catalogue are found."""
    used = set().union(*(keys_used(p.read_text("utf-8"))[0] for p in CODE))
    assert {"url.unknown_island", "url.unknown_lang", "picture.source"} <= used


@pytest.mark.parametrize(
    "folder,offered",
    [
        (PROJECT_ROOT / "geodata", ("en", "ja", "ru")),
        (FALKLANDS, ("en", "es")),
        (SYNTHETIC, ("en",)),  # Esperanto is a language of its names, not of the catalogue
    ],
    ids=["geodata", "falklands", "synthetic"],
)
def test_the_page_offers_the_declared_languages_the_catalogue_has(folder, offered):
    view = read_yaml(Path(folder) / "view.yaml")
    assert i18n.offered(x["code"] for x in view["languages"]) == offered


def test_a_folder_in_no_catalogue_language_gets_the_source_language():
    assert i18n.offered(["eo", "tlh"]) == (i18n.SOURCE,)


# (key, language, fields, text)
TEXTS = [
    ("legend.held_by", "en", {"holder": "Japan"}, "Held by Japan"),
    ("legend.held_by", "ja", {"holder": "日本"}, "日本が保有"),
    ("legend.held_by", "ru", {"holder": "Япония"}, "Под управлением: Япония"),
    ("picker.none", "ru", {}, "— Обзор (остров не выбран) —"),
    ("legend.held_by", "xx", {"holder": "Japan"}, "Held by Japan"),  # an unknown language
]


@pytest.mark.parametrize("key,lang,values,text", TEXTS)
def test_t(key, lang, values, text):
    assert i18n.t(key, lang, **values) == text


def test_t_without_a_value_a_text_needs_is_an_error():
    with pytest.raises(KeyError):
        i18n.t("legend.held_by", "ja")
    with pytest.raises(KeyError):
        i18n.t("no.such.key", "en")


NUMBERS = [
    (1234567.891, "en", 1, "1,234,567.9"),
    (1234567.891, "ja", 0, "1,234,568"),
    (1234567.891, "ru", 1, "1\u00a0234\u00a0567,9"),
    (1234.5, "es", 1, "1.234,5"),
]


@pytest.mark.parametrize("value,lang,digits,text", NUMBERS)
def test_number(value, lang, digits, text):
    assert i18n.number(value, lang, digits) == text


DATES = [
    ("en", "day", False, "28 August 1945"),
    ("ja", "day", False, "1945年8月28日"),
    ("ru", "day", False, "28 августа 1945 г."),
    ("ru", "month", False, "август 1945 г."),
    ("es", "day", False, "28 de agosto de 1945"),
    ("en", "day", True, "28 Aug 1945"),
    ("ja", "year", False, "1945年"),
]


@pytest.mark.parametrize("lang,precision,short,text", DATES)
def test_date(lang, precision, short, text):
    assert i18n.date(dt.date(1945, 8, 28), lang, precision, short) == text


WORDS = [
    (Words("Japan", {"en": "Japan", "ja": "日本", "ru": "Япония"}), "ja", "日本"),
    (Words("Japan", {"en": "Japan", "ja": "日本", "ru": "Япония"}), "es", "Japan"),
    (Words("Japan", {"ru": "Япония", "en": "Japan"}), "en", "Japan"),
    (Words("Held jointly"), "ja", "Held jointly"),  # plain text: the first language only
    ("plain", "ru", "plain"),
    (None, "ru", ""),
]


@pytest.mark.parametrize("value,lang,text", WORDS)
def test_word(value, lang, text):
    assert i18n.word(value, lang, "en") == text


def _view(**given):
    from dashboard import records as r

    base = {
        "languages": [{"code": "en", "name": "English", "script": "latin"}],
        "title": "T",
        "map": {"center": {"lat": 0, "lon": 0}},
        "attribution": "A",
    }
    return r.View.model_validate({**base, **given})


def test_a_heading_a_folder_leaves_to_the_engine_is_in_the_readers_language():
    view = _view(headings={"straits": {"en": "The strait", "ja": "海峡だけ"}})
    assert i18n.heading(view, "straits", "ja") == "海峡だけ"
    assert i18n.heading(view, "disputed_land", "ja") == "係争中の島々の陸地"
    assert i18n.heading(view, "disputed_land", "en") == str(view.headings.disputed_land)


def test_the_default_holder_is_in_the_readers_language():
    default, listed = (
        _view(),
        _view(
            holders=[{"id": "none", "name": "nobody's", "legend": "Nobody's", "colour": "#BBBBBB"}]
        ),
    )
    assert i18n.holder_words(default, default.holders[0], "legend", "ru") == "Нет владельца"
    assert i18n.holder_words(default, default.holders[0], "name", "en") == str(
        default.holders[0].name
    )
    assert i18n.holder_words(listed, listed.holders[0], "legend", "ru") == "Nobody's"


# What a field may hold: a plain word, or one wrapped in the language's brackets (a scenario's
# name, "現状（1945年以降）", ends in one); emphasis must hold around either.
FILLERS = ["Word", "「語」", "（語）", "语"]


@pytest.mark.parametrize("lang", i18n.catalogue_languages())
@pytest.mark.parametrize("filler", FILLERS)
def test_every_emphasis_of_the_catalogue_renders(lang, filler):
    """A '**' that CommonMark does not take as emphasis reaches the reader as two asterisks:
    in a language written without spaces, '**保有：**ロシア' is one (the closing '**' comes
    after punctuation and before a letter)."""
    md = MarkdownIt("commonmark")
    broken = []
    for key, text in i18n.catalogue()[lang].items():
        if "**" not in text:
            continue
        fields = {name: filler for name in re.findall(r"\{([a-z_]+)\}", text)}
        html = md.render(text.format(**fields))
        if "**" in html:
            broken.append(f"{key}: {text}")
    assert broken == []
