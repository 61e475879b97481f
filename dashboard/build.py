"""`python -m dashboard build-geodata`: extract the region's land and sea from public packages.

Fetches the pinned npm data packages with `npm pack`, keeps the polygons of the region, names
each island by the catalogue position that lies on it, cuts the sea by its IHO limits, and
writes land.geojson, sea.geojson and places.geojson (sorted, rounded: reruns are identical).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
import yaml
from shapely.geometry import (
    LineString,
    MultiLineString,
    MultiPoint,
    Point,
    Polygon,
    box,
    mapping,
    shape,
)
from shapely.geometry.base import BaseGeometry
from shapely.ops import split, unary_union

from dashboard import geometry as geo
from dashboard import records as r
from dashboard.config import CACHE_DIR


@dataclass
class BuildLog:
    lines: list[str] = field(default_factory=list)

    def __call__(self, msg: str) -> None:
        self.lines.append(msg)
        print(msg, flush=True)


def fetch_package(spec: dict[str, Any], cache: Path, log: BuildLog) -> Path:
    """The package tarball in `cache`, fetched with `npm pack` and checked against its shasum."""
    cache.mkdir(parents=True, exist_ok=True)
    name, version = spec["name"], spec["version"]
    tgz = cache / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not tgz.exists():
        log(f"npm pack {name}@{version}")
        subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--pack-destination", str(cache)],
            check=True,
            capture_output=True,
        )
    digest = hashlib.sha1(tgz.read_bytes()).hexdigest()
    if spec.get("shasum") and digest != spec["shasum"]:
        raise RuntimeError(f"{tgz.name}: sha1 {digest} differs from build.yaml {spec['shasum']}")
    log(f"{tgz.name}: sha1 {digest}")
    return tgz


def read_member(tgz: Path, member: str) -> Any:
    with tarfile.open(tgz) as tar:
        f = tar.extractfile(member)
        if f is None:
            raise RuntimeError(f"{tgz.name} has no file {member}")
        return json.load(f)


def region_polygons(doc: Any, countries: list[str], region: Polygon) -> list[tuple[str, Polygon]]:
    """(country, polygon) for every land polygon of `countries` inside the region (clipped)."""
    out: list[tuple[str, Polygon]] = []
    w, s, e, n = region.bounds
    for feat in doc["features"]:
        a3 = feat["properties"].get("A3")
        if a3 not in countries:
            continue
        for rings in feat["geometry"]["coordinates"]:
            xs = [p[0] for p in rings[0]]
            ys = [p[1] for p in rings[0]]
            if max(xs) < w or min(xs) > e or max(ys) < s or min(ys) > n:
                continue
            clipped = shapely.clip_by_rect(Polygon(rings[0], rings[1:]), w, s, e, n)
            if not clipped.is_valid:
                clipped = shapely.make_valid(clipped)
            out.extend(
                (a3, p)
                for p in getattr(clipped, "geoms", [clipped])
                if isinstance(p, Polygon) and not p.is_empty
            )
    return out


def assign(
    polys: list[tuple[str, Polygon]],
    catalogue: list[r.CatalogueFeature],
    cfg: dict[str, Any],
    log: BuildLog,
) -> tuple[dict[str, tuple], list]:
    """Give each polygon to the catalogue feature whose position lies on it.

    Returns {id: (feature, [polygons])} and the islands too small for the source (no polygon
    within `position_km` of their position), which are kept as points.
    """
    named = [f for f in catalogue if f.kind in ("island", "land")]
    owner: dict[int, str] = {}
    points = []
    for f in named:
        pt = Point(f.position.lon, f.position.lat)
        near = min(range(len(polys)), key=lambda i: polys[i][1].distance(pt))
        km = geo.distance_km(polys[near][1], pt)
        if km > cfg["position_km"]:
            log(
                f"POINT {f.id}: no polygon within {cfg['position_km']} km (nearest {km:.1f} km);"
                " too small for the source, kept as a point"
            )
            points.append(f)
            continue
        if near in owner:
            raise RuntimeError(f"{f.id} and {owner[near]} fall on one polygon; fix positions")
        owner[near] = f.id
    by_id = {f.id: f for f in named}
    parts: dict[str, list] = {fid: [polys[i][1]] for i, fid in owner.items()}
    country = {fid: polys[i][0] for i, fid in owner.items()}
    for i, (a3, poly) in enumerate(polys):
        if i not in owner:
            fid, km = _attach_to(poly, a3, parts, country, by_id, cfg)
            parts[fid].append(poly)
            if by_id[fid].group in cfg.get("detail_groups", []):
                c = poly.representative_point()
                log(
                    f"islet of {geo.area_km2(poly):.2f} km² at {c.x:.3f},{c.y:.3f} joins {fid} "
                    f"({km:.1f} km away)"
                )
    return {fid: (by_id[fid], ps) for fid, ps in parts.items()}, points


def _attach_to(poly, a3, parts, country, by_id, cfg) -> tuple[str, float]:
    """The feature an unnamed polygon joins, and how far away it is (km)."""
    cands = [fid for fid in parts if country[fid] == a3]
    ranked = sorted(cands, key=lambda fid: min(p.distance(poly) for p in parts[fid]))[:4]
    for km, fid in sorted((geo.distance_km(unary_union(parts[f]), poly), f) for f in ranked):
        near = by_id[fid].group in cfg.get("detail_groups", [])
        limit = cfg["attach_km"] if near else cfg["attach_far_km"]
        if km <= limit:
            return fid, km
    return cfg["rest"][a3], float("nan")


def land_feature(feat: r.CatalogueFeature, geom: BaseGeometry, tol: float, dec: int) -> dict:
    geom = geo.simplify(shapely.make_valid(geom), tol, dec)
    geom = shapely.orient_polygons(geom) if hasattr(shapely, "orient_polygons") else geom
    props = {"id": feat.id, "group": feat.group, "kind": feat.kind, **name_properties(feat.names)}
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def name_properties(names: r.Names) -> dict[str, str]:
    """`name_<language>` for each name, `romanised_<language>` for each romanised form."""
    out = {f"name_{code}": name for code, name in names.by_language.items()}
    out.update({f"romanised_{code}": rom for code, rom in names.romanised.items()})
    return out


def sea_limit_lines(limits: r.SeaLimits, groups: dict[str, BaseGeometry], extend_km: float) -> list:
    """The limit lines as LineStrings, each run a little into land at both ends."""
    pts = {p.id: Point(p.lon, p.lat) for p in limits.points}
    lines = []
    for line in limits.lines:
        coords = [pts[i] for i in line.points]
        if len(coords) == 2 and line.around:
            chain = unary_union([groups[g] for g in line.around if g in groups])
            coords = pacific_chain(coords[0], coords[1], chain)
        head = geo.extend_line(coords[1], coords[0], extend_km)
        tail = geo.extend_line(coords[-2], coords[-1], extend_km)
        lines.append(LineString([head, *coords, tail]))
    return lines


def pacific_chain(start: Point, end: Point, islands: BaseGeometry) -> list[Point]:
    """From start to end along the ocean side of the convex hull of the island chain.

    S-23 runs the limit 'through the Kuril Islands' so that every narrow water between them
    belongs to the sea: the hull's outer side joins the outermost headlands.
    """
    hull = MultiPoint([start, end, *shapely.get_coordinates(islands)]).convex_hull
    if not isinstance(hull, Polygon):
        raise RuntimeError(f"the island chain and its end points span no area ({hull.geom_type})")
    ring = list(hull.exterior.coords)[:-1]
    i0 = min(range(len(ring)), key=lambda i: Point(ring[i]).distance(start))
    i1 = min(range(len(ring)), key=lambda i: Point(ring[i]).distance(end))
    fwd = [ring[(i0 + k) % len(ring)] for k in range((i1 - i0) % len(ring) + 1)]
    back = [ring[(i0 - k) % len(ring)] for k in range((i0 - i1) % len(ring) + 1)]
    dx, dy = end.x - start.x, end.y - start.y

    def right_side(path: list) -> float:  # > 0 when the path bulges right of start->end
        return sum(dy * (x - start.x) - dx * (y - start.y) for x, y in path)

    path = fwd if right_side(fwd) > right_side(back) else back
    return [start, *(Point(c) for c in path[1:-1]), end]


def build_sea(
    ocean_doc: Any, limits: r.SeaLimits, groups: dict[str, BaseGeometry], cfg: dict
) -> Polygon:
    w, s, e, n = cfg["region"]
    ocean = unary_union(
        [
            shapely.make_valid(shapely.clip_by_rect(shape(g), w, s, e, n))
            for g in ocean_doc["geometries"]
        ]
    )
    lines = sea_limit_lines(limits, groups, cfg["sea"]["extend_km"])
    inside = Point(cfg["sea"]["inside_point"]["lon"], cfg["sea"]["inside_point"]["lat"])
    pieces = split(ocean, MultiLineString(lines)).geoms
    # split() cuts a (Multi)Polygon into Polygons only; the test says so to the type checker
    sea = [p for p in pieces if isinstance(p, Polygon) and p.covers(inside)]
    if len(sea) != 1:
        raise RuntimeError(f"the limit lines do not close off one sea ({len(sea)} pieces)")
    return sea[0]


def feature_collection(features: list[dict]) -> str:
    """GeoJSON text, one feature a line, sorted by id: stable diffs and byte-equal reruns."""
    feats = sorted(features, key=lambda f: f["properties"]["id"])
    body = ",\n".join(
        json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for f in feats
    )
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def place_features(catalogue: list[r.CatalogueFeature], small: list) -> list[dict]:
    """Points: places, capes, straits, and islands too small to have a polygon."""
    out = []
    for f in catalogue:
        if f.kind not in ("place", "cape", "strait") and f not in small:
            continue
        out.append(
            {
                "type": "Feature",
                "geometry": mapping(Point(f.position.lon, f.position.lat)),
                "properties": {
                    "id": f.id,
                    "kind": f.kind,
                    "group": f.group,
                    **{f"name_{c}": n for c, n in f.names.by_language.items()},
                    "source": f.position.source,
                },
            }
        )
    return out


def load_catalogue(folder: Path) -> tuple[list[r.CatalogueFeature], r.SeaLimits | None]:
    """features.yaml, and sea_limits.yaml if the folder has a sea of its own (it is optional)."""
    feats = yaml.safe_load((folder / "features.yaml").read_text(encoding="utf-8"))["features"]
    path = folder / "sea_limits.yaml"
    limits = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return (
        [r.CatalogueFeature.model_validate(f) for f in feats],
        r.SeaLimits.model_validate(limits["sea_limits"]) if limits else None,
    )


def sea_feature(
    limits: r.SeaLimits, groups: dict[str, BaseGeometry], cfg: dict, cache: Path, log: BuildLog
) -> dict:
    """The sea the limit lines close off, as a GeoJSON feature."""
    sea_doc = read_member(
        fetch_package(cfg["packages"]["sea"], cache, log), cfg["packages"]["sea"]["member"]
    )
    sea: BaseGeometry = build_sea(sea_doc, limits, groups, cfg)  # simplify may change its type
    log(f"{limits.sea}: {geo.area_km2(sea):,.0f} km² before simplification")
    sea = geo.simplify(sea, cfg["sea"]["tolerance_deg"], cfg["decimals"])
    props = {"id": limits.sea, "group": "sea", "kind": "sea", **name_properties(limits.name)}
    return {"type": "Feature", "geometry": mapping(sea), "properties": props}


def build_geodata(folder: Path, cache: Path = CACHE_DIR / "npm") -> BuildLog:
    """Write land.geojson, sea.geojson (empty if the folder has no sea_limits.yaml) and
    places.geojson into `folder`."""
    log = BuildLog()
    cfg = yaml.safe_load((folder / "build.yaml").read_text(encoding="utf-8"))
    catalogue, limits = load_catalogue(folder)
    region = box(*cfg["region"])
    land_doc = read_member(
        fetch_package(cfg["packages"]["land"], cache, log), cfg["packages"]["land"]["member"]
    )
    polys = region_polygons(land_doc, cfg["countries"], region)
    del land_doc
    log(f"{len(polys)} land polygons in the region {cfg['region']}")
    features, small = assign(polys, catalogue, cfg, log)
    dec = cfg["decimals"]
    land = []
    for fid, (feat, parts) in features.items():
        tol = cfg["context_tolerance_deg"] if feat.group in cfg["context_groups"] else 0.0
        land.append(land_feature(feat, unary_union(parts), tol, dec))
        log(f"{fid:>16}: {geo.area_km2(unary_union(parts)):10.2f} km² in {len(parts)} part(s)")
    (folder / "land.geojson").write_text(feature_collection(land), encoding="utf-8")
    by_group: dict[str, list] = {}
    for f, ps in features.values():
        by_group.setdefault(f.group, []).extend(ps)
    groups = {g: unary_union(ps) for g, ps in by_group.items()}
    seas = [] if limits is None else [sea_feature(limits, groups, cfg, cache, log)]
    (folder / "sea.geojson").write_text(feature_collection(seas), encoding="utf-8")
    (folder / "places.geojson").write_text(
        feature_collection(place_features(catalogue, small)), encoding="utf-8"
    )
    return log
