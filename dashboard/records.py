"""Typed records for the dispute's data files (validated with pydantic)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class Strict(Record):
    """A record whose unknown keys are errors (a typo is named, never silently dropped)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _url(v: str) -> str:
    """An absolute http(s) address with a host, and nothing that could end it in a page:
    no whitespace, line break, control character, quote, angle bracket or backslash."""
    bad = next(
        (ch for ch in v if ch.isspace() or unicodedata.category(ch)[0] == "C" or ch in '<>"`\\'),
        None,
    )
    if bad is not None:
        raise ValueError(f"an address cannot hold {bad!r}; percent-encode it (e.g. %20)")
    parts = urlsplit(v)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"expected an http(s) address with a host, got {v[:60]!r}")
    return v


# Types every file shares: each value is checked when read, wherever it is used later.
Url = Annotated[str, Field(max_length=2000), AfterValidator(_url)]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
Slug = Annotated[str, Field(pattern=SLUG, max_length=80)]
Text = Annotated[str, Field(max_length=20_000)]


SourceKind = Literal["primary", "agency", "reference", "other"]
ReadAs = Literal["original", "mirror", "translation", "machine-translation"]


class Source(Record):
    id: str = Field(pattern=SLUG)
    title: str
    kind: SourceKind
    """What it is: primary (treaty text, ministry, government, official statistics), agency (news
    agency or newspaper of record), reference (encyclopaedia, atlas, scholarly work) or other (blog,
    aggregator, unofficial site, AI-written page, gist)."""
    read: ReadAs
    """How the project read it: original (the publisher's own page, or a copy it licensed, e.g. a
    newspaper carrying an agency's wire), mirror (an unauthorised copy elsewhere), translation (a
    human translation by someone else) or machine-translation."""
    publisher: str | None = None
    url: Url | None = None
    date: dt.date | str | None = None
    licence: str | None = None
    accessed: dt.date | str | None = None
    note: str | None = None


class Cited(Record):
    """A value with its source: the unit of every fact."""

    source: str
    locator: str | None = None
    paragraph: int | None = None
    note: str | None = None
    other_sources: list[Slug | Corroboration] = []
    """Further sources for the same value or text: source ids, or what each says."""
    weak_source_reason: str | None = None
    """Why the fact rests only on weak sources (all 'other', or all read in mirrors or machine
    translations); it silences validate's warning."""


class Value(Cited):
    value: float | int | str
    unit: str | None = None
    year: int | None = None


class Statement(Cited):
    text: str


class Corroboration(Cited):
    """What another source says about a fact: a value, a text, or both."""

    value: float | int | str | None = None
    unit: str | None = None
    text: str | None = None


Cited.model_rebuild()  # its other_sources hold Corroborations, defined just above


class Names(Record):
    en: str
    ja: str
    ja_romaji: str | None = None
    ru: str
    ru_translit: str | None = None
    other: list[str] = []

    @field_validator("ja")
    @classmethod
    def _japanese(cls, v: str) -> str:
        if not _JAPANESE.search(v) or _CYRILLIC.search(v):
            raise ValueError(f"expected Japanese script (kanji or kana), got {v!r}")
        return v

    @field_validator("ru")
    @classmethod
    def _cyrillic(cls, v: str) -> str:
        if not _CYRILLIC.search(v) or _LATIN.search(v) or _JAPANESE.search(v):
            raise ValueError(f"expected Cyrillic script, got {v!r}")
        return v

    @field_validator("en")
    @classmethod
    def _latin(cls, v: str) -> str:
        if _CYRILLIC.search(v) or _JAPANESE.search(v):
            raise ValueError(f"expected Latin script, got {v!r}")
        return v


class Position(Cited):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class CatalogueFeature(Record):
    id: str = Field(pattern=SLUG)
    kind: Literal["island", "land", "place", "cape", "strait"]
    group: str = Field(pattern=SLUG)
    names: Names
    position: Position
    between: list[str] = []
    width_km: list[Value] = []
    search_km: float = Field(default=30.0, gt=0, le=200)
    area_km2: list[Value] = []
    population: list[Value] = []


class PartyPosition(Cited):
    summary: str
    name_for_islands: str | None = None
    statements: list[Statement] = []


class Party(Record):
    id: str = Field(pattern=SLUG)
    name: str
    name_local: str | None = None
    colour: Colour
    position: PartyPosition | None = None


class District(Cited):
    name: str


class Seizure(Cited):
    """When a side's forces took an island: the start (`source`, `other_sources`) and, where
    known, the end with its own source; `end_of` names what the end date closes when it is not
    the island's own date (e.g. "all four islands")."""

    start: dt.date
    end: dt.date | None = None
    end_of: str | None = None
    end_source: Cited | None = None


class PublishedDistance(Value):
    """A distance a source states from this island to another feature or group (`to`)."""

    to: Slug


class IslandFacts(Record):
    id: str = Field(pattern=SLUG)
    names: Names | None = None  # a group's own names (an island's are in features.yaml)
    names_source: Cited | None = None
    area_km2: list[Value] = []
    population: list[Value] = []
    administered_by: str | None = None
    claimed_by: list[str] = []
    russian_district: District | None = None
    japanese_district: District | None = None
    seized_1945: Seizure | None = None
    distances: list[PublishedDistance] = []
    facts: list[Statement] = []


class Event(Cited):
    id: str = Field(pattern=SLUG)
    date: dt.date
    precision: Literal["day", "month", "year"] = "day"
    title: str
    kind: str = "other"
    text: str
    islands: list[str] = []
    scenario: str | None = None


class Check(Record):
    kind: Literal["max_distance_km"]
    from_group: str
    to: str
    value: float


class ReportFact(Strict):
    id: str = Field(pattern=SLUG)
    paragraph: int = Field(ge=1)
    topic: str
    text: str
    quote: str | None = None
    speaker: str | None = None
    date: dt.date | None = None
    islands: list[str] = []
    values: list[Value] = []
    other_sources: list[Corroboration] = []
    check: Check | None = None
    weak_source_reason: str | None = None


class Uncovered(Strict):
    """A paragraph of the report with no fact, and why."""

    paragraph: int = Field(ge=1)
    reason: str


class Report(Strict):
    source: str
    facts: list[ReportFact]
    not_covered: list[Uncovered] = []


class Split(Record):
    """A feature divided between two holders: by a share of area or by a latitude."""

    feature: str
    share_of: list[str] = []
    share: float | None = Field(default=None, gt=0, lt=1)
    to: str | None = None
    from_side: str | None = None
    rest_to: str | None = None
    latitude: float | None = None
    south_to: str | None = None
    north_to: str | None = None


class Scenario(Cited):
    id: str = Field(pattern=SLUG)
    name: str
    short: str | None = None
    year: int | None = None
    order: int = 0
    kind: Literal["current", "proposal", "historical"] = "proposal"
    description: str = ""
    holders: dict[str, str]
    claims: dict[str, list[str]] = {}
    split: Split | None = None


class LimitPoint(Position):
    id: str = Field(pattern=SLUG)
    name: str


class LimitLine(Record):
    id: str = Field(pattern=SLUG)
    points: list[str] = Field(min_length=2)
    rule: str | None = None


class SeaLimits(Cited):
    sea: str = Field(pattern=SLUG)
    name: Names
    text: str
    points: list[LimitPoint]
    lines: list[LimitLine]
    area_km2: list[Value] = []


class LandProperties(Record):
    """Properties every land feature in land.geojson carries."""

    id: str = Field(pattern=SLUG)
    name_en: str
    name_ja: str
    name_ru: str
    group: str = Field(pattern=SLUG)

    @field_validator("name_ja")
    @classmethod
    def _ja(cls, v: str) -> str:
        return Names._japanese(v)

    @field_validator("name_ru")
    @classmethod
    def _ru(cls, v: str) -> str:
        return Names._cyrillic(v)


class LatLon(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class MapView(Strict):
    center: LatLon
    zoom: int = Field(default=7, ge=0, le=20)
    min_zoom: int = Field(default=4, ge=0, le=20)
    max_zoom: int = Field(default=12, ge=0, le=20)


class Colours(Strict):
    """Colours that are not a party's own."""

    joint: Colour = "#CC79A7"
    none: Colour = "#BBBBBB"
    sea: Colour = "#C9DDEE"
    ocean: Colour = "#EEF3F8"
    changed: Colour = "#000000"
    selected: Colour = "#FFD21F"


class Analysis(Strict):
    box: tuple[float, float, float, float]
    context_km: float = Field(default=60.0, gt=0, le=1000)
    territorial_sea_nm: float = Field(default=12.0, gt=0, le=200)

    @field_validator("box")
    @classmethod
    def _box(cls, v: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        w, s, e, n = v
        if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
            raise ValueError("expected [west, south, east, north] in degrees, west < east")
        return v


class MapLabel(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    text: list[Annotated[str, Field(max_length=200)]] = Field(min_length=1, max_length=6)


PerGroup = dict[Slug, Annotated[float, Field(ge=0, le=100_000)]]


class Display(Strict):
    tolerance_deg: PerGroup = {}
    min_part_km2: PerGroup = {}
    min_hole_km2: PerGroup = {}


class View(Strict):
    """view.yaml: how the dashboard presents the dispute."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    subtitle: Annotated[str, Field(max_length=1000)] = ""
    default_scenario: Slug | None = None
    map: MapView
    colours: Colours = Colours()
    distance_targets: list[Slug] = []
    attribution: Annotated[str, Field(min_length=1, max_length=500)]
    analysis: Analysis
    labels: list[MapLabel] = []
    display: Display = Display()
