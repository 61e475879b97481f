"""What a view of a scenario frames: the land that changes hands under it and the disputed
islands. Pure (no drawing library): the picture and the interactive map's view both use it.

`view_bounds` answers in lon/lat degrees; `frame_of` turns bounds into a rectangle of a given
shape on an azimuthal equidistant plane centred on them, where shapes are not stretched.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard.atlas import Atlas
from dashboard.scenarios import Scenarios

Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)
Edges = dict[str, float]  # side ("west", "south", "east", "north") -> its longitude or latitude

MARGIN = 0.08  # around the framed land, as a share of its longer side
MIN_MARGIN_DEG = 0.01


def view_bounds(
    atlas: Atlas, scenarios: Scenarios, sid: str, selected: str | None = None
) -> Bounds:
    """(west, south, east, north) framing the land that changes hands under a scenario, the
    disputed islands and the selected island, with a margin. (A view across 180° is not
    supported: no folder has one.)"""
    geoms = [h.geometry for h in scenarios.holdings(sid) if h.changed]
    geoms += [atlas.geometry(p) for p in [*atlas.disputed, *([selected] if selected else [])]]
    w, s, e, n = (float(v) for v in shapely.total_bounds(geoms))
    k = math.cos(math.radians((s + n) / 2))  # km of a degree of longitude / of latitude
    pad = max(MARGIN * max((e - w) * k, n - s), MIN_MARGIN_DEG)
    return (
        round(w - pad / k, 4),
        round(max(s - pad, -89.0), 4),
        round(e + pad / k, 4),
        round(min(n + pad, 89.0), 4),
    )


def moved_bounds(atlas: Atlas, scenarios: Scenarios, sid: str) -> Bounds:
    """(west, south, east, north) of the land that changes hands under a scenario, without a
    margin; the disputed islands where nothing does. The interactive map keeps a reader's
    view that already shows it."""
    geoms = [h.geometry for h in scenarios.holdings(sid) if h.changed]
    geoms = geoms or [atlas.geometry(p) for p in atlas.disputed]
    w, s, e, n = (float(v) for v in shapely.total_bounds(geoms))
    return round(w, 4), round(s, 4), round(e, 4), round(n, 4)


@dataclass(frozen=True)
class Frame:
    """A map's rectangle, in metres on an azimuthal equidistant plane centred at (lon0, lat0)."""

    lon0: float
    lat0: float
    x0: float
    y0: float
    x1: float
    y1: float

    def project(self, g: BaseGeometry) -> BaseGeometry:
        return geo.to_local(g, self.lon0, self.lat0)

    def unproject(self, g: BaseGeometry) -> BaseGeometry:
        return geo.from_local(g, self.lon0, self.lat0)

    @property
    def rect(self) -> BaseGeometry:
        return box(self.x0, self.y0, self.x1, self.y1)

    def lonlat_bounds(self) -> Bounds:
        """The lon/lat box holding the whole frame, with 2 % to spare."""
        edge = shapely.segmentize(self.rect, (self.x1 - self.x0) / 32)
        w, s, e, n = self.unproject(edge).bounds
        pad = 0.02 * max(e - w, n - s)
        return (w - pad, s - pad, e + pad, n + pad)


def data_edges(land: Iterable[BaseGeometry]) -> Edges:
    """The sides of the land data's bounding box where a box cut the land when the folder was
    built (two or more vertices lie on the side), by side: a map that showed past them would
    show land ending in a straight line."""
    xy = shapely.get_coordinates(np.asarray(list(land), dtype=object))
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    sides = {"west": (0, lo[0]), "south": (1, lo[1]), "east": (0, hi[0]), "north": (1, hi[1])}
    return {side: float(v) for side, (i, v) in sides.items() if np.count_nonzero(xy[:, i] == v) > 1}


def frame_of(bounds: Bounds, aspect: float, edges: Edges | None = None) -> Frame:
    """The smallest frame of width / height `aspect` that holds the bounds, slid and then cut
    (to another shape) so it shows nothing past the data's cut edges, but never cut into
    the bounds."""
    w, s, e, n = bounds
    lon0, lat0 = round((w + e) / 2, 3), round((s + n) / 2, 3)
    edge = shapely.segmentize(box(*bounds), min(e - w, n - s) / 16)
    held = geo.to_local(edge, lon0, lat0).bounds
    cx, cy = (held[0] + held[2]) / 2, (held[1] + held[3]) / 2
    half_w, half_h = (held[2] - held[0]) / 2, (held[3] - held[1]) / 2
    half_w, half_h = max(half_w, half_h * aspect), max(half_h, half_w / aspect)
    rect = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    if edges:
        limits = _limits(rect, edges, lon0, lat0)
        xs = _slide(rect[0], rect[2], limits[0], limits[2], held[0], held[2])
        ys = _slide(rect[1], rect[3], limits[1], limits[3], held[1], held[3])
        rect = (xs[0], ys[0], xs[1], ys[1])
    return Frame(lon0, lat0, *rect)


def _limits(rect: Bounds, edges: Edges, lon0: float, lat0: float) -> Bounds:
    """The data's cut edges on the plane, as (x min, y min, x max, y max) for a frame."""
    outline = shapely.segmentize(box(*rect), (rect[2] - rect[0]) / 32)
    w, s, e, n = geo.from_local(outline, lon0, lat0).bounds

    def line(a: tuple[float, float], b: tuple[float, float]) -> Bounds:
        return geo.to_local(shapely.segmentize(LineString([a, b]), 0.25), lon0, lat0).bounds

    inf = math.inf
    return (
        line((edges["west"], s), (edges["west"], n))[2] if "west" in edges else -inf,
        line((w, edges["south"]), (e, edges["south"]))[3] if "south" in edges else -inf,
        line((edges["east"], s), (edges["east"], n))[0] if "east" in edges else inf,
        line((w, edges["north"]), (e, edges["north"]))[1] if "north" in edges else inf,
    )


def _slide(lo: float, hi: float, lim_lo: float, lim_hi: float, held_lo: float, held_hi: float):
    """Move [lo, hi] inside [lim_lo, lim_hi] as far as it can while holding [held_lo,
    held_hi], then cut what still sticks out (never into the held part)."""
    if lo < lim_lo:
        d = min(lim_lo - lo, held_lo - lo)
        lo, hi = lo + d, hi + d
    if hi > lim_hi:
        d = min(hi - lim_hi, hi - held_hi)
        lo, hi = lo - d, hi - d
    return max(lo, min(lim_lo, held_lo)), min(hi, max(lim_hi, held_hi))
