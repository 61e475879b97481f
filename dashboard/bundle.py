"""One data folder loaded, measured and written out as map layers, once per process and shared
by every session; `warm` computes ahead what the first page shows.

A server started with `python -m dashboard serve` runs `warm` in a background thread while
Streamlit starts and the browser loads its scripts, so the first reader does not wait for the
imports, the data files and the measures. A session that arrives before the warm-up is done
waits for it (one lock) rather than doing the same work a second time.
"""

from __future__ import annotations

import logging
import threading
from functools import cached_property
from pathlib import Path

from dashboard.assets import ensure_static_assets
from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.data import DataError, load_dataset
from dashboard.export import figure_rows
from dashboard.layers import LandLocator, LayerUrls, write_layer_files
from dashboard.scenarios import Scenarios

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_BUNDLES: dict[str, Bundle] = {}


class Bundle:
    """The measured dataset of one folder and the URLs of its map layers."""

    def __init__(self, atlas: Atlas, scenarios: Scenarios, urls: LayerUrls):
        self.atlas = atlas
        self.scenarios = scenarios
        self.cons = Consequences(scenarios)
        self.urls = urls

    @cached_property
    def locate(self) -> LandLocator:
        """The island under a map click (built on first use: about 0.2 s)."""
        return LandLocator(self.atlas, self.scenarios)


def load_bundle(folder: str | Path) -> Bundle:
    """The folder's bundle, built on first use; raises DataError for a bad folder (not kept,
    so a fixed folder loads on the next try)."""
    key = str(Path(folder).resolve())
    with _LOCK:
        if key not in _BUNDLES:
            ensure_static_assets()
            atlas = Atlas(load_dataset(key))
            scenarios = Scenarios(atlas)
            _BUNDLES[key] = Bundle(atlas, scenarios, write_layer_files(atlas, scenarios))
        return _BUNDLES[key]


def warm(folder: str | Path) -> Bundle | None:
    """Load the folder and compute, in the order a reader needs them: the report's checks and
    the click lookup, every scenario's figures (the default scenario first), then the islands'
    areas and distances. A bad folder is logged and left to the page, which shows its
    problems."""
    try:
        b = load_bundle(folder)
    except DataError as exc:
        log.warning("warm-up: %d problem(s) in %s", len(exc.problems), folder)
        return None
    for fact in b.atlas.ds.report.facts:
        b.atlas.check(fact)
    b.locate  # noqa: B018 (built for its side effect: the cached lookup)
    default = b.scenarios.default_id
    for sid in [default, *(s.id for s in b.scenarios.ordered if s.id != default)]:
        figure_rows(b.cons, sid)
    for place in b.atlas.disputed:  # what an island's panel shows
        b.atlas.area_comparison(place)
        b.atlas.distances(place)
    return b
