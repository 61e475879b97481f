"""Cross-file consistency: every reference names something that exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from dashboard import records as r
from dashboard.problems import Problem

if TYPE_CHECKING:
    from dashboard.data import Dataset


def _cited(obj: Any) -> Iterator[r.Cited]:
    """Every Cited value inside a record, however deeply nested."""
    if isinstance(obj, r.Cited):
        yield obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _cited(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _cited(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _cited(item)


# Fields that hold source ids outside a Cited record's own `source` and `other_sources`.
SOURCE_ID_FIELDS = ("names_sources", "name_source", "corroborated_by")


def _listed_source_ids(obj: Any) -> Iterator[str]:
    """Every source id held in a SOURCE_ID_FIELDS field inside a record, however nested."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name in SOURCE_ID_FIELDS:
                yield from [value] if isinstance(value, str) else value or []
            else:
                yield from _listed_source_ids(value)
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _listed_source_ids(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _listed_source_ids(item)


def _files(ds: Dataset) -> Iterator[tuple[str, str, Any]]:
    yield from (("features.yaml", k, v) for k, v in ds.catalogue.items())
    yield from (("parties.yaml", k, v) for k, v in ds.parties.items())
    yield from (("islands.yaml", k, v) for k, v in ds.islands.items())
    yield from (("events.yaml", e.id, e) for e in ds.events)
    yield from (("report.yaml", f.id, f) for f in ds.report.facts)
    yield from (("scenarios.yaml", k, v) for k, v in ds.scenarios.items())
    if ds.sea_limits is not None:
        yield "sea_limits.yaml", "sea_limits", ds.sea_limits
    yield from (("maritime.yaml", f"rules.{x.id}", x) for x in ds.maritime.rules)
    yield from (("maritime.yaml", f"positions.{x.party}", x) for x in ds.maritime.positions)
    if ds.maritime.enclave is not None:
        yield "maritime.yaml", "enclave", ds.maritime.enclave
    for n, x in enumerate(ds.maritime.baselines, 1):
        yield "maritime.yaml", f"baselines.{n}", x


def check_references(ds: Dataset) -> list[Problem]:
    out: list[Problem] = []
    for file, item, rec in _files(ds):
        for c in _cited(rec):
            ids = [c.source, *(o for o in c.other_sources if isinstance(o, str))]
            out.extend(
                Problem(
                    file,
                    item,
                    f"cites unknown source {sid!r}.",
                    "Add it to sources/*.yaml or fix the id.",
                )
                for sid in ids
                if sid not in ds.sources
            )
        out.extend(
            Problem(file, item, f"names unknown source {sid!r}.", "Add it to sources/*.yaml.")
            for sid in dict.fromkeys(_listed_source_ids(rec))
            if sid not in ds.sources
        )
    if ds.report.source is not None and ds.report.source not in ds.sources:
        out.append(Problem("report.yaml", "report", f"unknown source {ds.report.source!r}."))
    land_ids = set(ds.land["id"]) if len(ds.land) else set()
    groups = set(ds.land["group"]) if len(ds.land) else set()
    places = land_ids | groups
    for file, frame in (("land.geojson", ds.land), ("places.geojson", ds.places)):
        out.extend(
            Problem(
                file,
                fid,
                "has no entry in features.yaml (its names and position).",
                "Add it to features.yaml or remove the feature.",
            )
            for fid in (frame["id"] if len(frame) else [])
            if fid not in ds.catalogue
        )
    for iid, isl in ds.islands.items():
        if iid not in places:
            out.append(Problem("islands.yaml", iid, "names no feature or group of land.geojson."))
        named = [isl.administered_by, *isl.claimed_by, *isl.districts, *(c.by for c in isl.control)]
        for party in named:
            if party and party not in ds.parties:
                out.append(
                    Problem(
                        "islands.yaml",
                        iid,
                        f"unknown party {party!r}.",
                        f"Use one of {sorted(ds.parties)} (parties.yaml).",
                    )
                )
        for d in isl.distances:
            if d.to not in places and d.to not in ds.catalogue:
                out.append(Problem("islands.yaml", iid, f"distance to unknown feature {d.to!r}."))
    for ev in ds.events:
        for iid in ev.islands:
            if iid not in places:
                out.append(Problem("events.yaml", ev.id, f"unknown island {iid!r}."))
        if ev.scenario and ev.scenario not in ds.scenarios:
            out.append(Problem("events.yaml", ev.id, f"unknown scenario {ev.scenario!r}."))
    for fact in ds.report.facts:
        for iid in fact.islands:
            if iid not in places:
                out.append(Problem("report.yaml", fact.id, f"unknown island {iid!r}."))
    out.extend(
        Problem(
            "maritime.yaml",
            f"positions.{x.party}",
            f"unknown party {x.party!r}.",
            f"Use one of {sorted(ds.parties)} (parties.yaml).",
        )
        for x in ds.maritime.positions
        if x.party not in ds.parties
    )
    out.extend(_check_scenarios(ds, places))
    out.extend(check_names(ds))
    out.extend(check_words(ds))
    if ds.view.default_scenario and ds.view.default_scenario not in ds.scenarios:
        out.append(
            Problem(
                "view.yaml",
                "default_scenario",
                f"names unknown scenario {ds.view.default_scenario!r}.",
                f"Use one of {sorted(ds.scenarios)}.",
            )
        )
    for target in ds.view.distance_targets:
        if target not in places and target not in ds.catalogue:
            out.append(
                Problem("view.yaml", "distance_targets", f"names unknown feature {target!r}.")
            )
    for fid, feat in ds.catalogue.items():
        for other in feat.between:
            if other not in ds.catalogue:
                out.append(Problem("features.yaml", fid, f"'between' names unknown {other!r}."))
    return out


def _check_scenarios(ds: Dataset, places: set[str]) -> list[Problem]:
    out: list[Problem] = []
    kinds = {k.id for k in ds.view.holders}
    holders_ok = set(ds.parties) | kinds
    if ds.view.unheld not in kinds:
        out.append(
            Problem(
                "view.yaml",
                "unheld",
                f"names {ds.view.unheld!r}, which is not one of `holders`.",
                f"Use one of {sorted(kinds)} or add it to `holders`.",
            )
        )
    out.extend(
        Problem("view.yaml", "holders", f"{k!r} is also a party id.", "Give it another id.")
        for k in sorted(kinds & set(ds.parties))
    )
    for sid, sc in ds.scenarios.items():
        for place, holder in sc.holders.items():
            if place not in places:
                out.append(
                    Problem(
                        "scenarios.yaml",
                        sid,
                        f"holders names unknown island or group {place!r}.",
                        "Use an id or group of land.geojson.",
                    )
                )
            if holder not in holders_ok:
                out.append(
                    Problem(
                        "scenarios.yaml",
                        sid,
                        f"unknown holder {holder!r} for {place!r}.",
                        f"Use one of {sorted(holders_ok)}.",
                    )
                )
        for party, lands in sc.administration.items():
            out.extend(
                Problem(
                    "scenarios.yaml",
                    sid,
                    f"administration names unknown party {party!r} or land {place!r}.",
                    "Use a party id of parties.yaml and ids or groups of land.geojson.",
                )
                for place in lands
                if place not in places or party not in ds.parties
            )
        for party, claimed in sc.claims.items():
            if party not in ds.parties:
                out.append(Problem("scenarios.yaml", sid, f"claims by unknown party {party!r}."))
            out.extend(
                Problem("scenarios.yaml", sid, f"claims unknown island {c!r}.")
                for c in claimed
                if c not in places
            )
        if sc.split:
            for ref in [sc.split.feature, *sc.split.share_of]:
                if ref not in places:
                    out.append(Problem("scenarios.yaml", sid, f"split names unknown {ref!r}."))
            for to in (sc.split.to, sc.split.rest_to, sc.split.south_to, sc.split.north_to):
                if to and to not in holders_ok:
                    out.append(Problem("scenarios.yaml", sid, f"split gives to unknown {to!r}."))
    return out


# Sources a fact cannot rest on alone: every one of them 'other', or every one read in a copy.
WEAK_READS = ("mirror", "machine-translation")
ISLAND_FIELDS = (
    "names_source",
    "area_km2",
    "population",
    "districts",
    "control",
)


def _fact_sources(cited: Sequence[r.Cited]) -> tuple[list[str], str | None]:
    """The source ids of a fact made of these records (their other_sources included), and the
    stated reason for resting on weak ones, if any record gives one."""
    ids: list[str] = []
    reason = None
    for c in cited:
        ids.append(c.source)
        ids += [o if isinstance(o, str) else o.source for o in c.other_sources]
        reason = reason or c.weak_source_reason
    return ids, reason


FactRow = tuple[str, str, Sequence[r.Cited], str | None]


def _facts(ds: Dataset) -> Iterator[FactRow]:
    """Each fact the dispute's files state: (file, item, the records citing it, reason)."""
    for iid, isl in ds.islands.items():
        for name in ISLAND_FIELDS:
            yield from _field("islands.yaml", iid, name, getattr(isl, name))
        for n, fact in enumerate(isl.facts, 1):
            yield "islands.yaml", f"{iid}.facts.{n}", [fact], None
    yield from (("events.yaml", e.id, [e], None) for e in ds.events)
    for f in ds.report.facts:
        for n, o in enumerate(f.other_sources, 1):
            yield "report.yaml", f"{f.id}.other_sources.{n}", [o], f.weak_source_reason
    for pid, party in ds.parties.items():
        if party.position:
            yield "parties.yaml", f"{pid}.position", [party.position], None
            for n, s in enumerate(party.position.statements, 1):
                yield "parties.yaml", f"{pid}.position.statements.{n}", [s], None
            for n, q in enumerate(party.position.own_words, 1):
                yield "parties.yaml", f"{pid}.position.own_words.{n}", [q], None
    yield from (("scenarios.yaml", sid, [sc], None) for sid, sc in ds.scenarios.items())
    for sid, sc in ds.scenarios.items():
        if sc.names_sources:
            yield "scenarios.yaml", f"{sid}.names", _ids(sc.names_sources), None
    for fid, feat in ds.catalogue.items():
        yield from _catalogue_facts(fid, feat)
    if ds.sea_limits is not None:
        yield from _sea_facts(ds.sea_limits)
    yield from _maritime_facts(ds.maritime)


def _maritime_facts(m: r.Maritime) -> Iterator[FactRow]:
    """maritime.yaml: each rule, position and baseline statement; the enclave's names, each
    published figure of it and each fact about it."""
    yield from (("maritime.yaml", f"rules.{x.id}", [x], None) for x in m.rules)
    yield from (("maritime.yaml", f"positions.{x.party}", [x], None) for x in m.positions)
    yield from (("maritime.yaml", f"baselines.{n}", [x], None) for n, x in enumerate(m.baselines))
    e = m.enclave
    if e is None:
        return
    if e.names_sources:
        yield "maritime.yaml", "enclave.names", _ids(e.names_sources), e.names_weak_source_reason
    for name in ("area_km2", "length_km", "width_km"):
        yield from _field("maritime.yaml", "enclave", name, getattr(e, name))
    yield from (("maritime.yaml", f"enclave.facts.{n}", [x], None) for n, x in enumerate(e.facts))


CATALOGUE_FIELDS = ("position", "width_km", "area_km2", "population")


def _catalogue_facts(fid: str, feat: r.CatalogueFeature) -> Iterator[FactRow]:
    """features.yaml: a feature's names (its names_sources), position, widths, areas and
    populations, each one fact."""
    if feat.names_sources:
        yield (
            "features.yaml",
            f"{fid}.names",
            _ids(feat.names_sources),
            feat.names_weak_source_reason,
        )
    for name in CATALOGUE_FIELDS:
        yield from _field("features.yaml", fid, name, getattr(feat, name))


def _sea_facts(sea: r.SeaLimits) -> Iterator[FactRow]:
    """sea_limits.yaml: the sea's names, its limits' text, each named point, each line (with the
    sources that corroborate it) and its published areas."""
    if sea.names_sources:
        yield "sea_limits.yaml", "names", _ids(sea.names_sources), sea.names_weak_source_reason
    yield "sea_limits.yaml", "text", [sea], None
    for p in sea.points:
        yield "sea_limits.yaml", f"points.{p.id}", [p], None
    for line in sea.lines:
        yield "sea_limits.yaml", f"lines.{line.id}", [line, *_ids(line.corroborated_by)], None
    yield from _field("sea_limits.yaml", "sea", "area_km2", sea.area_km2)


def _ids(ids: Sequence[str]) -> list[r.Cited]:
    """Source ids listed outside a Cited record (names_sources, corroborated_by), as records."""
    return [r.Cited(source=i) for i in ids]


def _field(file: str, iid: str, name: str, value: Any) -> Iterator[tuple[str, str, list, None]]:
    if isinstance(value, dict):
        value = list(value.values())
    cited = value if isinstance(value, list) else [value] if value is not None else []
    if cited:
        yield file, f"{iid}.{name}", cited, None


def check_sources(ds: Dataset) -> list[Problem]:
    """Warnings, not errors: each fact whose sources are all of kind 'other', or all read
    through mirrors or machine translations, unless the fact states a weak_source_reason."""
    out: list[Problem] = []
    for file, item, cited, fact_reason in _facts(ds):
        ids, reason = _fact_sources(cited)
        srcs = [ds.sources[i] for i in dict.fromkeys(ids) if i in ds.sources]
        if not srcs or reason or fact_reason:
            continue
        if all(s.kind == "other" for s in srcs):
            why = "of kind 'other'"
        elif all(s.read in WEAK_READS for s in srcs):
            why = "read through mirrors or machine translations"
        else:
            continue
        out.append(
            Problem(
                file,
                item,
                f"rests only on sources {why}: {', '.join(s.id for s in srcs)}.",
                "Cite a primary or agency source read in the original (add it to sources/*.yaml), "
                "or give the fact a weak_source_reason saying why none can be found.",
            )
        )
    return out


def _names(ds: Dataset) -> Iterator[tuple[str, str, r.Names]]:
    yield from (("features.yaml", k, v.names) for k, v in ds.catalogue.items())
    yield from (("islands.yaml", k, v.names) for k, v in ds.islands.items() if v.names)
    if ds.sea_limits is not None:
        yield "sea_limits.yaml", "name", ds.sea_limits.name
    if ds.maritime.enclave is not None:
        yield "maritime.yaml", "enclave.names", ds.maritime.enclave.names


def check_names(ds: Dataset) -> list[Problem]:
    """Every name in every declared language, in its script; romanised forms only of declared
    languages; the names land.geojson and places.geojson carry (`name_<code>`) are the
    catalogue's."""
    langs = {lang.code: lang for lang in ds.view.languages}
    declared = ", ".join(langs)
    out: list[Problem] = []
    for file, item, names in _names(ds):
        given = names.by_language
        for code, lang in langs.items():
            if code not in given:
                out.append(
                    Problem(
                        file,
                        item,
                        f"has no {lang.name} name ({code}).",
                        f"Add `{code}:` under its names (view.yaml declares {declared}).",
                    )
                )
            elif why := r.script_problem(given[code], lang.script):
                out.append(Problem(file, item, f"{lang.name} name: {why}."))
        for code in [*given, *names.romanised]:
            if code not in langs:
                near = difflib.get_close_matches(code, list(langs), n=1)
                out.append(
                    Problem(
                        file,
                        item,
                        f"has a name in {code!r}, a language view.yaml does not declare.",
                        f"Did you mean {near[0]!r}?" if near else f"Declared: {declared}.",
                    )
                )
    for file, frame in (("land.geojson", ds.land), ("places.geojson", ds.places)):
        for _, row in frame.iterrows() if len(frame) else []:
            feat = ds.catalogue.get(row["id"])
            if feat is None:
                continue
            for code in langs:
                col = f"name_{code}"
                if col in row and row[col] != feat.names.get(code):
                    out.append(
                        Problem(
                            file,
                            row["id"],
                            f"{col} is {row[col]!r}, features.yaml says {feat.names.get(code)!r}.",
                            "Rebuild with `python -m dashboard build-geodata` or fix the name.",
                        )
                    )
    return out


def _words_in(obj: Any, path: str) -> Iterator[tuple[str, r.Words]]:
    """(key, words) for every Words a record was given (fields left at the engine's default
    are the engine's words, from the catalogue), keyed by their path: `holders.joint.legend`."""
    if isinstance(obj, r.Words):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name in obj.model_fields_set:
                yield from _words_in(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list | tuple):
        for n, item in enumerate(obj, 1):
            label = getattr(item, "id", None) or getattr(item, "code", None) or n
            yield from _words_in(item, f"{path}.{label}")


def _words(ds: Dataset) -> Iterator[tuple[str, str | None, str, r.Words]]:
    """(file, item, key, words) for every word a folder gives about its dispute."""
    for key, w in _words_in(ds.view, ""):
        yield "view.yaml", None, key, w
    for pid, party in ds.parties.items():
        yield from (("parties.yaml", pid, k, w) for k, w in _words_in(party, ""))
    for sid, sc in ds.scenarios.items():
        yield from (("scenarios.yaml", sid, k, w) for k, w in _words_in(sc, ""))
    if ds.sea_limits is not None:
        yield from (
            ("sea_limits.yaml", "sea_limits", k, w) for k, w in _words_in(ds.sea_limits, "")
        )


def _own_words(ds: Dataset) -> Iterator[tuple[str, str, str, r.OwnWords]]:
    for pid, party in ds.parties.items():
        for n, q in enumerate(party.position.own_words if party.position else [], 1):
            yield "parties.yaml", pid, f"position.own_words.{n}", q


def _undeclared(file: str, item: str | None, key: str, code: str, langs: dict) -> Problem:
    near = difflib.get_close_matches(code, list(langs), n=1)
    return Problem(
        file,
        item,
        f"{key}: has words in {code!r}, a language view.yaml does not declare.",
        f"Did you mean {near[0]!r}?" if near else f"Declared: {', '.join(langs)}.",
    )


def _script(file: str, item: str | None, key: str, text: str, lang: r.Language) -> list[Problem]:
    """Words in a language with letters, none of them of the language's script: text put under
    the wrong code (a Japanese name under `ru:`)."""
    if not any(ch.isalpha() for ch in text) or r.SCRIPTS[lang.script].search(text):
        return []
    return [Problem(file, item, f"{key}: {lang.name} words without {lang.script} letters.")]


def check_words(ds: Dataset) -> list[Problem]:
    """Errors in the words a folder gives in its languages: a language view.yaml does not
    declare (a typo: its words would never show), words given in several languages but not in
    the first (nothing to fall back to), words without a letter of their language's script
    (put under the wrong code); the same for the parties' own words."""
    langs = {lang.code: lang for lang in ds.view.languages}
    first = ds.view.languages[0]
    out: list[Problem] = []
    for file, item, key, w in _words(ds):
        given = w.by_language
        out.extend(_undeclared(file, item, key, c, langs) for c in given if c not in langs)
        if given and first.code not in given:
            out.append(
                Problem(
                    file,
                    item,
                    f"{key}: has no {first.name} words ({first.code}), the page's first language.",
                    f"Add `{first.code}:`; every other language falls back to it.",
                )
            )
        for code, text in given.items():
            out.extend(_script(file, item, key, text, langs[code]) if code in langs else [])
    for file, item, key, q in _own_words(ds):
        if q.lang not in langs:
            out.append(_undeclared(file, item, key, q.lang, langs))
        else:
            out.extend(_script(file, item, key, q.text, langs[q.lang]))
    return out


def missing_words(ds: Dataset) -> list[Problem]:
    """Warnings, not errors: words a declared language lacks. The page in that language shows
    the first language's words instead, which is readable, and a folder may be started in one
    language and translated later."""
    langs = ds.view.languages
    out: list[Problem] = []
    for file, item, key, w in _words(ds):
        if not str(w):
            continue
        given = w.by_language or {langs[0].code: str(w)}
        lacking = [lang for lang in langs if lang.code not in given]
        if lacking:
            names = ", ".join(f"{lang.name} ({lang.code})" for lang in lacking)
            codes = ", ".join(f"{lang.code}: ..." for lang in langs)
            out.append(
                Problem(
                    file,
                    item,
                    f"{key}: has no words in {names}; the page shows the {langs[0].name} ones.",
                    f"Give them in every declared language: {{{codes}}}.",
                )
            )
    return out
