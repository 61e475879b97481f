"""Taking a view away: its link and an <iframe> snippet to embed it (in a dialog, sent only
when asked for), and its picture as PNG or SVG (drawn only when a download is clicked)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import sharing, state
from dashboard.consequences import Consequences
from dashboard.views.common import md

# The words this module puts on the page (a catalogue of the page's languages takes them over).
TEXT = {
    "share": "Share / embed",
    "share_help": "The link of this view, and the HTML that embeds it in another page.",
    "dialog": "Share or embed this view",
    "link": "Link to this view (the island and the scenario shown):",
    "embed": "To embed it in a page, paste this HTML (the embedded page shows no menu):",
    "png": "Download the map as a picture (PNG)",
    "svg": "Download the map as a picture (SVG)",
    "picture_help": "The view of the scenario on the page, with the legend, a scale bar and "
    "the sources, drawn on the server when you click: for print and slides.",
}
SHARE_KEY = "share_open"
VIEW_BOX = "picture_view"  # the selection, for a picture built after the page was drawn


def render_share_button(title: str, island: str | None, sid: str, default: str) -> None:
    if st.button(TEXT["share"], key=SHARE_KEY, help=TEXT["share_help"]):
        share_dialog(title, state.to_params(island, sid, default))


@st.dialog(TEXT["dialog"])
def share_dialog(title: str, params: dict[str, str]) -> None:
    base = st.context.url
    st.markdown(md(TEXT["link"]))
    st.code(sharing.view_link(base, params), language=None, wrap_lines=True)
    st.markdown(md(TEXT["embed"]))
    st.code(sharing.embed_snippet(base, params, title), language="html", wrap_lines=True)


def remember_view(island: str | None) -> None:
    """Keep the selection where a picture's download, drawn later, finds it: the downloads
    are drawn with the whole page, and a click redraws only the map and its panel."""
    box = st.session_state.setdefault(VIEW_BOX, {})
    box["island"] = island


def render_picture_downloads(cons: Consequences, sid: str) -> None:
    """PNG and SVG of the view (dashboard.picture), built when clicked."""
    box = st.session_state.setdefault(VIEW_BOX, {})
    c1, c2 = st.columns(2)
    for col, fmt, mime in ((c1, "png", "image/png"), (c2, "svg", "image/svg+xml")):
        col.download_button(
            TEXT[fmt],
            _picture(cons, sid, fmt, box),
            file_name=f"{sid}.{fmt}",
            mime=mime,
            on_click="ignore",
            help=TEXT["picture_help"],
        )


def _picture(cons: Consequences, sid: str, fmt: str, box: dict) -> Callable[[], bytes]:
    def draw() -> bytes:
        from dashboard.picture import draw_picture  # matplotlib: only once asked for

        return draw_picture(cons.atlas, cons.sc, sid, fmt, selected=box.get("island"))

    return draw
