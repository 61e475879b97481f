"""Streamlit entry point: page config, then hand over to the dashboard's views."""

import streamlit as st

st.set_page_config(
    page_title="Kuril Islands / Northern Territories dispute map",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",
)

from dashboard.views.app import render_app  # noqa: E402  (after set_page_config)

render_app()
