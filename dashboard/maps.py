"""Folium objects built from records; nothing here talks to Streamlit.

The base map (sea, land that no scenario recolours, places, straits, legend) is the same on
every run and in every language, so streamlit-folium keeps the component mounted; what a
scenario, a selection or the page's language changes is one FeatureGroup swapped in place
through `feature_group_to_add`. The base map's words come from the static file of the page's
language (dashboard.map_words), which that FeatureGroup names.
"""

from __future__ import annotations

import json

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from dashboard import assets
from dashboard.atlas import Atlas
from dashboard.framing import Bounds, moved_bounds, view_bounds
from dashboard.i18n import percent, t
from dashboard.layers import colour_of
from dashboard.map_words import LEGEND_OPEN_FROM_PX, card_words, sea_legend
from dashboard.published import LayerUrls
from dashboard.scenarios import Scenarios
from dashboard.text import esc

ZOOM_SNAP = 0.25
BOX = (
    "background:rgba(255,255,255,.92);padding:6px 8px;font:12px/18px sans-serif;color:#222;"
    "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3)"
)
MAP_CSS = (
    f".map-legend,.island-card{{{BOX}}}"
    # Folded: the title. Open: the rows alone, as tall as before it folded, and a small
    # toggle in the corner (the title stays its accessible name).
    ".map-legend{position:relative;}.map-legend-title{font-weight:700;}"
    ".map-legend summary{cursor:pointer;font-weight:600;}"
    ".map-legend details[open]{padding-right:14px;}"
    ".map-legend details[open]>summary{position:absolute;top:2px;right:4px;width:14px;"
    "height:16px;overflow:hidden;list-style:none;font-size:0;text-align:center;}"
    ".map-legend details[open]>summary::-webkit-details-marker{display:none;}"
    '.map-legend details[open]>summary::before{content:"\\25BE";font-size:14px;}'
    ".island-card{max-width:220px;padding-right:22px;position:relative;}"
    ".island-card-name{font-weight:700;font-size:14px;}"
    ".island-card-close{position:absolute;top:2px;right:2px;border:0;background:none;"
    "font:16px/16px sans-serif;cursor:pointer;padding:2px 4px;color:#222;}"
    ".map-heading{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap;margin:0;}"
)


def build_base_map(atlas: Atlas, scenarios: Scenarios, urls: LayerUrls) -> folium.Map:
    """The constant part of the map."""
    view = atlas.view.get("map", {})
    colours = atlas.view.get("colours", {})
    m = folium.Map(
        location=[view["center"]["lat"], view["center"]["lon"]],
        zoom_start=view.get("zoom", 7),
        min_zoom=view.get("min_zoom", 4),
        max_zoom=view.get("max_zoom", 12),
        tiles=None,
        control_scale=True,
        zoom_control=True,
        world_copy_jump=False,
        # A view framed to a scenario's land (framing.view_bounds) fills a phone's narrow map
        # instead of falling back a whole zoom level; the zoom buttons still step by one.
        zoom_snap=ZOOM_SNAP,
    )
    m.default_js = assets.leaflet_js() + assets.dashboard_js()
    m.default_css = assets.leaflet_css()
    root = m.get_root()
    assert isinstance(root, Figure)  # a folium.Map puts itself in a new Figure
    root.header.add_child(
        Element(
            f"<style>.leaflet-container{{background:{colours.get('ocean', '#EEF3F8')};}}"
            ".leaflet-control-attribution{font-size:11px;line-height:1.3;max-width:70%;}"
            ".sea-label{font:italic 13px/1.3 serif;color:#33617f;text-align:center;"
            "pointer-events:none;white-space:nowrap;}"
            ".island-label{font:600 12px/1.2 sans-serif;color:#222;text-shadow:0 0 3px #fff,"
            "0 0 3px #fff;white-space:nowrap;pointer-events:none;}" + MAP_CSS + "</style>"
        )
    )
    FrameDocument().add_to(m)
    _add_base_layers(m, atlas, urls)
    _add_annotations(m)
    Legend().add_to(m)
    Attribution(atlas).add_to(m)
    LayerControl().add_to(m)
    return m


class FrameDocument(MacroElement):
    """Makes the map's frame read as a document: zooming allowed, a main landmark, a heading
    (in the words of the page's language)."""

    _template = Template("""
{% macro script(this, kwargs) %}
DisputeMap.frameDocument();
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "FrameDocument"


class Annotations(MacroElement):
    """Points, dashed lines or text labels (one kind of `layers.annotation_data`) that the
    browser draws into the parent layer from the words of the page's language."""

    _template = Template("""
{% macro script(this, kwargs) %}
DisputeMap.annotations({{ this._parent.get_name() }}, {{ this.key_json }});
{% endmacro %}
""")

    def __init__(self, key: str):
        super().__init__()
        self._name = "Annotations"
        self.key_json = json.dumps(key)


def _add_annotations(m: folium.Map) -> None:
    for key in ("lines", "points", "labels"):
        group = folium.FeatureGroup(name=key, show=True)
        Annotations(key).add_to(group)
        group.add_to(m)


class LayerControl(MacroElement):
    """Leaflet's control of the layers the reader may turn off (the annotations), named in
    the page's language."""

    _template = Template("""
{% macro script(this, kwargs) %}
DisputeMap.layerControl({{ this._parent.get_name() }}, {"collapsed": true, "position": "topright"});
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "LayerControl"


class Language(MacroElement):
    """The page's language: the map takes its words from that language's static file."""

    _template = Template("""
{% macro script(this, kwargs) %}
DisputeMap.language({{ this.options_json }});
{% endmacro %}
""")

    def __init__(self, lang: str, url: str):
        super().__init__()
        self._name = "Language"
        self.options_json = json.dumps({"code": lang, "url": url})


SCENARIO_LAYER = "scenario"  # the FeatureGroups' names are for the code only


class RemoteGeoJson(MacroElement):
    """A GeoJSON layer whose data the browser fetches once from a static URL and keeps.

    Styles come from each feature's properties (holder, changed) and from the selection, so
    the script sent on a click or a toggle is a few hundred bytes. A click outlines the island
    at once, before the server's rerun draws the selection.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = DisputeMap.remoteGeoJson({{ this._parent.get_name() }},
  {{ this.options_json }});
{% endmacro %}
""")

    def __init__(
        self,
        atlas: Atlas,
        url: str,
        tips: str,
        selected: str | None = None,
        group: list[str] | None = None,
        highlight: bool = True,
        weight: float = 0.8,
        fill_opacity: float = 0.75,
        frame: dict | None = None,
        lang: str | None = None,
    ):
        super().__init__()
        self._name = "RemoteGeoJson"
        colours = atlas.view.get("colours", {})
        holders = [*atlas.ds.parties, *atlas.holder_kinds]
        self.options_json = json.dumps(
            {
                "url": url,
                "tips": tips,  # its tooltips in the words of the page's language
                "slot": "scenario" if highlight else "base",
                "colours": {h: colour_of(atlas, h) for h in holders},
                "fallback": colour_of(atlas, atlas.ds.view.unheld),
                "sea": colours.get("sea", "#C9DDEE"),
                "changed": colours.get("changed", "#000000"),
                "selected": colours.get("selected", "#FFD21F"),
                "self": selected,
                "group": group or [],
                "highlight": highlight,
                "weight": weight,
                "fillOpacity": fill_opacity,
                "frame": frame,
                "card": card_words(atlas, lang or atlas.languages[0].code) if highlight else None,
            }
        )


def _corners(b: Bounds) -> list[list[float]]:
    """Leaflet's [[south, west], [north, east]] of (west, south, east, north)."""
    w, s, e, n = b
    return [[s, w], [n, e]]


def scenario_frame(
    atlas: Atlas, scenarios: Scenarios, sid: str, selected: str | None = None
) -> dict:
    """Where the map goes when it comes to show a scenario: `fit` frames the land the scenario
    moves (and the disputed and selected islands); a view already holding `keep` (that land
    alone, or the disputed islands) stays as the reader set it."""
    return {
        "id": sid,
        "fit": _corners(view_bounds(atlas, scenarios, sid, selected)),
        "keep": _corners(moved_bounds(atlas, scenarios, sid)),
    }


def _add_base_layers(m: folium.Map, atlas: Atlas, urls: LayerUrls) -> None:
    group = folium.FeatureGroup(name="base", show=True, control=False)
    RemoteGeoJson(atlas, urls.base, "base", highlight=False, weight=0.5, fill_opacity=0.6).add_to(
        group
    )
    group.add_to(m)


def build_scenario_layer(
    atlas: Atlas,
    scenarios: Scenarios,
    sid: str,
    urls: LayerUrls,
    selected: str | None = None,
    lang: str | None = None,
) -> folium.FeatureGroup:
    """The land a scenario may recolour, with the selected island outlined; and the page's
    language, whose words the whole map takes (`lang`; else the first the page offers)."""
    lang = lang if lang in urls.words else next(iter(urls.words))
    group_sel = atlas.group_of(selected) if selected else None
    members = atlas.members(group_sel) if group_sel in atlas.disputed else []
    fg = folium.FeatureGroup(name=SCENARIO_LAYER, show=True)
    Language(lang, urls.words[lang]).add_to(fg)
    sid = scenarios.get(sid).id
    RemoteGeoJson(
        atlas,
        urls.scenario[sid],
        f"scenario-{sid}",
        selected=selected,
        group=members,
        frame=scenario_frame(atlas, scenarios, sid, selected),
        lang=lang,
    ).add_to(fg)
    cut = scenarios.split_line(sid)
    if cut is not None:
        split = scenarios.get(sid).split
        assert split is not None  # split_line finds a cut only in a scenario with a split
        side = split.from_side or "southwest"
        folium.PolyLine(
            [(y, x) for x, y in cut.line.coords],
            color="#000",
            weight=2,
            dash_array="2 4",
            tooltip=esc(
                t(
                    "map.dividing_line",
                    lang,
                    share=percent(cut.share, lang),
                    feature=atlas.label(cut.feature, lang),
                    side=t(f"side.{side}", lang),
                )
            ),
        ).add_to(fg)
    return fg


class Legend(MacroElement):
    """A Leaflet control listing each party's colour and what outlines mean (its rows in the
    words of the page's language); it folds to its title on a narrow map."""

    _template = Template("""
{% macro script(this, kwargs) %}
DisputeMap.legend({{ this._parent.get_name() }}, {{ this.options_json }});
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "Legend"
        self.options_json = json.dumps(
            {"key": "legend", "position": "bottomright", "openFrom": LEGEND_OPEN_FROM_PX}
        )


class Attribution(MacroElement):
    """Adds the data sources' required attribution to Leaflet's attribution control."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.attributionControl.setPrefix(false);
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
{% endmacro %}
""")

    def __init__(self, atlas: Atlas):
        super().__init__()
        self._name = "Attribution"
        text = atlas.view.get("attribution", "© OpenStreetMap contributors (ODbL)")
        self.text_json = json.dumps(esc(text))


class SeaZones(MacroElement):
    """The sea under a scenario (dashboard.sea_layers), which the browser fetches from a static
    file and keeps, so a toggle sends a few hundred bytes of script."""

    _template = Template("""
{% macro script(this, kwargs) %}
DisputeMap.seaZones({{ this._parent.get_name() }}, {{ this.options_json }});
{% endmacro %}
""")

    def __init__(self, atlas: Atlas, urls: LayerUrls, sid: str, lang: str):
        super().__init__()
        self._name = "SeaZones"
        holders = [*atlas.ds.parties, *atlas.holder_kinds]
        legend = sea_legend(atlas, lang)
        legend.update(position="bottomleft", cls="sea-legend", openFrom=LEGEND_OPEN_FROM_PX)
        self.options_json = json.dumps(
            {
                "url": urls.sea[sid],
                "tips": f"sea-{sid}",  # its tooltips in the words of the page's language
                "colours": {h: colour_of(atlas, h) for h in holders},
                "fallback": colour_of(atlas, atlas.ds.view.unheld),
                "highSeas": atlas.ds.view.colours.high_seas,
                "legend": legend,
            }
        )


SEA_LAYER = "sea"


def build_sea_layer(
    atlas: Atlas, scenarios: Scenarios, sid: str, urls: LayerUrls, lang: str | None = None
):
    """Each holder's territorial sea and EEZ in its colour (lighter than land), the median
    lines between holders and the high seas, under a scenario, worded in `lang`."""
    fg = folium.FeatureGroup(name=SEA_LAYER, show=True)
    SeaZones(atlas, urls, scenarios.get(sid).id, lang or atlas.languages[0].code).add_to(fg)
    return fg
