"""The map's state as rows of text: who holds each island under a scenario, for a table that
a screen reader (or anyone) reads instead of the colours. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.atlas import Atlas
from dashboard.layers import holder_label, static_features
from dashboard.scenarios import Scenarios

# The pieces of a split island a scenario names (scenarios.Split), for their words (`part.<id>`).
PARTS = ("part", "rest", "north", "south")


@dataclass(frozen=True)
class HolderRow:
    island: str  # in the page's language, with its group ("Shibotsu (Habomai islands)")
    other_names: str  # in the folder's other languages
    holder: str
    changed: bool  # changes hands against the default scenario


def holder_rows(
    atlas: Atlas,
    scenarios: Scenarios,
    sid: str,
    part_names: dict[str, str],
    lang: str | None = None,
) -> list[HolderRow]:
    """One row for each piece of land the scenario may recolour (the land the map's scenario
    layer draws), the disputed islands first, in the reader's language (`lang`; else the
    first declared); a split island gives a row a part, named through `part_names` (part id
    -> words)."""
    static = static_features(atlas, scenarios)
    disputed = {g: i for i, g in enumerate(atlas.disputed)}
    held = [h for h in scenarios.holdings(sid) if h.feature not in static]
    held.sort(key=lambda h: disputed.get(atlas.group_of(h.feature), len(disputed)))
    rows = []
    for h in held:
        group = atlas.group_of(h.feature)
        island = atlas.label(h.feature, lang)
        if group != h.feature and group in disputed:
            island += f" ({atlas.label(group, lang)})"
        if h.part:
            island += f", {part_names.get(h.part, h.part)}"
        others = atlas.names_list(atlas.name(h.feature), skip_first=True, lang=lang)
        holder = holder_label(atlas, h.holder, lang)
        rows.append(HolderRow(island, ", ".join(others), holder, h.changed))
    return rows
