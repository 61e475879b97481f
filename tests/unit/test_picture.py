"""The picture of a view for print and slides: what it frames, the fonts it writes with, and
its bytes (PNG and SVG, the same for the same view and data) on every data folder."""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

import pytest
import shapely
from matplotlib import rc_context
from shapely.geometry import box

from dashboard import fonts
from dashboard.atlas import Atlas
from dashboard.data import load_dataset
from dashboard.framing import data_edges, frame_of, view_bounds
from dashboard.picture import _compose, draw_picture, scale_bar_m, scale_km
from dashboard.scenarios import Scenarios
from dashboard.sheet import Sheet
from tests.folders import FALKLANDS, FOLDER_IDS, FOLDERS, SYNTHETIC

KURILS = FOLDERS[0]


@cache
def loaded(folder: Path) -> Scenarios:
    """A folder's scenarios (and, through them, its atlas), loaded once per test process."""
    return Scenarios(Atlas(load_dataset(folder)))


def holds(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return box(*outer).contains(box(*inner))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# -- framing -------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDER_IDS)
def test_the_view_holds_the_disputed_islands_and_all_land_that_changes_hands(folder):
    sc = loaded(folder)
    for s in sc.ordered:
        bounds = view_bounds(sc.atlas, sc, s.id)
        for h in sc.holdings(s.id):
            if h.changed:
                assert holds(bounds, h.geometry.bounds), (s.id, h.feature)
        for place in sc.atlas.disputed:
            assert holds(bounds, sc.atlas.geometry(place).bounds), (s.id, place)


def test_a_treaty_that_moves_the_northern_islands_frames_them():
    sc = loaded(KURILS)
    after_1875 = view_bounds(sc.atlas, sc, "treaty-1875")
    today = view_bounds(sc.atlas, sc, "status-quo")
    for island in ("urup", "shumshu"):
        assert holds(after_1875, sc.atlas.geometry(island).bounds), island
    assert not holds(today, sc.atlas.geometry("shumshu").bounds)
    assert holds(today, sc.atlas.geometry("kunashir").bounds)


def test_the_selected_island_joins_the_view_and_the_call_changes_nothing():
    sc = loaded(SYNTHETIC)
    alone = view_bounds(sc.atlas, sc, "status-quo")
    assert not holds(alone, sc.atlas.geometry("north-coast").bounds)
    with_it = view_bounds(sc.atlas, sc, "status-quo", selected="north-coast")
    assert holds(with_it, sc.atlas.geometry("north-coast").bounds)
    assert view_bounds(sc.atlas, sc, "status-quo") == alone
    assert all(type(v) is float for v in alone)


@pytest.mark.parametrize(
    "folder,cut",
    [
        (KURILS, {"west": 135.5, "south": 40.0, "east": 164.5, "north": 63.0}),
        (FALKLANDS, {"west": -70.0, "north": -47.0}),
    ],
    ids=["geodata", "falklands"],
)
def test_the_sides_where_the_land_data_was_cut_are_found(folder, cut):
    assert data_edges(loaded(folder).atlas.ds.land.geometry) == cut


@pytest.mark.parametrize("aspect", [0.5, 1.0, 2.0])
def test_a_frame_has_the_asked_shape_and_holds_its_bounds(aspect):
    bounds = (145.0, 43.0, 149.0, 46.0)
    f = frame_of(bounds, aspect)
    assert (f.x1 - f.x0) / (f.y1 - f.y0) == pytest.approx(aspect)
    assert f.rect.contains(f.project(shapely.segmentize(box(*bounds), 0.1)))


def test_a_frame_slides_away_from_a_cut_edge_then_stops_at_it():
    bounds = (0.0, 0.0, 1.0, 1.0)
    slid = frame_of(bounds, 3.0, {"west": -0.6})  # room to slide east: the same shape
    assert (slid.x1 - slid.x0) / (slid.y1 - slid.y0) == pytest.approx(3.0)
    assert slid.unproject(shapely.segmentize(slid.rect, 1000)).bounds[0] >= -0.6 - 1e-6
    cut = frame_of(bounds, 3.0, {"west": -0.2, "east": 1.2})  # no room: narrower
    w, _, e, _ = cut.unproject(shapely.segmentize(cut.rect, 1000)).bounds
    assert w >= -0.2 - 1e-6 and e <= 1.2 + 1e-6
    assert cut.rect.contains(cut.project(box(*bounds)))


# -- scale bar --------------------------------------------------------------------------------


@pytest.mark.parametrize("width_km,km", [(1000, 200), (330, 50), (9, 1), (12.3, 2), (0.9, 0.1)])
def test_the_scale_bar_is_a_round_length(width_km, km):
    assert scale_km(width_km) == pytest.approx(km)


def test_the_scale_bar_is_measured_on_the_ellipsoid():
    f = frame_of((145.0, 43.0, 149.0, 46.0), 2.0)
    # at the centre of an azimuthal equidistant plane, map metres are ground metres
    assert scale_bar_m(f, 0.0, 0.0, 50, True) == pytest.approx(50_000, rel=1e-3)
    # far from it, the bar is drawn at the length the ground distance has there
    assert scale_bar_m(f, f.x0, f.y0, 50, True) != pytest.approx(50_000, rel=1e-4)


# -- fonts ------------------------------------------------------------------------------------


def test_the_font_found_writes_japanese_and_russian_names():
    names = ["Iturup", "択捉島", "Итуруп", "オホーツク海", "Охотское море"]
    chosen = fonts.find_fonts(names)
    have = set().union(*(fonts.coverage(f) for f in chosen))
    assert {ord(ch) for name in names for ch in name if not ch.isspace()} <= have


def test_a_missing_font_says_which_script_and_how_to_install_one(monkeypatch):
    latin_only = {k: v for k, v in fonts._text_fonts().items() if k == "DejaVu Sans"}
    assert latin_only, "DejaVu Sans (matplotlib's own font) should be installed"
    monkeypatch.setattr(fonts, "_text_fonts", lambda: latin_only)
    with pytest.raises(fonts.FontMissing) as err:
        fonts.find_fonts(["Iturup", "Итуруп", "択捉島"])
    message = str(err.value)
    assert "japanese" in message and "cyrillic" not in message
    assert "apt-get install fonts-noto-cjk" in message


def test_no_font_at_all_is_the_same_message(monkeypatch):
    monkeypatch.setattr(fonts, "_text_fonts", dict)
    with pytest.raises(fonts.FontMissing, match="latin"):
        fonts.find_fonts(["Iturup"])


# -- what the picture says --------------------------------------------------------------------


def test_the_kuril_sheet_names_islands_in_three_scripts_and_credits_its_sources():
    sc = loaded(KURILS)
    sheet = Sheet(sc.atlas, sc, "japan-claim", None)
    texts = [lab.text for lab in sheet.labels]
    assert "Iturup\n択捉島, Итуруп" in texts
    rows = [r.text for r in sheet.legend]
    assert rows[:2] == ["Held by Japan", "Held by Russia"]
    assert "Changes hands in the scenario" in rows
    title, name, _ = sheet.header()
    assert (title, name) == (sc.atlas.ds.view.title, sc.get("japan-claim").name)
    attribution, source, projection = sheet.footer()
    assert attribution == sc.atlas.ds.view.attribution
    assert sc.atlas.ds.sources[sc.get("japan-claim").source].title in source
    assert "Azimuthal equidistant" in projection


def test_the_selected_island_is_in_the_legend():
    sc = loaded(SYNTHETIC)
    sheet = Sheet(sc.atlas, sc, "status-quo", "beta")
    assert [r.kind for r in sheet.legend][-1] == "outline"
    assert "Beta" in sheet.legend[-1].text


def test_names_do_not_overlap_where_the_chain_is_crowded():
    sc = loaded(KURILS)
    sheet = Sheet(sc.atlas, sc, "treaty-1875", None)
    with rc_context({"font.family": fonts.find_fonts(sheet.texts())}):
        fig = _compose(sheet)
    renderer = fig.canvas.get_renderer()
    (ax,) = fig.axes
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) > 10
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)


# -- the files --------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDER_IDS)
def test_a_png_of_the_default_view_is_wide_enough_for_print(folder):
    sc = loaded(folder)
    png = draw_picture(sc.atlas, sc, sc.default_id, "png")
    width, height = png_size(png)
    assert width >= 1600 and height > 0
    assert b"matplotlib" not in png.lower()  # no software name in the file


def test_the_same_view_gives_the_same_png_bytes():
    sc = loaded(KURILS)
    first = draw_picture(sc.atlas, sc, "status-quo", "png", "kunashir")
    fresh = Scenarios(Atlas(load_dataset(KURILS)))  # nothing cached
    assert draw_picture(fresh.atlas, fresh, "status-quo", "png", "kunashir") == first


def test_the_same_view_gives_the_same_svg_bytes_with_no_date():
    sc = loaded(SYNTHETIC)
    first = draw_picture(sc.atlas, sc, "joint-beta", "svg")
    assert draw_picture(sc.atlas, sc, "joint-beta", "svg") == first
    assert first.startswith(b"<?xml") and b"<svg" in first
    assert b"<dc:date>" not in first and b"<dc:creator>" not in first.lower()


def test_another_view_gives_another_picture():
    sc = loaded(SYNTHETIC)
    assert draw_picture(sc.atlas, sc, "joint-beta") != draw_picture(sc.atlas, sc, "status-quo")


def test_an_unknown_format_is_refused():
    sc = loaded(SYNTHETIC)
    with pytest.raises(ValueError, match="png, svg"):
        draw_picture(sc.atlas, sc, "status-quo", "gif")
