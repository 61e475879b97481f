"""Typed records for the dispute's data files (validated with pydantic)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    model_validator,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANG = r"^[a-z]{2,3}$"  # an ISO 639 language code

# The writing systems a data folder may declare for its languages: the letters each is made of.
# A name in a language must contain its script's letters and no letters of another script.
SCRIPTS: dict[str, re.Pattern[str]] = {
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "japanese": re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]"),
    "han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]"),
    "hangul": re.compile(r"[\u1100-\u11ff\uac00-\ud7af]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "georgian": re.compile(r"[\u10a0-\u10ff]"),
    "armenian": re.compile(r"[\u0530-\u058f]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
}
Script = Literal[
    "latin",
    "cyrillic",
    "japanese",
    "han",
    "hangul",
    "greek",
    "arabic",
    "hebrew",
    "georgian",
    "armenian",
    "devanagari",
    "thai",
]


def script_problem(text: str, script: str) -> str | None:
    """Why `text` is not written in `script`, or None. Japanese includes the Han characters, and
    Japanese and Chinese names may hold Latin letters (as written: "JR北海道")."""
    if not SCRIPTS[script].search(text):
        return f"expected {script} script, got {text[:60]!r}"
    related = {"japanese": {"han", "latin"}, "han": {"japanese", "latin"}}.get(script, set())
    for other, pattern in SCRIPTS.items():
        if other != script and other not in related and pattern.search(text):
            return f"expected {script} script only, got {other} letters in {text[:60]!r}"
    return None


class Words(str):
    """Words about the dispute that the page shows in the reader's language: a title, a heading,
    a party's or a scenario's name. A data file gives either plain text, in the page's first
    language only, or a mapping of language code to text (`{en: Japan, ja: 日本, ru: Япония}`).

    It is the text in the page's first language wherever it is used as a string, so code that
    has not chosen a language shows what it always showed; `by_language` holds every language's
    text and `dashboard.i18n.word` picks the reader's. Which languages a folder must give is
    checked against its view.yaml (checks.check_words), not here: a record does not know them.
    """

    _texts: tuple[tuple[str, str], ...]

    def __new__(cls, text: str, by_language: Mapping[str, str] | None = None) -> Words:
        self = super().__new__(cls, text)
        self._texts = tuple((by_language or {}).items())
        return self

    @property
    def by_language(self) -> dict[str, str]:
        """The text in each language the data gives; empty for plain text."""
        return dict(self._texts)

    def __reduce__(self) -> tuple[Any, ...]:
        return Words, (str(self), self.by_language)


def _words(value: Any, info: ValidationInfo) -> Words:
    """Plain text, or {language code: text}. The first language the folder declares (passed
    by the loader as `context["languages"]`) is the text used as a string; without it, the
    mapping's first entry."""
    if isinstance(value, Words):
        return value
    if isinstance(value, str):
        return Words(value.strip())
    if not isinstance(value, Mapping) or not value:
        raise ValueError(
            "expected text, or a mapping of language codes to text (`{en: ..., ja: ...}`)"
        )
    texts: dict[str, str] = {}
    for code, text in value.items():
        if not isinstance(code, str) or not re.fullmatch(LANG, code):
            raise ValueError(f"{str(code)[:40]!r} is not a language code (two or three letters)")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"the {code} text must be non-empty text")
        texts[code] = text.strip()
    declared = (info.context or {}).get("languages") or ()
    first = next((c for c in declared if c in texts), next(iter(texts)))
    return Words(texts[first], texts)


def _limit(max_length: int, min_length: int = 1):
    """A check that Words' text, in every language given, is min_length to max_length long."""

    def check(value: Words) -> Words:
        for code, text in (value.by_language or {"": str(value)}).items():
            where = f"the {code} text" if code else "the text"
            if len(text) < min_length:
                raise ValueError(f"{where} must not be empty")
            if len(text) > max_length:
                raise ValueError(f"{where} is {len(text)} characters; the limit is {max_length}")
        return value

    return check


# Words fields by their room on the page: a name or a legend, a heading, a title or a scenario's
# name, a sentence or two (a scenario's summary, a caption), a paragraph (a subtitle). Read with
# _words; written out (model_dump) as the first language's text.
_READ = (PlainValidator(_words), PlainSerializer(str, return_type=str))
NameWords = Annotated[Words, *_READ, AfterValidator(_limit(120))]
HeadingWords = Annotated[Words, *_READ, AfterValidator(_limit(200))]
CaptionWords = Annotated[Words, *_READ, AfterValidator(_limit(200, 0))]
SentenceWords = Annotated[Words, *_READ, AfterValidator(_limit(500, 0))]
ParagraphWords = Annotated[Words, *_READ, AfterValidator(_limit(1000, 0))]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
    place: str | None = None  # where it was published or datelined
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
    qualifier: str | None = None  # "more than", "about", "less than" as the source words it
    kind: str | None = None  # what the figure is, when not a plain measure ("target")
    since: int | None = None  # a count since this year
    as_of: dt.date | str | None = None  # a count or state at this date
    period: str | None = None  # the span a figure covers ("January–November 2018")
    # why this published value is known to be wrong (a misprint, two figures swapped): it is
    # still listed with its source, but no range is widened to hold it
    erratum: str | None = None


class Statement(Cited):
    text: str
    speaker: str | None = None
    date: dt.date | str | None = None  # "2025-10" where only the month is known


class Corroboration(Cited):
    """What another source says about a fact: a value, a text, or both."""

    value: float | int | str | None = None
    unit: str | None = None
    text: str | None = None
    year: int | None = None
    qualifier: str | None = None
    since: int | None = None
    as_of: dt.date | str | None = None
    period: str | None = None


Cited.model_rebuild()  # its other_sources hold Corroborations, defined just above


class Names(Record):
    """A feature's names: one per language the folder declares (view.yaml `languages`), keyed
    by language code (`en: Iturup`, `ja: 択捉島`), with romanised forms of those in another
    script (`romanised: {ja: Etorofu-tō}`) and other names in use (`other`). Every declared
    language is required and each name is checked against its language's script (checks.py)."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)
    romanised: dict[Annotated[str, Field(pattern=LANG)], Annotated[str, Field(max_length=200)]] = {}
    other: list[Annotated[str, Field(max_length=200)]] = []

    @model_validator(mode="after")
    def _languages(self) -> Names:
        for key, value in (self.model_extra or {}).items():
            if not re.fullmatch(LANG, key):
                raise ValueError(f"{key!r} is not a language code (two or three letters, as `en`)")
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                raise ValueError(f"the {key} name must be text of 1 to 200 characters")
        return self

    @property
    def by_language(self) -> dict[str, str]:
        return {k: v.strip() for k, v in (self.model_extra or {}).items()}

    def get(self, lang: str) -> str | None:
        return self.by_language.get(lang)


class Position(Cited):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class CatalogueFeature(Record):
    id: str = Field(pattern=SLUG)
    kind: Literal["island", "land", "place", "cape", "strait"]
    group: str = Field(pattern=SLUG)
    names: Names
    names_sources: list[Slug] = []
    # why the names rest only on weak sources (see Cited.weak_source_reason)
    names_weak_source_reason: str | None = None
    position: Position
    note: str | None = None
    between: list[str] = []
    width_km: list[Value] = []
    search_km: float = Field(default=30.0, gt=0, le=200)
    area_km2: list[Value] = []
    population: list[Value] = []


class PartyPosition(Cited):
    summary: str
    name_for_islands: str | None = None
    name_source: Slug | None = None  # the source of name_for_islands
    statements: list[Statement] = []
    # statements by others in support of the position (a territory's own government, say)
    supporting: list[Statement] = []
    # the position in the party's own words and language, quoted: what a page in that language
    # shows beside (or instead of) the narrator's summary
    own_words: list[OwnWords] = []

    def in_language(self, lang: str) -> list[OwnWords]:
        """The party's own words in `lang`, in the order given."""
        return [q for q in self.own_words if q.lang == lang]


class Party(Record):
    id: str = Field(pattern=SLUG)
    name: NameWords  # "Japan", or in each language: {en: Japan, ja: 日本, ru: Япония}
    name_local: str | None = None
    names: Names | None = None  # the full names, in the declared languages
    names_source: Cited | None = None
    colour: Colour
    position: PartyPosition | None = None


class District(Cited):
    """Where a party places the island in its own administration."""

    name: str


class ControlChange(Cited):
    """A change of who held an island: the party that took it (`by`), the words the panel puts
    before the dates (`label`: "Taken by Soviet forces"), the start (`source`, `other_sources`)
    and, where known, the end with its own source; `end_of` names what the end date closes when
    it is not the island's own date (e.g. "all four islands")."""

    by: Slug
    label: NameWords
    start: dt.date
    end: dt.date | None = None
    end_of: NameWords | None = None
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
    districts: dict[Slug, District] = {}  # party id -> its district of the island
    control: list[ControlChange] = []  # changes of control, in order
    distances: list[PublishedDistance] = []
    facts: list[Statement] = []


class Event(Cited):
    id: str = Field(pattern=SLUG)
    date: dt.date
    end_date: dt.date | None = None  # where the event spans days
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
    source: str | None  # None: the folder has no report.yaml
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
    name: HeadingWords
    short: SentenceWords | None = None
    # the sources of the name in each language (the names of treaties, as each side writes them)
    names_sources: list[Slug] = []
    year: int | None = None
    order: int = 0
    # current: the present border; historical: a past one; proposal: one that was put
    # forward; view: how one side's official maps draw the land
    kind: Literal["current", "proposal", "historical", "view"] = "proposal"
    default: bool = False  # the scenario the page opens on when view.yaml names none
    description: str = ""
    holders: dict[str, str]
    # party -> land it would administer though `holders` gives its sovereignty to another
    # (a leaseback); like `claims`, the map colours sovereignty
    administration: dict[Slug, list[str]] = {}
    claims: dict[str, list[str]] = {}
    split: Split | None = None


class LimitPoint(Position):
    id: str = Field(pattern=SLUG)
    name: str
    name_verified: bool | None = None  # the name was found in the source itself
    other_names: list[str] = []
    s23_latitude: str | None = None  # the latitude as S-23 prints it


class LimitLine(Cited):
    id: str = Field(pattern=SLUG)
    corroborated_by: list[Slug] = []
    points: list[str] = Field(min_length=2)
    rule: str | None = None
    # a line between two points that runs along the outer side of these groups' land (the
    # convex hull's side away from the sea), as S-23 runs one "through" an island chain
    around: list[Slug] = []


class SeaLimits(Cited):
    sea: str = Field(pattern=SLUG)
    name: Names
    names_sources: list[Slug] = []
    names_weak_source_reason: str | None = None  # as CatalogueFeature's
    text_note: str | None = None
    # what the sea's outline is, in a few words for its tooltip ("IHO S-23 limits")
    caption: CaptionWords = Words("")
    text: str
    points: list[LimitPoint]
    lines: list[LimitLine]
    area_km2: list[Value] = []


class Quoted(Cited):
    """Words quoted from a source, in its own language, with an English translation where
    they are in another (and who made it: the source's own, or "ours")."""

    text: Text
    translation: Text | None = None
    translated_by: Annotated[str, Field(max_length=200)] | None = None
    speaker: Annotated[str, Field(max_length=200)] | None = None
    date: dt.date | str | None = None


class OwnWords(Quoted):
    """A party's position quoted in its own words, in the language it said them in (`lang`, one
    the folder declares), with its source and locator."""

    lang: Annotated[str, Field(pattern=LANG)]


PartyPosition.model_rebuild()  # its own_words are OwnWords, defined just above
Party.model_rebuild()


class LawRule(Quoted):
    """A rule of the law of the sea the page applies, in the words of its text."""

    id: Slug
    title: Annotated[str, Field(min_length=1, max_length=200)]  # "Territorial sea: 12 nm"


class MaritimePosition(Quoted):
    """What a party says about its zones in the disputed area, quoted and attributed."""

    party: Slug
    summary: Text  # the narrator's neutral words: "Japan's law applies the median line ..."


class Enclave(Strict):
    """A named area of high seas that the zones leave in the folder's sea (e.g. the Sea of
    Okhotsk's central enclave), with every published figure of it and facts about it."""

    names: Names
    names_sources: list[Slug] = []
    names_weak_source_reason: str | None = None
    area_km2: list[Value] = []
    length_km: list[Value] = []
    width_km: list[Value] = []
    facts: list[Statement] = []
    # what the page says of the difference between the computed area and the published ones,
    # in the narrator's words (shown beside the figures)
    difference_note: Text | None = None


class Maritime(Strict):
    """maritime.yaml (optional): the rules the page's sea zones follow, each party's stated
    position on its zones, the enclave of high seas, and what is known of baselines."""

    rules: list[LawRule] = []
    positions: list[MaritimePosition] = []
    enclave: Enclave | None = None
    baselines: list[Statement] = []


class LandProperties(Record):
    """Properties every land feature in land.geojson carries (its names, `name_<language>`, are
    checked against features.yaml in checks.py)."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)
    id: str = Field(pattern=SLUG)
    group: str = Field(pattern=SLUG)
    kind: Literal["island", "land"] | None = None

    @model_validator(mode="after")
    def _names_only(self) -> LandProperties:
        for key in self.model_extra or {}:
            if not re.fullmatch(r"(name|romanised)_[a-z]{2,3}", key):
                raise ValueError(
                    f"unknown property {key!r}: a land feature has id, group, kind and its"
                    " names as name_<language> and romanised_<language>"
                )
        return self


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

    sea: Colour = "#C9DDEE"
    ocean: Colour = "#EEF3F8"
    changed: Colour = "#000000"
    selected: Colour = "#FFD21F"
    high_seas: Colour = "#FFFFFF"  # the sea beyond every 200-nm zone


def _box(v: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    w, s, e, n = v
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise ValueError("expected [west, south, east, north] in degrees, west < east")
    return v


Box = Annotated[tuple[float, float, float, float], AfterValidator(_box)]


class BuildRegion(Record):
    """What the engine reads of build.yaml: the region the land data was cut to (its edges
    there are edges of the data, not coasts). The build reads the rest."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    region: Box | None = None


class Analysis(Strict):
    """How the sea is divided (dashboard.zones): UNCLOS breadths, and the sampling."""

    territorial_sea_nm: float = Field(default=12.0, gt=0, le=200)
    eez_nm: float = Field(default=200.0, gt=0, le=350)
    # the frame the sea is measured in; default: build.yaml's region, else the land's extent
    frame: Box | None = None
    # coasts are sampled at least this often (every seaward cape too), after simplifying the
    # land by `simplify_deg`; the sea is drawn in tiles of `tile_deg`
    coast_step_m: float = Field(default=3000.0, ge=200, le=50_000)
    simplify_deg: float = Field(default=0.0005, ge=0, le=0.05)
    tile_deg: float = Field(default=2.0, ge=0.1, le=10)


class MapLabel(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    text: list[Annotated[str, Field(max_length=200)]] = Field(min_length=1, max_length=6)


PerGroup = dict[Slug, Annotated[float, Field(ge=0, le=100_000)]]


class Display(Strict):
    tolerance_deg: PerGroup = {}
    min_part_km2: PerGroup = {}
    min_hole_km2: PerGroup = {}


class Language(Strict):
    """A language the folder's names are written in; the first declared is the page's own."""

    code: Annotated[str, Field(pattern=LANG)]
    # what the page calls the language: "Japanese", or in each language {en: Japanese, ja: 日本語}
    name: NameWords
    script: Script
    # how names in another script are romanised, e.g. "Hepburn" (shown beside the names)
    romanisation: Annotated[str, Field(max_length=60)] | None = None


class HolderKind(Strict):
    """A holder of land that is not one party: held jointly, attribution undetermined, or no
    holder. Scenarios name it by id like a party."""

    id: Slug
    name: NameWords  # "held jointly", in a sentence
    legend: NameWords  # "Held jointly", in the legend
    colour: Colour


class Headings(Strict):
    """Headings of the consequences panel, in the dispute's own terms."""

    disputed_land: HeadingWords = Words("Land of the disputed islands")
    straits: HeadingWords = Words("Straits")


class View(Strict):
    """view.yaml: how the dashboard presents the dispute."""

    languages: list[Language] = Field(min_length=1, max_length=8)

    title: HeadingWords
    subtitle: ParagraphWords = Words("")
    default_scenario: Slug | None = None
    map: MapView
    colours: Colours = Colours()
    holders: list[HolderKind] = [
        HolderKind(id="none", name=Words("no holder"), legend=Words("No holder"), colour="#BBBBBB")
    ]
    # the holder of land a scenario does not name (one of `holders`)
    unheld: Slug = "none"
    distance_targets: list[Slug] = []
    # groups of land whose islands the island list offers after the disputed ones
    listed_groups: list[Slug] = []
    headings: Headings = Headings()
    attribution: Annotated[str, Field(min_length=1, max_length=500)]
    analysis: Analysis = Analysis()
    labels: list[MapLabel] = []
    display: Display = Display()
