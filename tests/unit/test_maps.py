"""Maps without a browser: render the folium objects and assert on the parts of the HTML."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import folium
import pytest

from dashboard import maps
from dashboard.config import STATIC_DIR
from dashboard.records import Names

EVIL = "<img src=x onerror=alert(1)>"


class _Urls(HTMLParser):
    """Every src and href of every tag."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [(tag, k, v) for k, v in attrs if k in ("src", "href") and v is not None]


def _urls(page: str) -> list[tuple[str, str, str]]:
    parser = _Urls()
    parser.feed(page)
    return parser.urls


def _styles(page: str) -> dict[str, dict]:
    """Feature id -> style from a rendered GeoJson styler (folium switches on the feature id)."""
    body = re.search(r"function geo_json_\w+_styler\(feature\) \{(.*?)\n\s*\}\n", page, re.S)
    assert body, "no GeoJson styler in the page"
    out: dict[str, dict] = {}
    for cases, style in re.findall(r"((?:case \"[^\"]+\": )+)\s*return (\{.*?\});", body[1]):
        for fid in re.findall(r"case \"([^\"]+)\":", cases):
            out[fid] = json.loads(style)
    default = re.search(r"default:\s*return (\{.*?\});", body[1])
    if default:
        out["*"] = json.loads(default[1])
    return out


def _style_of(styles: dict[str, dict], fid: str) -> dict:
    return styles.get(fid, styles.get("*"))


def _render(layer: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    layer.add_to(m)
    return m.get_root().render()


@pytest.fixture(scope="module")
def base_page(atlas, scenarios) -> str:
    return maps.build_base_map(atlas, scenarios).get_root().render()


def test_no_cdn_every_script_and_stylesheet_is_served_by_the_app(base_page):
    urls = _urls(base_page)
    scripts = [v for tag, k, v in urls if tag == "script"]
    sheets = [v for tag, k, v in urls if tag == "link"]
    assert scripts and sheets
    assert all(v.startswith("/app/static/") for v in scripts + sheets), urls


def test_no_external_url_anywhere_in_tags(base_page):
    external = [u for u in _urls(base_page) if re.match(r"(https?:)?//", u[2])]
    assert external == []


def test_static_assets_the_page_names_exist(base_page):
    for _tag, _k, url in _urls(base_page):
        if url.startswith("/app/static/"):
            assert (STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url


def test_legend_names_each_party_and_its_colour(base_page, dataset):
    assert "map-legend" in base_page
    legend = json.loads(re.search(r"div\.innerHTML = (\".*?\");\n", base_page)[1])
    for party in dataset.parties.values():
        assert f"Held by {party.name}" in legend
        assert party.colour in legend


def test_attribution_is_shown(base_page, atlas):
    call = re.search(r"attributionControl\.addAttribution\((\".*?\")\);", base_page)
    assert call
    assert html.unescape(json.loads(call[1])) == atlas.view["attribution"]
    assert "OpenStreetMap contributors" in atlas.view["attribution"]


def test_base_map_labels_the_disputed_islands(base_page, atlas):
    for place in atlas.disputed:
        assert maps.esc(atlas.label(place)) in base_page


@pytest.mark.parametrize(
    "sid,holder",
    [
        ("status-quo", "russia"),
        ("japan-claim", "japan"),
        ("declaration-1956", "japan"),
        ("treaty-1855", "japan"),
    ],
)
def test_shikotan_takes_its_holders_colour(atlas, scenarios, dataset, sid, holder):
    page = _render(maps.build_scenario_layer(atlas, scenarios, sid))
    assert _style_of(_styles(page), "shikotan")["fillColor"] == dataset.parties[holder].colour


def test_declaration_1956_recolours_shikotan_not_iturup(atlas, scenarios, dataset):
    before = _styles(_render(maps.build_scenario_layer(atlas, scenarios, "status-quo")))
    after = _styles(_render(maps.build_scenario_layer(atlas, scenarios, "declaration-1956")))
    russia, japan = dataset.parties["russia"].colour, dataset.parties["japan"].colour
    assert russia != japan
    assert (
        _style_of(before, "shikotan")["fillColor"],
        _style_of(after, "shikotan")["fillColor"],
    ) == (
        russia,
        japan,
    )
    assert _style_of(after, "iturup")["fillColor"] == russia
    # what changed hands is outlined
    assert _style_of(after, "shikotan").get("dashArray") and not _style_of(after, "iturup").get(
        "dashArray"
    )


def _layer_styles(layer: folium.FeatureGroup) -> list[tuple[dict, dict]]:
    (geojson,) = [c for c in layer._children.values() if isinstance(c, folium.GeoJson)]
    return [(f["properties"], geojson.style_function(f)) for f in geojson.data["features"]]


def test_area_split_colours_the_two_parts_of_iturup(atlas, scenarios, dataset):
    layer = maps.build_scenario_layer(atlas, scenarios, "area-split")
    fills = {p["part"]: s["fillColor"] for p, s in _layer_styles(layer) if p["id"] == "iturup"}
    assert fills == {
        "part": dataset.parties["japan"].colour,
        "rest": dataset.parties["russia"].colour,
    }


def test_joint_land_has_its_own_colour(atlas, scenarios, dataset):
    layer = maps.build_scenario_layer(atlas, scenarios, "treaty-1855")
    fills = {p["id"]: s["fillColor"] for p, s in _layer_styles(layer)}
    assert fills["sakhalin"] == atlas.view["colours"]["joint"]
    assert fills["sakhalin"] not in {p.colour for p in dataset.parties.values()}


def test_selected_island_is_outlined(atlas, scenarios):
    layer = maps.build_scenario_layer(atlas, scenarios, "status-quo", selected="kunashir")
    styles = {p["id"]: s for p, s in _layer_styles(layer)}
    assert styles["kunashir"]["color"] == atlas.view["colours"]["selected"]
    assert styles["iturup"]["color"] != atlas.view["colours"]["selected"]


@pytest.mark.parametrize(
    "value,expected",
    [
        (EVIL, "&lt;img src=x onerror=alert(1)&gt;"),
        ("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;"),
        ("択捉島", "択捉島"),
        (42, "42"),
    ],
)
def test_esc(value, expected):
    assert maps.esc(value) == expected


@pytest.fixture
def evil_shikotan(dataset, monkeypatch):
    """Shikotan's English name replaced by markup, for this test only."""
    feat = dataset.catalogue["shikotan"]
    names = Names(en=EVIL, ja=feat.names.ja, ru=feat.names.ru)
    monkeypatch.setitem(dataset.catalogue, "shikotan", feat.model_copy(update={"names": names}))


def _as_the_browser_reads_it(page: str) -> str:
    """Undo Jinja's tojson escapes (< > & ' as \\u003c ...), which hide raw markup from a search
    but not from the browser, which decodes them before using the text as HTML."""
    return re.sub(r"\\u00(26|3c|3e|27)", lambda m: chr(int(m[1], 16)), page)


def test_scenario_layer_escapes_names(atlas, scenarios, evil_shikotan):
    page = _as_the_browser_reads_it(
        _render(maps.build_scenario_layer(atlas, scenarios, "status-quo"))
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_base_map_escapes_names(atlas, scenarios, evil_shikotan):
    page = _as_the_browser_reads_it(maps.build_base_map(atlas, scenarios).get_root().render())
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page
