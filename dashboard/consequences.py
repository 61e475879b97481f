"""What each scenario changes, measured once: land per party, and at sea (UNCLOS) each holder's
territorial sea and exclusive economic zone, the median lines between them, the high seas, the
straits and the shortest distance between the parties' land.

Sea rules (UNCLOS arts. 3, 15 and 57): a territorial sea of 12 nautical miles and an exclusive
economic zone of 200 nautical miles, measured from the coast of the map data (no straight
baselines); where two holders' zones overlap, the median (equidistance) line divides them,
the method Japan's law applies to its zone. The sea is divided once among the coasts
(`dashboard.zones`); a scenario only says who holds each coast.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from dashboard import geometry as geo
from dashboard import zones as z
from dashboard.scenarios import Holding, Scenarios


@dataclass(frozen=True)
class PartyLand:
    party: str
    km2: float
    share: float
    places: list[tuple[str, bool]]  # (disputed island or group, only a part of it), by id
    # the latest sourced population of each: (island id, value, year, source)
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


@dataclass(frozen=True)
class ZoneArea:
    """A holder's sea under a scenario, km²: in the whole frame and inside the folder's sea."""

    territorial_km2: float
    eez_km2: float
    inner_territorial_km2: float
    inner_eez_km2: float


@dataclass(frozen=True)
class SeaResult:
    """A scenario's sea: who holds each unit's zones, each holder's areas, and the median
    line between each pair of holders. The zones themselves are kept per unit of land (the
    same in every scenario); `zones_of` merges a holder's when a download asks for them."""

    owner: dict[str, str]  # unit of land -> its holder under the scenario
    units: dict[str, z.UnitZone]
    areas: dict[str, ZoneArea]
    medians: Mapping[tuple[str, str], BaseGeometry]

    @property
    def median(self) -> BaseGeometry | None:
        """Every median line of the scenario as one geometry (None where there is none)."""
        lines = [g for g in self.medians.values() if not g.is_empty]
        return shapely.line_merge(unary_union(lines)) if lines else None

    def zones_of(self, holder: str) -> tuple[BaseGeometry, BaseGeometry]:
        """A holder's territorial sea and its EEZ beyond it, each merged into one geometry."""
        mine = [u for u, h in self.owner.items() if h == holder and u in self.units]
        return z.join([self.units[u].ts for u in mine]), z.join([self.units[u].eez for u in mine])

    @property
    def territorial(self) -> dict[str, BaseGeometry]:
        return {h: self.zones_of(h)[0] for h in self.areas}


@dataclass(frozen=True)
class SeaFrame:
    """What is the same in every scenario: the frame measured, the folder's sea, the high seas
    and the measured accuracy of the method."""

    frame: tuple[float, float, float, float]
    inner_name: str  # the folder's sea (e.g. the Sea of Okhotsk), in the page's language
    inner_km2: float  # its area as the map data draws it
    high_seas: BaseGeometry
    high_seas_km2: float
    inner_high_seas_km2: float
    high_seas_extent_km: tuple[float, float]  # the enclave's length and width (inner sea)
    territorial_nm: float
    eez_nm: float
    step_m: float
    accuracy: Accuracy


@dataclass(frozen=True)
class Accuracy:
    """How far the drawn lines are from what they stand for, checked against geodesic
    distances to the nearest coast at points spread along them: a median line's points
    should be as far from one coast as from the other, the high seas' edge 200 nm from the
    nearest coast. Metres; `n_*` points checked."""

    median_max_m: float
    median_typical_m: float
    n_median: int
    limit_max_m: float
    limit_typical_m: float
    n_limit: int


def check_accuracy(
    zones: z.Zones, land: dict[str, BaseGeometry], outer: BaseGeometry, per_line: int = 2
) -> Accuracy:
    """Sample every border between two features' zones and the high seas' edge."""
    coasts = {k: g.boundary for k, g in land.items()}
    med: list[float] = []
    for (a, b), line in sorted(zones.borders.items()):
        if "#" in a or "#" in b or line.is_empty:
            continue
        for t in (np.arange(per_line) + 0.5) / per_line:
            p = _along(line, float(t))
            da = z.nearest_coast_m(p.x, p.y, _near(coasts[a], p))
            db = z.nearest_coast_m(p.x, p.y, _near(coasts[b], p))
            med.append(abs(da - db))
    lim: list[float] = []
    edge = zones.high_seas.boundary.intersection(shapely.box(*zones.frame).buffer(-0.1))
    limit_m = zones.eez_nm * z.NAUTICAL_MILE_M
    if not edge.is_empty:
        shore = outer.boundary
        for t in (np.arange(40) + 0.5) / 40:
            p = _along(edge, float(t))
            lim.append(abs(z.nearest_coast_m(p.x, p.y, _near(shore, p, 5.0)) - limit_m))
    return Accuracy(
        float(max(med, default=0.0)),
        float(np.median(med)) if med else 0.0,
        len(med),
        float(max(lim, default=0.0)),
        float(np.median(lim)) if lim else 0.0,
        len(lim),
    )


def _along(line: BaseGeometry, t: float) -> Point:
    """The point a fraction `t` of the way along a (multi)line."""
    assert isinstance(line, LineString | MultiLineString), line.geom_type
    return shapely.line_interpolate_point(line, t, normalized=True)


def _near(lines: BaseGeometry, p, deg: float = 4.0) -> BaseGeometry:
    """The lines within `deg` degrees of latitude of p (wider in longitude)."""
    dx = deg / max(np.cos(np.radians(p.y)), 0.1)
    return shapely.clip_by_rect(lines, p.x - dx, p.y - deg, p.x + dx, p.y + deg)


class Consequences:
    """Every scenario's consequences, computed when built, then only read."""

    def __init__(self, scenarios: Scenarios):
        self.sc = scenarios
        self.atlas = scenarios.atlas
        self.settings = self.atlas.view["analysis"]
        ids = [s.id for s in scenarios.ordered]
        self._land = {sid: self._measure_land(sid) for sid in ids}
        self._changed = {sid: self._changed_hands(sid) for sid in ids}
        self.zones, self.frame = self._divide_sea()
        self._sea = {sid: self._scenario_sea(sid) for sid in ids}
        self._straits = {sid: self._strait_cover(sid) for sid in ids}
        self._feature_gaps = _feature_gaps(self.atlas.ds.land)
        self._between = {sid: self._shortest_between(sid) for sid in ids}

    # --- land ---------------------------------------------------------------------------

    def land(self, sid: str) -> list[PartyLand]:
        """Each party's share of the disputed islands' land under a scenario."""
        return self._land[sid]

    def _measure_land(self, sid: str) -> list[PartyLand]:
        disputed = set(self.atlas.disputed)
        totals: dict[str, float] = {}
        places: dict[str, set[tuple[str, bool]]] = {}
        for h in self.sc.holdings(sid):
            g = self.atlas.group_of(h.feature)
            if g in disputed:
                totals[h.holder] = totals.get(h.holder, 0.0) + geo.area_km2(h.geometry)
                places.setdefault(h.holder, set()).add((g, bool(h.part)))
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
            dated = [p for p in self.atlas.ds.islands[iid].population if p.year]
            if iid in held and dated:
                v = max(dated, key=lambda p: p.year or 0)
                out.append((iid, v.value, v.year, v.source))
        return out

    def changed_hands(self, sid: str) -> list[str]:
        """The disputed islands (ids) of which some land changes hands against the default."""
        return self._changed[sid]

    def _changed_hands(self, sid: str) -> list[str]:
        return sorted(
            {
                self.atlas.group_of(h.feature)
                for h in self.sc.holdings(sid)
                if h.changed and self.atlas.group_of(h.feature) in self.atlas.disputed
            }
        )

    # --- sea ----------------------------------------------------------------------------

    def sea(self, sid: str) -> SeaResult:
        return self._sea[sid]

    def sea_km2(self, sid: str) -> dict[str, ZoneArea]:
        """Per holder: its territorial sea and EEZ, km², in the frame and in the folder's sea."""
        return self._sea[sid].areas

    def _divide_sea(self) -> tuple[z.Zones, SeaFrame]:
        """The sea divided among every coast of the folder, merged per unit of land that a
        scenario can hand over: each feature, and each piece of one that a scenario splits.
        The same for every scenario."""
        ds, s = self.atlas.ds, self.settings
        tol = s["simplify_deg"]
        land = [(f, g.simplify(tol)) for f, g in zip(ds.land["id"], ds.land.geometry, strict=True)]
        outer = unary_union([Polygon(p.exterior) for _, g in land for p in shapely.get_parts(g)])
        # where the land data was cut to its region, its outline is no coast
        edge = ds.region
        frame = tuple(s["frame"] or edge or outer.bounds)
        coast = z.sample_coasts(land, s["coast_step_m"], edge)
        units = {f: np.flatnonzero(coast.feature == f) for f in dict.fromkeys(coast.feature)}
        self._piece_of: dict[str, np.ndarray] = {}
        for sid in (x.id for x in self.sc.ordered):
            for label, idx in self._pieces(coast, sid).items():
                units[label] = idx
        inner = unary_union(list(ds.sea.geometry)) if len(ds.sea) else None
        zones = z.measure_zones(
            coast,
            outer,
            frame,
            units,
            inner,
            s["territorial_sea_nm"],
            s["eez_nm"],
            s["tile_deg"],
        )
        inner_km2 = 0.0 if inner is None else z.area_km2(inner.difference(outer), frame)
        enclave = zones.high_seas.intersection(inner) if inner is not None else Polygon()
        limits = ds.sea_limits
        frame_info = SeaFrame(
            frame=zones.frame,
            inner_name=self.atlas.label_of(limits.name) if limits else "",
            inner_km2=inner_km2,
            high_seas=zones.high_seas,
            high_seas_km2=zones.high_seas_km2,
            inner_high_seas_km2=zones.high_seas_inner_km2,
            high_seas_extent_km=z.extent_km(enclave),
            territorial_nm=zones.territorial_nm,
            eez_nm=zones.eez_nm,
            step_m=s["coast_step_m"],
            accuracy=check_accuracy(zones, dict(land), outer),
        )
        return zones, frame_info

    def _pieces(self, coast: z.Coast, sid: str) -> dict[str, np.ndarray]:
        """The samples of each piece of land the scenario splits, as units `feature#part@key`
        (the piece nearest each sample); scenarios that split alike share their pieces."""
        out: dict[str, np.ndarray] = {}
        by_feature: dict[str, list[Holding]] = {}
        for h in self.sc.holdings(sid):
            if h.part:
                by_feature.setdefault(h.feature, []).append(h)
        for fid, hs in by_feature.items():
            at = np.flatnonzero(coast.feature == fid)
            pts = shapely.points(coast.lon[at], coast.lat[at])
            nearest = np.stack([shapely.distance(h.geometry, pts) for h in hs]).argmin(axis=0)
            for k, h in enumerate(hs):
                out[self._unit(h)] = at[nearest == k]
        return out

    def _unit(self, h: Holding) -> str:
        """The unit of land a holding is: its feature, or `feature#part@scenario` for a piece
        (the first scenario that splits the land the same way)."""
        if not h.part:
            return h.feature
        sc = next(s for s in self.sc.ordered if h in self.sc.holdings(s.id))
        same = next(s.id for s in self.sc.ordered if s.split == sc.split)
        return f"{h.feature}#{h.part}@{same}"

    def _scenario_sea(self, sid: str) -> SeaResult:
        owner: dict[str, str] = {self._unit(h): h.holder for h in self.sc.holdings(sid)}
        units = {u: self.zones.units[u] for u in owner if u in self.zones.units}
        held: dict[str, list[str]] = {}
        for u in units:
            held.setdefault(owner[u], []).append(u)
        areas = {
            h: ZoneArea(
                sum(units[u].ts_km2 for u in us),
                sum(units[u].eez_km2 for u in us),
                sum(units[u].ts_inner_km2 for u in us),
                sum(units[u].eez_inner_km2 for u in us),
            )
            for h, us in held.items()
        }
        medians: dict[tuple[str, str], list[BaseGeometry]] = {}
        names = sorted(units)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                line = self.zones.border(a, b)
                if line is not None and owner[a] != owner[b]:
                    key = (min(owner[a], owner[b]), max(owner[a], owner[b]))
                    medians.setdefault(key, []).append(line)
        lines = {k: shapely.line_merge(unary_union(v)) for k, v in sorted(medians.items())}
        return SeaResult({u: owner[u] for u in units}, units, areas, lines)

    # --- straits and distances -----------------------------------------------------------

    def straits(self, sid: str) -> list[StraitCover]:
        return self._straits[sid]

    def _strait_cover(self, sid: str) -> list[StraitCover]:
        sea = self._sea[sid]
        out = []
        for fid, feat in self.atlas.ds.catalogue.items():
            gap = self.atlas.strait_width(fid) if feat.kind == "strait" else None
            if gap is None:
                continue
            line = shapely.segmentize(gap.line, 0.001)
            cover: dict[str, float] = {h: 0.0 for h in sea.areas}
            pieces = []
            for u, zone in sea.units.items():
                if zone.ts.intersects(line):
                    piece = line.intersection(zone.ts)
                    cover[sea.owner[u]] += _km_along(piece)
                    pieces.append(piece)
            free = max(0.0, gap.km - _km_along(unary_union(pieces))) if pieces else gap.km
            out.append(StraitCover(fid, gap.km, cover, free))
        return out

    def shortest_between_parties(self, sid: str) -> dict[tuple[str, str], geo.Gap]:
        """The shortest distance between each pair of parties' land."""
        return self._between[sid]

    def _shortest_between(self, sid: str) -> dict[tuple[str, str], geo.Gap]:
        held: dict[str, list[Holding]] = {}
        for h in self.sc.holdings(sid):
            if h.holder in self.atlas.ds.parties:
                held.setdefault(h.holder, []).append(h)
        return {
            (p, q): self._shortest(held[p], held[q])
            for p, q in itertools.combinations(sorted(held), 2)
        }

    def _shortest(self, a: list[Holding], b: list[Holding], candidates: int = 4) -> geo.Gap:
        """The shortest gap between any land of `a` and any of `b`: the pairs nearest in
        degrees (from the table of every pair of features, measured once) are measured on the
        ellipsoid, and the shortest is kept."""

        def deg(x: Holding, y: Holding) -> float:
            known = self._feature_gaps.get((x.feature, y.feature))
            if known is not None and not x.part and not y.part:
                return known
            return float(shapely.distance(x.geometry, y.geometry))

        pairs = sorted(((x, y) for x in a for y in b), key=lambda xy: deg(*xy))
        return min((_gap(x.geometry, y.geometry) for x, y in pairs[:candidates]), key=_km)


def _km(g: geo.Gap) -> float:
    return g.km


def _feature_gaps(land) -> dict[tuple[str, str], float]:
    """The distance in degrees between every pair of land features (for picking candidates)."""
    ids = list(land["id"])
    geoms = np.asarray(list(land.geometry), dtype=object)
    i, j = np.triu_indices(len(ids), k=1)
    out = {}
    for a, b, dist in zip(i, j, shapely.distance(geoms[i], geoms[j]), strict=True):
        out[(ids[a], ids[b])] = out[(ids[b], ids[a])] = float(dist)
    return out


def _gap(a: BaseGeometry, b: BaseGeometry) -> geo.Gap:
    if a.intersects(b):  # a land border
        p = shapely.get_parts(a.intersection(b))[0].representative_point()
        return geo.Gap(p, p, 0.0)
    return geo.nearest_gap(a, b)


def _km_along(geom: BaseGeometry) -> float:
    """Geodesic length of (multi)line pieces in km."""
    parts: Iterable[BaseGeometry] = shapely.get_parts(geom) if not geom.is_empty else []
    lines = [g for g in parts if g.geom_type in ("LineString", "MultiLineString")]
    return sum(geo.GEOD.geometry_length(g) for g in lines) / 1000.0
