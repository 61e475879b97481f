"""Maritime zones measured from the coasts of a data folder's land (UNCLOS arts. 3, 15, 57).

Every coast is sampled every `step_m`; the sea nearer to a sample than to any other (its
Voronoi cell) is that sample's, and whoever holds the sample's land under a scenario holds it.
The part of a cell within 12 nautical miles of its sample (a geodesic disc) is territorial sea,
the rest of it within 200 nautical miles exclusive economic zone, and the sea beyond 200
nautical miles of every coast is high seas. Where two holders' cells meet, the boundary is the
median (equidistance) line: every point of it is as far from the nearest coast of one as from
the nearest coast of the other (to within the sampling; `check_*` measure how far).

Geodesic throughout: cells are drawn tile by tile, each tile in an azimuthal equidistant
projection centred on it and cut to the tile in longitude and latitude; the discs are geodesic
circles (pyproj.Geod); areas are measured in a Lambert azimuthal equal-area projection on the
WGS84 ellipsoid, which keeps every area. Nothing here depends on a scenario: a scenario only
says who holds which sample, and `Units` merges the cells of each unit of land once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj.enums import TransformDirection
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo

NAUTICAL_MILE_M = 1852.0
DISC_VERTICES_TS = 64  # a 12-nm disc's sides bend from the circle by under 30 m
DISC_VERTICES_EEZ = 256  # a 200-nm disc's by under 30 m
# Cells are drawn in a plane and sent back to longitude and latitude with a vertex every
# DENSIFY_M, so that their edges keep their place (a 10 km edge bends by a few metres).
DENSIFY_M = 10_000.0
KM_PER_DEG = 111.0
# Pieces are merged on a grid this fine (about 1 cm), which closes the slits that rounding
# leaves between cells drawn apart.
GRID_DEG = 1e-7


@dataclass(frozen=True)
class Coast:
    """Points sampled along every coast, each with the land feature it lies on."""

    lon: np.ndarray
    lat: np.ndarray
    feature: np.ndarray  # the feature id of each sample (an object array)

    def __len__(self) -> int:
        return len(self.lon)


def sample_coasts(
    features: Iterable[tuple[str, BaseGeometry]],
    step_m: float,
    clip: Sequence[float] | None = None,
) -> Coast:
    """Points about `step_m` apart along the outer ring of every land polygon, leaving out
    the stretches that run along `clip` [west, south, east, north] if given: where the land
    data was cut to its region, an edge of the data, not a coast."""
    lons: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    ids: list[str] = []
    for fid, geom in features:
        for poly in shapely.get_parts(geom):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            ring = shapely.orient_polygons(poly).exterior  # land on the left
            for run in _coast_runs(np.asarray(ring.coords), clip):
                lo, la = _sample_run(run, step_m)
                lons.append(lo)
                lats.append(la)
                ids.extend([fid] * len(lo))
    if not lons:
        return Coast(np.empty(0), np.empty(0), np.empty(0, dtype=object))
    lon, lat = np.concatenate(lons), np.concatenate(lats)
    # a Voronoi diagram needs distinct points: drop repeats (to about 1 cm)
    _, keep = np.unique(np.round(np.column_stack([lon, lat]), 7), axis=0, return_index=True)
    keep = np.sort(keep)
    return Coast(lon[keep], lat[keep], np.asarray(ids, dtype=object)[keep])


def _coast_runs(xy: np.ndarray, clip: Sequence[float] | None) -> list[np.ndarray]:
    """The ring cut into runs of segments that do not lie along an edge of `clip`."""
    if clip is None:
        return [xy]
    w, s, e, n = clip
    a, b = xy[:-1], xy[1:]
    on_edge = np.zeros(len(a), dtype=bool)
    for axis, value in ((0, w), (0, e), (1, s), (1, n)):
        on_edge |= (np.abs(a[:, axis] - value) < 1e-7) & (np.abs(b[:, axis] - value) < 1e-7)
    runs: list[np.ndarray] = []
    start = None
    for i, edge in enumerate([*on_edge, True]):
        if not edge and start is None:
            start = i
        elif edge and start is not None:
            runs.append(xy[start : i + 1])
            start = None
    if len(runs) > 1 and not on_edge[0] and not on_edge[-1]:  # the ring closes inside a run
        runs[0] = np.vstack([runs.pop()[:-1], runs[0]])
    return runs


def _sample_run(xy: np.ndarray, step_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Points at most `step_m` apart along a lon/lat polyline, with its ends and every vertex
    where the coast turns seaward (a cape: the nearest coast to much of the sea, which evenly
    spaced points would miss by up to half a step)."""
    seg = geo.GEOD.line_lengths(xy[:, 0], xy[:, 1]) if len(xy) > 1 else np.zeros(0)
    total = float(np.sum(seg))
    if total == 0.0:
        return xy[:1, 0], xy[:1, 1]
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    at = np.linspace(0.0, total, max(1, math.ceil(total / step_m)) + 1)
    at = np.union1d(at, cum[_capes(xy)])
    return np.interp(at, cum, xy[:, 0]), np.interp(at, cum, xy[:, 1])


def _capes(xy: np.ndarray) -> np.ndarray:
    """Indices of the interior vertices where a ring's outer side turns outward by more than
    CAPE_TURN_DEG (rings are oriented so that land lies on the left)."""
    if len(xy) < 3:
        return np.zeros(0, dtype=int)
    a, b = xy[1:-1] - xy[:-2], xy[2:] - xy[1:-1]
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    dot = (a * b).sum(axis=1)
    turn = np.degrees(np.arctan2(cross, dot))
    return np.flatnonzero(turn > CAPE_TURN_DEG) + 1


CAPE_TURN_DEG = 10.0


def geodesic_discs(lon: np.ndarray, lat: np.ndarray, radius_m: float, vertices: int) -> np.ndarray:
    """A geodesic circle of `radius_m` around each point, as lon/lat polygons."""
    n = len(lon)
    az = np.linspace(0.0, 360.0, vertices, endpoint=False)
    lo, la, _ = geo.GEOD.fwd(
        np.repeat(lon, vertices),
        np.repeat(lat, vertices),
        np.tile(az, n),
        np.full(n * vertices, radius_m),
    )
    rings = np.stack([lo.reshape(n, vertices), la.reshape(n, vertices)], axis=-1)
    return np.asarray(shapely.polygons(np.concatenate([rings, rings[:, :1]], axis=1)), dtype=object)


@dataclass(frozen=True)
class UnitZone:
    """The sea of one unit of land (a feature, or a piece of one a scenario splits): its
    territorial sea and its exclusive economic zone beyond it (lon/lat), their areas in km²,
    and the parts of those areas inside the folder's sea (`inner`)."""

    ts: BaseGeometry
    eez: BaseGeometry
    ts_km2: float
    eez_km2: float
    ts_inner_km2: float
    eez_inner_km2: float


@dataclass(frozen=True)
class Zones:
    """The sea of a frame divided among units of land, measured once. `borders[(a, b)]` is
    the line where the zones of units a and b meet (a < b); `high_seas` is the frame's sea
    beyond 200 nautical miles of every coast."""

    frame: tuple[float, float, float, float]
    units: Mapping[str, UnitZone]
    borders: Mapping[tuple[str, str], BaseGeometry]
    high_seas: BaseGeometry
    high_seas_km2: float
    high_seas_inner_km2: float
    territorial_nm: float
    eez_nm: float
    samples: int

    def border(self, a: str, b: str) -> BaseGeometry | None:
        return self.borders.get((a, b) if a < b else (b, a))


def measure_zones(
    coast: Coast,
    land: BaseGeometry,
    frame: Sequence[float],
    units: Mapping[str, np.ndarray],
    inner: BaseGeometry | None = None,
    territorial_nm: float = 12.0,
    eez_nm: float = 200.0,
    tile_deg: float = 3.0,
) -> Zones:
    """Divide the sea of `frame` [west, south, east, north] among the coast samples, and merge
    it per unit (`units`: label -> the indices of its samples; a sample may belong to several
    units, e.g. a feature and the piece of it a scenario hands over). Two units whose labels
    share the part before '#' are pieces of one feature: no border is drawn between them."""
    ts_m, eez_m = territorial_nm * NAUTICAL_MILE_M, eez_nm * NAUTICAL_MILE_M
    area = _equal_area(frame)
    member = {u: np.zeros(len(coast), dtype=bool) for u in units}
    for u, idx in units.items():
        member[u][idx] = True
    parts: dict[str, dict[str, list[BaseGeometry]]] = {u: {"ts": [], "eez": []} for u in units}
    lines: dict[tuple[str, str], list[BaseGeometry]] = {}
    high: list[BaseGeometry] = []
    for tile in _tiles(frame, tile_deg):
        water = tile.difference(land)
        if water.is_empty:
            continue
        near = _near(coast, tile, eez_m)
        if len(near) == 0:  # no coast within 200 nm of any of it
            high.append(water)
            continue
        # drawn a little beyond the tile, then cut to it in longitude and latitude, so that
        # neighbouring tiles meet exactly (a tile's edge bends a little in its own plane)
        wider = densify(box(*tile.bounds).buffer(SEAM_DEG, join_style="mitre"), TILE_EDGE_DEG)
        t = _Tile(tile, coast, near, wider.difference(land), ts_m, eez_m)
        merged = {u: t.merged(member[u][near]) for u in units if member[u][near].any()}
        for u, cells in merged.items():
            ts, eez = t.zones(cells)
            parts[u]["ts"].append(ts)
            parts[u]["eez"].append(eez)
        for (a, b), line in t.borders(merged).items():
            lines.setdefault((a, b), []).append(line)
        if not t.high.is_empty:
            high.append(t.high)
    unit_zones = {u: _unit_zone(p["ts"], p["eez"], area, inner) for u, p in parts.items()}
    high_seas = _closed(shapely.union_all(high, grid_size=GRID_DEG)) if high else Polygon()
    high_inner = high_seas.intersection(inner) if inner is not None else Polygon()
    return Zones(
        frame=(frame[0], frame[1], frame[2], frame[3]),
        units=unit_zones,
        borders={k: _lines(shapely.union_all(v)) for k, v in lines.items()},
        high_seas=high_seas,
        high_seas_km2=float(area(np.array([high_seas]))[0]),
        high_seas_inner_km2=float(area(np.array([high_inner]))[0]),
        territorial_nm=territorial_nm,
        eez_nm=eez_nm,
        samples=len(coast),
    )


def _unit_zone(
    ts: list[BaseGeometry], eez: list[BaseGeometry], area, inner: BaseGeometry | None
) -> UnitZone:
    ts_all, eez_all = join(ts), join(eez)
    pair = np.array([ts_all, eez_all], dtype=object)
    km2 = area(pair)
    inside = area(shapely.intersection(pair, inner)) if inner is not None else np.zeros(2)
    return UnitZone(ts_all, eez_all, float(km2[0]), float(km2[1]), *map(float, inside))


class _Tile:
    """One tile of the frame: the Voronoi cells of the samples near it, drawn in an azimuthal
    equidistant plane centred on it, with the water of the tile, the sea within 12 nautical
    miles of every coast and the high seas in the same plane. What it hands out is cut to the
    tile in longitude and latitude, so that the tiles fit edge to edge."""

    def __init__(
        self,
        tile: BaseGeometry,
        coast: Coast,
        near: np.ndarray,
        water: BaseGeometry,
        ts_m: float,
        eez_m: float,
    ):
        self.tile = tile
        c = tile.centroid
        self.c = c
        tr = geo.local_plane(c.x, c.y)
        x, y = tr.transform(coast.lon[near], coast.lat[near])
        pts = np.column_stack([x, y])
        local_tile = geo.to_local(tile, c.x, c.y)
        reach = local_tile.buffer(5000.0)
        if len(near) == 1:
            cells = np.array([reach], dtype=object)
        else:
            diagram = shapely.voronoi_polygons(
                shapely.multipoints(pts), extend_to=local_tile.buffer(1e6), ordered=True
            )
            cells = shapely.intersection(np.asarray(shapely.get_parts(diagram)), reach)
        self.cells = cells
        self.water = geo.to_local(water, c.x, c.y)
        if not self.water.is_valid:  # a wide tile's water can fold where coasts nearly touch
            self.water = shapely.make_valid(self.water)
        # the sea within 12 nm of a coast sample: a disc about each one near the tile, drawn
        # in its plane (within a tile's reach its scale is true to about a part in a thousand)
        close = _within(pts, reach, ts_m)
        discs = shapely.buffer(shapely.points(pts[close]), ts_m, quad_segs=16)
        self.d12 = shapely.union_all(discs) if len(discs) else Polygon()
        beyond = _beyond(cells, coast, near, eez_m, tr)
        self.hs_local = (
            polygonal(beyond.intersection(self.water)) if not beyond.is_empty else Polygon()
        )
        self.high = self._out(self.hs_local) if not self.hs_local.is_empty else Polygon()

    def _back(self, local: BaseGeometry) -> BaseGeometry:
        """A local geometry back in longitude and latitude, cut to the tile."""
        back = geo.from_local(densify(local, DENSIFY_M), self.c.x, self.c.y)
        if not back.is_valid:  # rounding in the round trip can fold a sliver
            back = shapely.make_valid(back)
        return back.intersection(self.tile)

    def _out(self, local: BaseGeometry) -> BaseGeometry:
        return polygonal(self._back(local))

    def merged(self, mine: np.ndarray) -> BaseGeometry:
        """The cells of the samples `mine` as one polygon (local plane). The cells of a
        Voronoi diagram meet edge to edge, so a coverage union merges them exactly."""
        cells = self.cells[mine]
        cells = cells[~shapely.is_empty(cells)]
        return shapely.coverage_union_all(cells) if len(cells) else Polygon()

    def zones(self, cells: BaseGeometry) -> tuple[BaseGeometry, BaseGeometry]:
        """The territorial sea and the EEZ in merged `cells` of this tile (lon/lat)."""
        sea = polygonal(cells.intersection(self.water))
        ts = polygonal(sea.intersection(self.d12))
        eez = polygonal(sea.difference(self.d12))
        if not self.hs_local.is_empty:
            eez = polygonal(eez.difference(self.hs_local))
        return self._out(ts), self._out(eez)

    def borders(self, merged: Mapping[str, BaseGeometry]) -> dict[tuple[str, str], BaseGeometry]:
        """Where the sea of two units meets in this tile (lon/lat lines), within 200 nm."""
        labels = sorted(merged)
        sea = self.water.difference(self.hs_local) if not self.hs_local.is_empty else self.water
        out = {}
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                if a.split("#")[0] == b.split("#")[0]:
                    continue
                if not merged[a].intersects(merged[b]):
                    continue
                shared = _lines(shapely.intersection(merged[a].boundary, merged[b].boundary))
                shared = shared.intersection(sea)
                if not shared.is_empty:
                    line = _lines(self._back(shared))
                    if not line.is_empty:
                        out[(a, b)] = line
        return out


def _within(pts: np.ndarray, region: BaseGeometry, dist_m: float) -> np.ndarray:
    """Which points lie within `dist_m` of `region` (by its bounding box)."""
    w, s, e, n = region.bounds
    x, y = pts[:, 0], pts[:, 1]
    return (x > w - dist_m) & (x < e + dist_m) & (y > s - dist_m) & (y < n + dist_m)


def _beyond(cells: np.ndarray, coast: Coast, near: np.ndarray, radius_m: float, tr) -> BaseGeometry:
    """The parts of the cells farther than `radius_m` from their own sample (local plane):
    only cells that reach that far are cut by the sample's geodesic disc."""
    xy, which = shapely.get_coordinates(cells, return_index=True)
    if not len(xy):
        return Polygon()
    lon, lat = tr.transform(xy[:, 0], xy[:, 1], direction=TransformDirection.INVERSE)
    d = geo.GEOD.inv(coast.lon[near][which], coast.lat[near][which], lon, lat)[2]
    reach = np.zeros(len(cells))
    np.maximum.at(reach, which, d)
    far = np.flatnonzero(reach > radius_m - 2 * DENSIFY_M)
    if not len(far):
        return Polygon()
    discs = geodesic_discs(coast.lon[near[far]], coast.lat[near[far]], radius_m, DISC_VERTICES_EEZ)

    def local(g: np.ndarray) -> np.ndarray:
        x, y = tr.transform(g[:, 0], g[:, 1])
        return np.column_stack([x, y])

    outside = shapely.difference(cells[far], shapely.transform(discs, local))
    outside = outside[~shapely.is_empty(outside)]
    return shapely.union_all(outside) if len(outside) else Polygon()


TILE_EDGE_DEG = 0.05  # a tile's edges, parallels and meridians, get a vertex this often
SEAM_DEG = 0.01  # how far beyond its tile each tile is drawn


def _tiles(frame: Sequence[float], size_deg: float) -> list[BaseGeometry]:
    w, s, e, n = frame
    xs = np.linspace(w, e, max(1, math.ceil((e - w) / size_deg)) + 1)
    ys = np.linspace(s, n, max(1, math.ceil((n - s) / size_deg)) + 1)
    return [
        densify(box(x0, y0, x1, y1), TILE_EDGE_DEG)
        for x0, x1 in zip(xs[:-1], xs[1:], strict=True)
        for y0, y1 in zip(ys[:-1], ys[1:], strict=True)
    ]


def _near(coast: Coast, tile: BaseGeometry, reach_m: float) -> np.ndarray:
    """The samples that may be nearest to some point of the tile within `reach_m` (a box
    around the tile in degrees, wide enough at the tile's highest latitude)."""
    w, s, e, n = tile.bounds
    dlat = (reach_m + 30_000.0) / (KM_PER_DEG * 1000.0)
    coslat = max(math.cos(math.radians(min(max(abs(s), abs(n)) + dlat, 89.0))), 0.02)
    return np.flatnonzero(
        (coast.lat > s - dlat)
        & (coast.lat < n + dlat)
        & (coast.lon > w - dlat / coslat)
        & (coast.lon < e + dlat / coslat)
    )


def _equal_area(frame: Sequence[float]):
    """A function giving the areas (km²) of an array of lon/lat geometries, measured in a
    Lambert azimuthal equal-area projection of the WGS84 ellipsoid centred on the frame,
    which keeps every area."""
    to_plane = geo.on_plane(geo.plane("laea", (frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2))

    def areas(geoms: np.ndarray) -> np.ndarray:
        # edges are straight in longitude and latitude (as GeoJSON draws them): densified,
        # a long one (a limit line of a sea) keeps its course in the plane
        dense = np.array([densify(g, TILE_EDGE_DEG) for g in geoms], dtype=object)
        return np.asarray(shapely.area(shapely.transform(dense, to_plane))) / 1e6

    return areas


def densify(geom: BaseGeometry, max_segment: float) -> BaseGeometry:
    """The geometry with a vertex at least every `max_segment` along each line and ring.
    (GEOS densifies a polygon as a whole and then repairs it with a zero buffer, which can
    reduce a valid polygon to a sliver: its rings are densified one by one here.)"""
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return shapely.segmentize(geom, max_segment)
    polys = [
        Polygon(
            shapely.segmentize(p.exterior, max_segment),
            [shapely.segmentize(h, max_segment) for h in p.interiors],
        )
        for p in shapely.get_parts(geom)
    ]
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _closed(g: BaseGeometry, eps: float = 1e-6) -> BaseGeometry:
    """The polygons with hairline gaps (under `eps` degrees, about 10 cm) closed: pieces of
    the high seas drawn in neighbouring cells can meet along a line without merging."""
    grown = shapely.buffer(g, eps, quad_segs=1, join_style="mitre")
    closed = polygonal(shapely.buffer(grown, -eps, quad_segs=1, join_style="mitre"))
    return densify(closed, TILE_EDGE_DEG)  # the buffer drops the vertices along parallels


def join(parts: list[BaseGeometry]) -> BaseGeometry:
    """The union of polygon pieces, merged on a fine grid (see GRID_DEG)."""
    parts = [p for p in parts if not p.is_empty]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else polygonal(shapely.union_all(parts, grid_size=GRID_DEG))


def area_km2(geom: BaseGeometry, frame: Sequence[float]) -> float:
    """The area of a lon/lat geometry (edges straight in longitude and latitude), km²."""
    return float(_equal_area(frame)(np.array([geom], dtype=object))[0])


def extent_km(geom: BaseGeometry) -> tuple[float, float]:
    """(length, width) of an area, km: the longest distance across it and its narrowest
    breadth (the short side of its minimum rotated rectangle), measured in an azimuthal
    equidistant plane centred on it; (0, 0) for nothing."""
    if geom.is_empty:
        return 0.0, 0.0
    c = geom.centroid
    local = geo.to_local(geom, c.x, c.y)
    hull_poly, rect_poly = local.convex_hull, local.minimum_rotated_rectangle
    assert isinstance(hull_poly, Polygon) and isinstance(rect_poly, Polygon)  # an area's
    hull = np.asarray(hull_poly.exterior.coords)
    diff = hull[:, None, :] - hull[None, :, :]
    length = float(np.sqrt((diff**2).sum(axis=-1)).max())
    rect = np.asarray(rect_poly.exterior.coords)
    sides = np.hypot(*(rect[1:3] - rect[0:2]).T)
    return length / 1000.0, float(sides.min()) / 1000.0


def polygonal(g: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry, without the slivers and pinholes (under SLIVER_DEG2) that
    an overlay can leave where pieces drawn apart meet, nor its stray lines and points."""
    flat = [
        Polygon(q.exterior, [h for h in q.interiors if Polygon(h).area >= SLIVER_DEG2])
        for p in shapely.get_parts(g)
        if p.geom_type in ("Polygon", "MultiPolygon")
        for q in shapely.get_parts(p)
        if q.area >= SLIVER_DEG2
    ]
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)


SLIVER_DEG2 = 1e-8  # about 100 m²


def _lines(g: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(shapely.line_merge(g)) if p.geom_type == "LineString"]
    return shapely.line_merge(shapely.MultiLineString(parts)) if parts else shapely.LineString()


def nearest_coast_m(lon: float, lat: float, coasts: BaseGeometry) -> float:
    """The geodesic distance from a point to the nearest point of `coasts` (lon/lat), found in
    an azimuthal equidistant projection centred on the point itself, in which distances from
    the centre are geodesic. Only the coast within reach is projected: the geodesic distance
    to the point of the coast nearest in degrees bounds the answer, and a box of that many
    metres about the point (degrees of latitude and longitude taken at their shortest) holds
    every point of the coast that is nearer."""
    here = Point(lon, lat)
    if not coasts.is_empty:
        q = shapely.shortest_line(here, coasts).coords[1]
        bound = geo.GEOD.inv(lon, lat, q[0], q[1])[2] * 1.01 + 1000.0
        dlat = bound / M_PER_DEG_LAT_MIN
        coslat = max(math.cos(math.radians(min(abs(lat) + dlat, 90.0))), 1e-6)
        dlon = min(bound / (M_PER_DEG_LAT_MIN * coslat), 360.0)
        coasts = shapely.clip_by_rect(coasts, lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    local = shapely.transform(densify(coasts, 0.02), geo.on_plane(geo.plane("aeqd", lon, lat)))
    return float(shapely.distance(Point(0.0, 0.0), local))


# The fewest metres in a degree of latitude on the ellipsoid (at the equator), and so in a
# degree of longitude at the equator's scale times cos(latitude) (a degree of longitude on
# WGS84 is a little longer than that): what keeps a box of metres wide enough in degrees.
M_PER_DEG_LAT_MIN = 110_574.0
