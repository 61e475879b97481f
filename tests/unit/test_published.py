"""Layer files that another process pruned while a server still serves them come back."""

from __future__ import annotations

import shutil

from dashboard.cache import ModelCache
from dashboard.config import STATIC_DIR
from dashboard.model import get_model
from tests.folders import SYNTHETIC


def test_a_served_models_layers_are_written_again_when_pruned(tmp_path):
    folder = tmp_path / "synthetic"
    shutil.copytree(SYNTHETIC, folder)
    model = get_model(folder, ModelCache(tmp_path / "models"))
    published = STATIC_DIR / "data" / model.digest
    try:
        assert (published / "manifest.json").exists()
        shutil.rmtree(published)  # what prune_layer_folders in another process does
        assert get_model(folder) is model  # the next page run
        assert sorted(p.name for p in published.iterdir()) == sorted(
            [*model.layers, "manifest.json"]
        )
    finally:
        shutil.rmtree(published, ignore_errors=True)
