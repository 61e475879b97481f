"""Cached loaders and small formatting helpers shared by the panels."""

from __future__ import annotations

import re

import streamlit as st

from dashboard import records as r
from dashboard.assets import ensure_static_assets
from dashboard.atlas import Atlas
from dashboard.config import data_dir
from dashboard.consequences import Consequences
from dashboard.data import load_dataset
from dashboard.layers import LandLocator, LayerUrls, write_layer_files
from dashboard.scenarios import Scenarios

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


@st.cache_resource(show_spinner="Loading the map data…")
def load_atlas(folder: str) -> tuple[Atlas, Scenarios, Consequences, LayerUrls]:
    """One Atlas per data folder per process: the data loads and is measured once, and the
    map's layers are written as static files the browser fetches once."""
    ensure_static_assets()
    atlas = Atlas(load_dataset(folder))
    scenarios = Scenarios(atlas)
    urls = write_layer_files(atlas, scenarios)
    return atlas, scenarios, Consequences(scenarios), urls


@st.cache_resource(show_spinner=False)
def land_locator(folder: str) -> LandLocator:
    """The island under a map click, for the data folder's outlines (built once)."""
    atlas, scenarios, _, _ = load_atlas(folder)
    return LandLocator(atlas, scenarios)


def current_folder() -> str:
    return str(data_dir())


def md(text: object) -> str:
    """Plain text made inert for st.markdown (no links, emphasis or HTML from data)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


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
