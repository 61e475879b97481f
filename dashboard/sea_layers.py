"""The map's sea layers: every unit's zones once (the same in every scenario), and per
scenario who holds each unit's zones and where the median lines run. Every text escaped."""

from __future__ import annotations

from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.layers import display_geometry, holder_label, tooltip

KINDS = ("territorial-sea", "eez")


def unit_label(atlas: Atlas, unit: str) -> str:
    """A unit of land in words: 'Iturup', or 'Sakhalin (south part)' for a piece a scenario
    splits off."""
    feature, _, rest = unit.partition("#")
    part = rest.split("@")[0]
    name = atlas.label(feature)
    return f"{name} ({part} part)" if part else name


def zone_collection(atlas: Atlas, cons: Consequences) -> dict:
    """Each unit's territorial sea and EEZ, and the high seas, simplified for display."""
    feats = []
    for unit, zone in cons.zones.units.items():
        for kind, geom in zip(KINDS, (zone.ts, zone.eez), strict=True):
            if geom.is_empty:
                continue
            feats.append(
                {
                    "type": "Feature",
                    "geometry": display_geometry(atlas, geom, "sea-zones"),
                    "properties": {"unit": unit, "kind": kind},
                }
            )
    hs = cons.frame.high_seas
    if not hs.is_empty:
        feats.append(
            {
                "type": "Feature",
                "geometry": display_geometry(atlas, hs, "sea-zones"),
                "properties": {"unit": "", "kind": "high-seas", "tip": high_seas_tip(cons)},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def high_seas_tip(cons: Consequences) -> str:
    f = cons.frame
    return tooltip(
        f"High seas: beyond {f.eez_nm:g} nautical miles of every coast",
        f"{f.high_seas_km2:,.0f} km² in the map's region",
    )


def sea_scenario(atlas: Atlas, cons: Consequences, sid: str) -> dict:
    """Under a scenario: the holder of each unit's zones with a tooltip for each, and the
    median lines between holders."""
    sea = cons.sea(sid)
    tips = {}
    for unit, holder in sea.owner.items():
        zone = sea.units[unit]
        who = holder_label(atlas, holder)
        src = f"measured from the coast of {unit_label(atlas, unit)}"
        tips[unit] = {
            "territorial-sea": tooltip(
                f"Territorial sea ({cons.frame.territorial_nm:g} nm): {who}",
                src,
                f"{zone.ts_km2:,.0f} km²",
            ),
            "eez": tooltip(
                f"Exclusive economic zone ({cons.frame.eez_nm:g} nm): {who}",
                src,
                f"{zone.eez_km2:,.0f} km²",
            ),
        }
    medians = [
        {
            "type": "Feature",
            "geometry": display_geometry(atlas, line, "sea-zones"),
            "properties": {
                "tip": tooltip(
                    f"Median line between {holder_label(atlas, a)} and {holder_label(atlas, b)}",
                    "every point as far from the nearest coast of one as of the other",
                )
            },
        }
        for (a, b), line in sea.medians.items()
        if not line.is_empty
    ]
    return {
        "holders": sea.owner,
        "tips": tips,
        "medians": {"type": "FeatureCollection", "features": medians},
    }
