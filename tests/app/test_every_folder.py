"""The real app.py on every data folder (the Kurils, the Falklands, the synthetic three-party
dispute): the page renders, a click on each disputed island opens its panel, every scenario
can be chosen, and a bad link warns. One AppTest per folder is driven through all of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.atlas import Atlas
from dashboard.cache import ModelCache
from dashboard.config import DATA_DIR_ENV
from dashboard.data import load_dataset
from dashboard.model import get_model
from tests.app.conftest import APP, TIMEOUT, click_on, load, texts
from tests.folders import FOLDER_IDS, FOLDERS


@pytest.fixture(scope="module", params=FOLDERS, ids=FOLDER_IDS)
def folder(request: pytest.FixtureRequest) -> Iterator[Path]:
    """The folder the page is served from, for every test of this module that uses it."""
    mp = pytest.MonkeyPatch()
    mp.setenv(DATA_DIR_ENV, str(request.param))
    yield request.param
    mp.undo()


@pytest.fixture(autouse=True)
def _serve(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))  # whatever another test set meanwhile


@pytest.fixture(scope="module")
def atlas(folder: Path) -> Atlas:
    """The page's own measured data (the model is kept per process)."""
    return get_model(folder, ModelCache()).atlas  # the run's models, measured once


@pytest.fixture(scope="module")
def page(folder: Path) -> AppTest:
    """One session on the folder's page, opened as a browser opens it."""
    return load(AppTest.from_file(APP, default_timeout=TIMEOUT))


def assert_fine(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_the_page_renders(page: AppTest, atlas: Atlas) -> None:
    assert_fine(page)
    assert [t.value.replace("\\", "") for t in page.title] == [atlas.ds.view.title]
    assert page.tabs, "the sections below the map are drawn"
    shown = texts(page)
    for party in atlas.ds.parties.values():
        assert party.name in shown, party.id


def test_a_click_on_each_disputed_island_opens_its_panel(page: AppTest, atlas: Atlas) -> None:
    for iid in atlas.disputed:
        page.session_state["map"] = click_on(atlas, iid)
        at = page.run()
        assert_fine(at)
        assert atlas.label(iid) in [h.value for h in at.header], iid
        assert at.session_state["selected_island"] in atlas.members(iid) + [iid]


def test_every_scenario_can_be_chosen(page: AppTest, atlas: Atlas) -> None:
    for sc in sorted(atlas.ds.scenarios.values(), key=lambda s: s.order):
        page.radio(key="scenario_choice").set_value(sc.id)
        at = page.run()
        assert_fine(at)
        assert at.session_state["scenario_choice"] == sc.id
        assert sc.short is None or sc.short in texts(at)


def test_an_unknown_island_in_the_link_warns(folder: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["island"] = "no-such-island"
    at = load(at)
    assert not at.exception, [e.message for e in at.exception]
    assert any("no-such-island" in w.value.replace("\\", "") for w in at.warning)
    assert at.session_state["selected_island"] is None


def test_the_page_names_no_party_of_another_folder(folder: Path, page: AppTest) -> None:
    """No party of another folder is named on the page (a word left in the engine would show
    here, most plainly on the synthetic page, whose words are all its own)."""
    words = {p.name for f in FOLDERS if f != folder for p in load_dataset(f).parties.values()}
    shown = texts(page)
    assert {w for w in words if w in shown} == set()
