"""What a scenario implies: who holds each piece of land, and lines that divide an island.

Scenarios are records in scenarios.yaml; this module turns one into `Holding`s (land with its
holder) that maps colour and figures add up. An area split cuts the island perpendicular to
its long axis (the long side of its minimum-area bounding rectangle, in metres) at the point
where the share is met, found by bisection.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard import records as r
from dashboard.atlas import Atlas


@dataclass(frozen=True)
class Holding:
    feature: str
    group: str
    holder: str
    geometry: BaseGeometry
    changed: bool = False
    part: str | None = None

    @property
    def key(self) -> str:
        return f"{self.feature}:{self.part}" if self.part else self.feature


@dataclass(frozen=True)
class SplitLine:
    feature: str
    line: LineString
    share: float
    part: BaseGeometry
    rest: BaseGeometry


class Scenarios:
    """Every scenario's holdings and dividing line, computed when built, then only read."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self.ds = atlas.ds
        self.unheld: str = self.ds.view.unheld  # who holds land a scenario does not name
        self.ordered: list[r.Scenario] = sorted(
            self.ds.scenarios.values(), key=lambda s: (s.order, s.year or 0)
        )
        wanted = atlas.view.get("default_scenario")
        self.default_id: str = wanted if wanted in self.ds.scenarios else self.ordered[0].id
        self._cuts = {s.id: self._split_line(s) for s in self.ordered}
        self._holdings = {s.id: self._compute(s) for s in self.ordered}

    def get(self, sid: str | None) -> r.Scenario:
        return self.ds.scenarios.get(sid or "", self.ds.scenarios[self.default_id])

    def holder(self, sc: r.Scenario, feature: str) -> str:
        group = self.atlas.group_of(feature)
        return sc.holders.get(feature) or sc.holders.get(group) or self.unheld

    def holdings(self, sid: str) -> list[Holding]:
        return self._holdings[self.get(sid).id]

    def _compute(self, sc: r.Scenario) -> list[Holding]:
        base = self.ds.scenarios[self.default_id]
        out = []
        for fid, group, geom in zip(
            self.ds.land["id"], self.ds.land["group"], self.ds.land.geometry, strict=True
        ):
            before = self.holder(base, fid)
            split = sc.split
            if split and (fid == split.feature or self.atlas.group_of(fid) == split.feature):
                for part, holder, piece in self._split(sc, split, fid, geom):
                    out.append(Holding(fid, group, holder, piece, holder != before, part))
                continue
            holder = self.holder(sc, fid)
            out.append(Holding(fid, group, holder, geom, holder != before))
        return out

    def _split(self, sc: r.Scenario, split: r.Split, fid: str, geom: BaseGeometry):
        if split.latitude is not None:
            w, s, e, n = geom.bounds
            south = geom.intersection(box(w - 1, s - 1, e + 1, split.latitude))
            north = geom.difference(box(w - 1, s - 1, e + 1, split.latitude))
            pieces = [
                ("south", split.south_to or self.unheld, south),
                ("north", split.north_to or self.unheld, north),
            ]
            return [p for p in pieces if not p[2].is_empty]
        cut = self._cuts[sc.id]
        assert cut is not None
        return [
            ("part", split.to or self.unheld, cut.part),
            ("rest", split.rest_to or self.unheld, cut.rest),
        ]

    def split_line(self, sid: str) -> SplitLine | None:
        """Where an area split divides its island (None for scenarios without one)."""
        return self._cuts[self.get(sid).id]

    def _split_line(self, sc: r.Scenario) -> SplitLine | None:
        sp = sc.split
        share = sp.share if sp is not None else None
        if sp is None or share is None:
            return None
        total = sum(self.atlas.area_km2(p) for p in sp.share_of)
        given = sum(
            self.atlas.area_km2(p)
            for p in sp.share_of
            if p != sp.feature and self.holder(sc, p) == sp.to
        )
        need = share * total - given
        geom = self.atlas.geometry(sp.feature)
        line, part, rest = _bisect_cut(geom, need, sp.from_side or "southwest")
        return SplitLine(sp.feature, line, need / self.atlas.area_km2(sp.feature), part, rest)


def _axis(local: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Unit vector of the long axis of the minimum rotated rectangle, and its centre."""
    outline = local.minimum_rotated_rectangle
    assert isinstance(outline, Polygon)  # an island has an area, so its rectangle is one
    rect = np.asarray(outline.exterior.coords)[:4]
    e1, e2 = rect[1] - rect[0], rect[2] - rect[1]
    long = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
    return long / np.hypot(*long), rect.mean(axis=0)


_SIDES = {
    "southwest": (-1.0, -1.0),
    "northeast": (1.0, 1.0),
    "south": (0.0, -1.0),
    "north": (0.0, 1.0),
    "west": (-1.0, 0.0),
    "east": (1.0, 0.0),
}


def _bisect_cut(geom: BaseGeometry, need_km2: float, side: str):
    """Cut perpendicular to the long axis leaving `need_km2` on `side`: (line, part, rest)."""
    c = geom.centroid
    local = geo.to_local(geom, c.x, c.y)
    u, mid = _axis(local)
    if np.dot(u, _SIDES[side]) < 0:
        u = -u  # u points towards the requested side
    half = max(local.bounds[2] - local.bounds[0], local.bounds[3] - local.bounds[1])
    n = np.array([-u[1], u[0]])

    def piece(t: float) -> BaseGeometry:
        o = mid + u * t
        far = Polygon(
            [
                o + n * half * 2,
                o + n * half * 2 + u * half * 4,
                o - n * half * 2 + u * half * 4,
                o - n * half * 2,
            ]
        )
        return local.intersection(far)

    lo, hi = -half, half
    for _ in range(60):
        t = (lo + hi) / 2
        area = geo.area_km2(geo.from_local(piece(t), c.x, c.y))
        lo, hi = (t, hi) if area > need_km2 else (lo, t)
    t = (lo + hi) / 2
    o = mid + u * t
    part = piece(t)
    rest = local.difference(part)
    # the drawn line spans the island plus 3 km of sea on either shore
    across = LineString([o + n * half, o - n * half]).intersection(local.buffer(3000))
    ends = shapely.get_coordinates(across)
    line = LineString([ends[0], ends[-1]])
    return tuple(geo.from_local(g, c.x, c.y) for g in (line, part, rest))
