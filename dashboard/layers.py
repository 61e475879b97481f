"""The map's GeoJSON, built once per dataset and served as static files.

The browser fetches each layer once (and keeps it), so a click or a toggle sends only a few
hundred bytes of map script instead of the geometry. Files go under static/data/<digest>/,
where the digest of their content keeps different data folders and versions apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard.assets import URL_PREFIX
from dashboard.atlas import Atlas
from dashboard.config import (
    CLICK_TOLERANCE_DEG,
    DISPLAY_DECIMALS,
    DISPLAY_TOLERANCE_DEG,
    STATIC_DIR,
)
from dashboard.files import update_digest
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


@dataclass(frozen=True)
class LayerUrls:
    base: str
    scenario: dict[str, str]
    annotations: str


def _dump(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


LAYERS_FORMAT = "4"  # bump when the files' content changes for the same data
KEEP_LAYER_FOLDERS = 4  # layer folders kept under static/data (the newest used)


def inputs_digest(folder: Path) -> str:
    """A digest of every file of the data folder (each read within the size limit) and of
    this module's output format."""
    h = hashlib.sha1(LAYERS_FORMAT.encode())
    update_digest(h, folder)
    return h.hexdigest()[:16]


def prune_layer_folders(root: Path, keep: Path, count: int = KEEP_LAYER_FOLDERS) -> list[Path]:
    """Remove layer folders under `root` but `keep` and the `count` - 1 last used (a server
    marks its folder used when it starts), so files of data no longer served do not stay
    public. Returns what was removed."""
    try:
        folders = [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
        folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return []
    removed = []
    for path in [p for p in folders if p != keep][max(count - 1, 0) :]:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def write_layer_files(
    atlas: Atlas, scenarios: Scenarios, static_dir: Path = STATIC_DIR
) -> LayerUrls:
    """Write every layer under static/data/<digest of the data>/ (atomically), once, and
    return their URLs; a server that finds them already written starts without rebuilding."""
    digest = inputs_digest(atlas.ds.folder)
    folder = static_dir / "data" / digest
    url = f"{URL_PREFIX}/data/{digest}"
    urls = LayerUrls(
        f"{url}/base.geojson",
        {s.id: f"{url}/scenario-{s.id}.geojson" for s in scenarios.ordered},
        f"{url}/annotations.json",
    )
    manifest = folder / "manifest.json"
    if manifest.exists():
        _mark_used(folder)
        prune_layer_folders(folder.parent, keep=folder)
        return urls
    files = {"base.geojson": _dump(base_collection(atlas, scenarios))}
    for s in scenarios.ordered:
        files[f"scenario-{s.id}.geojson"] = _dump(scenario_collection(atlas, scenarios, s.id))
    files["annotations.json"] = _dump(annotation_data(atlas))
    files["manifest.json"] = _dump({"files": sorted(files)})  # written last: marks completion
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(body)
        tmp.replace(folder / name)
    _mark_used(folder)
    prune_layer_folders(folder.parent, keep=folder)
    return urls


def _mark_used(folder: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only static folder: nothing to mark
        os.utime(folder)
