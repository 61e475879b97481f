"""URL state: parse ?island= and ?scenario=, build query parameters, read a map click."""

from __future__ import annotations

import unicodedata

import pytest

from dashboard import state

ISLANDS = ["iturup", "kunashir", "shikotan", "habomai", "suisho"]
SCENARIOS = ["status-quo", "japan-claim", "declaration-1956", "area-split"]
DEFAULT = "status-quo"
LONG = "x" * 5000


def parse(params):
    return state.parse_url(params, ISLANDS, SCENARIOS, DEFAULT)


# (params, island, scenario, number of warnings)
CASES = [
    ({}, None, DEFAULT, 0),
    ({"island": "iturup"}, "iturup", DEFAULT, 0),
    ({"scenario": "area-split"}, None, "area-split", 0),
    ({"island": "suisho", "scenario": "japan-claim"}, "suisho", "japan-claim", 0),
    ({"island": "ITURUP"}, "iturup", DEFAULT, 0),
    ({"island": "  Kunashir "}, "kunashir", DEFAULT, 0),
    ({"scenario": "Declaration-1956"}, None, "declaration-1956", 0),
    ({"island": ["kunashir", "iturup"]}, "iturup", DEFAULT, 0),  # repeated: the last wins
    ({"island": []}, None, DEFAULT, 0),
    ({"island": ""}, None, DEFAULT, 0),
    ({"island": "atlantis"}, None, DEFAULT, 1),
    ({"scenario": "1956 declaration"}, None, DEFAULT, 1),
    ({"island": "atlantis", "scenario": "nope"}, None, DEFAULT, 2),
    ({"island": "<script>alert(1)</script>"}, None, DEFAULT, 1),
    ({"island": "itu\x00rup"}, None, DEFAULT, 1),
    ({"island": LONG}, None, DEFAULT, 1),
    ({"scenario": LONG}, None, DEFAULT, 1),
    ({"island": "択捉島"}, None, DEFAULT, 1),
    ({"island": "Итуруп"}, None, DEFAULT, 1),
    ({"island": 42}, None, DEFAULT, 0),  # not a string: ignored
]


@pytest.mark.parametrize("params,island,scenario,n_warnings", CASES)
def test_parse_url(params, island, scenario, n_warnings):
    url = parse(params)
    assert (url.island, url.scenario, len(url.warnings)) == (island, scenario, n_warnings)


@pytest.mark.parametrize(
    "value,quoted",
    [
        ("atlantis", "atlantis"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("択捉島", "択捉島"),
        ("итуруп", "итуруп"),
        ("itu\x00rup", "itu?rup"),
    ],
)
def test_warning_quotes_the_value_it_rejects(value, quoted):
    (warning,) = parse({"island": value}).warnings
    assert f"“{quoted}”" in warning


@pytest.mark.parametrize(
    "control",
    [
        "\x00",  # NUL
        "\x1b",  # ESC (terminal escape sequences)
        "\x7f",  # DEL
        "\x9b",  # C1 control sequence introducer
        "\u202e",  # RIGHT-TO-LEFT OVERRIDE: reorders the rest of the warning on screen
        "\u200b",  # ZERO WIDTH SPACE: hides text
    ],
    ids=["nul", "esc", "del", "c1-csi", "rlo", "zwsp"],
)
def test_warning_contains_no_control_characters(control):
    (warning,) = parse({"island": f"itu{control}rup"}).warnings
    categories = {unicodedata.category(ch) for ch in warning}
    assert not categories & {"Cc", "Cf"}, repr(warning)


@pytest.mark.parametrize("key", ["island", "scenario"])
def test_long_value_is_shortened_in_the_warning(key):
    (warning,) = parse({key: LONG}).warnings
    assert "x" * (state.MAX_PARAM_SHOWN + 1) not in warning
    assert "…" in warning
    # The warning's length does not grow with what the link holds.
    assert len(warning) == len(parse({key: "x" * (state.MAX_PARAM_SHOWN + 1)}).warnings[0])


def test_long_island_warning_is_at_most_200_characters():
    (warning,) = parse({"island": LONG}).warnings
    assert len(warning) <= 200


def test_unknown_scenario_warning_lists_the_choices():
    (warning,) = parse({"scenario": "nope"}).warnings
    assert all(sid in warning for sid in SCENARIOS)
    assert f"“{DEFAULT}”" in warning


@pytest.mark.parametrize(
    "value,expected",
    [
        ("iturup", "iturup"),
        ("a" * 40, "a" * 40),
        ("a" * 41, "a" * 40 + "…"),
        ("\x00\x01", "??"),
        ("🏝", "🏝"),  # a visible symbol is quoted back as it is
        ("a\u202eb", "a?b"),  # a right-to-left override is not
    ],
)
def test_shown(value, expected):
    assert state.shown(value) == expected


@pytest.mark.parametrize(
    "island,scenario,expected",
    [
        (None, DEFAULT, {}),
        ("iturup", DEFAULT, {"island": "iturup"}),
        (None, "area-split", {"scenario": "area-split"}),
        ("habomai", "japan-claim", {"island": "habomai", "scenario": "japan-claim"}),
        ("", DEFAULT, {}),
    ],
)
def test_to_params_omits_defaults(island, scenario, expected):
    assert state.to_params(island, scenario, DEFAULT) == expected


@pytest.mark.parametrize("island,scenario", [("iturup", "area-split"), (None, "japan-claim")])
def test_to_params_round_trips_through_parse_url(island, scenario):
    url = parse(state.to_params(island, scenario, DEFAULT))
    assert (url.island, url.scenario, url.warnings) == (island, scenario, [])


def _click(lat=44.0, lng=146.0):
    """What st_folium returns after a click on the map: the clicked position only."""
    return {"last_clicked": {"lat": lat, "lng": lng}}


def on_land(_lon, _lat):
    return "kunashir"


def at_sea(_lon, _lat):
    return None


@pytest.mark.parametrize(
    "value,locate,expected",
    [
        (_click(), on_land, ((44.0, 146.0), "kunashir")),
        (_click(), at_sea, ((44.0, 146.0), None)),  # beside every island: clears the selection
        (_click(lat=44.12345678, lng=146.98765432), on_land, ((44.123457, 146.987654), "kunashir")),
        ({"last_clicked": {"lat": 44, "lng": 146}}, on_land, ((44.0, 146.0), "kunashir")),
        ({"last_clicked": {"lat": "44.5", "lng": "146"}}, on_land, ((44.5, 146.0), "kunashir")),
        (None, on_land, (None, None)),
        ({}, on_land, (None, None)),
        ({"last_clicked": None}, on_land, (None, None)),
        ({"last_clicked": {"lat": 44.0}}, on_land, (None, None)),
        ({"last_clicked": {"lat": "north", "lng": 146}}, on_land, (None, None)),
        ({"last_clicked": {"lat": "nan", "lng": 146}}, on_land, (None, None)),
        ({"last_clicked": {"lat": 44.0, "lng": float("inf")}}, on_land, (None, None)),
        ({"last_clicked": "kunashir"}, on_land, (None, None)),
    ],
)
def test_click_target(value, locate, expected):
    sig, fid = state.click_target(value, locate)
    assert (sig[:2] if sig else None, fid) == expected


def test_a_second_click_on_the_same_spot_is_a_new_click():
    first = state.click_target({**_click(), "last_object_clicked_count": 1}, on_land)
    second = state.click_target({**_click(), "last_object_clicked_count": 2}, on_land)
    assert first[1] == second[1] == "kunashir"
    assert first[0] != second[0]


def test_click_target_asks_about_the_clicked_point():
    seen = []

    def locate(lon, lat):
        seen.append((lon, lat))
        return "shikotan"

    assert state.click_target(_click(lat=43.8, lng=146.7), locate)[1] == "shikotan"
    assert seen == [(146.7, 43.8)]


# ?lang=: one of the languages the page offers (the first is the default), else a warning in the
# default language. (params, languages offered, the page's language, the warnings' text)
LANGS = ("en", "ja", "ru")
LANG_CASES = [
    ({}, LANGS, "en", []),
    ({"lang": "ja"}, LANGS, "ja", []),
    ({"lang": " RU "}, LANGS, "ru", []),
    ({"lang": "fr"}, LANGS, "en", ["“fr”", "English", "en, ja, ru"]),
    ({"lang": "ja", "island": "atlantis"}, LANGS, "ja", ["「atlantis」"]),
    ({"lang": "ru", "scenario": "nope"}, LANGS, "ru", ["«nope»", f"«{DEFAULT}»"]),
    ({"lang": "ja"}, ("en", "es"), "en", ["“ja”", "en, es"]),
    ({"lang": "ja"}, (), "en", []),  # a page that offers no choice does not read ?lang=
]


@pytest.mark.parametrize("params,languages,lang,words", LANG_CASES)
def test_parse_url_lang(params, languages, lang, words):
    url = state.parse_url(params, ISLANDS, SCENARIOS, DEFAULT, languages)
    assert url.lang == lang
    assert len(url.warnings) == (1 if words else 0)
    assert all(w in url.warnings[0] for w in words)


@pytest.mark.parametrize(
    "lang,expected",
    [(None, {}), ("en", {}), ("ja", {"lang": "ja"})],
)
def test_to_params_keeps_a_language_other_than_the_default(lang, expected):
    assert state.to_params(None, DEFAULT, DEFAULT, lang, "en") == expected
