"""Streamlit entry point: page config, then hand over to the dashboard's views."""

import streamlit as st

# The tab's title until the first run names the data folder's dispute (views.app).
st.set_page_config(
    page_title="Dispute map",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",
)

from dashboard.views.app import render_app  # noqa: E402  (after set_page_config)

render_app()
