"""What a scenario changes, measured: land per party, territorial seas, the median line,
straits and the shortest distance between the parties' land.

Sea rules used (UNCLOS articles 3 and 15): each party's territorial sea reaches 12 nautical
miles from its land; where two parties' 12-mile belts overlap, the median (equidistance) line
divides them. 200-mile zones overlap everywhere here, so the median line is the boundary
shown for the whole box. Baselines are the low-water coast of the map data (no straight
baselines), which is stated on the page.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from dashboard import geometry as geo
from dashboard.config import NAUTICAL_MILE_KM
from dashboard.scenarios import Scenarios

SAMPLE_M = 1500.0  # coast sampled every 1.5 km for the equidistance line
SIMPLIFY_M = 100.0


@dataclass(frozen=True)
class PartyLand:
    party: str
    km2: float
    share: float
    places: list[str]
    residents: list[tuple[str, float | int | str, int | None, str]]


@dataclass(frozen=True)
class StraitCover:
    strait: str
    width_km: float
    cover_km: dict[str, float]
    free_km: float

    @property
    def passage_outside(self) -> bool:
        """True when some of the narrowest crossing lies outside every territorial sea."""
        return self.free_km > 0.05


@dataclass
class SeaResult:
    territorial: dict[str, BaseGeometry] = field(default_factory=dict)
    side: dict[str, BaseGeometry] = field(default_factory=dict)
    median: BaseGeometry | None = None
    box_sea_km2: float = 0.0


class Consequences:
    def __init__(self, scenarios: Scenarios):
        self.sc = scenarios
        self.atlas = scenarios.atlas
        self._sea: dict[str, SeaResult] = {}

    @cached_property
    def settings(self) -> dict:
        return self.atlas.view.get("analysis", {})

    @cached_property
    def box(self) -> BaseGeometry:
        return box(*self.settings.get("box", [144.0, 42.6, 150.8, 46.4]))

    @cached_property
    def origin(self) -> tuple[float, float]:
        c = self.box.centroid
        return c.x, c.y

    @geo.memoised
    def land(self, sid: str) -> list[PartyLand]:
        """Each party's share of the disputed islands' land under a scenario."""
        disputed = set(self.atlas.disputed)
        totals: dict[str, float] = {}
        places: dict[str, set[str]] = {}
        for h in self.sc.holdings(sid):
            g = self.atlas.group_of(h.feature)
            if g in disputed:
                totals[h.holder] = totals.get(h.holder, 0.0) + geo.area_km2(h.geometry)
                label = self.atlas.label(g) + (" (part)" if h.part else "")
                places.setdefault(h.holder, set()).add(label)
        whole = sum(totals.values()) or 1.0
        return [
            PartyLand(p, km2, km2 / whole, sorted(places[p]), self._residents(sid, p))
            for p, km2 in sorted(totals.items(), key=lambda kv: -kv[1])
        ]

    def _residents(
        self, sid: str, party: str
    ) -> list[tuple[str, float | int | str, int | None, str]]:
        """Latest sourced population of each disputed island the party holds (or part holds)."""
        out = []
        held = {self.atlas.group_of(h.feature) for h in self.sc.holdings(sid) if h.holder == party}
        for iid in self.atlas.disputed:
            facts = self.atlas.ds.islands[iid]
            dated = [p for p in facts.population if p.year]
            if iid in held and dated:
                v = max(dated, key=lambda p: p.year or 0)
                out.append((self.atlas.label(iid), v.value, v.year, v.source))
        return out

    @geo.memoised
    def changed_hands(self, sid: str) -> list[str]:
        return sorted(
            {
                self.atlas.label(self.atlas.group_of(h.feature))
                for h in self.sc.holdings(sid)
                if h.changed and self.atlas.group_of(h.feature) in self.atlas.disputed
            }
        )

    def _local(self, geom: BaseGeometry) -> BaseGeometry:
        return geo.to_local(geom, *self.origin)

    def _lonlat(self, geom: BaseGeometry) -> BaseGeometry:
        return geo.from_local(geom, *self.origin)

    @geo.memoised
    def party_land_local(self, sid: str) -> dict[str, BaseGeometry]:
        """Each party's land near the box, in metres, lightly simplified."""
        reach = geo.buffer_km(self.box, self.settings.get("context_km", 60))
        out: dict[str, list] = {}
        for h in self.sc.holdings(sid):
            if h.holder in self.atlas.ds.parties and h.geometry.intersects(reach):
                out.setdefault(h.holder, []).append(h.geometry.intersection(reach))
        return {p: self._local(unary_union(gs)).simplify(SIMPLIFY_M) for p, gs in out.items()}

    def sea(self, sid: str) -> SeaResult:
        if sid not in self._sea:
            self._sea[sid] = self._compute_sea(sid)
        return self._sea[sid]

    def _compute_sea(self, sid: str) -> SeaResult:
        land = self.party_land_local(sid)
        frame = self._local(self.box)
        all_land = unary_union(list(land.values())) if land else shapely.Polygon()
        water = frame.difference(all_land)
        res = SeaResult(box_sea_km2=water.area / 1e6)
        sides = equidistance_sides(land, frame)
        nm = self.settings.get("territorial_sea_nm", 12) * NAUTICAL_MILE_KM * 1000.0
        for party, g in land.items():
            belt = geo.grow(g, nm).intersection(sides[party]).intersection(water)
            res.territorial[party] = self._lonlat(belt)
            res.side[party] = self._lonlat(sides[party].intersection(water))
        if len(sides) >= 2:  # the lines where two parties' sides meet, for every pair
            pairs = itertools.combinations(sides.values(), 2)
            res.median = self._lonlat(unary_union([a.boundary & b.boundary for a, b in pairs]))
        return res

    @geo.memoised
    def sea_km2(self, sid: str) -> dict[str, tuple[float, float]]:
        """Per party: (territorial sea km², sea on its side of the median line km²)."""
        s = self.sea(sid)
        return {p: (geo.area_km2(s.territorial[p]), geo.area_km2(s.side[p])) for p in s.side}

    @geo.memoised
    def straits(self, sid: str) -> list[StraitCover]:
        s = self.sea(sid)
        out = []
        for fid, feat in self.atlas.ds.catalogue.items():
            gap = self.atlas.strait_width(fid) if feat.kind == "strait" else None
            if gap is None:
                continue
            line = gap.line
            cover = {p: _km_along(line.intersection(ts)) for p, ts in s.territorial.items()}
            covered = unary_union([line.intersection(ts) for ts in s.territorial.values()])
            free = max(0.0, gap.km - _km_along(covered))
            out.append(StraitCover(fid, gap.km, cover, free))
        return out

    @geo.memoised
    def shortest_between_parties(self, sid: str) -> dict[tuple[str, str], geo.Gap]:
        """The shortest distance between each pair of parties' land near the box."""
        land = {p: self._lonlat(g) for p, g in self.party_land_local(sid).items()}
        return {
            (p, q): geo.nearest_gap(land[p], land[q])
            for p, q in itertools.combinations(sorted(land), 2)
        }


def _km_along(geom: BaseGeometry) -> float:
    """Geodesic length of (multi)line pieces in km."""
    if geom.is_empty:
        return 0.0
    return (
        sum(
            geo.GEOD.geometry_length(g)
            for g in getattr(geom, "geoms", [geom])
            if g.geom_type in ("LineString", "MultiLineString")
        )
        / 1000.0
    )


def equidistance_sides(
    land: dict[str, BaseGeometry], frame: BaseGeometry
) -> dict[str, BaseGeometry]:
    """Each party's side of the median line within `frame` (metres).

    Voronoi cells of points sampled along every coast, merged by party: a point of the frame
    belongs to the party whose nearest coast is closest (to within the sampling step).
    """
    if len(land) < 2:
        return {p: frame for p in land}
    pts: list[Point] = []
    owner: list[str] = []
    rng = np.random.default_rng(0)  # a fixed jitter breaks ties between cocircular points
    for party, g in land.items():
        for ring in _rings(g):
            n = max(4, int(ring.length // SAMPLE_M))
            at = (np.arange(n) + rng.uniform(0.1, 0.9, n)) / n
            pts.extend(shapely.line_interpolate_point(ring, at, normalized=True))
            owner.extend([party] * n)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(pts), extend_to=frame.buffer(1e5))
    by_point = shapely.STRtree(pts)
    sides: dict[str, list] = {p: [] for p in land}
    for cell in cells.geoms:
        if cell.geom_type != "Polygon" or cell.is_empty:  # degenerate cells of collinear points
            continue
        idx = by_point.query(cell, predicate="contains")
        if len(idx):
            sides[owner[int(idx[0])]].append(cell)
    # Voronoi cells tile the plane edge to edge: a coverage union merges them robustly
    return {
        p: _polygons(shapely.coverage_union_all(cs)).intersection(frame) for p, cs in sides.items()
    }


def _polygons(g: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a geometry (a coverage union can carry stray lines)."""
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.make_valid(
        shapely.MultiPolygon([q for p in parts for q in getattr(p, "geoms", [p])])
    )


def _rings(g: BaseGeometry):
    for poly in getattr(g, "geoms", [g]):
        if poly.geom_type == "Polygon":
            yield poly.exterior
