"""The map's state as a table under the map, through AppTest."""

from __future__ import annotations

import re

from dashboard.i18n import t
from dashboard.views.common import md
from tests.app.conftest import load


def test_the_map_is_also_a_table_of_who_holds_each_island(app, atlas):
    at = load(app)
    label = t("map_table.title", "en", scenario=md("Status quo (since 1945)"))
    expander = next(e for e in at.expander if e.label == label)
    text = "\n".join(m.value for m in expander.markdown)
    assert "| Island | Other names | Held by | Changes hands |" in text
    for place in ("Iturup", "Kunashir", "Shikotan", "Urup"):
        assert re.search(rf"\| {place} \| [^|]+ \| Russia \| no \|", text), place
