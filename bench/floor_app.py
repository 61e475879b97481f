"""The floor: a map with one polygon and a heading, nothing else.

One island's feature from the data folder's land.geojson, passed as it is; st_folium asks only
for `last_active_drawing`, so click -> heading costs streamlit-folium's 250 ms debounce plus an
almost empty rerun. A radio in the sidebar that only changes a subheading gives the same floor
for a widget click (no debounce, no map change). The bench names the island and the radio's
labels (bench.FLOOR_*: bench.folder's toggle), so that this app loads no more than the
folder's land.geojson and view.yaml.

Run from the repo root (the bench copies it there) so /app/static/leaflet is served.
"""

from __future__ import annotations

import json
import os

import folium
import streamlit as st  # noqa: TID251 (a Streamlit app)
import yaml
from streamlit_folium import st_folium  # noqa: TID251

from bench import FLOOR_CHOICES, FLOOR_FEATURE, FLOOR_LANGUAGE
from dashboard.config import data_dir

st.set_page_config(page_title="Floor", layout="wide")


@st.cache_resource
def island(fid: str) -> tuple[dict, dict]:
    folder = data_dir()
    land = json.loads((folder / "land.geojson").read_text(encoding="utf-8"))
    feature = next(f for f in land["features"] if f["properties"]["id"] == fid)
    view = yaml.safe_load((folder / "view.yaml").read_text(encoding="utf-8"))["map"]
    return feature, view


feature, view = island(os.environ[FLOOR_FEATURE])
with st.sidebar:
    choice = st.radio("Who holds what", json.loads(os.environ[FLOOR_CHOICES]))

m = folium.Map(
    location=[view["center"]["lat"], view["center"]["lon"]], zoom_start=view["zoom"], tiles=None
)
m.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
folium.GeoJson(feature).add_to(m)
out = st_folium(
    m, key="map", height=620, use_container_width=True, returned_objects=["last_active_drawing"]
)
drawing = (out or {}).get("last_active_drawing")
if drawing:
    st.header(drawing["properties"][f"name_{os.environ[FLOOR_LANGUAGE]}"])
st.subheader(choice)
