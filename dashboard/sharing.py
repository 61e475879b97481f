"""A view as a link and as an <iframe> snippet for a page that embeds it. Pure.

The link carries the view's query parameters (dashboard.state.to_params); the embed adds
Streamlit's own `embed=true`, which drops its menu, header and footer.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

EMBED_PARAM = "embed"
# Enough for the title, the scenario control, the island picker and the whole map (620 px);
# the panel and the sections below it scroll inside the frame.
EMBED_HEIGHT_PX = 900
FALLBACK_BASE = "http://localhost:8501/"


def page_address(url: str | None) -> str:
    """The page's address without query or fragment, as the browser reports it; a local one
    when it reports none or something that is not an http(s) address."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return FALLBACK_BASE
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def view_link(base: str | None, params: Mapping[str, str]) -> str:
    """The address of a view: the page's address and the view's parameters."""
    query = urlencode(dict(params))
    return page_address(base) + (f"?{query}" if query else "")


def embed_link(base: str | None, params: Mapping[str, str]) -> str:
    return view_link(base, {**params, EMBED_PARAM: "true"})


def embed_snippet(
    base: str | None, params: Mapping[str, str], title: str, height: int = EMBED_HEIGHT_PX
) -> str:
    """An <iframe> showing the view in another page, full width and `height` px high."""
    src = html.escape(embed_link(base, params), quote=True)
    return (
        f'<iframe src="{src}" title="{html.escape(title, quote=True)}" width="100%" '
        f'height="{int(height)}" style="border:0;" loading="lazy"></iframe>'
    )
