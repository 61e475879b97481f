"""Pure geometry on the WGS84 ellipsoid: areas, distances, simplification.

Measure in metres, never in degrees: areas come from pyproj.Geod on the ellipsoid, and
nearest points are found in an azimuthal equidistant projection centred on the pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import shapely
from pyproj import Geod, Transformer
from pyproj.enums import TransformDirection
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from dashboard.config import ELLIPSOID

GEOD = Geod(ellps=ELLIPSOID)

# A change of coordinates keeps a geometry's type: a Point stays a Point.
GeomT = TypeVar("GeomT", bound=BaseGeometry)


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area of a lon/lat (Multi)Polygon in km²."""
    if geom.is_empty:
        return 0.0
    area, _ = GEOD.geometry_area_perimeter(shapely.normalize(geom))
    return abs(area) / 1e6


def length_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance between two lon/lat points in km."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def plane(proj: str, lon0: float, lat0: float) -> Transformer:
    """Lon/lat degrees <-> metres on a plane of the WGS 84 ellipsoid centred at (lon0, lat0):
    `proj` is "aeqd" (azimuthal equidistant: distances from the centre are geodesic) or
    "laea" (Lambert azimuthal equal-area: every area is kept). Written as a PROJ pipeline,
    built without PROJ's database, so that one per measured place costs nothing to make."""
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj={proj} +lat_0={lat0} +lon_0={lon0} +ellps={ELLIPSOID}"
    )


def local_plane(lon0: float, lat0: float) -> Transformer:
    """The azimuthal equidistant plane `to_local` and `from_local` use around (lon0, lat0)."""
    return plane("aeqd", round(lon0, 3), round(lat0, 3))


def on_plane(tr: Transformer, direction: TransformDirection = TransformDirection.FORWARD):
    """The coordinate function for shapely.transform that takes geometry through `tr`."""

    def apply(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1], direction=direction)
        return np.column_stack([x, y])

    return apply


def _transform(geom: GeomT, tr: Transformer, direction: TransformDirection) -> GeomT:
    return shapely.transform(geom, on_plane(tr, direction))


def to_local(geom: GeomT, lon0: float, lat0: float) -> GeomT:
    """Project lon/lat geometry to metres around (lon0, lat0)."""
    return _transform(geom, local_plane(lon0, lat0), TransformDirection.FORWARD)


def from_local(geom: GeomT, lon0: float, lat0: float) -> GeomT:
    """Inverse of to_local."""
    return _transform(geom, local_plane(lon0, lat0), TransformDirection.INVERSE)


@dataclass(frozen=True)
class Gap:
    """The shortest segment between two geometries, with its geodesic length."""

    a: Point
    b: Point
    km: float

    @property
    def line(self) -> LineString:
        return LineString([self.a, self.b])


def nearest_gap(a: BaseGeometry, b: BaseGeometry) -> Gap:
    """Shortest segment between a and b (lon/lat), found in metres around the pair."""
    pa, pb = nearest_points(a, b)  # a first guess in degrees, to centre the projection
    lon0, lat0 = (pa.x + pb.x) / 2, (pa.y + pb.y) / 2
    la, lb = nearest_points(to_local(a, lon0, lat0), to_local(b, lon0, lat0))
    ga, gb = from_local(la, lon0, lat0), from_local(lb, lon0, lat0)
    return Gap(ga, gb, length_km(ga.x, ga.y, gb.x, gb.y))


def distance_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Geodesic length of the shortest segment between a and b, km (0 if they touch)."""
    if a.intersects(b):
        return 0.0
    return nearest_gap(a, b).km


def buffer_km(geom: BaseGeometry, km: float, resolution: int = 16) -> BaseGeometry:
    """A buffer of `km` around lon/lat geometry, built in metres and returned in lon/lat."""
    c = geom.centroid
    local = to_local(geom, c.x, c.y).buffer(km * 1000.0, resolution)
    return from_local(local, c.x, c.y)


def extend_line(p_from: Point, p_to: Point, km: float) -> Point:
    """The point `km` beyond p_to on the geodesic from p_from through p_to."""
    az, _, _ = GEOD.inv(p_from.x, p_from.y, p_to.x, p_to.y)
    lon, lat, _ = GEOD.fwd(p_to.x, p_to.y, az, km * 1000.0)
    return Point(lon, lat)


def fill_holes(geom: BaseGeometry, min_km2: float) -> BaseGeometry:
    """The (Multi)Polygon with its holes (lakes) under `min_km2` filled in."""
    polys = list(getattr(geom, "geoms", [geom]))
    if not all(isinstance(p, Polygon) for p in polys):
        return geom
    kept = [
        Polygon(p.exterior, [h for h in p.interiors if area_km2(Polygon(h)) >= min_km2])
        for p in polys
    ]
    return kept[0] if isinstance(geom, Polygon) else shapely.MultiPolygon(kept)


def simplify(geom: BaseGeometry, tolerance_deg: float, decimals: int) -> BaseGeometry:
    """Simplify (topology-preserving) and round coordinates, keeping the result valid."""
    out = geom.simplify(tolerance_deg, preserve_topology=True) if tolerance_deg else geom
    out = shapely.set_precision(out, 10.0**-decimals)
    if out.is_empty:  # an islet smaller than the grid: keep a rounded point-sized original
        out = shapely.set_precision(geom, 10.0**-decimals)
    return out
