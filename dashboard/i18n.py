"""The page in the reader's language.

Two kinds of words reach the page. The engine's own (controls, headings, the legend, tooltips,
table headers, warnings, units) are the same for every dispute and live here, in one keyed file a
language: `dashboard/locales/<code>.yaml`, read once. Words about a dispute (its title, the
parties' and scenarios' names) come from its data folder as `records.Words`, and `word` picks the
reader's language among them. Nothing here calls Streamlit.

`t(key, lang, **fields)` fills a text's `{field}`s with the values given, as they are: escape a
value for where it is shown (`text.md`, `text.esc`) before passing it. The texts themselves are the
project's, so they may hold the page's Markdown (`**bold**`).
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Iterable
from pathlib import Path

import yaml

from dashboard.files import SAFE_LOADER, read_bounded
from dashboard.records import HolderKind, View, Words

LOCALES = Path(__file__).resolve().parent / "locales"
# The language every text is written in first, and the one a text missing elsewhere falls back to.
SOURCE = "en"
# Languages whose file may lack texts (shown in English until translated). The tests hold every
# other language to every key, so for them the fallback never happens.
PARTIAL: frozenset[str] = frozenset()


class CatalogueError(Exception):
    """A locale file that cannot be used (the project's own files: a bug, not bad data)."""


def _read(path: Path) -> dict[str, str]:
    try:
        doc = yaml.load(read_bounded(path).decode("utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path.name}: {exc}") from None
    if not isinstance(doc, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in doc.items()
    ):
        raise CatalogueError(f"{path.name}: expected a flat mapping of keys to texts")
    return doc


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every locale file's texts by language code, the source language first."""
    files = {p.stem: p for p in LOCALES.glob("*.yaml")}
    order = [SOURCE, *sorted(set(files) - {SOURCE})]
    return {code: _read(files[code]) for code in order if code in files}


def catalogue_languages() -> tuple[str, ...]:
    """The languages the catalogue has a file for, the source language first."""
    return tuple(catalogue())


def offered(declared: Iterable[str]) -> tuple[str, ...]:
    """The languages the page offers for a data folder: those it declares (view.yaml
    `languages`, in its order) that the catalogue has. Never empty: the source language when
    the catalogue has none of them."""
    have = catalogue()
    return tuple(c for c in declared if c in have) or (SOURCE,)


def fields(text: str) -> set[str]:
    """The names of a text's `{field}`s."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` (the source language's where `lang` has none), with its
    `{field}`s filled from `values`. An unknown key or a missing value is a KeyError: the tests
    find every key the code uses in the catalogue, with the same fields in every language."""
    texts = catalogue()
    text = texts.get(lang, {}).get(key)
    if text is None:
        text = texts[SOURCE][key]
    return text.format_map(values) if values or "{" in text else text


def has(key: str) -> bool:
    """Whether the catalogue has a text for `key` (for keys made from a folder's own values,
    such as an event's kind, which a folder may name as it likes)."""
    return key in catalogue()[SOURCE]


def word(value: str | None, lang: str, fallback_lang: str) -> str:
    """The data folder's words in `lang`; else in `fallback_lang` (the page's first language);
    else the text as given (plain text, in the page's first language)."""
    if value is None:
        return ""
    texts = value.by_language if isinstance(value, Words) else {}
    return texts.get(lang) or texts.get(fallback_lang) or str(value)


def heading(view: View, name: str, lang: str) -> str:
    """A heading of the consequences panel (`disputed_land`, `straits`): the folder's words
    where view.yaml gives them, else the engine's (the records' defaults are English only)."""
    if name in view.headings.model_fields_set:
        return word(getattr(view.headings, name), lang, view.languages[0].code)
    return t(f"heading.{name}", lang)


def holder_words(view: View, kind: HolderKind, field: str, lang: str) -> str:
    """A holder's `name` or `legend`: the folder's words where view.yaml lists its holders,
    else the engine's for the one it has by default (no holder)."""
    if "holders" in view.model_fields_set:
        return word(getattr(kind, field), lang, view.languages[0].code)
    return t(f"holder.{kind.id}.{field}", lang)


def language_name(code: str) -> str:
    """A language's name in itself ("日本語"), for the language control."""
    return t("language.self", code)


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number as the language writes it: '1,234.5', '1 234,5'."""
    text = f"{value:,.{digits}f}"
    group, point = t("number.group", lang), t("number.decimal", lang)
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def km(value: float, lang: str) -> str:
    """A distance: '8.7 km' under 100 km, '1,234 km' above."""
    return t("unit.km", lang, value=number(value, lang, 1 if value < 100 else 0))


def km2(value: float, lang: str) -> str:
    """An area: '255.1 km²' under 1,000 km², '3,139 km²' above."""
    return t("unit.km2", lang, value=number(value, lang, 1 if value < 1000 else 0))


def percent(share: float, lang: str, digits: int = 1) -> str:
    """A share (0.25) as a percentage: '25.0%', '25,0 %'."""
    return t("unit.percent", lang, value=number(100 * share, lang, digits))


def join(items: Iterable[str], lang: str, last: str = "list") -> str:
    """Items in a list ('a, b, c'); with `last="and"`, the last two joined by 'and'."""
    items = list(items)
    if last == "and" and len(items) > 1:
        return t("join.list", lang).join(items[:-1]) + t("join.and", lang) + items[-1]
    return t("join.list", lang).join(items)


def date(day: dt.date, lang: str, precision: str = "day", short: bool = False) -> str:
    """A date as the language writes it: '28 August 1945', '1945年8月28日', '28 августа 1945';
    with precision 'month' or 'year', only those ('August 1945'); `short` abbreviates the month."""
    if precision == "year":
        return t("date.year", lang, year=day.year)
    if precision == "month":
        return t("date.month", lang, month=t(f"month.alone.{day.month}", lang), year=day.year)
    kind = "short" if short else "day"
    month = t(f"month.{'short' if short else 'day'}.{day.month}", lang)
    return t(f"date.{kind}", lang, day=day.day, month=month, year=day.year)
