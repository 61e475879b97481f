"""The panels as Streamlit renders them, driven through AppTest."""

from __future__ import annotations

import pytest

from dashboard.config import DATA_DIR_ENV
from dashboard.i18n import km2
from tests.app.conftest import MAP_DRAWN, click_on, load, texts

DISPUTED = ["iturup", "kunashir", "shikotan"]


def test_overview_renders(app):
    at = load(app)
    assert not at.exception
    shown = texts(at)
    assert "The dispute" in shown
    assert "Japan" in shown and "Russia" in shown
    assert "holds" in shown  # the 10 km claim, checked against the geometry
    assert at.session_state["selected_island"] is None


@pytest.mark.parametrize("fid", DISPUTED)
def test_click_on_disputed_island_shows_its_panel(app, atlas, fid):
    load(app)
    app.session_state["map"] = click_on(atlas, fid)
    at = app.run()
    assert not at.exception
    names = atlas.name(fid)
    shown = texts(at)
    assert names.en in [h.value for h in at.header]
    assert names.ja in shown and names.ru in shown
    area = km2(atlas.area_km2(fid), "en")
    assert any(area in f"{m.value}" for m in at.metric), [m.value for m in at.metric]
    assert at.query_params["island"] == fid


def test_click_on_habomai_islet_opens_the_group(app, atlas):
    load(app)
    app.session_state["map"] = click_on(atlas, "shibotsu")
    at = app.run()
    assert not at.exception
    assert "Habomai islands" in [h.value for h in at.header]
    assert "Picked: **Shibotsu" in texts(at)


def test_click_beside_the_island_clears_the_selection(app, atlas):
    app.query_params["island"] = "iturup"
    load(app)
    click = click_on(atlas, "iturup")
    click["last_clicked"] = {"lat": 42.5, "lng": 149.0}  # the open Pacific
    app.session_state["map"] = click
    at = app.run()
    assert at.session_state["selected_island"] is None
    assert "island" not in at.query_params


@pytest.mark.parametrize(
    "params, phrase",
    [
        ({"island": "atlantis"}, "atlantis"),
        ({"scenario": "nope"}, "nope"),
        ({"island": "<script>alert(1)</script>"}, "<script>"),
    ],
)
def test_bad_deep_links_warn_and_show_the_default_view(app, params, phrase):
    for k, v in params.items():
        app.query_params[k] = v
    at = load(app)
    assert not at.exception
    assert any(phrase in w.value.replace("\\", "") for w in at.warning)  # shown as escaped text
    assert at.session_state["selected_island"] is None
    assert at.session_state["scenario_choice"] == "status-quo"


def test_deep_link_selects_island_and_scenario(app):
    app.query_params["island"] = "shikotan"
    app.query_params["scenario"] = "declaration-1956"
    at = load(app)
    assert not at.exception
    assert "Shikotan" in [h.value for h in at.header]
    assert "held by Japan" in texts(at)


def test_scenario_toggle_changes_holder_in_panel(app):
    app.query_params["island"] = "shikotan"
    at = load(app)
    assert "held by Russia" in texts(at)
    at.radio(key="scenario_choice").set_value("declaration-1956")
    at = at.run()
    assert "held by Japan" in texts(at)
    assert at.query_params["scenario"] == "declaration-1956"


def test_choosing_from_the_list_selects(app):
    at = load(app)
    at.selectbox(key="island_pick").set_value("kunashir")
    at = at.run()
    assert "Kunashir" in [h.value for h in at.header]
    assert at.query_params["island"] == "kunashir"


def test_broken_data_folder_gives_a_clear_message(app, tmp_path, monkeypatch):
    (tmp_path / "sources").mkdir()
    (tmp_path / "land.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = load(app)
    assert not at.exception
    assert at.error, "a DataError must be shown with st.error"
    shown = texts(at)
    assert "land.geojson" in shown and "not valid JSON" in shown


def test_only_the_open_overview_tab_is_built(app):
    at = load(app)
    assert [t.label for t in at.tabs][:1] == ["The seed report"]
    assert "**¶1**" in texts(at) and not at.dataframe  # the report, not the source table
    at.session_state["overview_tab"] = "Sources"
    at = at.run()
    assert not at.exception
    assert len(at.dataframe) == 1 and "**¶1**" not in texts(at)
    at.session_state["overview_tab"] = "Timeline"
    at = at.run()
    assert not at.dataframe and "Source:" in texts(at)


def test_the_history_slider_says_when_the_map_shows_a_proposal(app):
    at = load(app)
    note = "not a border of the past"
    assert note not in texts(at)  # the status quo is the slider's present step
    app.session_state["scenario_choice"] = "japan-claim"
    at = app.run()
    assert note in texts(at)
    app.session_state["scenario_choice"] = "treaty-1855"
    at = app.run()
    assert note not in texts(at)


def test_the_first_run_stops_at_the_map_and_the_map_brings_the_rest(app):
    at = app.run()
    assert not at.exception
    shown = [h.value for h in (*at.header, *at.subheader)]
    assert "The dispute" in shown  # the panel beside the map
    assert not at.tabs and not any(h.startswith("What “") for h in shown)  # nothing below
    at.session_state["map"] = dict(MAP_DRAWN)  # the map is drawn and reports its view
    at = at.run()
    shown = [h.value for h in (*at.header, *at.subheader)]
    assert [t.label for t in at.tabs][:1] == ["The seed report"]
    assert any(h.startswith("What “") and h.endswith("means, measured") for h in shown)


def test_each_citation_shows_its_sources_grade(app):
    app.query_params["island"] = "iturup"
    at = load(app)
    assert not at.exception
    shown = texts(at)  # the label follows the linked title, escaped like all shown text
    assert "[Occupation (kuril.info)](https://kuril.info/occupation/) (other)" in shown
    assert "(https://en.wikipedia.org/wiki/Iturup) (reference; read in a mirror)" in shown
    assert "(Ministry of Foreign Affairs of Japan)](" in shown and "(primary)" in shown
