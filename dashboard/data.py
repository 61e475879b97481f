"""Load and validate a data folder into typed records.

Every problem becomes a `Problem` naming the file, the item, what is wrong and how to fix it;
`load_dataset` raises one `DataError` holding all of them.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import shapely
import yaml
from pydantic import BaseModel, ValidationError
from shapely.geometry import shape
from shapely.validation import explain_validity

from dashboard import records as r
from dashboard.checks import check_references, check_sources, missing_words
from dashboard.config import MAX_FEATURE_VERTICES, MAX_FILE_VERTICES
from dashboard.files import SAFE_LOADER, FileProblem, read_bounded
from dashboard.problems import DataError, Problem

M = TypeVar("M", bound=BaseModel)


@dataclass
class Dataset:
    folder: Path
    sources: dict[str, r.Source]
    catalogue: dict[str, r.CatalogueFeature]
    land: gpd.GeoDataFrame
    sea: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    sea_limits: r.SeaLimits | None  # None when the folder has no sea_limits.yaml
    maritime: r.Maritime  # empty when the folder has no maritime.yaml
    region: tuple[float, float, float, float] | None  # build.yaml's region, if it has one
    parties: dict[str, r.Party]
    islands: dict[str, r.IslandFacts]
    events: list[r.Event]
    report: r.Report
    scenarios: dict[str, r.Scenario]
    view: r.View
    problems: list[Problem] = field(default_factory=list)
    # Facts resting only on weak sources (checks.check_sources): listed, never fatal.
    warnings: list[Problem] = field(default_factory=list)


def _label(raw: Any, fallback: str) -> str:
    """An item's id for messages: only a short string is used as one (a mapping, a list or a
    huge text, e.g. an expanded YAML alias, never is)."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    return rid if isinstance(rid, str) and 0 < len(rid) <= 80 else fallback


class _Reader:
    """Reads files of one folder, collecting problems instead of stopping at the first."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        # the folder's language codes (view.yaml), so that words given in several languages
        # read as the first declared one's where the page has not chosen a language
        self.languages: tuple[str, ...] = ()

    def fail(self, file: str, item: str | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(file, item, message, hint))

    def text(self, name: str) -> str | None:
        try:
            data = read_bounded(self.folder / name)
        except FileProblem as exc:
            hint = f"Add {name} to {self.folder}." if exc.message == "file is missing." else None
            self.fail(name, None, exc.message, exc.hint or hint)
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.fail(name, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start}).")
            return None

    def yaml(self, name: str, key: str | None) -> list[Any] | dict[str, Any] | None:
        """The value under `key` of a YAML mapping (the whole mapping if key is None)."""
        text = self.text(name)
        if text is None:
            return None
        try:
            alias = _first_alias(text)
            if alias is not None:
                self.fail(
                    name,
                    None,
                    f"uses a YAML alias (*{alias[0]}) at line {alias[1]}.",
                    "Write the value out; aliases are not read (one can expand a small file "
                    "into gigabytes).",
                )
                return None
            doc = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            self.fail(name, None, f"is not valid YAML{at}: {getattr(exc, 'problem', exc)}.")
            return None
        except RecursionError:
            self.fail(name, None, "is nested too deeply to read.", "Flatten the structure.")
            return None
        if key is None:
            if isinstance(doc, dict):
                return doc
            self.fail(name, None, f"expected a mapping, got {type(doc).__name__}.")
            return None
        if not isinstance(doc, dict) or key not in doc:
            self.fail(
                name,
                None,
                f"expected a mapping with the key {key!r}, got {type(doc).__name__}.",
                f"Start the file with '{key}:'.",
            )
            return None
        return doc[key]

    def record(self, model: type[M], raw: Any, name: str, item: str | None) -> M | None:
        try:
            return model.model_validate(raw, context={"languages": self.languages})
        except ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                loc = _where(raw, err["loc"])
                hint = _nearest_key(model, err["loc"]) if err["type"] == "extra_forbidden" else None
                self.fail(name, item, f"{loc}: {err['msg']}.", hint)
            return None
        except RecursionError:
            self.fail(name, item, "is nested too deeply to read.")
            return None

    def records(self, model: type[M], name: str, key: str) -> list[M]:
        raw = self.yaml(name, key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.fail(name, key, f"expected a list, got {type(raw).__name__}.")
            return []
        out = []
        for i, item in enumerate(raw):
            rec = self.record(model, item, name, _label(item, f"item {i + 1}"))
            if rec is not None:
                out.append(rec)
        return out

    def unique(self, recs: list[M], name: str) -> dict[str, M]:
        out: dict[str, M] = {}
        for rec in recs:
            rid = rec.id  # type: ignore[attr-defined]
            if rid in out:
                self.fail(name, rid, "duplicate id.", "Each id must appear once.")
            out[rid] = rec
        return out

    def geojson(self, name: str, props: type[BaseModel] | None) -> gpd.GeoDataFrame:
        empty = gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
        text = self.text(name)
        if text is None:
            return empty
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            self.fail(
                name,
                None,
                f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            )
            return empty
        except RecursionError:
            self.fail(name, None, "is nested too deeply to be GeoJSON.")
            return empty
        feats = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(feats, list):
            self.fail(name, None, "expected a GeoJSON FeatureCollection with a 'features' list.")
            return empty
        rows, geoms, vertices = [], [], 0
        for i, feat in enumerate(feats):
            row, geom = self._feature(name, i, feat, props)
            if row is not None:
                vertices += shapely.get_num_coordinates(geom)
                if vertices > MAX_FILE_VERTICES:
                    self.fail(
                        name,
                        row["id"],
                        f"the file has more than {MAX_FILE_VERTICES:,} vertices by this feature.",
                        "Simplify the file's geometry (e.g. with build-geodata's tolerances).",
                    )
                    return empty
                rows.append(row)
                geoms.append(geom)
        seen: set[str] = set()
        for row in rows:
            if row["id"] in seen:
                self.fail(name, row["id"], "duplicate id.", "Each feature id must appear once.")
            seen.add(row["id"])
        if not rows:
            return empty
        return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")

    def _feature(self, name: str, i: int, feat: Any, props: type[BaseModel] | None):
        if not isinstance(feat, dict) or not isinstance(feat.get("properties"), dict):
            self.fail(name, f"feature {i + 1}", "expected a Feature with 'properties'.")
            return None, None
        p = feat["properties"]
        label = _label(p, f"feature {i + 1}")
        if "id" not in p:
            self.fail(name, label, "has no 'id' property.", "Give every feature a unique slug id.")
            return None, None
        if props is not None and self.record(props, p, name, label) is None:
            return None, None
        try:
            geom = shape(feat["geometry"])
        except Exception as exc:  # shapely raises several types for malformed geometry
            self.fail(name, label, f"geometry cannot be read: {str(exc)[:200]}.")
            return None, None
        n = shapely.get_num_coordinates(geom)
        if n > MAX_FEATURE_VERTICES:
            self.fail(
                name,
                label,
                f"geometry has {n:,} vertices; the limit is {MAX_FEATURE_VERTICES:,} a feature.",
                "Simplify it (e.g. with build-geodata's tolerances) or split it.",
            )
            return None, None
        if geom.is_empty or not geom.is_valid:
            self.fail(
                name,
                label,
                f"geometry is invalid: {explain_validity(geom)}.",
                "Rebuild with `python -m dashboard build-geodata` or fix the ring.",
            )
            return None, None
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            self.fail(name, label, f"coordinates {geom.bounds} are not lon/lat (WGS84).")
            return None, None
        return dict(p), geom


def _where(raw: Any, loc: tuple) -> str:
    """A validation error's location, naming list items by their id where they have one."""
    parts, node = [], raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        item_id = _label(node, "") if isinstance(key, int) else ""
        parts.append(item_id or str(key)[:80])
    return ".".join(parts) or "(whole item)"


def _nearest_key(model: type[BaseModel], loc: tuple) -> str:
    """'Did you mean …?' for an unknown key: the closest field of the record it is in."""
    fields: dict[str, Any] = dict(model.model_fields)
    for key in loc[:-1]:
        info = fields.get(key) if isinstance(key, str) else None
        sub = _record_type(info.annotation) if info is not None else None
        if sub is not None:
            fields = dict(sub.model_fields)
    known = sorted(fields)
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}?" if close else f"Known keys: {', '.join(known)}."


def _record_type(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _record_type(arg)
        if found is not None:
            return found
    return None


def _first_alias(text: str) -> tuple[str, int] | None:
    """The first YAML alias (*name) in a text, with its line, or None."""
    if "*" not in text:
        return None
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            assert event.start_mark is not None  # the parser marks where each event starts
            return str(event.anchor)[:40], event.start_mark.line + 1
    return None


def load_dataset(folder: str | Path) -> Dataset:
    """Read and validate every file of `folder`; raise DataError listing all problems."""
    rd = _Reader(Path(folder))
    try:
        return _load(rd)
    except (OSError, RecursionError) as exc:  # a folder that cannot be listed, say
        what = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        rd.fail(str(getattr(exc, "filename", None) or rd.folder), None, f"cannot be read ({what}).")
        raise DataError(rd.problems) from None


def _present(path: Path) -> bool:
    """The file is there (a link to nothing counts, so reading it reports the link)."""
    return path.exists() or path.is_symlink()


def load_sources(folder: str | Path) -> dict[str, list[r.Source]]:
    """Only the source registry of `folder`: each sources/*.yaml file's records, in the order
    written, by file name; raise DataError listing all problems."""
    rd = _Reader(Path(folder))
    try:
        by_file = _read_sources(rd)
    except OSError as exc:
        what = exc.strerror or type(exc).__name__
        rd.fail(str(exc.filename or rd.folder), None, f"cannot be read ({what}).")
        raise DataError(rd.problems) from None
    if rd.problems:
        raise DataError(rd.problems)
    return by_file


def _read_sources(rd: _Reader) -> dict[str, list[r.Source]]:
    by_file: dict[str, list[r.Source]] = {}
    seen: set[str] = set()
    src_dir = rd.folder / "sources"
    for path in sorted(src_dir.glob("*.yaml")) if src_dir.is_dir() else []:
        name = f"sources/{path.name}"
        by_file[name] = rd.records(r.Source, name, "sources")
        for src in by_file[name]:
            if src.id in seen:
                rd.fail(name, src.id, "duplicate source id (also in another sources file).")
            seen.add(src.id)
    if not seen:
        rd.fail("sources/", None, "no sources found.", "Add sources/*.yaml with a 'sources' list.")
    return by_file


def _language_codes(view_raw: Any) -> tuple[str, ...]:
    """The language codes view.yaml declares, read before it is validated (its own words and
    every other file's are read with them)."""
    langs = view_raw.get("languages") if isinstance(view_raw, dict) else None
    codes = (x.get("code") for x in langs if isinstance(x, dict)) if isinstance(langs, list) else ()
    return tuple(c for c in codes if isinstance(c, str))


def _load(rd: _Reader) -> Dataset:
    view_raw = rd.yaml("view.yaml", None)
    rd.languages = _language_codes(view_raw)
    view = rd.record(r.View, view_raw, "view.yaml", None) if view_raw is not None else None
    sources = {src.id: src for recs in _read_sources(rd).values() for src in recs}
    # Optional files: a folder may have no enclosed sea of its own, and no seed report.
    limits = None
    if _present(rd.folder / "sea_limits.yaml"):
        limits_raw = rd.yaml("sea_limits.yaml", "sea_limits")
        if limits_raw is not None:
            limits = rd.record(r.SeaLimits, limits_raw, "sea_limits.yaml", "sea_limits")
    region = None
    if _present(rd.folder / "build.yaml"):
        build_raw = rd.yaml("build.yaml", None)
        built = rd.record(r.BuildRegion, build_raw, "build.yaml", None) if build_raw else None
        region = built.region if built else None
    maritime: r.Maritime | None = r.Maritime()
    if _present(rd.folder / "maritime.yaml"):
        raw = rd.yaml("maritime.yaml", "maritime")
        maritime = rd.record(r.Maritime, raw, "maritime.yaml", "maritime") if raw else None
    report: r.Report | None = r.Report(source=None, facts=[])
    if _present(rd.folder / "report.yaml"):
        report_raw = rd.yaml("report.yaml", "report")
        report = rd.record(r.Report, report_raw, "report.yaml", "report") if report_raw else None
    ds = Dataset(
        folder=rd.folder,
        sources=sources,
        catalogue=rd.unique(
            rd.records(r.CatalogueFeature, "features.yaml", "features"), "features.yaml"
        ),
        land=rd.geojson("land.geojson", r.LandProperties),
        sea=rd.geojson("sea.geojson", None),
        places=rd.geojson("places.geojson", None),
        sea_limits=limits,
        maritime=maritime,  # type: ignore[arg-type]
        region=region,
        parties=rd.unique(rd.records(r.Party, "parties.yaml", "parties"), "parties.yaml"),
        islands=rd.unique(rd.records(r.IslandFacts, "islands.yaml", "islands"), "islands.yaml"),
        events=rd.records(r.Event, "events.yaml", "events"),
        report=report,  # type: ignore[arg-type]
        scenarios=rd.unique(
            rd.records(r.Scenario, "scenarios.yaml", "scenarios"), "scenarios.yaml"
        ),
        view=view,  # type: ignore[arg-type]
    )
    if not rd.problems:
        rd.problems.extend(check_references(ds))
    if rd.problems:
        raise DataError(rd.problems)
    ds.warnings = check_sources(ds) + missing_words(ds)
    return ds
