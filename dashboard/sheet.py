"""What a picture of a scenario's view shows, before any drawing: its frame, the land and sea
in it (projected and simplified to the picture's pixels), the names to write, the legend's
rows, the title lines and the credits. Everything comes from the same holdings and words the
page uses, in the reader's language: the folder's words (`i18n.word`) and the engine's
(`i18n.t`), the names in that language first."""

from __future__ import annotations

import textwrap
from functools import cached_property
from typing import NamedTuple

import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from dashboard.atlas import Atlas
from dashboard.framing import Frame, data_edges, frame_of, view_bounds
from dashboard.i18n import t, word
from dashboard.layers import colour_of
from dashboard.scenarios import Holding, Scenarios

DPI = 120
# The room for the map (inches): a frame of another shape fills its width or its height.
MAP_W, MAP_H = 15.6, 7.75


class Label(NamedTuple):
    text: str
    geom: BaseGeometry  # projected land (or a point) the name belongs to
    rank: int  # 0 disputed or selected land, 1 land changing hands, 2 other land, 3 the sea


class LegendRow(NamedTuple):
    colour: str
    text: str
    kind: str  # "fill", "dashed" (an outline of land changing hands) or "outline"


class Sheet:
    """One picture of a scenario's view (with an island selected, or none), in a language
    (the folder's first by default)."""

    def __init__(
        self,
        atlas: Atlas,
        scenarios: Scenarios,
        sid: str,
        selected: str | None,
        lang: str | None = None,
    ):
        self.atlas, self.sc, self.sid, self.selected = atlas, scenarios, sid, selected
        self.first = atlas.languages[0].code
        self.lang = lang or self.first
        self.scenario = scenarios.get(sid)
        bounds = view_bounds(atlas, scenarios, sid, selected)
        self.frame = f = frame_of(bounds, MAP_W / MAP_H, data_edges(atlas.ds.land.geometry))
        aspect = (f.x1 - f.x0) / (f.y1 - f.y0)
        self.size = (min(MAP_W, MAP_H * aspect), min(MAP_H, MAP_W / aspect))  # inches
        self.tolerance = (f.x1 - f.x0) / (self.size[0] * DPI) / 2  # half a pixel, in metres
        self.clip = box(*f.lonlat_bounds())
        self.land: list[tuple[Holding, BaseGeometry]] = [
            (h, g) for h in scenarios.holdings(sid) if not (g := self.fit(h.geometry)).is_empty
        ]
        self.sea = [g for g in map(self.fit, atlas.ds.sea.geometry) if not g.is_empty]

    def fit(self, g: BaseGeometry) -> BaseGeometry:
        """Land or sea cut to the frame, projected, simplified to half a pixel."""
        g = g.intersection(self.clip)
        if g.is_empty:
            return g
        drawn = shapely.make_valid(self.frame.project(g).simplify(self.tolerance))
        return drawn.intersection(self.frame.rect)

    def word(self, value: str | None) -> str:
        """The folder's words in the picture's language."""
        return word(value, self.lang, self.first)

    def label(self, place: str) -> str:
        """A place's name in the picture's language (else the page's first language's)."""
        names = self.atlas.name(place)
        return (names.get(self.lang) if names else None) or self.atlas.label(place)

    def names(self, place: str) -> str:
        """The name in the picture's language, the other languages' on a second line."""
        names = self.atlas.name(place)
        given = self.atlas.names_list(names)
        mine = names.get(self.lang) if names else None
        first, *rest = [mine, *(n for n in given if n != mine)] if mine else given
        if not given:
            return self.atlas.label(place)
        return f"{first}\n{', '.join(rest)}" if rest else first

    @cached_property
    def labels(self) -> list[Label]:
        """The names to write, in the order to place them: the disputed islands, smallest
        first (they have least room), then other land changing hands and other land drawn,
        largest first, then the sea's."""
        a = self.atlas
        disputed = [p for p in dict.fromkeys([self.selected, *a.disputed]) if p]
        named = {f for p in disputed for f in a.members(p)}
        changed = {h.feature for h, _ in self.land if h.changed} - named
        rest = {h.feature for h, _ in self.land} - named - changed
        out = sorted((self._label(p, 0) for p in disputed), key=_area)
        out += sorted((self._label(p, 1) for p in self._places(changed, True)), key=_area)[::-1]
        out += sorted((self._label(p, 2) for p in self._places(rest, False)), key=_area)[::-1]
        return [lab for lab in out if not lab.geom.is_empty] + self._sea_labels()

    def _label(self, place: str, rank: int) -> Label:
        return Label(self.names(place), self.fit(self.atlas.geometry(place)), rank)

    def _places(self, features: set[str], each: bool) -> set[str]:
        """The named groups these features make up where a group is one piece of land (its
        largest part holds most of it), and, if `each`, the other features one by one."""
        out = set()
        for f in features:
            g = self.atlas.group_of(f)
            if self.atlas.name(g) and _one_piece(self.atlas.geometry(g)):
                out.add(g)
            elif each and self.atlas.name(f):
                out.add(f)
        return out

    def _sea_labels(self) -> list[Label]:
        """view.yaml's names on the water that fall inside the frame."""
        out = []
        for lab in self.atlas.ds.view.labels:
            first, *rest = lab.text
            at = self.frame.project(Point(lab.lon, lab.lat))
            if self.frame.rect.contains(at):
                out.append(Label(f"{first}\n{', '.join(rest)}" if rest else first, at, 3))
        return out

    @cached_property
    def legend(self) -> list[LegendRow]:
        """Each holder of land in the picture, then the outlines and the sea, as drawn."""
        colours = self.atlas.view["colours"]
        held = {h.holder for h, _ in self.land}
        out = [
            LegendRow(colour_of(self.atlas, h), self._held_by(h), "fill")
            for h in [*self.atlas.ds.parties, *self.atlas.holder_kinds]
            if h in held
        ]
        if any(h.changed for h, _ in self.land):
            text = t("legend.changed", self.lang)
            out.append(LegendRow(colours["changed"], text, "dashed"))
        if self.selected:
            text = t("picture.selected", self.lang, name=self.label(self.selected))
            out.append(LegendRow(colours["selected"], text, "outline"))
        limits = self.atlas.ds.sea_limits
        if self.sea and limits is not None:
            sea = limits.name.get(self.lang) or self.atlas.label_of(limits.name)
            caption = self.word(limits.caption)
            text = t("legend.sea", self.lang, sea=sea, caption=caption) if caption else sea
            out.append(LegendRow(colours["sea"], text, "fill"))
        return out

    def _held_by(self, holder: str) -> str:
        kind = self.atlas.holder_kinds.get(holder)
        if kind is not None:
            return self.word(kind.legend)
        party = self.atlas.ds.parties.get(holder)
        return t("legend.held_by", self.lang, holder=self.word(party.name) if party else holder)

    def header(self) -> tuple[str, str, str]:
        """The title, the scenario's name and its short description."""
        s = self.scenario
        short = self.word(s.short) or s.description
        short = textwrap.fill(short, 150, max_lines=2, placeholder=" …")
        return self.word(self.atlas.ds.view.title), self.word(s.name), short

    def footer(self) -> list[str]:
        """The attribution, the scenario's source and the projection."""
        src = self.atlas.ds.sources.get(self.scenario.source)
        cited = ", ".join(str(x) for x in (src.title, src.publisher, src.date) if x) if src else ""
        cited = textwrap.shorten(cited or self.scenario.source, 210, placeholder=" …")
        return [
            self.atlas.ds.view.attribution,
            t("picture.source", self.lang, cited=cited),
            t("picture.projection", self.lang, centre=_latlon(self.frame)),
        ]

    def scale(self, km: float) -> str:
        """The scale bar's length, as the picture's language writes it."""
        return t("unit.km", self.lang, value=f"{km:g}")

    def texts(self) -> list[str]:
        """Every text the picture writes (the font must have each character)."""
        rows = [r.text for r in self.legend]
        return [
            *self.header(),
            *self.footer(),
            *rows,
            *(lab.text for lab in self.labels),
            self.scale(0),
        ]


def _one_piece(geom: BaseGeometry) -> bool:
    return max(p.area for p in shapely.get_parts(geom)) >= 0.75 * geom.area


def _area(label: Label) -> float:
    return label.geom.area


def _latlon(f: Frame) -> str:
    ns, ew = ("N" if f.lat0 >= 0 else "S"), ("E" if f.lon0 >= 0 else "W")
    return f"{abs(f.lat0):.2f}°{ns} {abs(f.lon0):.2f}°{ew}"
