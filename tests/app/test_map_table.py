"""The map's state as a table under the map, through AppTest."""

from __future__ import annotations

import re

from dashboard.i18n import t
from dashboard.views.common import md
from dashboard.views.map_view import TABLE_OPEN
from tests.app.conftest import load


def _expander(at):
    return next(e for e in at.expander if e.label == t("map_table.title", "en"))


def test_the_map_is_also_a_table_of_who_holds_each_island(app, atlas):
    at = load(app)
    assert not _expander(at).markdown  # built only once opened
    at.session_state[TABLE_OPEN] = True
    at.run()
    text = "\n".join(m.value for m in _expander(at).markdown)
    assert t("map_table.under", "en", scenario=md("Status quo (since 1945)")) in text
    assert "| Island | Other names | Held by | Changes hands |" in text
    for place in ("Iturup", "Kunashir", "Shikotan", "Urup"):
        assert re.search(rf"\| {place} \| [^|]+ \| Russia \| no \|", text), place


def test_the_table_stays_open_and_follows_the_scenario(app, atlas):
    at = load(app)
    at.session_state[TABLE_OPEN] = True
    at.run()
    at.radio(key="scenario_choice").set_value("japan-claim").run()
    text = "\n".join(m.value for m in _expander(at).markdown)
    assert t("map_table.under", "en", scenario=md("Japan's claim (four islands)")) in text
    assert re.search(r"\| Kunashir \| [^|]+ \| Japan \| yes \|", text)
