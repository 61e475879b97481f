"""Scenarios in the browser: every island in its holder's colour; a toggle recolours in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page

from dashboard import layers
from dashboard.atlas import Atlas
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset
from dashboard.scenarios import Scenarios
from tests.browser.helpers import open_app
from tests.support.mapping import wait_idle

FILLS_JS = """() => {
  const out = {};
  for (const k in map._layers) {
    const l = map._layers[k];
    if (l.feature && l.feature.properties && l.feature.properties.holder !== undefined
        && l.options && l.options.fillColor) {
      const p = l.feature.properties;
      out[p.id + ':' + (p.part || '')] = l.options.fillColor.toUpperCase();
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, str]]:
    """scenario -> 'feature:part' -> the colour of its holder, from the data."""
    atlas = Atlas(load_dataset(DEFAULT_DATA_DIR))
    scenarios = Scenarios(atlas)
    out = {}
    for sc in scenarios.ordered:
        out[sc.id] = {
            f"{f['properties']['id']}:{f['properties']['part']}": layers.colour_of(
                atlas, f["properties"]["holder"]
            ).upper()
            for f in layers.scenario_collection(atlas, scenarios, sc.id)["features"]
        }
    return out


def fills_when_loaded(frame: Frame, want: dict[str, str]) -> dict[str, str]:
    """The map's fills once the scenario's layer shows what `want` says (or after 30 s)."""
    frame.wait_for_function(
        f"(want) => {{ const got = ({FILLS_JS})();"
        " return Object.keys(want).every(k => got[k] === want[k]); }",
        arg=want,
        timeout=30_000,
    )
    return frame.evaluate(FILLS_JS)


SCENARIO_IDS = [
    "status-quo",
    "japan-claim",
    "declaration-1956",
    "area-split",
    "treaty-1855",
    "treaty-1875",
    "treaty-1905",
]


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_deep_link_colours_every_island_by_its_holder(page: Page, expected, sid: str) -> None:
    frame = open_app(page, f"scenario={sid}")
    want = expected[sid]
    got = fills_when_loaded(frame, want)
    disputed = [k for k in want if k.split(":")[0] in DISPUTED_FEATURES]
    assert disputed, "no disputed island in the scenario layer"
    assert {k: got.get(k) for k in want} == want


DISPUTED_FEATURES = {
    "iturup",
    "kunashir",
    "shikotan",
    "suisho",
    "yuri",
    "akiyuri",
    "shibotsu",
    "taraku",
    "harukaru",
}


def test_toggle_recolours_in_place_without_reloading_the_map(page: Page, expected) -> None:
    frame = open_app(page)
    fills_when_loaded(frame, expected["status-quo"])
    frame.evaluate(
        "() => { window.__survivor = 'still here';"
        " map.setView([43.9, 146.3], 8, {animate: false}); }"
    )
    before = frame.evaluate("() => [map.getZoom(), map.getCenter().lat, map.getCenter().lng]")
    page.get_by_test_id("stSidebar").get_by_text(
        "1956 Joint Declaration (two islands)", exact=True
    ).click()
    got = fills_when_loaded(frame, expected["declaration-1956"])
    wait_idle(page)
    assert got["shikotan:"] == expected["declaration-1956"]["shikotan:"]
    assert got["shikotan:"] != expected["status-quo"]["shikotan:"]
    assert frame.evaluate("() => window.__survivor") == "still here"  # no reload
    after = frame.evaluate("() => [map.getZoom(), map.getCenter().lat, map.getCenter().lng]")
    assert after[0] == before[0]
    assert after[1] == pytest.approx(before[1], abs=1e-6)
    assert after[2] == pytest.approx(before[2], abs=1e-6)
    assert "scenario=declaration-1956" in page.url
