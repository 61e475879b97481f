"""The per-process bundle and the start-up warm-up."""

from __future__ import annotations

import shutil
import threading

import pytest

from dashboard import bundle
from dashboard import geometry as geo
from dashboard.config import DEFAULT_DATA_DIR


def test_sessions_share_one_bundle_even_when_they_arrive_together():
    got = []
    threads = [
        threading.Thread(target=lambda: got.append(bundle.load_bundle(DEFAULT_DATA_DIR)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(b is got[0] for b in got)


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


def test_the_page_tells_the_warm_up_it_was_drawn():
    bundle.page_drawn()
    assert bundle.wait_for_first_page(0)


def test_warm_leaves_a_bad_folder_to_the_page(tmp_path, caplog):
    (tmp_path / "land.geojson").write_text("{not json", "utf-8")
    assert bundle.warm(tmp_path) is None
    assert "problem" in caplog.text


def test_memoised_computes_a_result_once_for_threads_asking_together():
    calls, gate = [], threading.Event()

    class Measure:
        @geo.memoised
        def double(self, x):
            calls.append(x)
            gate.wait(10)
            return 2 * x

    m, out = Measure(), []
    threads = [threading.Thread(target=lambda: out.append(m.double(3))) for _ in range(3)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
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
