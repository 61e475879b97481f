"""Folium objects built from records; nothing here talks to Streamlit.

The base map (sea, land that no scenario recolours, places, straits, legend) is the same on
every run, so streamlit-folium keeps the component mounted; what a scenario or a selection
changes is one FeatureGroup swapped in place through `feature_group_to_add`.
"""

from __future__ import annotations

import html
import json
from typing import Any

import folium
import shapely
from branca.element import Element, MacroElement
from folium.utilities import JsCode
from jinja2 import Template
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from dashboard import assets
from dashboard import geometry as geo
from dashboard.atlas import Atlas
from dashboard.config import DISPLAY_DECIMALS, DISPLAY_TOLERANCE_DEG
from dashboard.scenarios import NOBODY, Holding, Scenarios

SCENARIO_LAYER = "Islands under the scenario"

# Instant, client-side feedback for a click: outline the clicked island at once, before the
# server's rerun redraws the selection.
CLICK_HIGHLIGHT_JS = """
function (feature, layer) {
  layer.on('click', function (e) {
    var prev = window.__islandHighlight;
    if (prev && prev.layer !== e.target && prev.layer.setStyle) { prev.layer.setStyle(prev.style); }
    var o = e.target.options;
    window.__islandHighlight = {layer: e.target,
      style: {color: o.color, weight: o.weight, dashArray: o.dashArray}};
    e.target.setStyle({color: %s, weight: 5, dashArray: null});
    if (e.target.bringToFront) { e.target.bringToFront(); }
    window.__islandClickedAt = performance.now();
  });
}
"""


def esc(value: Any) -> str:
    """Text for HTML: every property that reaches the browser goes through here."""
    return html.escape(str(value), quote=True)


_DISPLAY: dict[tuple[int, str], dict] = {}


def display_geometry(atlas: Atlas, key: str, geom: BaseGeometry, group: str) -> dict:
    """Simplified, rounded GeoJSON geometry for the browser, computed once per key.

    Tolerance and the smallest part kept come from view.yaml's `display` (per group), so far
    land is light and the disputed islands keep their shape at the closest zoom.
    """
    cache_key = (id(atlas), key)
    if cache_key not in _DISPLAY:
        rules = atlas.view.get("display", {})
        tol = rules.get("tolerance_deg", {}).get(group, DISPLAY_TOLERANCE_DEG)
        min_km2 = rules.get("min_part_km2", {}).get(group, 0.0)
        if min_km2 and hasattr(geom, "geoms"):
            kept = [g for g in geom.geoms if geo.area_km2(g) >= min_km2]
            geom = shapely.MultiPolygon(kept) if kept else geom
        _DISPLAY[cache_key] = mapping(geo.simplify(geom, tol, DISPLAY_DECIMALS))
    return _DISPLAY[cache_key]


def colour_of(atlas: Atlas, holder: str) -> str:
    party = atlas.ds.parties.get(holder)
    if party:
        return party.colour
    return atlas.view.get("colours", {}).get(holder, "#BBBBBB")


def holder_label(atlas: Atlas, holder: str) -> str:
    party = atlas.ds.parties.get(holder)
    return (
        party.name if party else {"joint": "held jointly", NOBODY: "no holder"}.get(holder, holder)
    )


def static_features(atlas: Atlas, scenarios: Scenarios) -> set[str]:
    """Land whose holder is the same in every scenario: drawn once, in the base map."""
    out = set()
    for fid in atlas.ds.land["id"]:
        holders = {
            h.holder
            for s in scenarios.ordered
            for h in scenarios.holdings(s.id)
            if h.feature == fid
        }
        if len(holders) == 1 and atlas.group_of(fid) not in atlas.disputed:
            out.add(fid)
    return out


def _props(atlas: Atlas, fid: str, **extra: Any) -> dict[str, str]:
    names = atlas.ds.catalogue[fid].names
    group = atlas.group_of(fid)
    props = {
        "id": fid,
        "group": group,
        "name_en": names.en,
        "name_ja": names.ja,
        "name_ru": names.ru,
        "disputed": "yes" if group in atlas.disputed else "no",
        **extra,
    }
    return {k: esc(v) for k, v in props.items()}


TOOLTIP_FIELDS = ["name_en", "name_ja", "name_ru", "status"]
TOOLTIP_ALIASES = ["", "", "", ""]


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def build_base_map(atlas: Atlas, scenarios: Scenarios) -> folium.Map:
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
    )
    m.default_js = assets.leaflet_js()
    m.default_css = assets.leaflet_css()
    m.get_root().header.add_child(
        Element(
            f"<style>.leaflet-container{{background:{colours.get('ocean', '#EEF3F8')};}}"
            ".leaflet-control-attribution{font-size:11px;line-height:1.3;max-width:70%;}"
            ".sea-label{font:italic 13px/1.3 serif;color:#33617f;text-align:center;"
            "pointer-events:none;white-space:nowrap;}"
            ".island-label{font:600 12px/1.2 sans-serif;color:#222;text-shadow:0 0 3px #fff,"
            "0 0 3px #fff;white-space:nowrap;pointer-events:none;}</style>"
        )
    )
    _add_sea(m, atlas, colours)
    _add_static_land(m, atlas, scenarios)
    _add_straits_and_places(m, atlas)
    _add_labels(m, atlas)
    Legend(atlas).add_to(m)
    Attribution(atlas).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


def _add_sea(m: folium.Map, atlas: Atlas, colours: dict) -> None:
    feats = [
        {
            "type": "Feature",
            "geometry": display_geometry(atlas, f"sea:{i}", g, "sea"),
            "properties": {
                "id": esc(i),
                "name_en": esc(atlas.ds.sea_limits.name.en),
                "name_ja": esc(atlas.ds.sea_limits.name.ja),
                "name_ru": esc(atlas.ds.sea_limits.name.ru),
                "status": "IHO S-23 limits",
            },
        }
        for i, g in zip(atlas.ds.sea["id"], atlas.ds.sea.geometry, strict=True)
    ]
    group = folium.FeatureGroup(name="Sea of Okhotsk (IHO limits)", show=True)
    folium.GeoJson(
        _collection(feats),
        name="sea",
        style_function=lambda _f: {
            "fillColor": colours.get("sea", "#C9DDEE"),
            "fillOpacity": 1.0,
            "stroke": False,
        },
        tooltip=folium.GeoJsonTooltip(TOOLTIP_FIELDS, TOOLTIP_ALIASES, labels=False, sticky=True),
    ).add_to(group)
    group.add_to(m)


def _add_static_land(m: folium.Map, atlas: Atlas, scenarios: Scenarios) -> None:
    static = static_features(atlas, scenarios)
    base = scenarios.holdings(scenarios.default_id)
    feats = [
        {
            "type": "Feature",
            "geometry": display_geometry(atlas, h.feature, h.geometry, h.group),
            "properties": _props(
                atlas,
                h.feature,
                holder=h.holder,
                status=f"held by {holder_label(atlas, h.holder)} in every scenario",
            ),
        }
        for h in base
        if h.feature in static
    ]
    group = folium.FeatureGroup(name="Surrounding land", show=True, control=False)
    folium.GeoJson(
        _collection(feats),
        name="context",
        style_function=lambda f: {
            "fillColor": colour_of(atlas, f["properties"]["holder"]),
            "fillOpacity": 0.6,
            "color": "#555",
            "weight": 0.5,
        },
        tooltip=folium.GeoJsonTooltip(TOOLTIP_FIELDS, TOOLTIP_ALIASES, labels=False, sticky=True),
    ).add_to(group)
    group.add_to(m)


def _add_straits_and_places(m: folium.Map, atlas: Atlas) -> None:
    straits = folium.FeatureGroup(name="Straits (narrowest, measured)", show=True)
    places = folium.FeatureGroup(name="Places", show=True)
    for fid, feat in atlas.ds.catalogue.items():
        if feat.kind == "strait":
            gap = atlas.strait_width(fid)
            if gap is None:
                continue
            n = feat.names
            text = f"{n.en} ({n.ja}, {n.ru}): {gap.km:.1f} km at its narrowest"
            folium.PolyLine(
                [(p.y, p.x) for p in (gap.a, gap.b)],
                color="#333",
                weight=1.5,
                dash_array="4 4",
                tooltip=esc(text),
            ).add_to(straits)
        elif feat.kind in ("place", "cape") or (
            feat.kind == "island" and fid not in atlas.feature_group
        ):
            text = f"{feat.names.en} ({feat.names.ja}, {feat.names.ru})"
            if feat.kind == "island":
                text += ": islet too small for the land data, shown as a point"
            folium.CircleMarker(
                (feat.position.lat, feat.position.lon),
                radius=3,
                weight=1,
                color="#222",
                fill=True,
                fill_color="#fff",
                fill_opacity=1,
                tooltip=esc(text),
            ).add_to(places)
    straits.add_to(m)
    places.add_to(m)


def _add_labels(m: folium.Map, atlas: Atlas) -> None:
    labels = folium.FeatureGroup(name="Island names", show=True)
    for label in atlas.view.get("labels", []):
        folium.Marker(
            (label["lat"], label["lon"]),
            icon=folium.DivIcon(
                html=f'<div class="sea-label">{"<br>".join(esc(t) for t in label["text"])}</div>',
                icon_size=(200, 48),
                icon_anchor=(100, 24),
            ),
            interactive=False,
        ).add_to(labels)
    for place in atlas.disputed:
        c = atlas.geometry(place).representative_point()
        names = atlas.name(place)
        en = atlas.label(place)
        text = f"{esc(en)}<br>{esc(names.ja) if names and len(atlas.members(place)) == 1 else ''}"
        folium.Marker(
            (c.y, c.x),
            icon=folium.DivIcon(
                html=f'<div class="island-label">{text}</div>',
                icon_size=(120, 30),
                icon_anchor=(-12, 10),
            ),
            interactive=False,
        ).add_to(labels)
    labels.add_to(m)


def build_scenario_layer(
    atlas: Atlas, scenarios: Scenarios, sid: str, selected: str | None = None
) -> folium.FeatureGroup:
    """The land a scenario may recolour, with the selected island outlined."""
    static = static_features(atlas, scenarios)
    colours = atlas.view.get("colours", {})
    sel = set(atlas.members(selected)) if selected else set()
    group_sel = atlas.group_of(selected) if selected else None
    feats = [
        _holding_feature(
            atlas,
            h,
            h.feature in sel
            or (group_sel in atlas.disputed and atlas.group_of(h.feature) == group_sel),
            h.feature == selected,
            sid,
        )
        for h in scenarios.holdings(sid)
        if h.feature not in static
    ]
    fg = folium.FeatureGroup(name=SCENARIO_LAYER, show=True)

    def style(f: dict) -> dict:
        p = f["properties"]
        s = {
            "fillColor": colour_of(atlas, p["holder"]),
            "fillOpacity": 0.75,
            "color": "#333",
            "weight": 0.8,
        }
        if p["changed"] == "yes":
            s.update(color=colours.get("changed", "#000"), weight=2, dashArray="5 3")
        if p["selected"] == "group":
            s.update(color=colours.get("selected", "#FFD21F"), weight=3, dashArray=None)
        if p["selected"] == "self":
            s.update(color=colours.get("selected", "#FFD21F"), weight=5, dashArray=None)
        return s

    folium.GeoJson(
        _collection(feats),
        name="scenario",
        style_function=style,
        on_each_feature=JsCode(CLICK_HIGHLIGHT_JS % json.dumps(colours.get("selected", "#FFD21F"))),
        tooltip=folium.GeoJsonTooltip(TOOLTIP_FIELDS, TOOLTIP_ALIASES, labels=False, sticky=True),
    ).add_to(fg)
    cut = scenarios.split_line(sid)
    if cut is not None:
        folium.PolyLine(
            [(y, x) for x, y in cut.line.coords],
            color="#000",
            weight=2,
            dash_array="2 4",
            tooltip=esc(
                f"Dividing line: {cut.share:.1%} of "
                f"{atlas.label(cut.feature)} on the "
                f"{scenarios.get(sid).split.from_side or 'southwest'} side"
            ),
        ).add_to(fg)
    return fg


def _holding_feature(atlas: Atlas, h: Holding, in_group: bool, is_self: bool, sid: str) -> dict:
    status = f"held by {holder_label(atlas, h.holder)}" + (" (changes hands)" if h.changed else "")
    props = _props(
        atlas,
        h.feature,
        holder=h.holder,
        changed="yes" if h.changed else "no",
        selected="self" if is_self else ("group" if in_group else "no"),
        status=status,
        part=h.part or "",
    )
    key = f"{h.key}:{sid}" if h.part else h.key
    geom = display_geometry(atlas, key, h.geometry, h.group)
    return {"type": "Feature", "geometry": geom, "properties": props}


class Legend(MacroElement):
    """A Leaflet control listing each party's colour and what outlines mean."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function(){
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'map-legend');
    div.setAttribute('role', 'list');
    div.setAttribute('aria-label', 'Legend');
    div.style.cssText = 'background:rgba(255,255,255,.92);padding:6px 8px;font:12px sans-serif;'
      + 'border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);line-height:18px';
    div.innerHTML = {{ this.html_json }};
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, atlas: Atlas):
        super().__init__()
        self._name = "Legend"
        colours = atlas.view.get("colours", {})
        rows = [(p.colour, f"Held by {p.name}", "") for p in atlas.ds.parties.values()]
        rows.append((colours.get("joint", "#CC79A7"), "Held jointly", ""))
        rows.append(
            (
                "transparent",
                "Changes hands in the scenario",
                f"border:2px dashed {colours.get('changed', '#000')}",
            )
        )
        rows.append(
            (
                "transparent",
                "Selected island",
                f"border:3px solid {colours.get('selected', '#FFD21F')}",
            )
        )
        rows.append((colours.get("sea", "#C9DDEE"), "Sea of Okhotsk (IHO limits)", ""))
        items = "".join(
            f'<div role="listitem"><span style="display:inline-block;width:14px;height:12px;'
            f'margin-right:6px;vertical-align:middle;background:{esc(c)};{esc(extra)}"></span>'
            f"{esc(label)}</div>"
            for c, label, extra in rows
        )
        self.html_json = json.dumps(items)


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


def build_sea_layer(
    atlas: Atlas, sea, sid: str, name: str = "Territorial seas and median line"
) -> folium.FeatureGroup:
    """Each party's 12-nautical-mile territorial sea in its colour, and the median line."""
    fg = folium.FeatureGroup(name=name, show=True)

    def style_for(colour: str):
        return lambda _f: {"fillColor": colour, "fillOpacity": 0.18, "color": colour, "weight": 1}

    for party, geom in sea.territorial.items():
        if geom.is_empty:
            continue
        folium.GeoJson(
            {
                "type": "Feature",
                "geometry": display_geometry(atlas, f"ts:{sid}:{party}", geom, "sea-zones"),
                "properties": {"party": esc(party)},
            },
            style_function=style_for(colour_of(atlas, party)),
            tooltip=esc(f"Territorial sea (12 nm) of {holder_label(atlas, party)}"),
        ).add_to(fg)
    if sea.median is not None and not sea.median.is_empty:
        folium.GeoJson(
            {
                "type": "Feature",
                "geometry": display_geometry(atlas, f"median:{sid}", sea.median, "sea-zones"),
                "properties": {},
            },
            style_function=lambda _f: {"color": "#111", "weight": 2, "dashArray": "8 4 2 4"},
            tooltip="Median (equidistance) line between the parties' land",
        ).add_to(fg)
    return fg
