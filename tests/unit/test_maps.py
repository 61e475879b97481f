"""Maps without a browser: render the folium objects and assert on the parts of the HTML."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import folium
import pytest
import shapely
import shapely.geometry

from dashboard import geometry as geo
from dashboard import layers, maps
from dashboard.atlas import Atlas
from dashboard.config import STATIC_DIR
from dashboard.published import LayerUrls, publish
from dashboard.records import Names
from dashboard.scenarios import Scenarios

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
def urls(model) -> LayerUrls:
    return model.urls


@pytest.fixture(scope="module")
def base_page(atlas, scenarios, urls) -> str:
    return maps.build_base_map(atlas, scenarios, urls).get_root().render()


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
    local = [url for _tag, _k, url in _urls(base_page) if url.startswith("/app/static/")]
    assert local, "the page names no static asset: nothing was checked"
    for url in local:
        assert (STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url


def _words(model, lang: str) -> dict:
    return json.loads(model.layers[f"words.{lang}.json"])


@pytest.mark.parametrize("lang,held_by", [("en", "Held by {}"), ("ja", "{}が保有")])
def test_legend_names_each_party_and_its_colour(base_page, model, dataset, lang, held_by):
    call = re.search(r"DisputeMap\.legend\(\w+, (\{.*?\})\);\n", base_page)
    assert call, "the base map draws no legend"
    assert json.loads(call[1])["key"] == "legend"  # its rows: the words of the page's language
    legend = _words(model, lang)["legends"]["legend"]["html"]
    for party in dataset.parties.values():
        assert held_by.format(party.name.by_language[lang]) in legend
        assert party.colour in legend


def test_the_base_map_is_the_same_in_every_language(base_page, model):
    """Its script holds no words (a change of language would remount the map): they come
    from the static file of the page's language."""
    for lang in ("en", "ja", "ru"):
        words = _words(model, lang)
        texts = [words["heading"], *words["layers"].values(), words["legends"]["legend"]["summary"]]
        assert [x for x in texts if x in base_page] == [], lang


def test_the_scenario_layer_names_the_words_of_the_pages_language(atlas, scenarios, urls):
    layer = maps.build_scenario_layer(atlas, scenarios, "status-quo", urls, lang="ru")
    (language,) = [c for c in layer._children.values() if isinstance(c, maps.Language)]
    assert json.loads(language.options_json) == {"code": "ru", "url": urls.words["ru"]}
    assert _options(layer)["card"]["languages"] == ["ru", "en", "ja"]  # the reader's name first
    assert _options(layer)["card"]["close"] == "Закрыть"


def test_every_feature_has_its_tooltip_in_every_language(model, scenarios):
    layers_of = {
        "base": "base.geojson",
        **{f"scenario-{s.id}": f"scenario-{s.id}.geojson" for s in scenarios.ordered},
        **{f"sea-{s.id}": f"sea-{s.id}.geojson" for s in scenarios.ordered},
    }
    for lang in ("en", "ja", "ru"):
        tips = _words(model, lang)["tips"]
        assert set(tips) == set(layers_of), lang
        for key, name in layers_of.items():
            feats = json.loads(model.layers[name])["features"]
            assert [f["properties"]["i"] for f in feats] == list(range(len(tips[key]))), key
            assert all(tips[key]), (lang, key)


def test_tooltips_speak_the_readers_language_and_name_the_island_in_it_first(model):
    tips = {lang: _words(model, lang)["tips"]["scenario-declaration-1956"] for lang in ("en", "ja")}
    doc = json.loads(model.layers["scenario-declaration-1956.geojson"])
    i = next(f["properties"]["i"] for f in doc["features"] if f["properties"]["id"] == "shikotan")
    assert tips["en"][i] == "Shikotan<br>色丹島<br>Шикотан<br>held by Japan (changes hands)"
    assert tips["ja"][i] == "色丹島<br>Shikotan<br>Шикотан<br>保有：日本（保有国が変わる）"


def test_attribution_is_shown(base_page, atlas):
    call = re.search(r"attributionControl\.addAttribution\((\".*?\")\);", base_page)
    assert call
    assert html.unescape(json.loads(call[1])) == atlas.view["attribution"]
    assert "OpenStreetMap contributors" in atlas.view["attribution"]


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_base_map_labels_the_disputed_islands(base_page, model, atlas, lang):
    assert "DisputeMap.annotations(" in base_page  # drawn from the words of the language
    labels = _words(model, lang)["annotations"]["labels"]
    for place in atlas.disputed:
        first = maps.esc(atlas.label(place, lang))
        assert any(lab["html"].startswith(first + "<br>") for lab in labels), (lang, place)


def _fills(atlas, scenarios, sid: str) -> dict[tuple[str, str], str]:
    """(feature id, part) -> the fill colour the browser gives it: the layer's colour map
    applied to each feature's holder, as RemoteGeoJson's style function does."""
    colours = {h: layers.colour_of(atlas, h) for h in [*atlas.ds.parties, *atlas.holder_kinds]}
    return {
        (f["properties"]["id"], f["properties"]["part"]): colours[f["properties"]["holder"]]
        for f in layers.scenario_collection(atlas, scenarios, sid)["features"]
    }


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
    assert _fills(atlas, scenarios, sid)[("shikotan", "")] == dataset.parties[holder].colour


def test_declaration_1956_recolours_shikotan_not_iturup(atlas, scenarios, dataset):
    before = _fills(atlas, scenarios, "status-quo")
    after = _fills(atlas, scenarios, "declaration-1956")
    russia, japan = dataset.parties["russia"].colour, dataset.parties["japan"].colour
    assert russia != japan
    assert (before[("shikotan", "")], after[("shikotan", "")]) == (russia, japan)
    assert after[("iturup", "")] == russia
    changed = {
        f["properties"]["id"]: f["properties"]["changed"]
        for f in layers.scenario_collection(atlas, scenarios, "declaration-1956")["features"]
    }
    assert changed["shikotan"] and not changed["iturup"]  # what changed hands is outlined


def test_area_split_colours_the_two_parts_of_iturup(atlas, scenarios, dataset):
    fills = {
        part: c
        for (fid, part), c in _fills(atlas, scenarios, "area-split").items()
        if fid == "iturup"
    }
    assert fills == {
        "part": dataset.parties["japan"].colour,
        "rest": dataset.parties["russia"].colour,
    }


def test_joint_land_has_its_own_colour(atlas, scenarios, dataset):
    fill = _fills(atlas, scenarios, "treaty-1855")[("sakhalin", "")]
    assert fill == atlas.holder_kinds["joint"].colour
    assert fill not in {p.colour for p in dataset.parties.values()}


def _options(layer: folium.FeatureGroup) -> dict:
    (remote,) = [c for c in layer._children.values() if isinstance(c, maps.RemoteGeoJson)]
    return json.loads(remote.options_json)


def _sea_options(layer: folium.FeatureGroup) -> dict:
    (sea,) = [c for c in layer._children.values() if isinstance(c, maps.SeaZones)]
    return json.loads(sea.options_json)


def test_selected_island_is_outlined(atlas, scenarios, urls):
    opts = _options(maps.build_scenario_layer(atlas, scenarios, "status-quo", urls, "kunashir"))
    assert opts["self"] == "kunashir" and opts["group"] == ["kunashir"]
    assert opts["selected"] == atlas.view["colours"]["selected"]
    opts = _options(maps.build_scenario_layer(atlas, scenarios, "status-quo", urls, "shibotsu"))
    assert opts["self"] == "shibotsu" and set(opts["group"]) == set(atlas.members("habomai"))


def test_scenario_layer_points_at_its_own_file(atlas, scenarios, urls, tmp_path):
    opts = _options(maps.build_scenario_layer(atlas, scenarios, "area-split", urls))
    assert opts["url"] == urls.scenario["area-split"]
    assert opts["url"].startswith("/app/static/data/")


def test_layer_files_are_written_once_under_the_models_digest(model, tmp_path):
    first = publish(model.layers, model.digest, static_dir=tmp_path)
    (first / "base.geojson").write_text("changed", "utf-8")
    again = publish(model.layers, model.digest, static_dir=tmp_path)
    assert first == again and (again / "base.geojson").read_text("utf-8") == "changed"
    path = tmp_path / model.urls.base.removeprefix("/app/static/")
    assert path.parent == first
    doc = json.loads(model.layers["base.geojson"])
    assert {f["properties"]["id"] for f in doc["features"]} >= {"sea-of-okhotsk", "hokkaido"}


def test_the_sea_layer_fetches_the_zones_and_the_scenarios_holders(atlas, scenarios, urls):
    opts = _sea_options(maps.build_sea_layer(atlas, scenarios, "japan-claim", urls))
    assert opts["url"] == urls.sea["japan-claim"]
    assert set(opts["colours"]) >= set(atlas.ds.parties)


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


def _fresh(dataset):
    """An Atlas and Scenarios over the (patched) dataset, with nothing memoised yet."""
    atlas = Atlas(dataset)
    return atlas, Scenarios(atlas)


def test_layers_escape_names(dataset, evil_shikotan):
    atlas, scenarios = _fresh(dataset)
    text = json.dumps(
        [
            layers.scenario_collection(atlas, scenarios, "status-quo"),
            *(layers.scenario_tips(atlas, scenarios, "status-quo", lang) for lang in ("en", "ru")),
        ]
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img src=x" not in text


def test_base_map_escapes_names(dataset, evil_shikotan, tmp_path):
    atlas, _scenarios = _fresh(dataset)
    text = json.dumps([layers.annotation_data(atlas, lang) for lang in ("en", "ja")])
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img src=x" not in text


@pytest.fixture(scope="module")
def locate(atlas, scenarios):
    return layers.LandLocator(atlas, scenarios)


@pytest.mark.parametrize("fid", ["iturup", "kunashir", "shikotan", "suisho", "paramushir"])
def test_a_click_inside_an_island_names_it(atlas, locate, fid):
    p = atlas.geometry(fid).representative_point()
    assert locate(p.x, p.y) == fid


def test_a_click_on_the_open_sea_names_nothing(locate):
    assert locate(147.0, 44.0) is None  # Pacific, between Kunashir and Iturup's south
    assert locate(148.5, 46.5) is None  # Sea of Okhotsk


def test_land_no_scenario_recolours_is_not_clickable(atlas, locate):
    p = atlas.geometry("hokkaido").representative_point()
    assert locate(p.x, p.y) is None


def test_a_click_on_the_outline_just_off_the_coast_still_counts(atlas, locate):
    shikotan = atlas.geometry("shikotan")
    on_stroke = shikotan.buffer(0.005).exterior.interpolate(0.3, normalized=True)
    offshore = shikotan.buffer(0.03).exterior.interpolate(0.3, normalized=True)
    assert locate(on_stroke.x, on_stroke.y) == "shikotan"
    assert locate(offshore.x, offshore.y) is None


def test_fill_holes_keeps_only_lakes_over_the_limit():
    lake = [(0.1, 0.1), (0.1, 0.4), (0.4, 0.4), (0.4, 0.1)]  # about 1,100 km² at the equator
    pond = [(0.6, 0.6), (0.6, 0.61), (0.61, 0.61), (0.61, 0.6)]  # about 1.2 km²
    land = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)], [lake, pond])
    filled = geo.fill_holes(land, 10)
    assert len(filled.interiors) == 1 and filled.interiors[0].equals(land.interiors[0])
    multi = geo.fill_holes(shapely.MultiPolygon([land]), 2000)
    assert multi.geom_type == "MultiPolygon" and not multi.geoms[0].interiors


def test_far_land_is_drawn_without_small_lakes_and_the_islands_keep_theirs(atlas, scenarios):
    base = {f["properties"]["id"]: f for f in layers.base_collection(atlas, scenarios)["features"]}
    mainland = shapely.geometry.shape(base["mainland"]["geometry"])
    full = atlas.ds.land.set_index("id").loc["mainland"].geometry
    holes = sum(len(p.interiors) for p in mainland.geoms)
    assert holes < sum(len(p.interiors) for p in full.geoms) / 10
    sq = layers.scenario_collection(atlas, scenarios, scenarios.default_id)["features"]
    drawn = {f["properties"]["id"]: f["geometry"] for f in sq}
    iturup = shapely.geometry.shape(drawn["iturup"])
    assert sum(len(p.interiors) for p in getattr(iturup, "geoms", [iturup])) > 0
