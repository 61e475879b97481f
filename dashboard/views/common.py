"""Cached loaders and small formatting helpers shared by the panels."""

from __future__ import annotations

import re

import streamlit as st

from dashboard import records as r
from dashboard.atlas import Atlas
from dashboard.bundle import Bundle, load_bundle
from dashboard.config import data_dir

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
# An http(s) address up to a space, bracket, quote or markup character, without the
# punctuation that ends a sentence.
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`\\|$]*[^\s<>()\[\]{}\"'`\\|$.,;:!?]")


@st.cache_resource(show_spinner="Loading the map data…")
def load_atlas(folder: str) -> Bundle:
    """The folder's data, measured, with its map layers written as static files: once per
    process, shared by every session (and warmed at start by `python -m dashboard serve`)."""
    return load_bundle(folder)


def current_folder() -> str:
    return str(data_dir())


def md(text: object) -> str:
    """Plain text made inert for st.markdown: no emphasis, HTML or links from data, except that
    a bare http(s) address stays one clickable address (escaping it would show backslashes)."""
    text = str(text).replace("\n", " ")
    out, pos = [], 0
    for m in _BARE_URL.finditer(text):
        out += [_MD_SPECIAL.sub(r"\\\1", text[pos : m.start()]), f"<{m.group()}>"]
        pos = m.end()
    out.append(_MD_SPECIAL.sub(r"\\\1", text[pos:]))
    return "".join(out)


def small(text: str) -> str:
    """Markdown (already escaped) shown small and grey, like a caption inside a text block."""
    return f":small[:gray[{text}]]"


def swatch(colour: str) -> str:
    """A square in a party's fill colour (validated `#rrggbb`), without HTML."""
    return f':color[■]{{foreground="{colour}"}}'


def cite(atlas: Atlas, c: r.Cited) -> str:
    """'[Title](url), locator' as markdown, every part escaped."""
    src = atlas.ds.sources.get(c.source)
    if src is None:
        return md(c.source)
    title = md(src.title) + (f" ({md(src.publisher)})" if src.publisher else "")
    where = c.locator or (f"¶{c.paragraph}" if c.paragraph else None)
    link = f"[{title}]({src.url.replace(')', '%29').replace(' ', '%20')})" if src.url else title
    return link + (f", {md(where)}" if where else "")


def fmt_km(km: float) -> str:
    return f"{km:,.1f} km" if km < 100 else f"{km:,.0f} km"


def fmt_area(km2: float) -> str:
    return f"{km2:,.1f} km²" if km2 < 1000 else f"{km2:,.0f} km²"


def table(rows: list[dict[str, object]]) -> None:
    """A small table as markdown (light to render; every cell escaped)."""
    if not rows:
        return
    cols = list(rows[0])
    lines = ["| " + " | ".join(md(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(md(r.get(c, "")) for c in cols) + " |" for r in rows]
    st.markdown("\n".join(lines))
