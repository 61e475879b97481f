"""The baseline: the plain way of writing this map with streamlit-folium, on the same data.

Every run loads the data folder again (no caching), builds one folium.Map holding every land
feature and the sea in ONE inline folium.GeoJson at full resolution, coloured by who holds it
under the chosen scenario, and shows it with st_folium's default `returned_objects`. A scenario
change rebuilds the map with new colours, so the component remounts. A click shows the island's
`name_en` (from `last_active_drawing`) as a heading.

The bench copies this file into the repo root (next to static/) before serving it, so that
Streamlit's static serving hands out the same local Leaflet as the app: the page needs no
internet.
"""

from __future__ import annotations

import folium
import streamlit as st  # noqa: TID251 (a Streamlit app)
from shapely.geometry import mapping
from streamlit_folium import st_folium  # noqa: TID251

from dashboard.atlas import Atlas
from dashboard.config import data_dir
from dashboard.data import load_dataset
from dashboard.layers import colour_of
from dashboard.scenarios import Scenarios

st.set_page_config(page_title="Kuril Islands (baseline)", layout="wide")

ds = load_dataset(str(data_dir()))
atlas = Atlas(ds)
scenarios = Scenarios(atlas)
names = {s.id: s.name for s in scenarios.ordered}
with st.sidebar:
    sid = st.radio("Who holds what", list(names), format_func=names.__getitem__)

st.title("The southern Kuril Islands / Northern Territories (baseline)")

colours = atlas.view.get("colours", {})
land = ds.land.set_index("id")
features = [
    {
        "type": "Feature",
        "id": str(i),
        "properties": {"id": str(i), "name_en": ds.sea_limits.name.en, "group": "sea"},
        "geometry": mapping(g),
        "colour": colours.get("sea", "#C9DDEE"),
    }
    for i, g in zip(ds.sea["id"], ds.sea.geometry, strict=True)
]
for h in scenarios.holdings(sid):
    features.append(
        {
            "type": "Feature",
            "id": h.key,
            "properties": {
                "id": h.feature,
                "name_en": str(land.loc[h.feature, "name_en"]),
                "group": h.group,
                "holder": h.holder,
                "colour": colour_of(atlas, h.holder),
            },
            "geometry": mapping(h.geometry),
        }
    )
for f in features:  # the sea's colour sits with the others, in its properties
    if "colour" in f:
        f["properties"]["colour"] = f.pop("colour")

view = atlas.view["map"]
m = folium.Map(
    location=[view["center"]["lat"], view["center"]["lon"]], zoom_start=view["zoom"], tiles=None
)
m.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
folium.GeoJson(
    {"type": "FeatureCollection", "features": features},
    style_function=lambda f: {
        "fillColor": f["properties"]["colour"],
        "fillOpacity": 0.75,
        "color": "#333",
        "weight": 0.8,
    },
    tooltip=folium.GeoJsonTooltip(fields=["name_en"], labels=False),
).add_to(m)

out = st_folium(m, key="map", height=620, use_container_width=True)
drawing = (out or {}).get("last_active_drawing")
if drawing:
    st.header(drawing["properties"]["name_en"])
