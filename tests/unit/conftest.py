"""Shared fixtures for the pure core: the bundled dataset, loaded and measured once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.atlas import Atlas
from dashboard.cache import ModelCache
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import Dataset, load_dataset
from dashboard.model import Model, get_model
from dashboard.scenarios import Scenarios


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The bundled geodata/, validated (about two seconds: load it once)."""
    return load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def model() -> Model:
    """The bundled geodata/ measured, as the page gets it (kept per process, so AppTests and
    unit tests in one process share it)."""
    return get_model(DEFAULT_DATA_DIR, ModelCache())


@pytest.fixture(scope="session")
def atlas(model: Model) -> Atlas:
    return model.atlas


@pytest.fixture(scope="session")
def scenarios(model: Model) -> Scenarios:
    return model.scenarios


@pytest.fixture
def geodata_copy(tmp_path: Path) -> Path:
    """A copy of the bundled geodata/ that a test may break."""
    folder = tmp_path / "geodata"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    return folder
