"""The map: a constant base map, with the scenario layer swapped in place."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.maps import build_base_map, build_scenario_layer, build_sea_layer
from dashboard.published import LayerUrls

MAP_KEY = "map"
FLY_TO = "fly_to"
VIEW = "map_view_target"


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
    st.caption(
        "Click an island for its details; click the open sea to go back to the overview. "
        "Dashed black outlines mark land that changes hands under the chosen scenario."
    )
