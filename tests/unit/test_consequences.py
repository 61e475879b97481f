"""What the Kuril scenarios change, measured: straits, land shares, distances, the sea."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dashboard.cache import ModelCache
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.consequences import Consequences
from dashboard.export import figures_csv, scenario_geojson
from dashboard.model import get_model


@pytest.fixture(scope="module")
def cons() -> Consequences:
    return get_model(DEFAULT_DATA_DIR, ModelCache()).cons


@pytest.mark.parametrize(
    "sid, strait, holder",
    [
        ("status-quo", "catherine-strait", {"russia"}),
        ("status-quo", "vries-strait", {"russia"}),
        ("status-quo", "nemuro-strait", {"russia", "japan"}),
        ("japan-claim", "catherine-strait", {"japan"}),
        ("japan-claim", "vries-strait", {"russia", "japan"}),
        ("declaration-1956", "goyomai-strait", {"japan"}),
    ],
)
def test_which_territorial_sea_covers_each_strait(cons, sid, strait, holder):
    cover = {s.strait: s for s in cons.straits(sid)}[strait]
    assert {p for p, km in cover.cover_km.items() if km > 0.1} == holder
    assert cover.free_km == pytest.approx(0.0, abs=0.1)  # 12 nm each side closes them all


def test_land_shares(cons):
    shares = {pl.party: pl.share for pl in cons.land("area-split")}
    assert shares["japan"] == pytest.approx(0.5, abs=0.001)
    shares = {pl.party: pl.share for pl in cons.land("declaration-1956")}
    assert 0.06 < shares["japan"] < 0.08  # "about 7 %"


def test_shortest_distance_between_parties(cons):
    def gap(sid: str) -> float:
        return cons.shortest_between_parties(sid)[("japan", "russia")].km

    assert gap("status-quo") == pytest.approx(7.4, abs=0.5)
    assert gap("declaration-1956") == pytest.approx(16.2, abs=1.0)
    assert gap("area-split") < 0.01  # a land border on Iturup


def test_japans_claim_moves_the_four_islands_zones_to_japan(cons):
    """Everything the four islands' coasts generate at sea changes hands with them, and
    nothing else: Russia's loss is Japan's gain, to the square kilometre."""
    before, after = cons.sea_km2("status-quo"), cons.sea_km2("japan-claim")

    def total(a) -> float:
        return a.territorial_km2 + a.eez_km2

    gain = total(after["japan"]) - total(before["japan"])
    loss = total(before["russia"]) - total(after["russia"])
    four = [
        u
        for u in cons.sea("status-quo").units
        if cons.atlas.group_of(u.split("#")[0]) in cons.atlas.disputed
    ]
    moved = sum(cons.zones.units[u].ts_km2 + cons.zones.units[u].eez_km2 for u in four)
    assert gain == pytest.approx(loss, rel=1e-9) == pytest.approx(moved, rel=1e-9)
    assert gain > 100_000  # a substantial sea: tens of thousands of km² at the least


def test_the_median_line_moves_north_under_japans_claim(cons):
    before = cons.sea("status-quo").medians[("japan", "russia")]
    after = cons.sea("japan-claim").medians[("japan", "russia")]
    assert after.centroid.y > before.centroid.y + 0.5  # degrees north
    assert before.hausdorff_distance(after) > 1.0


def test_the_enclave_is_high_seas_in_every_scenario(cons):
    f = cons.frame
    assert 40_000 < f.inner_high_seas_km2 < 60_000  # published: 46,000-56,000 km²
    length, width = f.high_seas_extent_km
    assert 400 < length < 700 and width < length


def test_the_share_of_the_sea_of_okhotsk_adds_up(cons):
    f = cons.frame
    for s in cons.sc.ordered:
        zones = sum(a.inner_territorial_km2 + a.inner_eez_km2 for a in cons.sea_km2(s.id).values())
        assert zones + f.inner_high_seas_km2 == pytest.approx(f.inner_km2, rel=1e-4), s.id


def test_exports(cons):
    doc = json.loads(scenario_geojson(cons, "declaration-1956"))
    kinds = {f["properties"]["kind"] for f in doc["features"]}
    assert kinds >= {"land", "territorial-sea", "eez", "median-line", "high-seas"}
    land = {
        f["properties"]["id"]: f["properties"]["party"]
        for f in doc["features"]
        if f["properties"]["kind"] == "land"
    }
    assert land["shikotan"] == "japan" and land["iturup"] == "russia"
    for f in doc["features"]:
        p = f["properties"]
        assert ("area_km2" in p) != ("length_km" in p), p
    rows = list(csv.DictReader(io.StringIO(figures_csv(cons, "declaration-1956"))))
    share = [
        r
        for r in rows
        if r["measure"].startswith("share of the disputed") and r["subject"] == "japan"
    ]
    assert 6 < float(share[0]["value"]) < 8
    eez = [r for r in rows if r["measure"].startswith("exclusive economic zone")]
    assert {r["subject"] for r in eez} == {"japan", "russia"}
