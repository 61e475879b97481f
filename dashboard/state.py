"""URL and selection state as plain values: parse and validate query parameters.

Pure functions over dicts, so the views stay thin and the rules are unit-testable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dashboard.i18n import SOURCE, language_name, t
from dashboard.text import visible

ISLAND = "island"
SCENARIO = "scenario"
LANG = "lang"
MAX_PARAM_SHOWN = 40


@dataclass(frozen=True)
class UrlState:
    island: str | None
    scenario: str
    warnings: list[str] = field(default_factory=list)
    lang: str = SOURCE  # the page's language: one of those offered, the first by default


def shown(value: str) -> str:
    """A URL value with its hidden characters replaced and short enough to quote back in a
    warning. Plain text: the page escapes it (`text.md`) like every other string it shows."""
    clean = visible(value)
    return clean if len(clean) <= MAX_PARAM_SHOWN else clean[:MAX_PARAM_SHOWN] + "…"


def _one(params: Mapping[str, str | list[str]], key: str) -> str | None:
    raw = params.get(key)
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    return raw.strip().lower() if isinstance(raw, str) and raw.strip() else None


def parse_url(
    params: Mapping[str, str | list[str]],
    islands: Iterable[str],
    scenarios: Iterable[str],
    default_scenario: str,
    languages: Sequence[str] = (),
) -> UrlState:
    """Read ?island=, ?scenario= and ?lang=; unknown values give a warning, in the page's
    language, and the default view. `languages` are those the page offers (i18n.offered), the
    first the default; without them ?lang= is not read and the page is in the source language."""
    warnings = []
    island, scenario = _one(params, ISLAND), _one(params, SCENARIO)
    lang = _one(params, LANG) if languages else None
    islands, scenarios = set(islands), list(scenarios)
    default_lang = languages[0] if languages else SOURCE
    page = lang if lang is not None and lang in languages else default_lang
    if lang is not None and lang not in languages:
        warnings.append(
            t(
                "url.unknown_lang",
                page,
                value=shown(lang),
                language=language_name(default_lang),
                codes=", ".join(languages),
            )
        )
    if island is not None and island not in islands:
        warnings.append(t("url.unknown_island", page, value=shown(island)))
        island = None
    if scenario is not None and scenario not in scenarios:
        warnings.append(
            t(
                "url.unknown_scenario",
                page,
                value=shown(scenario),
                default=default_scenario,
                ids=", ".join(scenarios),
            )
        )
        scenario = None
    return UrlState(island, scenario or default_scenario, warnings, page)


def to_params(
    island: str | None,
    scenario: str,
    default_scenario: str,
    lang: str | None = None,
    default_lang: str | None = None,
) -> dict[str, str]:
    """Query parameters for a view: only what differs from the default."""
    out = {}
    if island:
        out[ISLAND] = island
    if scenario != default_scenario:
        out[SCENARIO] = scenario
    if lang and lang != default_lang:
        out[LANG] = lang
    return out


def click_target(value: Mapping | None, locate) -> tuple[tuple | None, str | None]:
    """From st_folium's value: (the click's signature, the land id clicked or None).

    `locate(lon, lat)` names the land drawn at the clicked point, or None for the open sea
    (which clears the selection). The server decides from the point alone, so the browser
    sends only a position back, not the clicked outline.
    """
    if not value:
        return None, None
    click = value.get("last_clicked")
    if not isinstance(click, Mapping) or "lat" not in click or "lng" not in click:
        return None, None
    try:
        lat, lng = float(click["lat"]), float(click["lng"])
    except (TypeError, ValueError):
        return None, None
    if not (math.isfinite(lat) and math.isfinite(lng)):
        return None, None
    count = value.get("last_object_clicked_count")  # tells a second click on the same spot
    sig = (round(lat, 6), round(lng, 6), count if isinstance(count, int) else None)
    return sig, locate(lng, lat)
