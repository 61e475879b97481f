"""Cached loaders and small formatting helpers shared by the panels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard import records as r
from dashboard.atlas import Atlas
from dashboard.cache import ModelCache
from dashboard.config import data_dir
from dashboard.i18n import SOURCE, t
from dashboard.model import Model, get_model
from dashboard.text import keep_units, link, md

__all__ = ["md", "cite", "grade", "page_lang", "small", "swatch", "table"]

LANG = "page_lang"  # the page's language, one of those it offers (?lang=, the control)


def page_lang() -> str:
    """The page's language: chosen with the language control or by ?lang=."""
    return st.session_state.get(LANG, SOURCE)


def load_model(folder: str) -> Model:
    """The folder's model: measured once per process and shared by every session (warmed at
    start by `python -m dashboard serve`), read from disk where `prepare` or an earlier start
    filed it."""
    return get_model(folder, ModelCache())


def current_folder() -> str:
    return str(data_dir())


def small(text: str) -> str:
    """Markdown (already escaped) shown small and grey, like a caption inside a text block."""
    return f":small[:gray[{text}]]"


def swatch(colour: str) -> str:
    """A square in a party's fill colour (validated `#rrggbb`), without HTML."""
    return f':color[■]{{foreground="{colour}"}}'


def grade(src: r.Source, lang: str) -> str:
    """What a source is and, unless it was read in the original, how: '(primary)',
    '(other; read in a mirror)'."""
    kind = t(f"source.kind.{src.kind}", lang)
    if src.read == "original":
        return t("source.grade", lang, kind=kind)
    return t("source.grade_read", lang, kind=kind, how=t(f"source.read.{src.read}", lang))


def cite(atlas: Atlas, c: r.Cited, lang: str) -> str:
    """'[Title](url) (grade), locator' as markdown, every part escaped. The title and the
    locator are the source's, in its language."""
    src = atlas.ds.sources.get(c.source)
    if src is None:
        return md(c.source)
    title = md(src.title) + (f" ({md(src.publisher)})" if src.publisher else "")
    where = c.locator or (f"¶{c.paragraph}" if c.paragraph else None)
    return f"{link(title, src.url)} {md(grade(src, lang))}" + (f", {md(where)}" if where else "")


def cell(value: object) -> str:
    """A table cell as markdown: escaped, its numbers kept with their units."""
    return keep_units(md(value))


def table(rows: Sequence[Mapping[str, object]]) -> None:
    """A small table as markdown (light to render; every cell escaped)."""
    if not rows:
        return
    cols = list(rows[0])
    lines = ["| " + " | ".join(cell(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(r.get(c, "")) for c in cols) + " |" for r in rows]
    st.markdown("\n".join(lines))
