"""One data folder, measured: everything the page states about it, computed once into one
object that is never changed afterwards, kept per process and on disk.

`measure` builds a `Model` from a folder: the validated records, the atlas (areas,
distances, checks, straits), every scenario's holdings and consequences (land, territorial
seas, exclusive economic zones, median lines, high seas, straits, distances) and the map's
layer files. `get_model` keeps one per folder in this process, shared by every session and
the start-up warm-up (one lock: a session that arrives while the warm-up measures waits for
it rather than measuring a second time). With a `ModelCache`, a model measured once is read
back from disk by the next server start: it is filed under one digest of the folder's files,
this package's source and the measuring libraries' versions (`cache.digest`), and the layer
files are published under the same digest. Processes that start together on the same folder
measure it once (`ModelCache.measuring`): the others wait and read it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from dashboard.assets import ensure_static_assets
from dashboard.atlas import Atlas
from dashboard.cache import ModelCache, digest_of
from dashboard.consequences import Consequences
from dashboard.data import load_dataset
from dashboard.layers import LandLocator
from dashboard.published import (
    LayerUrls,
    keep_published,
    layer_files,
    offered_languages,
    publish,
)
from dashboard.scenarios import Scenarios


@dataclass(frozen=True)
class Model:
    """A data folder and all that the page shows of it, measured."""

    folder: Path
    digest: str
    atlas: Atlas
    scenarios: Scenarios
    cons: Consequences
    layers: dict[str, bytes]  # the map's static files, by name
    locate: LandLocator  # the island under a map click

    @property
    def urls(self) -> LayerUrls:
        return LayerUrls.of(
            self.digest, [s.id for s in self.scenarios.ordered], offered_languages(self.atlas)
        )


def measure(folder: str | Path, digest: str = "") -> Model:
    """Read, validate and measure a folder (raises DataError for a bad one)."""
    path = Path(folder).resolve()
    atlas = Atlas(load_dataset(path))
    scenarios = Scenarios(atlas)
    cons = Consequences(scenarios)
    return Model(
        folder=path,
        digest=digest or digest_of(path) or "unfiled",
        atlas=atlas,
        scenarios=scenarios,
        cons=cons,
        layers=layer_files(atlas, scenarios, cons),
        locate=LandLocator(atlas, scenarios),
    )


_LOCK = threading.Lock()
_MODELS: dict[Path, Model] = {}


def get_model(folder: str | Path, cache: ModelCache | None = None) -> Model:
    """The folder's model in this process: measured on first use (or read from `cache`, and
    filed there once measured), its layer files published. A bad folder raises DataError and
    is not kept, so a fixed folder loads on the next try."""
    key = Path(folder).resolve()
    with _LOCK:
        model = _MODELS.get(key)
        if model is None:
            ensure_static_assets()
            model = _filed_or_measured(key, cache)
            publish(model.layers, model.digest)
            _MODELS[key] = model
        else:
            keep_published(model.layers, model.digest)
        return model


def _filed_or_measured(key: Path, cache: ModelCache | None) -> Model:
    digest = digest_of(key)
    if cache is None or not digest:
        return measure(key, digest or "")
    model = cache.load(digest, Model)
    if model is None:
        with cache.measuring(digest):
            model = cache.load(digest, Model)  # another process may have filed it meanwhile
            if model is None:
                model = measure(key, digest)
                cache.save(digest, model)
    return model


def forget(folder: str | Path) -> None:
    """Drop a folder's model from this process (tests that change a folder's files)."""
    with _LOCK:
        _MODELS.pop(Path(folder).resolve(), None)
