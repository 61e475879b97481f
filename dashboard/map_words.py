"""The map's words in one language: the legend, the names of its layers, the heading of its
frame, the names written on it, the card a click shows and every tooltip. Pure.

The base map's script is the same in every language, so a change of language keeps the map
mounted (streamlit-folium remounts it when that script changes): the browser fetches these
words from one static file a language (`words.<lang>.json`, see dashboard.published), once,
and puts them into the map it has. What is sent on each run (the card's words, the sea
legend while that layer is on) is built here too. Every text is escaped HTML.
"""

from __future__ import annotations

from typing import NamedTuple

from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.i18n import holder_words, t, word
from dashboard.layers import annotation_data, base_tips, scenario_tips
from dashboard.sea_layers import SeaPiece, sea_tips
from dashboard.text import esc

# Legends fold to their title on a map narrower than this (a phone), so they hide no island.
LEGEND_OPEN_FROM_PX = 450
SWATCH = "display:inline-block;width:14px;height:12px;margin-right:6px;vertical-align:middle;"


class LegendEntry(NamedTuple):
    """A row of the land's legend. A holder's row (`holder`) and the row of land that changes
    hands (`changed`) stay only while the map's land shows them: the browser hides the others,
    as the picture's legend leaves them out; `hidden` is their state before the land is in."""

    colour: str
    text: str
    style: str = ""
    holder: str = ""
    changed: bool = False
    hidden: bool = False


def legend_rows(atlas: Atlas, lang: str) -> list[LegendEntry]:
    """The rows of the land's legend: each party's colour, each other holder's (shown only
    while some land is theirs, as in the picture's legend), the outlines, the sea."""
    first = atlas.languages[0].code
    colours = atlas.ds.view.colours
    rows = [
        LegendEntry(
            p.colour, t("legend.held_by", lang, holder=word(p.name, lang, first)), holder=p.id
        )
        for p in atlas.ds.parties.values()
    ]
    rows += [
        LegendEntry(
            k.colour, holder_words(atlas.ds.view, k, "legend", lang), holder=k.id, hidden=True
        )
        for k in atlas.holder_kinds.values()
    ]
    dashed = f"border:2px dashed {colours.changed}"
    rows.append(
        LegendEntry("transparent", t("legend.changed", lang), dashed, changed=True, hidden=True)
    )
    solid = f"border:3px solid {colours.selected}"
    rows.append(LegendEntry("transparent", t("legend.selected", lang), solid))
    limits = atlas.ds.sea_limits
    if limits is not None:
        sea = atlas.label_of(limits.name, lang)
        caption = word(limits.caption, lang, first)
        text = t("legend.sea", lang, sea=sea, caption=caption) if caption else sea
        rows.append(LegendEntry(colours.sea, text))
    return rows


def legend_html(rows: list[LegendEntry]) -> str:
    return "".join(
        '<div role="listitem"'
        + (f' data-holder="{esc(r.holder)}"' if r.holder else "")
        + (" data-changed" if r.changed else "")
        + (" hidden" if r.hidden else "")
        + f'><span style="{SWATCH}background:{esc(r.colour)};{esc(r.style)}"></span>'
        f"{esc(r.text)}</div>"
        for r in rows
    )


def legend_words(html: str, summary: str, label: str, title: str = "") -> dict:
    """A legend's texts for DisputeMap.legend: its rows (escaped HTML), the title it folds
    to, its accessible name and the title above its rows."""
    return {"html": html, "summary": esc(summary), "label": esc(label), "title": esc(title)}


def land_legend(atlas: Atlas, lang: str) -> dict:
    html = legend_html(legend_rows(atlas, lang))
    return legend_words(html, t("legend.summary", lang), t("legend.label", lang))


def sea_legend(atlas: Atlas, lang: str) -> dict:
    return legend_words(
        sea_legend_html(atlas, lang),
        t("sea_legend.summary", lang),
        t("sea_legend.label", lang),
        t("sea_legend.title", lang),
    )


def sea_legend_html(atlas: Atlas, lang: str) -> str:
    """The sea layer's legend: what the lighter fills, the dashed line and the dotted outline
    mean (each holder's colour is in the land legend)."""
    a = atlas.ds.view.analysis
    rows = [
        (
            f"background:rgba(80,80,80,.45);{SWATCH}",
            t("sea_legend.territorial", lang, nm=f"{a.territorial_sea_nm:g}"),
        ),
        (f"background:rgba(80,80,80,.22);{SWATCH}", t("sea_legend.eez", lang, nm=f"{a.eez_nm:g}")),
        (f"border-top:2px dashed #111;height:0;{SWATCH}", t("sea_legend.median", lang)),
        (
            f"background:{atlas.ds.view.colours.high_seas};border:1px dotted #555;{SWATCH}",
            t("sea_legend.high_seas", lang),
        ),
    ]
    return "".join(
        f'<div role="listitem"><span style="{esc(style)}"></span>{esc(text)}</div>'
        for style, text in rows
    )


def card_words(atlas: Atlas, lang: str) -> dict:
    """What the card a click shows needs besides the feature: the languages of its names,
    the reader's first, how the language writes an area, and its words."""
    return {
        "code": lang,
        "languages": [x.code for x in atlas.languages_for(lang)],
        "group": t("number.group", lang),
        "decimal": t("number.decimal", lang),
        # templates the browser fills: an area's number, then the area in the sentence
        "unit": esc(t("unit.km2", lang, value="{value}")),
        "area": esc(t("card.area", lang, area="{area}")),
        "close": esc(t("card.close", lang)),
    }


def map_words(atlas: Atlas, cons: Consequences, lang: str, sea: dict[str, list[SeaPiece]]) -> dict:
    """Everything the base map and the layers it fetches say in one language: the file the
    browser fetches once for the language (`tips` are by layer, in the order of its
    features: `base`, `scenario-<id>`, `sea-<id>`; `sea` holds each scenario's sea_pieces)."""
    scenarios = cons.sc
    first = atlas.languages[0].code
    title = word(atlas.ds.view.title, lang, first)
    tips: dict[str, list[str]] = {"base": base_tips(atlas, scenarios, lang)}
    for s in scenarios.ordered:
        tips[f"scenario-{s.id}"] = scenario_tips(atlas, scenarios, s.id, lang)
        tips[f"sea-{s.id}"] = sea_tips(atlas, cons, s.id, sea[s.id], lang)
    return {
        "code": lang,
        "heading": esc(t("map.heading", lang, title=title)),  # escaped, as every text
        # the layers the reader can turn off, by the key the browser files them under
        "layers": {
            "lines": esc(t("map.layer.straits", lang)),
            "points": esc(t("map.layer.places", lang)),
            "labels": esc(t("map.layer.island_names", lang)),
        },
        "legends": {"legend": land_legend(atlas, lang)},
        "annotations": annotation_data(atlas, lang),
        "tips": tips,
    }
