"""Paths and constants. Paths come from this file's location, never the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "geodata"
STATIC_DIR = PROJECT_ROOT / "static"
CACHE_DIR = PROJECT_ROOT / ".cache"

DATA_DIR_ENV = "DASHBOARD_DATA"
CACHE_DIR_ENV = "DASHBOARD_CACHE"

# No data file larger than this is read: a hostile or broken folder cannot exhaust memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
# No geometry with more vertices than these is read (per feature, and per GeoJSON file): the
# bundled data's largest feature has 29,144 and its largest file 51,529. Simplifying for
# display takes time that grows faster than the vertex count (about 2 s for 50,000 vertices in
# one sawtooth ring, 8 s for 100,000), so the caps bound what a hostile file can cost.
MAX_FEATURE_VERTICES = 40_000
MAX_FILE_VERTICES = 150_000

# Geometry sent to the browser: default simplification tolerance (degrees, about 60 m at
# 45°N; view.yaml sets coarser ones for distant land) and decimals kept (4: about 10 m).
DISPLAY_TOLERANCE_DEG = 0.0008
DISPLAY_DECIMALS = 4

# A map click this close to a drawn island outline (degrees, about 1 km) counts as a click on
# it: Leaflet also fires on the outline's stroke, a few pixels wide.
CLICK_TOLERANCE_DEG = 0.01

# Ellipsoid for every area and distance.
ELLIPSOID = "WGS84"

NAUTICAL_MILE_KM = 1.852


def data_dir() -> Path:
    """The data folder: $DASHBOARD_DATA if set, else the bundled geodata/."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else DEFAULT_DATA_DIR


def model_cache_dir() -> Path:
    """Where measured models are kept between server starts: $DASHBOARD_CACHE if set, else
    .cache/models in the project."""
    override = os.environ.get(CACHE_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else CACHE_DIR / "models"
