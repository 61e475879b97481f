"""What the geometry says: areas, distances and checks of stated facts, measured once.

An `Atlas` is built from a loaded Dataset and measures, as it is built, everything the page
states about the land: the geometry and area of every feature and group, the distances each
disputed island's panel lists, the report's checks and the straits' widths. Afterwards it only
looks them up and is never changed (a distance the page does not show is measured when asked,
and not kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
        self.view: dict[str, Any] = ds.view.model_dump()
        self.disputed: tuple[str, ...] = tuple(ds.islands)
        self.holder_kinds: dict[str, r.HolderKind] = {k.id: k for k in ds.view.holders}
        self.languages: tuple[r.Language, ...] = tuple(ds.view.languages)
        groups = dict(zip(ds.land["id"], ds.land["group"], strict=True))
        groups.update(zip(ds.places["id"], ds.places["group"], strict=True))
        self.feature_group: dict[str, str] = groups
        self._members = _members(ds)
        self._geoms = _geometries(ds, self._members)
        self._areas = {p: geo.area_km2(g) for p, g in self._geoms.items() if p in self._members}
        self._straits = {
            fid: _strait_width(self, feat)
            for fid, feat in ds.catalogue.items()
            if feat.kind == "strait"
        }
        self._dist = {pair: self._measure(*pair) for pair in self._pairs()}
        self._checks = {f.id: self._check(f) for f in ds.report.facts if f.check is not None}

    def _pairs(self) -> list[tuple[str, str]]:
        """Every pair whose distance the page shows: each disputed island to the view's
        targets, to the other disputed islands and to the places its sources give a distance
        to; and the pairs the report's checks measure."""
        pairs = []
        for place in self.disputed:
            facts = self.ds.islands[place]
            pairs += [(place, t) for t in self._targets(place)]
            pairs += [(place, d.to) for d in facts.distances if d.to != place]
        for fact in self.ds.report.facts:
            if fact.check is not None:
                pairs += [(m, fact.check.to) for m in self.members(fact.check.from_group)]
        return list(dict.fromkeys(p for p in pairs if all(self.has(x) for x in p)))

    def has(self, place: str) -> bool:
        return place in self._geoms

    def members(self, place: str) -> list[str]:
        """Land feature ids that make up a group or a feature id (a group wins a tie)."""
        return list(self._members.get(place, ()))

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

    def languages_for(self, lang: str | None = None) -> tuple[r.Language, ...]:
        """The declared languages with the reader's (`lang`) first, the others in their order;
        without `lang`, or for one the folder does not declare, the declared order."""
        mine = tuple(x for x in self.languages if x.code == lang)
        return (*mine, *(x for x in self.languages if x.code != lang)) if mine else self.languages

    def names_list(
        self, names: r.Names | None, skip_first: bool = False, lang: str | None = None
    ) -> list[str]:
        """A feature's names in the declared languages, the reader's first (`lang`; else the
        declared order); `skip_first` leaves out the one its label shows."""
        langs = self.languages_for(lang)
        langs = langs[1:] if skip_first else langs
        return [n for n in (names.get(x.code) for x in langs) if n] if names else []

    def names_romanised(
        self, names: r.Names | None, lang: str | None = None
    ) -> list[tuple[r.Language, str, str]]:
        """(language, name, its romanised form or "") in every declared language but the
        reader's (`lang`; else the first declared)."""
        if names is None:
            return []
        out = []
        for language in self.languages_for(lang)[1:]:
            name = names.get(language.code)
            if name:
                out.append((language, name, names.romanised.get(language.code, "")))
        return out

    def names_text(self, names: r.Names | None, lang: str | None = None) -> str:
        """ "Iturup (択捉島, Итуруп)": the reader's language, then the others in brackets."""
        first, *rest = self.names_list(names, lang=lang) or [""]
        return f"{first} ({', '.join(rest)})" if rest else first

    def label_of(self, names: r.Names, lang: str | None = None) -> str:
        """The name in the reader's language (`lang`), else in the first declared."""
        return (names.get(lang) if lang else None) or names.get(self.languages[0].code) or ""

    def label(self, place: str, lang: str | None = None) -> str:
        names = self.name(place)
        return (self.label_of(names, lang) if names else "") or place

    def geometry(self, place: str) -> BaseGeometry:
        """Union of the land of a feature or group, or a place's point."""
        try:
            return self._geoms[place]
        except KeyError:
            raise KeyError(f"no land, group or place {place!r}") from None

    def area_km2(self, place: str) -> float:
        return self._areas[place]

    def area_comparison(self, place: str) -> AreaComparison:
        facts = self.ds.islands.get(place)
        feat = self.ds.catalogue.get(place)
        published = (
            facts.area_km2 if facts else [v for v in feat.area_km2 if not v.note] if feat else []
        )
        return AreaComparison(self.area_km2(place), list(published))

    def _measure(self, a: str, b: str) -> Distance:
        gap = geo.nearest_gap(self.geometry(a), self.geometry(b))
        return Distance(b, self.label(b), gap.km, gap)

    def distance(self, a: str, b: str) -> Distance:
        """The shortest distance between two places: measured when the atlas was built for
        the pairs the page shows, otherwise now."""
        found = self._dist.get((a, b))
        return found if found is not None else self._measure(a, b)

    def _targets(self, place: str) -> list[str]:
        targets = [t for t in self.view.get("distance_targets", []) if t != place]
        return targets + [d for d in self.disputed if d != place]

    def distances(self, place: str) -> list[Distance]:
        """From a disputed island to the view's targets and to the other disputed islands."""
        return [self.distance(place, t) for t in self._targets(place)]

    def check(self, fact: r.ReportFact) -> CheckResult | None:
        """The report fact tested against the geometry, where it states something measurable."""
        return self._checks.get(fact.id) if fact.check is not None else None

    def _check(self, fact: r.ReportFact) -> CheckResult:
        c = fact.check
        assert c is not None  # built only for facts that state one
        dists = [(self.distance(m, c.to), m) for m in self.members(c.from_group)]
        best, nearest = min(dists, key=lambda dm: dm[0].km)
        return CheckResult(fact, best.km, best.km < c.value, nearest, best.gap)

    def strait_width(self, strait_id: str) -> geo.Gap | None:
        """Narrowest gap between the strait's two shores near its position (`search_km`)."""
        return self._straits.get(strait_id)


def _members(ds: Dataset) -> dict[str, tuple[str, ...]]:
    """Each group's land features (sorted) and each feature as itself; a group wins a tie."""
    out: dict[str, tuple[str, ...]] = {f: (f,) for f in ds.land["id"]}
    for group, ids in ds.land.groupby("group")["id"]:
        out[str(group)] = tuple(sorted(ids))
    return out


def _geometries(ds: Dataset, members: Mapping[str, tuple[str, ...]]) -> dict[str, BaseGeometry]:
    """The land of every feature and group (a union), and the point of every other place."""
    land = dict(zip(ds.land["id"], ds.land.geometry, strict=True))
    out: dict[str, BaseGeometry] = {
        p: land[ids[0]] if len(ids) == 1 else unary_union([land[i] for i in ids])
        for p, ids in members.items()
    }
    for pid, feat in ds.catalogue.items():
        if pid not in out:
            out[pid] = Point(feat.position.lon, feat.position.lat)
    return out


def _strait_width(atlas: Atlas, feat: r.CatalogueFeature) -> geo.Gap | None:
    if len(feat.between) != 2 or not all(atlas.has(x) for x in feat.between):
        return None
    disc = geo.buffer_km(Point(feat.position.lon, feat.position.lat), feat.search_km)
    a, b = (atlas.geometry(x).intersection(disc) for x in feat.between)
    if a.is_empty or b.is_empty:
        return None
    return geo.nearest_gap(a, b)
