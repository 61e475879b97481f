"""The baseline: the plain way of writing this map with streamlit-folium, on the same data.

Every run loads the data folder again (no caching), builds one folium.Map holding every land
feature and the sea in ONE inline folium.GeoJson at full resolution, each feature coloured by
who holds it under the chosen scenario (an island a scenario splits is drawn whole; the bench
toggles none), and shows it with st_folium's default `returned_objects`. A scenario change
rebuilds the map with new colours, so the component remounts. A click shows the island's name
in the folder's first language (from `last_active_drawing`) as a heading.

The bench copies this file into the repo root (next to static/) before serving it, so that
Streamlit's static serving hands out the same local Leaflet as the app: the page needs no
internet.
"""

from __future__ import annotations

import folium
import streamlit as st  # noqa: TID251 (a Streamlit app)
from shapely.geometry import mapping
from streamlit_folium import st_folium  # noqa: TID251

from bench.folder import colour, holder, ordered
from dashboard.config import data_dir
from dashboard.data import load_dataset

ds = load_dataset(data_dir())
lang = ds.view.languages[0].code
st.set_page_config(page_title=f"{ds.view.title} (baseline)", layout="wide")

names = {s.id: s.name for s in ordered(ds)}
with st.sidebar:
    sid = st.radio("Who holds what", list(names), format_func=names.__getitem__)

st.title(f"{ds.view.title} (baseline)")

sea_name = ds.sea_limits.name.get(lang) if ds.sea_limits else None
features = [
    {
        "type": "Feature",
        "id": str(i),
        "properties": {"id": str(i), "name": sea_name or str(i), "colour": ds.view.colours.sea},
        "geometry": mapping(g),
    }
    for i, g in zip(ds.sea["id"], ds.sea.geometry, strict=True)
]
scenario = ds.scenarios[sid]
for fid, group, name, geom in zip(
    ds.land["id"], ds.land["group"], ds.land[f"name_{lang}"], ds.land.geometry, strict=True
):
    held_by = holder(ds, scenario, fid)
    features.append(
        {
            "type": "Feature",
            "id": fid,
            "properties": {
                "id": fid,
                "name": str(name),
                "group": group,
                "holder": held_by,
                "colour": colour(ds, held_by),
            },
            "geometry": mapping(geom),
        }
    )

view = ds.view.map
m = folium.Map(location=[view.center.lat, view.center.lon], zoom_start=view.zoom, tiles=None)
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
    tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
).add_to(m)

out = st_folium(m, key="map", height=620, use_container_width=True)
drawing = (out or {}).get("last_active_drawing")
if drawing:
    st.header(drawing["properties"]["name"])
