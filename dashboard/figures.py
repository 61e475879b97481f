"""Every figure a panel states about a place: each published value beside the computed one.

A `Figure` spans all of them, so the range a panel shows is never narrower than what any source
says, nor than what the map data measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import records as r
from dashboard.atlas import Atlas


@dataclass(frozen=True)
class Figure:
    published: tuple[r.Value, ...] = ()
    computed: float | None = None

    @property
    def numbers(self) -> list[float]:
        vals = [
            float(v.value)
            for v in self.published
            if isinstance(v.value, int | float) and not v.erratum
        ]
        return vals + ([self.computed] if self.computed is not None else [])

    @property
    def span(self) -> tuple[float, float] | None:
        nums = self.numbers
        return (min(nums), max(nums)) if nums else None


@dataclass(frozen=True)
class StraitFigure:
    strait: str
    shores: tuple[str, ...]
    width: Figure


@dataclass(frozen=True)
class DistanceFigure:
    target: str
    label: str
    distance: Figure
    straits: tuple[StraitFigure, ...] = ()


def most_published(values: list[r.Value]) -> tuple[float, int] | None:
    """The numeric value most sources give (the largest of those tied), and how many give it;
    None without a numeric value."""
    counts: dict[float, int] = {}
    for v in values:
        if isinstance(v.value, int | float) and not v.erratum:
            counts[float(v.value)] = counts.get(float(v.value), 0) + 1
    if not counts:
        return None
    value = max(counts, key=lambda x: (counts[x], x))
    return value, counts[value]


def area(atlas: Atlas, place: str) -> Figure:
    comp = atlas.area_comparison(place)
    return Figure(tuple(comp.published), comp.computed_km2)


def populations(atlas: Atlas, place: str) -> list[tuple[int | None, Figure]]:
    """One figure per year (newest first; undated values last): counts of different years are
    not a disagreement between sources."""
    facts = atlas.ds.islands.get(place)
    years: dict[int | None, list[r.Value]] = {}
    for v in facts.population if facts else []:
        years.setdefault(v.year, []).append(v)
    order = sorted(years, key=lambda y: (y is None, -(y or 0)))
    return [(y, Figure(tuple(years[y]))) for y in order]


def _sides(atlas: Atlas, place: str) -> set[str]:
    return {place, *atlas.members(place)}


def straits(atlas: Atlas, place: str) -> list[StraitFigure]:
    """The straits with a shore on this place: published widths and the narrowest gap measured."""
    mine = _sides(atlas, place)
    out = []
    for sid, feat in atlas.ds.catalogue.items():
        if feat.kind != "strait" or not mine & set(feat.between):
            continue
        gap = atlas.strait_width(sid)
        width = Figure(tuple(feat.width_km), gap.km if gap is not None else None)
        others = tuple(b for b in feat.between if b not in mine)
        out.append(StraitFigure(sid, others, width))
    return out


def _published_distances(atlas: Atlas, place: str, target: str) -> tuple[r.Value, ...]:
    here, there = atlas.ds.islands.get(place), atlas.ds.islands.get(target)
    out = [d for d in (here.distances if here else []) if d.to == target]
    out += [d for d in (there.distances if there else []) if d.to == place]
    return tuple(out)


def distances(atlas: Atlas, place: str) -> list[DistanceFigure]:
    """The panel's distance targets and every place a source gives a distance to."""
    targets = [d.target for d in atlas.distances(place)]
    facts = atlas.ds.islands.get(place)
    targets += [d.to for d in (facts.distances if facts else []) if d.to not in targets]
    by_strait = straits(atlas, place)
    out = []
    for t in targets:
        d = atlas.distance(place, t)
        between = tuple(s for s in by_strait if _sides(atlas, t) & set(s.shores))
        published = _published_distances(atlas, place, t)
        out.append(DistanceFigure(t, d.label, Figure(published, d.km), between))
    return out
