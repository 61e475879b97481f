"""The map: a constant base map, with the scenario layer swapped in place."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.map_table import holder_rows
from dashboard.maps import build_base_map, build_scenario_layer, build_sea_layer
from dashboard.published import LayerUrls
from dashboard.scenarios import Scenarios
from dashboard.views.common import md, table

MAP_KEY = "map"
FLY_TO = "fly_to"
VIEW = "map_view_target"

# The words this module puts on the page (a catalogue of the page's languages takes them over).
TEXT = {
    "caption": "Click an island for its details; click the open sea to go back to the "
    "overview. Dashed black outlines mark land that changes hands under the chosen scenario.",
    "table": "The map as a table: who holds each island under “{scenario}”",
    "island": "Island",
    "other_names": "Other names",
    "holder": "Held by",
    "changed": "Changes hands",
    "yes": "yes",
    "no": "no",
}
PARTS = {  # the pieces of a split island
    "part": "the part handed over",
    "rest": "the rest",
    "north": "north of the line",
    "south": "south of the line",
}


def zoom_for(atlas: Atlas, place: str) -> tuple[tuple[float, float], int]:
    """Centre and zoom that frame an island."""
    g = atlas.geometry(place)
    w, s, e, n = g.bounds
    span = max(e - w, n - s)
    zoom = 11 if span < 0.1 else 10 if span < 0.3 else 9 if span < 0.7 else 8 if span < 1.5 else 7
    c = g.envelope.centroid
    return (c.y, c.x), zoom


def render_map(
    atlas: Atlas,
    cons: Consequences,
    urls: LayerUrls,
    selected: str | None,
    sid: str,
    show_sea: bool = False,
) -> None:
    scenarios = cons.sc
    layers = [build_scenario_layer(atlas, scenarios, sid, urls, selected)]
    if show_sea:
        layers.append(build_sea_layer(atlas, scenarios, sid, urls))
    fly = st.session_state.pop(FLY_TO, None)
    if fly:
        st.session_state[VIEW] = zoom_for(atlas, fly)
    center, zoom = st.session_state.get(VIEW, (None, None))
    st_folium(
        build_base_map(atlas, scenarios, urls),
        key=MAP_KEY,
        height=620,
        use_container_width=True,
        returned_objects=["last_clicked", "last_object_clicked_count"],  # no outline echo
        feature_group_to_add=layers,
        center=center,
        zoom=zoom,
    )
    st.caption(TEXT["caption"])


def render_holders_table(atlas: Atlas, scenarios: Scenarios, sid: str) -> None:
    """What the map's colours say, as a table: for a screen reader, or to read the colours."""
    rows = holder_rows(atlas, scenarios, sid, PARTS)
    with st.expander(TEXT["table"].format(scenario=md(scenarios.get(sid).name))):
        table(
            [
                {
                    TEXT["island"]: r.island,
                    TEXT["other_names"]: r.other_names,
                    TEXT["holder"]: r.holder,
                    TEXT["changed"]: TEXT["yes"] if r.changed else TEXT["no"],
                }
                for r in rows
            ]
        )
