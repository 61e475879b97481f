"""The dashboard's benchmark: `python -m bench` (or `make bench`) from the repo root.

It serves the app, a plain streamlit-folium baseline and a minimal floor app on loopback, one at
a time, drives them in Debian's Chromium with the network cut to loopback, and prints one table
of medians and p95s (also written to bench/results.md). Targets are judged in the table, never
asserted: the exit code is non-zero only when the bench itself broke.
"""

# What the bench tells the floor app (bench/floor_app.py) through its environment: the island
# it shows, the labels of its radio (a JSON list) and the language of the heading. Here, so that
# the floor imports nothing heavier than this.
FLOOR_FEATURE = "BENCH_FLOOR_FEATURE"
FLOOR_CHOICES = "BENCH_FLOOR_CHOICES"
FLOOR_LANGUAGE = "BENCH_FLOOR_LANGUAGE"
