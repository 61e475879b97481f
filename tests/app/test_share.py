"""The share dialog's link and embed, and the picture downloads beside the data downloads,
through AppTest."""

from __future__ import annotations

from dashboard import sharing
from dashboard.i18n import t
from dashboard.views import share
from tests.app.conftest import click_on, load


def test_share_opens_the_link_and_the_embed_of_the_view(app, atlas):
    load(app)
    app.session_state["map"] = click_on(atlas, "kunashir")
    at = app.run()
    at.button(key=share.SHARE_KEY).click()
    at = at.run()
    codes = [c.value for c in at.code]
    params = {"island": "kunashir"}
    assert sharing.view_link(None, params) in codes
    assert sharing.embed_snippet(None, params, atlas.view["title"]) in codes


def test_the_picture_downloads_sit_with_the_data_downloads(app):
    at = load(app)
    labels = [b.proto.label for b in at.get("download_button")]
    for fmt in ("png", "svg"):
        assert t(f"download.{fmt}", "en") in labels
    assert any("GeoJSON" in label for label in labels)


def test_a_picture_download_draws_the_island_selected_when_it_is_clicked():
    """The downloads are drawn with the whole page, a click redraws only the map and its
    panel: the picture reads the selection when it is built, not when its button was drawn."""
    from dashboard.cache import ModelCache
    from dashboard.config import DEFAULT_DATA_DIR
    from dashboard.model import get_model
    from dashboard.picture import draw_picture

    model = get_model(DEFAULT_DATA_DIR, ModelCache())
    box: dict = {}
    draw = share._picture(model.cons, "status-quo", "svg", box)
    box["island"] = "urup"
    got = draw()
    assert got == draw_picture(model.atlas, model.scenarios, "status-quo", "svg", "urup")
    assert got != draw_picture(model.atlas, model.scenarios, "status-quo", "svg", None)
