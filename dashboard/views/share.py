"""Taking a view away: its link and an <iframe> snippet to embed it (in a dialog, sent only
when asked for), and its picture as PNG or SVG (drawn only when a download is clicked)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import sharing
from dashboard.consequences import Consequences
from dashboard.i18n import t

SHARE_KEY = "share_open"
VIEW_BOX = "picture_view"  # the selection, for a picture built after the page was drawn


def render_share_button(title: str, params: dict[str, str], lang: str) -> None:
    """The button that opens the dialog; `params` are the view's (state.to_params), its
    language among them, and `title` the page's title in that language."""
    if st.button(t("share.button", lang), key=SHARE_KEY, help=t("share.help", lang)):
        # the dialog's title is fixed when the dialog is made: one per language
        _dialog(lang)(title, params, lang)


def _dialog(lang: str):
    return st.dialog(t("share.dialog", lang))(share_dialog)


def share_dialog(title: str, params: dict[str, str], lang: str) -> None:
    base = st.context.url
    st.markdown(t("share.link", lang))
    st.code(sharing.view_link(base, params), language=None, wrap_lines=True)
    st.markdown(t("share.embed", lang))
    st.code(sharing.embed_snippet(base, params, title), language="html", wrap_lines=True)


def remember_view(island: str | None) -> None:
    """Keep the selection where a picture's download, drawn later, finds it: the downloads
    are drawn with the whole page, and a click redraws only the map and its panel."""
    box = st.session_state.setdefault(VIEW_BOX, {})
    box["island"] = island


def render_picture_downloads(cons: Consequences, sid: str, lang: str) -> None:
    """PNG and SVG of the view (dashboard.picture) in the page's language, built when
    clicked."""
    box = st.session_state.setdefault(VIEW_BOX, {})
    c1, c2 = st.columns(2)
    labels = {"png": t("download.png", lang), "svg": t("download.svg", lang)}
    name = sid if lang == cons.atlas.languages[0].code else f"{sid}.{lang}"
    for col, fmt, mime in ((c1, "png", "image/png"), (c2, "svg", "image/svg+xml")):
        col.download_button(
            labels[fmt],
            _picture(cons, sid, fmt, box, lang),
            file_name=f"{name}.{fmt}",
            mime=mime,
            on_click="ignore",
            help=t("download.picture_help", lang),
        )


def _picture(
    cons: Consequences, sid: str, fmt: str, box: dict, lang: str | None = None
) -> Callable[[], bytes]:
    def draw() -> bytes:
        from dashboard.picture import draw_picture  # matplotlib: only once asked for

        return draw_picture(cons.atlas, cons.sc, sid, fmt, selected=box.get("island"), lang=lang)

    return draw
