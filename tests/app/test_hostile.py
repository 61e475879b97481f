"""Hostile data and URLs through AppTest: shown as text, never an exception."""

from __future__ import annotations

import pytest

from dashboard.config import DATA_DIR_ENV
from tests.app.conftest import load
from tests.hostile import IMG, make_hostile_folder


@pytest.fixture
def hostile_app(app, tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(make_hostile_folder(tmp_path / "data")))
    return app


def test_hostile_folder_is_valid_data_and_renders(hostile_app):
    at = load(hostile_app)
    assert not at.exception
    assert not at.error


def test_hostile_island_name_is_shown_as_text(hostile_app):
    hostile_app.query_params["island"] = "shikotan"
    at = load(hostile_app)
    assert not at.exception
    assert any(IMG in h.value for h in at.header)  # st.header shows text, not HTML


def test_no_markdown_block_lets_html_through(hostile_app):
    hostile_app.query_params["island"] = "shikotan"
    at = load(hostile_app)
    for m in at.markdown:
        if m.allow_html:  # the single HTML block (party swatches) escapes its text
            assert "<img" not in m.value and "<script" not in m.value


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "\u202eevil",
        "x" * 5000,
        "%00%0a",
        "🏝️",
        "ITURUP\x00",
    ],
)
def test_fuzzed_url_values_warn(app, value):
    app.query_params["island"] = value
    app.query_params["scenario"] = value
    at = load(app)
    assert not at.exception
    assert len(at.warning) == 2
    assert all(len(w.value) < 400 for w in at.warning)
