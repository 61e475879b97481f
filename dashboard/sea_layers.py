"""The map's sea layer of a scenario: each holder's zones, the median lines and the high
seas, simplified for display; and their tooltips in a language. Every text escaped."""

from __future__ import annotations

from typing import NamedTuple

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard import zones as z
from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.i18n import number, t
from dashboard.layers import display_geometry, holder_label, tooltip

KINDS = ("territorial-sea", "eez")


class SeaPiece(NamedTuple):
    """One feature of a scenario's sea layer, before it is drawn or worded: its kind, its
    holder (or the two holders a median line divides), the geometry shown."""

    kind: str
    holders: tuple[str, ...]
    geom: BaseGeometry


def shown_zones(atlas: Atlas, cons: Consequences) -> dict[str, tuple[BaseGeometry, ...]]:
    """Every unit's territorial sea and EEZ simplified for display, and the high seas (under
    the key ""): drawn once, then merged per holder for each scenario."""
    out: dict[str, tuple[BaseGeometry, ...]] = {
        u: (_shown(atlas, zone.ts), _shown(atlas, zone.eez)) for u, zone in cons.zones.units.items()
    }
    out[""] = (_shown(atlas, cons.frame.high_seas),)
    return out


def sea_pieces(
    atlas: Atlas, cons: Consequences, sid: str, shown: dict[str, tuple[BaseGeometry, ...]]
) -> list[SeaPiece]:
    """The sea under a scenario, simplified for display (`shown`): each holder's territorial
    sea and EEZ (merged: no seam between the units of one holder), the median lines between
    holders and the high seas, in the order the layer draws them."""
    sea, f = cons.sea(sid), cons.frame
    out = []
    for holder in sea.areas:
        units = [u for u, h in sea.owner.items() if h == holder]
        for k, kind in enumerate(KINDS):
            geom = z.join([shown[u][k] for u in units])
            if not geom.is_empty:
                out.append(SeaPiece(kind, (holder,), geom))
    for (a, b), line in sea.medians.items():
        if not line.is_empty:
            out.append(SeaPiece("median-line", (a, b), _shown(atlas, line)))
    if not f.high_seas.is_empty:
        out.append(SeaPiece("high-seas", (), shown[""][0]))
    return out


def sea_collection(pieces: list[SeaPiece]) -> dict:
    """The sea layer's features (their tooltips: sea_tips, in the same order)."""
    feats = [
        {
            "type": "Feature",
            "geometry": mapping(p.geom),
            "properties": {
                "i": i,
                "kind": p.kind,
                "holder": p.holders[0] if p.kind in KINDS else "",
            },
        }
        for i, p in enumerate(pieces)
    ]
    return {"type": "FeatureCollection", "features": feats}


def sea_tips(
    atlas: Atlas, cons: Consequences, sid: str, pieces: list[SeaPiece], lang: str
) -> list[str]:
    """The tooltip of each of the sea layer's features, in the reader's language."""
    areas, f = cons.sea(sid).areas, cons.frame
    tips = []
    for p in pieces:
        who = [holder_label(atlas, h, lang) for h in p.holders]
        if p.kind in KINDS:
            area, ts = areas[p.holders[0]], p.kind == "territorial-sea"
            text = t(
                "tip.territorial" if ts else "tip.eez",
                lang,
                nm=f"{f.territorial_nm if ts else f.eez_nm:g}",
                holder=who[0],
                area=number(area.territorial_km2 if ts else area.eez_km2, lang),
            )
            tips.append(tooltip(text))
        elif p.kind == "median-line":
            tips.append(
                tooltip(t("tip.median", lang, a=who[0], b=who[1]), t("tip.median.what", lang))
            )
        else:
            tips.append(high_seas_tip(atlas, cons, lang))
    return tips


def _shown(atlas: Atlas, geom: BaseGeometry) -> BaseGeometry:
    return shape(display_geometry(atlas, geom, "sea-zones")) if not geom.is_empty else geom


def high_seas_tip(atlas: Atlas, cons: Consequences, lang: str) -> str:
    f = cons.frame
    lines = [t("tip.high_seas", lang, nm=f"{f.eez_nm:g}")]
    if f.inner_high_seas_km2:
        sea = sea_name(atlas, cons, lang)
        lines.append(
            t("tip.high_seas.inner", lang, area=number(f.inner_high_seas_km2, lang), sea=sea)
        )
    return tooltip(*lines)


def sea_name(atlas: Atlas, cons: Consequences, lang: str | None = None) -> str:
    """The name of the folder's sea (the Sea of Okhotsk) in the reader's language."""
    limits = atlas.ds.sea_limits
    return atlas.label_of(limits.name, lang) if limits else cons.frame.inner_name
