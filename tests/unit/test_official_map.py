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
