"""The per-process bundle and the start-up warm-up."""

from __future__ import annotations

import shutil
import threading

import pytest

from dashboard import bundle
from dashboard import geometry as geo
from dashboard.config import DEFAULT_DATA_DIR

# How long a build waits for a second one to start beside it: a session not held back by the
# lock reaches its own build in well under this.
RACE_WINDOW_S = 0.3


def test_two_sessions_asking_together_build_the_bundle_once(tmp_path, monkeypatch):
    """The first session's build waits until the second has asked for the same folder, then
    gives it time to start a build of its own: with the lock, it waits and gets the first's."""
    folder = tmp_path / "geodata"  # a copy: a bundle no other test has built
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    builds, first_build = [], threading.Event()
    second_asked, second_build = threading.Event(), threading.Event()
    real_load = bundle.load_dataset

    def load_dataset(path):
        builds.append(path)
        if len(builds) > 1:
            second_build.set()
        else:
            first_build.set()
            assert second_asked.wait(10), "the second session never asked"
            second_build.wait(RACE_WINDOW_S)
        return real_load(path)

    monkeypatch.setattr(bundle, "load_dataset", load_dataset)
    got: dict[str, bundle.Bundle] = {}

    def session(name: str) -> None:
        if name == "second":
            second_asked.set()
        got[name] = bundle.load_bundle(folder)

    first = threading.Thread(target=session, args=("first",))
    first.start()
    assert first_build.wait(30), "the first session never started its build"
    second = threading.Thread(target=session, args=("second",))
    second.start()
    first.join(30)
    second.join(30)
    assert len(builds) == 1, "two sessions built the same bundle"
    assert got["first"] is got["second"]


def test_warm_computes_what_the_first_page_shows(tmp_path):
    folder = tmp_path / "geodata"  # a copy: a bundle of its own, that no other test has used
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    b = bundle.warm(folder)
    assert b is bundle.load_bundle(folder)
    memo = b.cons.__dict__.get("_memo", {})
    for s in b.scenarios.ordered:  # every scenario's figures, so a toggle computes nothing
        assert {("sea_km2", s.id), ("straits", s.id), ("land", s.id)} <= memo.keys()
    assert "locate" in b.__dict__  # the click lookup is built
    disputed = b.atlas.disputed  # an island's panel: its distances to the other islands
    assert len(disputed) > 1
    assert all((a, c) in b.atlas._dist for a in disputed for c in disputed if a != c)


def test_warm_measures_only_after_the_first_page(tmp_path):
    """The server's warm-up loads the data, then waits (before_measures) for the first page,
    which computes what it shows itself, without a second thread competing for the GIL."""
    folder = tmp_path / "geodata"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    seen = []

    def before_measures():
        b = bundle.load_bundle(folder)  # loaded already: no second load
        seen.append((dict(b.cons.__dict__.get("_memo", {})), "locate" in b.__dict__))

    b = bundle.warm(folder, before_measures=before_measures)
    assert seen == [({}, False)]
    assert "locate" in b.__dict__ and b.cons.__dict__["_memo"]


def test_the_warm_up_waits_in_its_thread_until_a_page_is_drawn(monkeypatch):
    monkeypatch.setattr(bundle, "_PAGE_DRAWN", threading.Event())  # no page drawn yet
    assert not bundle.wait_for_first_page(0)
    waited: list[bool] = []
    warm_up = threading.Thread(target=lambda: waited.append(bundle.wait_for_first_page(10)))
    warm_up.start()
    warm_up.join(0.1)
    assert warm_up.is_alive() and waited == []  # still waiting: no page yet
    bundle.page_drawn()
    warm_up.join(10)
    assert waited == [True]


def test_warm_leaves_a_bad_folder_to_the_page(tmp_path, caplog):
    (tmp_path / "land.geojson").write_text("{not json", "utf-8")
    assert bundle.warm(tmp_path) is None
    assert "problem" in caplog.text


def test_memoised_computes_a_result_once_for_threads_asking_together():
    """The first computation waits until every thread has asked, then gives them time to
    start a second one: memoised makes them wait for the first's result instead."""
    calls, asked, all_asked, second_call = [], [], threading.Event(), threading.Event()

    class Measure:
        @geo.memoised
        def double(self, x):
            calls.append(x)
            if len(calls) > 1:
                second_call.set()
            else:
                assert all_asked.wait(10), "the other threads never asked"
                second_call.wait(RACE_WINDOW_S)
            return 2 * x

    m, out = Measure(), []

    def ask() -> None:
        asked.append(1)
        if len(asked) == 3:
            all_asked.set()
        out.append(m.double(3))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert calls == [3] and out == [6, 6, 6]


def test_memoised_failure_is_not_kept():
    class Flaky:
        tries = 0

        @geo.memoised
        def value(self):
            self.tries += 1
            if self.tries == 1:
                raise ValueError("first try fails")
            return 42

    f = Flaky()
    with pytest.raises(ValueError):
        f.value()
    assert f.value() == 42
