"""One disk copy of measured models for the whole test session, shared by its processes; in
a parallel run of the whole suite, the second process measures the folders the run needs
later while the first measures the bundled one that the first tests of both wait for."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

import pytest

from dashboard.config import CACHE_DIR_ENV

_CACHE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Models measured by any test (unit, AppTest, a browser test's server, a worker of a
    parallel run) are filed in one private folder of this run, not in the project's .cache:
    a folder is measured once per run, and nothing is left behind. The workers of a parallel
    run are handed the controller's folder."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        os.environ[CACHE_DIR_ENV] = workerinput["model_cache"]
        return
    cache = tempfile.mkdtemp(prefix="dashboard-models-")  # mode 0700
    os.environ[CACHE_DIR_ENV] = cache
    config.stash[_CACHE] = cache


def pytest_unconfigure(config: pytest.Config) -> None:
    if getattr(config, "workerinput", None) is None and _CACHE in config.stash:
        shutil.rmtree(config.stash[_CACHE], ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: hand each worker the controller's model folder, and whether the run is the
    whole suite (no test named)."""
    node.workerinput["model_cache"] = node.config.stash[_CACHE]
    node.workerinput["whole_suite"] = node.config.args_source == pytest.Config.ArgsSource.TESTPATHS


@pytest.fixture(scope="session", autouse=True)
def _measured_ahead(request: pytest.FixtureRequest) -> None:
    """Before its first test: the first worker's first tests measure the bundled folder
    (about 12 s) and the other's would wait for it; the other measures the Falklands and the
    hostile copy of the bundled folder meanwhile, which later tests need too."""
    workerinput = getattr(request.config, "workerinput", None)
    if not workerinput or not workerinput.get("whole_suite"):
        return
    if workerinput.get("workerid") != "gw1":
        return
    from dashboard.cache import ModelCache
    from dashboard.model import get_model
    from dashboard.problems import DataError
    from tests.folders import FALKLANDS
    from tests.hostile import shared_hostile_folder

    for folder in (FALKLANDS, shared_hostile_folder()):
        with contextlib.suppress(DataError):  # the tests of that folder will say what is wrong
            get_model(folder, ModelCache())
