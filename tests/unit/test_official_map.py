"""Japan's official maps as a scenario: the four islands Japanese, Urup–Shumshu and Sakhalin south
of 50°N of undetermined attribution, drawn in a colour of their own."""

from __future__ import annotations

import shapely

SID = "japan-official-map"
DISPUTED = ("iturup", "kunashir", "shikotan", "habomai")


def test_the_four_islands_are_japanese(scenarios):
    held = [h for h in scenarios.holdings(SID) if h.group in DISPUTED]
    assert held
    assert {h.holder for h in held} == {"japan"}


def test_urup_to_shumshu_is_undetermined(scenarios):
    kurils = [h for h in scenarios.holdings(SID) if h.group == "northern-kurils"]
    assert {"urup", "shumshu"} <= {h.feature for h in kurils}
    assert {h.holder for h in kurils} == {"undetermined"}


def test_sakhalin_is_undetermined_south_of_50n_and_russian_north_of_it(scenarios):
    parts = {h.part: h for h in scenarios.holdings(SID) if h.feature == "sakhalin"}
    assert (parts["south"].holder, parts["north"].holder) == ("undetermined", "russia")
    assert shapely.get_coordinates(parts["south"].geometry)[:, 1].max() <= 50 + 1e-9
    for h in scenarios.holdings(SID):
        if h.group == "sakhalin" and h.geometry.bounds[3] < 50:
            assert h.holder == "undetermined", h.key


def test_land_outside_the_boundary_keeps_its_present_holder(scenarios):
    holders = {h.group: h.holder for h in scenarios.holdings(SID) if h.part is None}
    assert holders["hokkaido"] == "japan"
    assert holders["kamchatka"] == "russia"


def test_undetermined_has_its_own_colour_and_legend(dataset):
    colours = {h.id: h.colour.lower() for h in dataset.view.holders}
    colours |= {p.id: p.colour.lower() for p in dataset.parties.values()}
    assert "undetermined" in colours
    others = [c for k, c in colours.items() if k != "undetermined"]
    assert colours["undetermined"] not in others
    legend = next(h.legend for h in dataset.view.holders if h.id == "undetermined")
    assert "undetermined" in legend.lower()


RUSSIA = "russia-official-view"


def test_russias_view_holds_every_kuril_island_and_all_sakhalin_russian(scenarios):
    held = [h for h in scenarios.holdings(RUSSIA) if h.group in (*DISPUTED, "northern-kurils")]
    assert {"iturup", "urup", "shumshu"} <= {h.feature for h in held}
    assert {h.holder for h in held} == {"russia"}
    sakhalin = [h for h in scenarios.holdings(RUSSIA) if h.group == "sakhalin"]
    assert sakhalin and {h.holder for h in sakhalin} == {"russia"}
    assert not any(h.part for h in scenarios.holdings(RUSSIA))  # nothing split


def test_the_two_official_views_differ_on_the_four_islands_urup_and_southern_sakhalin(scenarios):
    def holders(sid):
        return {h.feature: h.holder for h in scenarios.holdings(sid) if h.part is None}

    japan, russia = holders(SID), holders(RUSSIA)
    differ = {f for f in japan if japan[f] != russia.get(f)}
    assert {"iturup", "shikotan", "urup", "shumshu"} <= differ
    assert "hokkaido" not in differ and "kamchatka" not in differ
    assert not scenarios.get(RUSSIA).claims  # Russia's view draws no claim of Japan's


def test_russias_view_quotes_its_sources(dataset, scenarios):
    sc = scenarios.get(RUSSIA)
    kinds = {dataset.sources[c.source].kind for c in sc.other_sources if not isinstance(c, str)}
    assert dataset.sources[sc.source].kind == "primary" and "agency" in kinds
    for quoted in (c for c in sc.other_sources if not isinstance(c, str)):
        assert quoted.text and quoted.text[:40] in sc.description or quoted.source == sc.source
