"""Playwright tests in Debian's Chromium against a real Streamlit server."""
