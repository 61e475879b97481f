"""Scenarios in the browser: every island in its holder's colour, a legend that names the holders
drawn and no other; a toggle recolours in place."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Frame, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import layers
from dashboard.atlas import Atlas
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import load_dataset
from dashboard.i18n import word
from dashboard.scenarios import Scenarios
from tests.browser.helpers import open_app, url_param
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
def atlas() -> Atlas:
    return Atlas(load_dataset(DEFAULT_DATA_DIR))


@pytest.fixture(scope="module")
def drawn(atlas) -> dict[str, tuple[dict[str, str], set[str], bool]]:
    """scenario -> what the map draws under it, from the data: 'feature:part' -> the colour of
    its holder; the holders of all its land (the base map's and the scenario's), which its
    legend names; and whether any of that land changes hands."""
    scenarios = Scenarios(atlas)
    base = [f["properties"] for f in layers.base_collection(atlas, scenarios)["features"]]
    out = {}
    for sc in scenarios.ordered:
        feats = layers.scenario_collection(atlas, scenarios, sc.id)["features"]
        colours = {
            f"{f['properties']['id']}:{f['properties']['part']}": layers.colour_of(
                atlas, f["properties"]["holder"]
            ).upper()
            for f in feats
        }
        land = [p for p in (*base, *(f["properties"] for f in feats)) if p.get("group") != "sea"]
        holders = {p["holder"] for p in land if p.get("holder")}
        out[sc.id] = (colours, holders, any(p.get("changed") for p in land))
    return out


@pytest.fixture(scope="module")
def expected(drawn) -> dict[str, dict[str, str]]:
    """scenario -> 'feature:part' -> the colour of its holder, from the data."""
    return {sid: colours for sid, (colours, _, _) in drawn.items()}


LEGEND_JS = """() => {
  const rows = Array.from(document.querySelectorAll('.map-legend [role=listitem]'));
  const shown = rows.filter((r) => !r.hidden && r.offsetParent !== null);
  return {holders: shown.filter((r) => r.dataset.holder).map((r) => r.dataset.holder).sort(),
          changed: shown.some((r) => r.hasAttribute('data-changed')),
          hidden: rows.filter((r) => r.hidden).map((r) => r.textContent)};
}"""


def fills_when_loaded(frame: Frame, want: dict[str, str]) -> dict[str, str]:
    """The map's fills once the scenario's layer shows what `want` says (or after 30 s)."""
    frame.wait_for_function(
        f"(want) => {{ const got = ({FILLS_JS})();"
        " return Object.keys(want).every(k => got[k] === want[k]); }",
        arg=want,
        timeout=30_000,
    )
    return frame.evaluate(FILLS_JS)


def check_scenario(frame: Frame, drawn, expected, sid: str) -> None:
    """The map shows scenario `sid`: every island in its holder's colour, and a legend that
    names the holders drawn and no other (as the picture's legend does)."""
    want = expected[sid]
    # the map has come to show it (a toggle keeps the last scenario's layer until then, and
    # the two may colour some land alike)
    frame.wait_for_function("(sid) => window.__framedScenario === sid", arg=sid)
    got = fills_when_loaded(frame, want)
    disputed = [k for k in want if k.split(":")[0] in DISPUTED_FEATURES]
    assert disputed, f"{sid}: no disputed island in the scenario layer"
    assert {k: got.get(k) for k in want} == want, sid
    _, holders, changed = drawn[sid]
    wanted = {"holders": sorted(holders), "changed": changed}
    with contextlib.suppress(PlaywrightTimeout):  # the base layer may land after the scenario's
        frame.wait_for_function(
            f"(w) => {{ const l = ({LEGEND_JS})();"
            " return JSON.stringify([l.holders, l.changed])"
            " === JSON.stringify([w.holders, w.changed]); }",
            arg=wanted,
            timeout=10_000,
        )
    legend = frame.evaluate(LEGEND_JS)
    assert (legend["holders"], legend["changed"]) == (sorted(holders), changed), (
        sid,
        legend["hidden"],
    )


def test_every_scenario_colours_every_island_by_its_holder_and_the_legend_names_them(
    page: Page, atlas: Atlas, drawn, expected
) -> None:
    """A deep link to the last scenario, then each of the others chosen in turn in the same
    page: every one is checked, and the link follows; the map is redrawn in place, never
    loaded again. (That a choice keeps the reader's view: test_view_framing.)"""
    ordered = Scenarios(atlas).ordered  # every one the folder has
    assert len(ordered) > 1
    frame = open_app(page, f"scenario={ordered[-1].id}")
    frame.evaluate("window.__survivor = 'still here'")  # gone if the frame were loaded again
    check_scenario(frame, drawn, expected, ordered[-1].id)
    for sc in ordered[:-1]:
        label = word(sc.name, "en", atlas.languages[0].code)
        page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
        check_scenario(frame, drawn, expected, sc.id)
        wait_idle(page)
        # the link names this scenario (the first, the default, may go unnamed) and no other
        expect(page).to_have_url(re.compile(rf"^(?!.*[?&]scenario=(?!{re.escape(sc.id)}(&|$)))"))
        if sc.id != ordered[0].id:
            expect(page).to_have_url(url_param("scenario", sc.id))
    assert frame.evaluate("() => window.__survivor") == "still here", "the map was reloaded"


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
