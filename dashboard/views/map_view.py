"""The map: a constant base map, with the scenario layer swapped in place."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.i18n import t, word
from dashboard.map_table import PARTS, holder_rows
from dashboard.maps import build_base_map, build_scenario_layer, build_sea_layer
from dashboard.published import LayerUrls
from dashboard.scenarios import Scenarios
from dashboard.views.common import md, page_lang, table

MAP_KEY = "map"
FLY_TO = "fly_to"
VIEW = "map_view_target"
TABLE_OPEN = "map_table_open"


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
    lang: str,
    show_sea: bool = False,
) -> None:
    scenarios = cons.sc
    layers = [build_scenario_layer(atlas, scenarios, sid, urls, selected, lang)]
    if show_sea:
        layers.append(build_sea_layer(atlas, scenarios, sid, urls, lang))
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
    st.caption(t("map.caption", lang))


def render_holders_table(atlas: Atlas, scenarios: Scenarios, sid: str) -> None:
    """What the map's colours say, as a table: for a screen reader, or to read the colours.
    Built only while it is open (a scenario's change redraws nothing hidden), and it stays
    open across changes of scenario: its label does not name the scenario."""
    lang = page_lang()
    box = st.expander(t("map_table.title", lang), key=TABLE_OPEN, on_change="rerun")
    if not box.open:
        return
    parts = {p: t(f"part.{p}", lang) for p in PARTS}
    rows = holder_rows(atlas, scenarios, sid, parts, lang)
    name = word(scenarios.get(sid).name, lang, atlas.languages[0].code)
    yes, no = t("common.yes", lang), t("common.no", lang)
    with box:
        st.markdown(t("map_table.under", lang, scenario=md(name)))
        table(
            [
                {
                    t("map_table.island", lang): r.island,
                    t("map_table.other_names", lang): r.other_names,
                    t("map_table.holder", lang): r.holder,
                    t("map_table.changed", lang): yes if r.changed else no,
                }
                for r in rows
            ]
        )
