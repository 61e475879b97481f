"""One data folder loaded, measured and written out as map layers, once per process and shared
by every session; `warm` computes ahead what the first page shows.

A server started with `python -m dashboard serve` runs `warm` in a background thread while
Streamlit starts and the browser loads its scripts, so the first reader does not wait for the
imports and the data files. A session that arrives before the warm-up is done waits for it
(one lock) rather than doing the same work a second time. The measures the first page shows
are computed by that page, as it draws them; the warm-up computes the rest (other scenarios,
the click lookup, the islands' panels) once the first page is drawn, so that it does not
compete with it for the interpreter.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from dashboard.assets import ensure_static_assets
from dashboard.atlas import Atlas
from dashboard.cache import BundleCache, fingerprint
from dashboard.consequences import Consequences
from dashboard.data import load_dataset
from dashboard.export import figure_rows
from dashboard.layers import LandLocator, LayerUrls, write_layer_files
from dashboard.problems import DataError
from dashboard.scenarios import Scenarios

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_BUNDLES: dict[str, Bundle] = {}
_PAGE_DRAWN = threading.Event()


def page_drawn() -> None:
    """Called by the page at the end of each run: the warm-up's second half waits for it."""
    _PAGE_DRAWN.set()


def wait_for_first_page(timeout_s: float) -> bool:
    """Block until a page has been drawn in this process (or `timeout_s` passed)."""
    return _PAGE_DRAWN.wait(timeout_s)


class Bundle:
    """The measured dataset of one folder and the URLs of its map layers."""

    def __init__(self, atlas: Atlas, scenarios: Scenarios, urls: LayerUrls):
        self.atlas = atlas
        self.scenarios = scenarios
        self.cons = Consequences(scenarios)
        self.urls = urls
        self.digest: str | None = None  # what the disk cache files it under
        self.from_cache = False

    @cached_property
    def locate(self) -> LandLocator:
        """The island under a map click (built on first use: about 0.2 s; kept in the disk
        cache with the rest)."""
        return LandLocator(self.atlas, self.scenarios)


def load_bundle(folder: str | Path, cache: BundleCache | None = None) -> Bundle:
    """The folder's bundle, built on first use (or read from `cache`, if given and it has
    this folder's); raises DataError for a bad folder (not kept, so a fixed folder loads on
    the next try)."""
    key = str(Path(folder).resolve())
    with _LOCK:
        if key not in _BUNDLES:
            ensure_static_assets()
            digest = fingerprint(Path(key)) if cache is not None else None
            b = cache.load(digest, Bundle) if cache is not None and digest else None
            if b is None:
                atlas = Atlas(load_dataset(key))
                scenarios = Scenarios(atlas)
                b = Bundle(atlas, scenarios, write_layer_files(atlas, scenarios))
                b.digest = digest
            else:  # the layer files may have been cleaned away since
                b.urls = write_layer_files(b.atlas, b.scenarios)
                b.digest, b.from_cache = digest, True
            _BUNDLES[key] = b
        return _BUNDLES[key]


def warm(
    folder: str | Path,
    before_measures: Callable[[], object] | None = None,
    cache: BundleCache | None = None,
) -> Bundle | None:
    """Load the folder (from `cache` if it has it), call `before_measures` (the server waits
    there for the first page), then compute, in the order a reader needs them: the report's
    checks and the click lookup, every scenario's figures (the default scenario first), then
    the islands' areas and distances; finally file the measured bundle in `cache`. A bad
    folder is logged and left to the page, which shows its problems."""
    try:
        b = load_bundle(folder, cache)
    except DataError as exc:
        log.warning("warm-up: %d problem(s) in %s", len(exc.problems), folder)
        return None
    if before_measures is not None:
        before_measures()
    for fact in b.atlas.ds.report.facts:
        b.atlas.check(fact)
    b.locate  # noqa: B018 (built for its side effect: the cached lookup)
    default = b.scenarios.default_id
    for sid in [default, *(s.id for s in b.scenarios.ordered if s.id != default)]:
        figure_rows(b.cons, sid)
    for place in b.atlas.disputed:  # what an island's panel shows
        b.atlas.area_comparison(place)
        b.atlas.distances(place)
    if cache is not None and b.digest and not b.from_cache:
        cache.save(b.digest, b)
    return b
