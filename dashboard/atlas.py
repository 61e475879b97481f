"""What the geometry says: areas, distances and checks of stated facts, computed once.

An `Atlas` wraps a loaded Dataset and memoises everything it computes, so a long-running
server measures each island once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from dashboard import geometry as geo
from dashboard import records as r
from dashboard.data import Dataset


@dataclass(frozen=True)
class Distance:
    target: str
    label: str
    km: float
    gap: geo.Gap


@dataclass(frozen=True)
class AreaComparison:
    computed_km2: float
    published: list[r.Value]

    @property
    def published_range(self) -> tuple[float, float] | None:
        vals = [float(v.value) for v in self.published]
        return (min(vals), max(vals)) if vals else None

    def difference_pct(self) -> tuple[float, float] | None:
        """How far the computed area is from the lowest and highest published figure, in %."""
        rng = self.published_range
        if rng is None:
            return None
        return tuple(100.0 * (self.computed_km2 - v) / v for v in rng)  # type: ignore[return-value]


@dataclass(frozen=True)
class CheckResult:
    fact: r.ReportFact
    measured_km: float
    holds: bool
    nearest: str
    gap: geo.Gap


class Atlas:
    def __init__(self, ds: Dataset):
        self.ds = ds
        self._geoms: dict[str, BaseGeometry] = {}
        self._dist: dict[tuple[str, str], Distance] = {}

    @cached_property
    def view(self) -> dict[str, Any]:
        """view.yaml, validated when the folder was read, with every default filled in."""
        return self.ds.view.model_dump()

    @cached_property
    def disputed(self) -> list[str]:
        """Disputed island/group ids, in the order of islands.yaml."""
        return list(self.ds.islands)

    @cached_property
    def feature_group(self) -> dict[str, str]:
        out = dict(zip(self.ds.land["id"], self.ds.land["group"], strict=True))
        out.update(zip(self.ds.places["id"], self.ds.places["group"], strict=True))
        return out

    @geo.memoised
    def members(self, place: str) -> list[str]:
        """Land feature ids that make up a group or a feature id (a group wins a tie)."""
        land = self.ds.land
        group = sorted(land.loc[land["group"] == place, "id"])
        if group:
            return group
        return [place] if place in set(land["id"]) else []

    def group_of(self, feature_id: str) -> str:
        return self.feature_group.get(feature_id, feature_id)

    def name(self, place: str) -> r.Names | None:
        """A feature's names, or a group's own names (never one of its members')."""
        facts = self.ds.islands.get(place)
        if facts is not None and facts.names is not None:
            return facts.names
        feat = self.ds.catalogue.get(place)
        if feat is not None:
            return feat.names
        members = self.members(place)
        return self.ds.catalogue[members[0]].names if len(members) == 1 else None

    @cached_property
    def holder_kinds(self) -> dict[str, r.HolderKind]:
        """Holders that are not a party (view.yaml `holders`), by id."""
        return {k.id: k for k in self.ds.view.holders}

    @cached_property
    def languages(self) -> list[r.Language]:
        """The languages of the folder's names (view.yaml), the page's own first."""
        return list(self.ds.view.languages)

    def names_list(self, names: r.Names | None, skip_first: bool = False) -> list[str]:
        """A feature's names in the declared languages, in their order."""
        langs = self.languages[1:] if skip_first else self.languages
        return [n for n in (names.get(lang.code) for lang in langs) if n] if names else []

    def names_romanised(self, names: r.Names | None) -> list[tuple[r.Language, str, str]]:
        """(language, name, its romanised form or "") in every declared language but the first."""
        if names is None:
            return []
        out = []
        for lang in self.languages[1:]:
            name = names.get(lang.code)
            if name:
                out.append((lang, name, names.romanised.get(lang.code, "")))
        return out

    def names_text(self, names: r.Names | None) -> str:
        """ "Iturup (択捉島, Итуруп)": the page's language, then the others in brackets."""
        first, *rest = self.names_list(names) or [""]
        return f"{first} ({', '.join(rest)})" if rest else first

    def label_of(self, names: r.Names) -> str:
        """The name in the page's language (the first declared)."""
        return names.get(self.languages[0].code) or ""

    @geo.memoised
    def label(self, place: str) -> str:
        names = self.name(place)
        return (self.label_of(names) if names else "") or place

    def geometry(self, place: str) -> BaseGeometry:
        """Union of the land of a feature or group, or a place's point."""
        if place not in self._geoms:
            ids = self.members(place)
            if ids:
                land = self.ds.land.set_index("id").loc[ids]
                self._geoms[place] = unary_union(list(land.geometry))
            elif place in self.ds.catalogue:
                pos = self.ds.catalogue[place].position
                self._geoms[place] = Point(pos.lon, pos.lat)
            else:
                raise KeyError(f"no land, group or place {place!r}")
        return self._geoms[place]

    @geo.memoised
    def area_km2(self, place: str) -> float:
        return geo.area_km2(self.geometry(place))

    def area_comparison(self, place: str) -> AreaComparison:
        facts = self.ds.islands.get(place)
        feat = self.ds.catalogue.get(place)
        published = (
            facts.area_km2 if facts else [v for v in feat.area_km2 if not v.note] if feat else []
        )
        return AreaComparison(self.area_km2(place), list(published))

    def distance(self, a: str, b: str) -> Distance:
        if (a, b) not in self._dist:
            gap = geo.nearest_gap(self.geometry(a), self.geometry(b))
            self._dist[(a, b)] = Distance(b, self.label(b), gap.km, gap)
        return self._dist[(a, b)]

    @geo.memoised
    def distances(self, place: str) -> list[Distance]:
        """From a disputed island to the view's targets and to the other disputed islands."""
        targets = [t for t in self.view.get("distance_targets", []) if t != place]
        targets += [d for d in self.disputed if d != place]
        return [self.distance(place, t) for t in targets]

    def check(self, fact: r.ReportFact) -> CheckResult | None:
        """Test a report fact against the geometry, where it states something measurable."""
        return self._check(fact.id) if fact.check is not None else None

    @geo.memoised
    def _check(self, fact_id: str) -> CheckResult:
        fact = next(f for f in self.ds.report.facts if f.id == fact_id)
        c = fact.check
        assert c is not None  # check() asks only for facts that state one
        best = min((self.distance(m, c.to) for m in self.members(c.from_group)), key=lambda d: d.km)
        nearest = next(m for m in self.members(c.from_group) if self.distance(m, c.to) is best)
        return CheckResult(fact, best.km, best.km < c.value, nearest, best.gap)

    @geo.memoised
    def strait_width(self, strait_id: str) -> geo.Gap | None:
        """Narrowest gap between the strait's two shores near its position (`search_km`)."""
        feat = self.ds.catalogue[strait_id]
        radius_km = feat.search_km
        if len(feat.between) != 2:
            return None
        centre = Point(feat.position.lon, feat.position.lat)
        disc = geo.buffer_km(centre, radius_km)
        a, b = (self.geometry(x).intersection(disc) for x in feat.between)
        if a.is_empty or b.is_empty:
            return None
        return geo.nearest_gap(a, b)
