"""The map's sea layer of a scenario: each holder's zones, the median lines and the high
seas, simplified for display. Every text escaped."""

from __future__ import annotations

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard import zones as z
from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.layers import display_geometry, holder_label, tooltip

KINDS = ("territorial-sea", "eez")


def shown_zones(atlas: Atlas, cons: Consequences) -> dict[str, tuple[BaseGeometry, ...]]:
    """Every unit's territorial sea and EEZ simplified for display, and the high seas (under
    the key ""): drawn once, then merged per holder for each scenario."""
    out: dict[str, tuple[BaseGeometry, ...]] = {
        u: (_shown(atlas, zone.ts), _shown(atlas, zone.eez)) for u, zone in cons.zones.units.items()
    }
    out[""] = (_shown(atlas, cons.frame.high_seas),)
    return out


def sea_collection(
    atlas: Atlas, cons: Consequences, sid: str, shown: dict[str, tuple[BaseGeometry, ...]]
) -> dict:
    """The sea under a scenario, simplified for display (`shown`): each holder's territorial
    sea and EEZ (merged: no seam between the units of one holder), the median lines between
    holders and the high seas; each with its tooltip."""
    sea, f = cons.sea(sid), cons.frame
    feats = []
    for holder, area in sea.areas.items():
        who = holder_label(atlas, holder)
        units = [u for u, h in sea.owner.items() if h == holder]
        ts, eez = (z.join([shown[u][k] for u in units]) for k in (0, 1))
        tips = (
            f"Territorial sea ({f.territorial_nm:g} nm) of {who}: {area.territorial_km2:,.0f} km²",
            f"Exclusive economic zone ({f.eez_nm:g} nm) of {who}: {area.eez_km2:,.0f} km²",
        )
        for kind, geom, tip in zip(KINDS, (ts, eez), tips, strict=True):
            if not geom.is_empty:
                feats.append(_feature(geom, kind, holder, tooltip(tip)))
    for (a, b), line in sea.medians.items():
        if not line.is_empty:
            tip = tooltip(
                f"Median line between {holder_label(atlas, a)} and {holder_label(atlas, b)}",
                "every point as far from the nearest coast of one as of the other",
            )
            feats.append(_feature(_shown(atlas, line), "median-line", "", tip))
    if not f.high_seas.is_empty:
        feats.append(_feature(shown[""][0], "high-seas", "", high_seas_tip(cons)))
    return {"type": "FeatureCollection", "features": feats}


def _shown(atlas: Atlas, geom: BaseGeometry) -> BaseGeometry:
    return shape(display_geometry(atlas, geom, "sea-zones")) if not geom.is_empty else geom


def _feature(geom: BaseGeometry, kind: str, holder: str, tip: str) -> dict:
    return {
        "type": "Feature",
        "geometry": mapping(geom),
        "properties": {"kind": kind, "holder": holder, "tip": tip},
    }


def high_seas_tip(cons: Consequences) -> str:
    f = cons.frame
    lines = [f"High seas: beyond {f.eez_nm:g} nautical miles of every coast"]
    if f.inner_high_seas_km2:
        lines.append(f"{f.inner_high_seas_km2:,.0f} km² inside the {f.inner_name}")
    return tooltip(*lines)
