"""A picture of a scenario's view for print and slides, PNG or SVG, drawn on the server with
matplotlib from what a `Sheet` holds: land coloured by holder over the sea, land that changes
hands outlined, the names, a legend, a scale bar measured on the ellipsoid, the title lines
and the credits.

The same view and data give the same bytes: a fixed size and resolution, no date or software
name in the file, a fixed salt for SVG ids, and no randomness. Text in an SVG is drawn as
paths, so it shows the same without the fonts.
"""

from __future__ import annotations

import io
import math
import threading
from typing import Literal

import numpy as np
import shapely
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from dashboard import geometry as geo
from dashboard.atlas import Atlas
from dashboard.fonts import find_fonts
from dashboard.framing import Frame
from dashboard.labelling import HALO, Labeller
from dashboard.layers import colour_of
from dashboard.scenarios import Scenarios
from dashboard.sheet import DPI, LegendRow, Sheet

FORMATS = ("png", "svg")
SIZE_IN = (16.0, 10.0)  # 1920 x 1200 px at DPI
MAP_LEFT, MAP_TOP = 0.2, 1.4  # inches from the left and top edges
Corner = Literal["lower left", "upper right", "lower right", "upper left"]
CORNERS: tuple[Corner, ...] = ("lower left", "upper right", "lower right", "upper left")
LAND_EDGE = "#4d4d4d"
# matplotlib's rc settings (the fonts, the SVG salt) are global to the process: one picture at a
# time, or a page's sessions drawing at once would reset each other's fonts midway.
_DRAWING = threading.Lock()


def draw_picture(
    atlas: Atlas,
    scenarios: Scenarios,
    sid: str,
    fmt: str = "png",
    selected: str | None = None,
    lang: str | None = None,
) -> bytes:
    """The picture of a scenario's view (an island selected, or none) as PNG or SVG bytes, in
    a language (the folder's first by default). Raises fonts.FontMissing when no installed font
    writes the folder's names."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    sheet = Sheet(atlas, scenarios, sid, selected, lang)
    families = find_fonts([*sheet.texts(), "0123456789 km"])
    buf = io.BytesIO()
    meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    with (
        _DRAWING,
        rc_context({"font.family": families, "svg.hashsalt": "picture", "svg.fonttype": "path"}),
    ):
        _compose(sheet).savefig(buf, format=fmt, dpi=DPI, metadata=meta)
    return buf.getvalue()


def _compose(sheet: Sheet) -> Figure:
    fig = Figure(figsize=SIZE_IN, dpi=DPI, facecolor="white")
    renderer = FigureCanvasAgg(fig).get_renderer()
    title, name, short = sheet.header()
    fig.text(0.012, 0.975, title, fontsize=22, fontweight="bold", va="top")
    fig.text(0.012, 0.925, name, fontsize=15, fontweight="bold", va="top")
    fig.text(0.012, 0.893, short, fontsize=12.5, va="top", color="#333333")
    for i, line in enumerate(sheet.footer()):
        fig.text(0.012, 0.058 - i * 0.022, line, fontsize=10, va="center", color="#333333")
    (w, h), (fw, fh) = sheet.size, SIZE_IN
    ax = fig.add_axes((MAP_LEFT / fw, 1 - (MAP_TOP + h) / fh, w / fw, h / fh))
    _draw_map(ax, sheet)
    labeller = Labeller(ax, renderer, shapely.union_all([g for _, g in sheet.land]))
    corners = _corners_by_space(sheet)
    handles = [_patch(row) for row in sheet.legend]
    if not _legend_beside(fig, ax, handles, renderer):
        legend = ax.legend(handles=handles, loc=corners.pop(0), fontsize=11, framealpha=0.92)
        labeller.keep_clear(legend.get_window_extent(renderer))
    bottom = next(c for c in corners if c.startswith("lower"))
    labeller.keep_clear(_scale_bar(ax, sheet, bottom == "lower left", renderer))
    for label in sheet.labels:
        labeller.place(*label)
    return fig


def _path(geom: BaseGeometry) -> Path:
    """A (multi)polygon as one matplotlib path, holes wound against their shell."""
    parts = shapely.get_parts(shapely.orient_polygons(geom))
    rings = [r for p in parts if p.geom_type == "Polygon" for r in (p.exterior, *p.interiors)]
    return Path.make_compound_path(*(Path(np.asarray(r.coords)[:, :2], closed=True) for r in rings))


def _draw_map(ax: Axes, sheet: Sheet) -> None:
    f, colours = sheet.frame, sheet.atlas.view["colours"]
    ax.set_facecolor(colours["ocean"])
    ax.set(xlim=(f.x0, f.x1), ylim=(f.y0, f.y1), aspect="equal", xticks=[], yticks=[])
    sea = [_path(g) for g in sheet.sea]
    ax.add_collection(PathCollection(sea, facecolors=colours["sea"], edgecolors="none"))
    fills = [colour_of(sheet.atlas, h.holder) for h, _ in sheet.land]
    land = [_path(g) for _, g in sheet.land]
    ax.add_collection(PathCollection(land, facecolors=fills, edgecolors=LAND_EDGE, linewidths=0.3))
    changed = [_path(g) for h, g in sheet.land if h.changed]
    ax.add_collection(
        PathCollection(
            changed, facecolors="none", edgecolors=colours["changed"], linewidths=1.1,
            linestyles="--",
        )
    )  # fmt: skip
    cut = sheet.sc.split_line(sheet.sid)
    if cut is not None:
        ax.plot(*f.project(cut.line).xy, color=colours["changed"], linewidth=1.2)
    if sheet.selected:
        selected = [_path(sheet.fit(sheet.atlas.geometry(sheet.selected)))]
        ax.add_collection(
            PathCollection(
                selected, facecolors="none", edgecolors=colours["selected"], linewidths=2.5
            )
        )


def _patch(row: LegendRow) -> Patch:
    if row.kind == "fill":
        return Patch(facecolor=row.colour, edgecolor=LAND_EDGE, linewidth=0.5, label=row.text)
    style: Literal["--", "-"] = "--" if row.kind == "dashed" else "-"
    width = 1.2 if row.kind == "dashed" else 2.5
    return Patch(facecolor="none", edgecolor=row.colour, linestyle=style, linewidth=width,
                 label=row.text)  # fmt: skip


def _legend_beside(fig: Figure, ax: Axes, handles: list[Patch], renderer: RendererBase) -> bool:
    """A legend to the right of a map narrower than its room, if it fits there."""
    pos = ax.get_position()
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(pos.x1 + 0.008, pos.y1),
                        fontsize=11, frameon=False)  # fmt: skip
    if legend.get_window_extent(renderer).x1 <= fig.bbox.width * 0.99:
        return True
    legend.remove()
    return False


def _corners_by_space(sheet: Sheet) -> list[Corner]:
    """The map's corners, the one with least land first (where the legend goes)."""
    f = sheet.frame
    w, h = (f.x1 - f.x0) * 0.35, (f.y1 - f.y0) * 0.35
    boxes = {
        "lower left": box(f.x0, f.y0, f.x0 + w, f.y0 + h),
        "upper right": box(f.x1 - w, f.y1 - h, f.x1, f.y1),
        "lower right": box(f.x1 - w, f.y0, f.x1, f.y0 + h),
        "upper left": box(f.x0, f.y1 - h, f.x0 + w, f.y1),
    }
    land = shapely.union_all([g for _, g in sheet.land])
    return sorted(CORNERS, key=lambda c: round(land.intersection(boxes[c]).area / (w * h), 2))


def scale_km(width_km: float) -> float:
    """A round length (1, 2 or 5 times a power of ten) of at most a fifth of the width."""
    step = 10 ** math.floor(math.log10(width_km / 5))
    return max(m * step for m in (1, 2, 5) if m * step <= width_km / 5)


def scale_bar_m(f: Frame, x: float, y: float, km: float, eastward: bool) -> float:
    """How long on the map (metres of the plane) `km` measured on the ellipsoid are, from the
    map point (x, y) due east or west."""
    start = f.unproject(Point(x, y))
    assert isinstance(start, Point)
    lon, lat, _ = geo.GEOD.fwd(start.x, start.y, 90 if eastward else -90, km * 1000)
    end = f.project(Point(lon, lat))
    assert isinstance(end, Point)
    return math.hypot(end.x - x, end.y - y)


def _scale_bar(ax: Axes, sheet: Sheet, left: bool, renderer: RendererBase) -> Bbox:
    """A bar of a round number of km in a bottom corner; its extent on the figure."""
    f = sheet.frame
    km = scale_km((f.x1 - f.x0) / 1000)
    x = f.x0 + 0.03 * (f.x1 - f.x0) if left else f.x1 - 0.03 * (f.x1 - f.x0)
    y = f.y0 + 0.04 * (f.y1 - f.y0)
    xs = [x, x + scale_bar_m(f, x, y, km, left) * (1 if left else -1)]
    halo = [withStroke(linewidth=7, foreground="white")]
    (line,) = ax.plot(xs, [y, y], color="black", linewidth=4, solid_capstyle="butt",
                      path_effects=halo)  # fmt: skip
    text = ax.text(sum(xs) / 2, y + 0.012 * (f.y1 - f.y0), sheet.scale(km), ha="center",
                   va="bottom", fontsize=11, path_effects=HALO)  # fmt: skip
    return Bbox.union([line.get_window_extent(renderer), text.get_window_extent(renderer)])
