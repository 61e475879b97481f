"""Typed records for the dispute's data files (validated with pydantic)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class Source(Record):
    id: str = Field(pattern=SLUG)
    title: str
    publisher: str | None = None
    url: str | None = None
    date: dt.date | str | None = None
    licence: str | None = None
    accessed: dt.date | str | None = None
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str | None) -> str | None:
        if v and not v.startswith(("https://", "http://")):
            raise ValueError(f"expected an http(s) address, got {v[:60]!r}")
        return v


class Cited(Record):
    """A value with its source: the unit of every fact."""

    source: str
    locator: str | None = None
    paragraph: int | None = None
    note: str | None = None


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
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    position: PartyPosition | None = None


class District(Cited):
    name: str


class Seizure(Cited):
    start: dt.date
    end: dt.date | None = None


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


class ReportFact(Record):
    id: str = Field(pattern=SLUG)
    paragraph: int = Field(ge=1)
    topic: str
    text: str
    quote: str | None = None
    speaker: str | None = None
    islands: list[str] = []
    values: list[Value] = []
    other_sources: list[Corroboration] = []
    check: Check | None = None


class Report(Record):
    source: str
    facts: list[ReportFact]


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
