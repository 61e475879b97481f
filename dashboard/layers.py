"""The map's land and annotations as GeoJSON documents (served as static files, see
dashboard.published), and which island a click position hits."""

from __future__ import annotations

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard.atlas import Atlas
from dashboard.config import CLICK_TOLERANCE_DEG, DISPLAY_DECIMALS, DISPLAY_TOLERANCE_DEG
from dashboard.scenarios import Holding, Scenarios
from dashboard.text import esc


def holder_label(atlas: Atlas, holder: str) -> str:
    party = atlas.ds.parties.get(holder)
    if party:
        return party.name
    kind = atlas.holder_kinds.get(holder)
    return kind.name if kind else holder


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


def land_feature(atlas: Atlas, h: Holding, status: str, sid: str | None = None) -> dict:
    names = atlas.ds.catalogue[h.feature].names
    group = atlas.group_of(h.feature)
    props = {
        "id": esc(h.feature),
        "group": esc(group),
        "holder": esc(h.holder),
        "changed": h.changed,
        "part": esc(h.part or ""),
        **{f"name_{code}": esc(name) for code, name in names.by_language.items()},
        # Measured on the full geometry (the outline drawn is simplified): the map's own card
        # shows it on a click, before the panel arrives.
        "area_km2": round(geo.area_km2(h.geometry), 3),
        "tip": tooltip(*atlas.names_list(names), status),
    }
    return {
        "type": "Feature",
        "properties": props,
        "geometry": display_geometry(atlas, h.geometry, h.group),
    }


def base_collection(atlas: Atlas, scenarios: Scenarios) -> dict:
    """The sea, then land no scenario recolours."""
    feats = []
    limits = atlas.ds.sea_limits
    tip = tooltip(*atlas.names_list(limits.name), limits.caption) if limits else ""
    for i, g in zip(atlas.ds.sea["id"], atlas.ds.sea.geometry, strict=True) if limits else []:
        feats.append(
            {
                "type": "Feature",
                "geometry": display_geometry(atlas, g, "sea"),
                "properties": {
                    "id": esc(i),
                    "group": "sea",
                    "kind": "sea",
                    "tip": tip,
                },
            }
        )
    static = static_features(atlas, scenarios)
    for h in scenarios.holdings(scenarios.default_id):
        if h.feature in static:
            status = f"held by {holder_label(atlas, h.holder)} in every scenario"
            feats.append(land_feature(atlas, h, status))
    return {"type": "FeatureCollection", "features": feats}


def scenario_collection(atlas: Atlas, scenarios: Scenarios, sid: str) -> dict:
    """The land a scenario may recolour, with its holder under that scenario."""
    static = static_features(atlas, scenarios)
    feats = []
    for h in scenarios.holdings(sid):
        if h.feature in static:
            continue
        status = f"held by {holder_label(atlas, h.holder)}" + (
            " (changes hands)" if h.changed else ""
        )
        feats.append(land_feature(atlas, h, status, sid))
    return {"type": "FeatureCollection", "features": feats}


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


def annotation_data(atlas: Atlas) -> dict[str, list[dict]]:
    """Straits (narrowest gap, measured), places and islets too small for a polygon, and the
    names written on the map; every text escaped."""
    lines, points, labels = [], [], []
    for fid, feat in atlas.ds.catalogue.items():
        n = feat.names
        if feat.kind == "strait":
            gap = atlas.strait_width(fid)
            if gap is not None:
                tip = esc(f"{atlas.names_text(n)}: {gap.km:.1f} km at its narrowest")
                lines.append({"coords": [[p.y, p.x] for p in (gap.a, gap.b)], "tip": tip})
        elif feat.kind in ("place", "cape") or (
            feat.kind == "island" and fid not in atlas.feature_group
        ):
            text = atlas.names_text(n)
            if feat.kind == "island":
                text += ": islet too small for the land data, shown as a point"
            points.append({"lat": feat.position.lat, "lon": feat.position.lon, "tip": esc(text)})
    for label in atlas.view.get("labels", []):
        labels.append(
            {
                "lat": label["lat"],
                "lon": label["lon"],
                "cls": "sea-label",
                "html": "<br>".join(esc(t) for t in label["text"]),
                "size": [200, 48],
                "anchor": [100, 24],
            }
        )
    for place in atlas.disputed:
        c = atlas.geometry(place).representative_point()
        second = atlas.names_list(atlas.name(place), skip_first=True)[:1]
        labels.append(
            {
                "lat": c.y,
                "lon": c.x,
                "cls": "island-label",
                "html": "<br>".join(esc(t) for t in [atlas.label(place), *second]),
                "size": [120, 30],
                "anchor": [-12, 10],
            }
        )
    return {"lines": lines, "points": points, "labels": labels}
