"""One model of measured data: computed once, kept per process, never changed afterwards."""

from __future__ import annotations

import dataclasses
import re
import shutil
import threading
from pathlib import Path

import pytest

from dashboard import consequences, geometry, model, zones
from dashboard.config import PROJECT_ROOT
from dashboard.export import figure_rows
from dashboard.model import Model, get_model
from dashboard.problems import DataError
from tests.folders import SYNTHETIC

# How long a measurement waits for a second one to start beside it: a session not held back
# by the lock reaches its own measurement in well under this.
RACE_WINDOW_S = 0.3


def test_two_sessions_asking_together_measure_the_folder_once(tmp_path, monkeypatch):
    """The first session's measurement waits until the second has asked for the same folder,
    then gives it time to start one of its own: with the lock, it waits and gets the first's."""
    folder = tmp_path / "synthetic"  # a copy: a model no other test has built
    shutil.copytree(SYNTHETIC, folder)
    runs, first_run = [], threading.Event()
    second_asked, second_run = threading.Event(), threading.Event()
    real = model.measure

    def measure(path, digest=""):
        runs.append(path)
        if len(runs) > 1:
            second_run.set()
        else:
            first_run.set()
            assert second_asked.wait(10), "the second session never asked"
            second_run.wait(RACE_WINDOW_S)
        return real(path, digest)

    monkeypatch.setattr(model, "measure", measure)
    got: dict[str, Model] = {}

    def session(name: str) -> None:
        if name == "second":
            second_asked.set()
        got[name] = get_model(folder)

    first = threading.Thread(target=session, args=("first",))
    first.start()
    assert first_run.wait(30), "the first session never started measuring"
    second = threading.Thread(target=session, args=("second",))
    second.start()
    first.join(30)
    second.join(30)
    assert len(runs) == 1, "two sessions measured the same folder"
    assert got["first"] is got["second"]


def test_a_bad_folder_is_not_kept_and_loads_once_fixed(tmp_path):
    folder = tmp_path / "synthetic"
    shutil.copytree(SYNTHETIC, folder)
    view = folder / "view.yaml"
    good = view.read_text("utf-8")
    view.write_text(good.replace("title:", "titel:"), "utf-8")
    with pytest.raises(DataError):
        get_model(folder)
    view.write_text(good, "utf-8")
    assert get_model(folder).atlas.ds.view.title


def test_the_model_cannot_be_changed():
    m = get_model(SYNTHETIC)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.digest = "other"  # type: ignore[misc]


def test_nothing_is_measured_after_the_model_is_built(monkeypatch):
    """Every figure, zone and layer the page asks for is read from the model: with the
    measuring functions broken after it is built, every scenario still answers."""
    m = get_model(SYNTHETIC)

    def broken(*_a, **_k):
        raise AssertionError("measured after the model was built")

    for module, name in [
        (geometry, "nearest_gap"),
        (geometry, "area_km2"),
        (zones, "measure_zones"),
        (consequences, "check_accuracy"),
    ]:
        monkeypatch.setattr(module, name, broken)
    for s in m.scenarios.ordered:
        m.scenarios.holdings(s.id)
        m.scenarios.split_line(s.id)
        m.cons.land(s.id)
        m.cons.sea_km2(s.id)
        m.cons.straits(s.id)
        m.cons.shortest_between_parties(s.id)
        figure_rows(m.cons, s.id)
    for place in m.atlas.disputed:
        m.atlas.area_comparison(place)
        m.atlas.distances(place)
    for fact in m.atlas.ds.report.facts:
        m.atlas.check(fact)


# Where a cache of measured data may live: the model's own registry and its disk copy. The
# fonts' character maps are facts about the machine, and the engine's catalogue of words its own
# files, not about the data.
CACHE_ALLOWED = {
    "dashboard/model.py",
    "dashboard/cache.py",
    "dashboard/fonts.py",
    "dashboard/i18n.py",
}
CACHE_WORDS = re.compile(
    r"lru_cache|functools\.cache\b|cached_property|cache_resource|cache_data|memoi[sz]e"
)


def test_one_cache_of_measured_data():
    """No other module keeps results: no memo decorator, no lru_cache, no cached_property,
    no Streamlit cache (the sheet of a picture is drawn once per call and thrown away)."""
    found = []
    for path in sorted((PROJECT_ROOT / "dashboard").rglob("*.py")):
        rel = path.relative_to(PROJECT_ROOT).as_posix()
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if CACHE_WORDS.search(line) and rel not in CACHE_ALLOWED | {"dashboard/sheet.py"}:
                found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


def test_the_cache_check_finds_a_memo(tmp_path, monkeypatch):
    """The check above bites: a module with an lru_cache is found."""
    planted = PROJECT_ROOT / "dashboard" / "_planted_for_test.py"
    planted.write_text("from functools import lru_cache\n", "utf-8")
    try:
        with pytest.raises(AssertionError):
            test_one_cache_of_measured_data()
    finally:
        planted.unlink()
    assert not Path(planted).exists()
