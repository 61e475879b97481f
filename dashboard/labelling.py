"""Where a picture writes each name: on its land if the name fits there, else just off its
coast on the side where it fits closest, or further out with a leader line. A name covers
no other land, name, legend or scale bar, and sits nearer its own land than any other.

Each name is measured once with the figure's renderer; the spots it may take are then boxes
of that size in map metres, tested with shapely.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

HALO = [withStroke(linewidth=3, foreground="white")]
# Label styles by rank: disputed or selected land, land changing hands, other land, the sea.
STYLES: list[dict[str, Any]] = [
    {"fontsize": 12.5, "fontweight": "bold", "color": "#1a1a1a"},
    {"fontsize": 10.5, "color": "#1a1a1a"},
    {"fontsize": 11, "color": "#555555"},
    {"fontsize": 11, "color": "#2f5f8a"},
]
MOST_LAND = 0.002  # the share of a name's box that may cover land other than its own
# Directions (degrees from east) a name may stand in from its land, in order of preference.
DIRECTIONS = (0, 180, -30, 30, 150, 210, -60, 60, 120, 240, 90, 270)
STAND_OFF_PX = (30, 60, 100)  # how far a name with a leader line stands beyond its coast
Spot = tuple[BaseGeometry, BaseGeometry | None]  # the name's box, its leader line or None


class Labeller:
    """Places names one after another on a map's axes, each clear of those placed before."""

    def __init__(self, ax: Axes, renderer: RendererBase, land: BaseGeometry):
        self.ax, self.renderer, self.land = ax, renderer, land
        fig = ax.get_figure(root=True)
        assert fig is not None  # the axes are on a figure
        self.dpi = fig.dpi
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        self.px = (x1 - x0) / ax.get_window_extent(renderer).width  # metres a pixel
        self.view = box(x0, y0, x1, y1)
        self.taken: list[BaseGeometry] = []

    def keep_clear(self, ext: Bbox) -> None:
        """No name goes over this part of the figure (the legend, the scale bar)."""
        self.taken.append(box(*self.ax.transData.inverted().transform(ext.get_points()).ravel()))

    def place(self, text: str, geom: BaseGeometry, rank: int) -> bool:
        """Write a name for projected land (or a point) in the style of its rank. A minor name
        with no free spot is left out; a disputed island's goes where it overlaps least."""
        anchor = geom.centroid
        ann = self.ax.annotate(
            text, (anchor.x, anchor.y), (0, 0), textcoords="offset points", ha="center",
            va="center", path_effects=HALO, **STYLES[rank],
        )  # fmt: skip
        ext = ann.get_window_extent(self.renderer)
        half = ((ext.width / 2 + 2) * self.px, (ext.height / 2 + 1) * self.px)
        spot = self._choose(geom, half, rank == 0)
        if spot is None:
            ann.remove()
            return False
        label_box, leader = spot
        c = label_box.centroid
        points = 72 / self.dpi / self.px  # points a metre
        ann.set_position(((c.x - anchor.x) * points, (c.y - anchor.y) * points))
        self.taken.append(label_box)
        if leader is not None:
            self.ax.plot(*leader.xy, color="#333333", linewidth=0.7)
        return True

    def _choose(self, own: BaseGeometry, half: tuple[float, float], major: bool) -> Spot | None:
        """The first clear spot; for a major name with none, the one that overlaps least."""
        tried: list[tuple[tuple[int, float], int, Spot]] = []
        for spot in self._spots(own, half, major):
            score = self._score(own, *spot)
            if score == (0, 0.0):
                return spot
            tried.append((score, len(tried), spot))
        return min(tried, key=lambda t: t[:2])[2] if major and tried else None

    def _spots(self, own: BaseGeometry, half: tuple[float, float], major: bool) -> Iterator[Spot]:
        """On the land; just off its coast, nearest first; then (major names) further out."""
        a = own.centroid
        yield _box(a.x, a.y, half), None
        off = sorted((self._clearance(own, half, d), i, d) for i, d in enumerate(DIRECTIONS))
        for t, _, d in off:
            yield _box(a.x + t * _cos(d), a.y + t * _sin(d), half), None
        for extra in STAND_OFF_PX if major else ():
            for t, _, d in off:
                r = t + extra * self.px
                label_box = _box(a.x + r * _cos(d), a.y + r * _sin(d), half)
                yield label_box, LineString(nearest_points(own, label_box))

    def _clearance(self, own: BaseGeometry, half: tuple[float, float], deg: float) -> float:
        """How far from the land's centre, in this direction, a name's box first clears it
        by 3 px."""
        a, step = own.centroid, 2 * self.px
        reach = math.dist(own.bounds[:2], own.bounds[2:]) + 2 * max(half)
        ts = np.arange(0.0, reach + step, step)
        boxes = shapely.box(
            a.x + ts * _cos(deg) - half[0],
            a.y + ts * _sin(deg) - half[1],
            a.x + ts * _cos(deg) + half[0],
            a.y + ts * _sin(deg) + half[1],
        )
        clear = np.nonzero(shapely.distance(own, boxes) >= 3 * self.px)[0]
        return float(ts[clear[0]] if len(clear) else ts[-1])

    def _score(self, own: BaseGeometry, label_box: BaseGeometry, leader) -> tuple[int, float]:
        """(names, legend or scale bar it overlaps; how much it is amiss): (0, 0.0) is clear.
        Amiss: outside the map, on its land with less than half of it there, covering other
        land, other land much nearer than its own (it would read as that land's name), or a
        leader line across land."""
        overlaps = sum(label_box.intersects(t) for t in self.taken)
        if not self.view.contains(label_box):
            return overlaps, 9.0
        on_own = own.intersection(label_box).area / label_box.area
        if on_own > 0:
            return overlaps, 0.0 if on_own >= 0.5 and self._other_land(own, label_box) == 0 else 1.0
        if leader is not None and self.land.intersection(leader).length > self.px:
            return overlaps, 1.0
        if (
            leader is None
            and own.distance(label_box) > 2 * self.land.distance(label_box) + 6 * self.px
        ):
            return overlaps, 1.0
        return overlaps, self._other_land(own, label_box)

    def _other_land(self, own: BaseGeometry, label_box: BaseGeometry) -> float:
        area = self.land.intersection(label_box).area - own.intersection(label_box).area
        share = area / label_box.area
        return 0.0 if share < MOST_LAND else round(share, 2)


def _box(x: float, y: float, half: tuple[float, float]) -> BaseGeometry:
    return box(x - half[0], y - half[1], x + half[0], y + half[1])


def _cos(deg: float) -> float:
    return math.cos(math.radians(deg))


def _sin(deg: float) -> float:
    return math.sin(math.radians(deg))
