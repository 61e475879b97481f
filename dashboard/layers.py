"""The map's land and annotations as GeoJSON documents (served as static files, see
dashboard.published), and which island a click position hits."""

from __future__ import annotations

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard.atlas import Atlas
from dashboard.config import CLICK_TOLERANCE_DEG, DISPLAY_DECIMALS, DISPLAY_TOLERANCE_DEG
from dashboard.i18n import holder_words, number, t, word
from dashboard.scenarios import Holding, Scenarios
from dashboard.text import esc


def holder_label(atlas: Atlas, holder: str, lang: str | None = None) -> str:
    """A holder's name in a sentence, in the reader's language (`lang`; else the first
    declared): a party's name, or the words of a holder that is not a party."""
    first = atlas.languages[0].code
    party = atlas.ds.parties.get(holder)
    if party:
        return word(party.name, lang or first, first)
    kind = atlas.holder_kinds.get(holder)
    return holder_words(atlas.ds.view, kind, "name", lang or first) if kind else holder


def colour_of(atlas: Atlas, holder: str) -> str:
    party = atlas.ds.parties.get(holder)
    if party:
        return party.colour
    kind = atlas.holder_kinds.get(holder)
    return kind.colour if kind else atlas.holder_kinds[atlas.ds.view.unheld].colour


def display_geometry(atlas: Atlas, geom: BaseGeometry, group: str) -> dict:
    """Simplified, rounded GeoJSON geometry for the browser.

    Tolerance, the smallest part kept and the smallest lake kept come from view.yaml's
    `display` (per group), so far land is light and the disputed islands keep their shape at
    the closest zoom. (Display only: every measure uses the full geometry.)
    """
    rules = atlas.view.get("display", {})
    tol = rules.get("tolerance_deg", {}).get(group, DISPLAY_TOLERANCE_DEG)
    min_km2 = rules.get("min_part_km2", {}).get(group, 0.0)
    if min_km2 and hasattr(geom, "geoms"):
        kept = [g for g in geom.geoms if geo.area_km2(g) >= min_km2]
        geom = shapely.MultiPolygon(kept) if kept else geom
    min_hole_km2 = rules.get("min_hole_km2", {}).get(group, 0.0)
    if min_hole_km2:
        geom = geo.fill_holes(geom, min_hole_km2)
    return mapping(geo.simplify(geom, tol, DISPLAY_DECIMALS))


def static_features(atlas: Atlas, scenarios: Scenarios) -> set[str]:
    """Land whose holder is the same in every scenario: drawn once, in the base map."""
    holders: dict[str, set[str]] = {}
    for s in scenarios.ordered:
        for h in scenarios.holdings(s.id):
            holders.setdefault(h.feature, set()).add(h.holder)
    return {
        f for f, hs in holders.items() if len(hs) == 1 and atlas.group_of(f) not in atlas.disputed
    }


def tooltip(*lines: str) -> str:
    return "<br>".join(esc(line) for line in lines if line)


def land_feature(atlas: Atlas, h: Holding, i: int) -> dict:
    """A piece of land as the map draws it: its holder, whether it changes hands, its names
    (for the card a click shows) and its area, and `i`, its place in the layer, by which the
    browser finds its tooltip in the words of the page's language (map_words)."""
    names = atlas.ds.catalogue[h.feature].names
    group = atlas.group_of(h.feature)
    props = {
        "i": i,
        "id": esc(h.feature),
        "group": esc(group),
        "holder": esc(h.holder),
        "changed": h.changed,
        "part": esc(h.part or ""),
        **{f"name_{code}": esc(name) for code, name in names.by_language.items()},
        # Measured on the full geometry (the outline drawn is simplified): the map's own card
        # shows it on a click, before the panel arrives.
        "area_km2": round(geo.area_km2(h.geometry), 3),
    }
    return {
        "type": "Feature",
        "properties": props,
        "geometry": display_geometry(atlas, h.geometry, h.group),
    }


def land_tip(atlas: Atlas, h: Holding, status: str, lang: str) -> str:
    """A piece of land's tooltip: its names, the reader's language first, and who holds it."""
    names = atlas.ds.catalogue[h.feature].names
    return tooltip(*atlas.names_list(names, lang=lang), status)


def _static_holdings(atlas: Atlas, scenarios: Scenarios) -> list[Holding]:
    static = static_features(atlas, scenarios)
    return [h for h in scenarios.holdings(scenarios.default_id) if h.feature in static]


def _sea_ids(atlas: Atlas) -> list[tuple[str, BaseGeometry]]:
    """The folder's sea (drawn under the land) where it names one."""
    if atlas.ds.sea_limits is None:
        return []
    return list(zip(atlas.ds.sea["id"], atlas.ds.sea.geometry, strict=True))


def base_collection(atlas: Atlas, scenarios: Scenarios) -> dict:
    """The sea, then land no scenario recolours (their tooltips: base_tips)."""
    feats = []
    sea = _sea_ids(atlas)
    for i, (fid, g) in enumerate(sea):
        feats.append(
            {
                "type": "Feature",
                "geometry": display_geometry(atlas, g, "sea"),
                "properties": {"i": i, "id": esc(fid), "group": "sea", "kind": "sea"},
            }
        )
    for i, h in enumerate(_static_holdings(atlas, scenarios), start=len(sea)):
        feats.append(land_feature(atlas, h, i))
    return {"type": "FeatureCollection", "features": feats}


def base_tips(atlas: Atlas, scenarios: Scenarios, lang: str) -> list[str]:
    """The tooltips of base_collection's features, in order, in the reader's language."""
    limits = atlas.ds.sea_limits
    first = atlas.languages[0].code
    sea_tip = ""
    if limits is not None:
        caption = word(limits.caption, lang, first)
        sea_tip = tooltip(*atlas.names_list(limits.name, lang=lang), caption)
    tips = [sea_tip for _ in _sea_ids(atlas)]
    for h in _static_holdings(atlas, scenarios):
        status = t("tip.held_always", lang, holder=holder_label(atlas, h.holder, lang))
        tips.append(land_tip(atlas, h, status, lang))
    return tips


def _scenario_holdings(atlas: Atlas, scenarios: Scenarios, sid: str) -> list[Holding]:
    static = static_features(atlas, scenarios)
    return [h for h in scenarios.holdings(sid) if h.feature not in static]


def scenario_collection(atlas: Atlas, scenarios: Scenarios, sid: str) -> dict:
    """The land a scenario may recolour, with its holder under that scenario (their
    tooltips: scenario_tips)."""
    feats = [
        land_feature(atlas, h, i) for i, h in enumerate(_scenario_holdings(atlas, scenarios, sid))
    ]
    return {"type": "FeatureCollection", "features": feats}


def scenario_tips(atlas: Atlas, scenarios: Scenarios, sid: str, lang: str) -> list[str]:
    """The tooltips of scenario_collection's features, in order, in the reader's language."""
    tips = []
    for h in _scenario_holdings(atlas, scenarios, sid):
        key = "tip.held_by_changed" if h.changed else "tip.held_by"
        status = t(key, lang, holder=holder_label(atlas, h.holder, lang))
        tips.append(land_tip(atlas, h, status, lang))
    return tips


class LandLocator:
    """Which clickable island a map click landed on, decided on the server from the clicked
    position and the outlines the browser draws (the scenario layer's land), so a click sends
    back a position, not the clicked outline. Called with (lon, lat); None is the open sea or
    land no scenario recolours, which is not clickable."""

    def __init__(
        self, atlas: Atlas, scenarios: Scenarios, tolerance_deg: float = CLICK_TOLERANCE_DEG
    ):
        static = static_features(atlas, scenarios)
        self._ids: list[str] = []
        outlines = []
        for h in scenarios.holdings(scenarios.default_id):
            if h.feature not in static:
                self._ids.append(h.feature)
                outlines.append(shape(display_geometry(atlas, h.geometry, h.group)))
        self._tree = shapely.STRtree(outlines)
        self._tolerance = tolerance_deg

    def __call__(self, lon: float, lat: float) -> str | None:
        point = shapely.Point(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        if not len(hits):
            hits = self._tree.query_nearest(point, max_distance=self._tolerance)
        return self._ids[int(hits[0])] if len(hits) else None


def annotation_data(atlas: Atlas, lang: str | None = None) -> dict[str, list[dict]]:
    """Straits (narrowest gap, measured), places and islets too small for a polygon, and the
    names written on the map, in the reader's language (`lang`; else the first declared),
    its names first; every text escaped."""
    lang = lang or atlas.languages[0].code
    lines, points, labels = [], [], []
    for fid, feat in atlas.ds.catalogue.items():
        n = feat.names
        if feat.kind == "strait":
            gap = atlas.strait_width(fid)
            if gap is not None:
                names = atlas.names_text(n, lang)
                text = t("tip.strait", lang, names=names, km=number(gap.km, lang, 1))
                lines.append({"coords": [[p.y, p.x] for p in (gap.a, gap.b)], "tip": esc(text)})
        elif feat.kind in ("place", "cape") or (
            feat.kind == "island" and fid not in atlas.feature_group
        ):
            text = atlas.names_text(n, lang)
            if feat.kind == "island":
                text = t("tip.islet_point", lang, names=text)
            points.append({"lat": feat.position.lat, "lon": feat.position.lon, "tip": esc(text)})
    for label in atlas.view.get("labels", []):
        labels.append(
            {
                "lat": label["lat"],
                "lon": label["lon"],
                "cls": "sea-label",
                "html": "<br>".join(esc(x) for x in label["text"]),
                "size": [200, 48],
                "anchor": [100, 24],
            }
        )
    for place in atlas.disputed:
        c = atlas.geometry(place).representative_point()
        shown = atlas.names_list(atlas.name(place), lang=lang)[:2] or [atlas.label(place)]
        labels.append(
            {
                "lat": c.y,
                "lon": c.x,
                "cls": "island-label",
                "html": "<br>".join(esc(x) for x in shown),
                "size": [120, 30],
                "anchor": [-12, 10],
            }
        )
    return {"lines": lines, "points": points, "labels": labels}
