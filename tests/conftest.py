"""One disk copy of measured models for the whole test session, shared by its processes."""

from __future__ import annotations

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
    """xdist: hand each worker the controller's model folder."""
    node.workerinput["model_cache"] = node.config.stash[_CACHE]
