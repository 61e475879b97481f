"""The selected island: names, measured area beside published figures, people, dates,
distances and what the seed report says about it. In the reader's language, the island's
name in it first; facts (districts, changes of control, notes, events, the report) keep the
language they are recorded in."""

from __future__ import annotations

import streamlit as st

from dashboard import figures
from dashboard import records as r
from dashboard.atlas import Atlas
from dashboard.i18n import date, join, km, km2, number, t, word
from dashboard.layers import holder_label
from dashboard.scenarios import Scenarios
from dashboard.views.common import cite, md, page_lang, table


def render_island(atlas: Atlas, scenarios: Scenarios, fid: str, sid: str, on_close=None) -> None:
    lang, first = page_lang(), atlas.languages[0].code
    if on_close is not None:
        st.button(t("island.back", lang), on_click=on_close, args=(None,), key="back_to_overview")
    group = atlas.group_of(fid)
    place = group if group in atlas.disputed else fid
    render_heading(atlas, place, picked=fid if fid != place else None, lang=lang)
    sc = scenarios.get(sid)
    holders = sorted(
        {
            holder_label(atlas, h.holder, lang)
            for h in scenarios.holdings(sid)
            if h.feature in atlas.members(place)
        }
    )
    name = md(word(sc.name, lang, first))
    st.markdown(t("island.held_under", lang, scenario=name, holders=md(join(holders, lang, "and"))))
    if place in atlas.ds.islands:
        render_disputed(atlas, place, lang)
    else:
        comp = atlas.area_comparison(place)
        st.metric(t("island.area_geometry", lang), km2(comp.computed_km2, lang))
        st.caption(t("island.not_disputed", lang, group=md(atlas.label(group, lang))))


def render_heading(atlas: Atlas, place: str, picked: str | None, lang: str) -> None:
    names = atlas.name(place)
    members = atlas.members(place)
    st.header(md(atlas.label(place, lang)), anchor=False)
    if names:
        st.markdown(_other_names(atlas, names, lang, bold=True))
    if len(members) > 1:
        first = atlas.languages[0].code
        rows = []
        for m in members:
            n = atlas.name(m)
            row: dict[str, object] = {
                t("table.picked", lang): "▶" if m == picked else "",
                t("table.islet", lang): atlas.label(m, lang),
            }
            for language, name, rom in atlas.names_romanised(n, lang):
                row[word(language.name, lang, first)] = f"{name} ({rom})" if rom else name
            row[t("table.area_computed", lang)] = km2(atlas.area_km2(m), lang)
            rows.append(row)
        if picked:
            n = atlas.name(picked)
            label = md(atlas.label(picked, lang))
            st.markdown(t("island.picked", lang, name=label, names=_other_names(atlas, n, lang)))
        table(rows)


def _other_names(atlas: Atlas, names: r.Names | None, lang: str, bold: bool = False) -> str:
    """ "**択捉島** (Etorofu-tō) · **Итуруп** (Iturup)": the names in the other languages."""
    b = "**" if bold else ""
    return " · ".join(
        f"{b}{md(name)}{b}" + (f" ({md(rom)})" if rom else "")
        for _, name, rom in atlas.names_romanised(names, lang)
    )


def render_disputed(atlas: Atlas, place: str, lang: str) -> None:
    facts = atlas.ds.islands[place]
    c1 = c2 = st  # stacked: a range of figures is too wide for half the panel
    area = figures.area(atlas, place)
    c1.metric(t("island.area", lang), km2(area.computed or 0.0, lang))
    c1.caption(
        t("island.area_from", lang)
        + (
            t("island.area_span", lang, count=len(area.published), span=_span(area, lang, "km2"))
            if area.published
            else t("island.no_published", lang)
        )
    )
    pops = figures.populations(atlas, place)
    dated = [(y, f) for y, f in pops if y is not None]
    if dated:
        year, latest = dated[0]
        c2.metric(t("island.population", lang, year=year), _span(latest, lang))
        undated = t("island.undated", lang)
        rest = [f"{y or undated}: {_span(f, lang)}" for y, f in pops if y != year]
        if rest:
            c2.caption(t("island.published", lang, list=md(" · ".join(rest))))
    nobody = t("island.nobody", lang)
    claimants = [_party_and_district(atlas, facts, c, lang) for c in facts.claimed_by]
    st.markdown(
        t(
            "island.administered_claimed",
            lang,
            administrator=_party_and_district(atlas, facts, facts.administered_by, lang),
            claimants="; ".join(claimants) or nobody,
        )
    )
    for change in facts.control:
        label = md(word(change.label, lang, atlas.languages[0].code))
        st.markdown(t("common.labelled", lang, label=label, text=control_line(atlas, change, lang)))
    render_distances(atlas, place, lang)
    render_straits(atlas, place, lang)
    render_sources(atlas, place, lang)
    render_events_and_report(atlas, place, lang)


def _party_and_district(atlas: Atlas, facts: r.IslandFacts, pid: str | None, lang: str) -> str:
    """ "Russia, Kurilsky District": the party's name and where it places the island."""
    party = atlas.ds.parties.get(pid or "")
    if party is None:
        return t("island.nobody", lang)
    district = facts.districts.get(party.id)
    name = word(party.name, lang, atlas.languages[0].code)
    return md(name) + (f", {md(district.name)}" if district else "")


def control_line(atlas: Atlas, s: r.ControlChange, lang: str) -> str:
    """'28 August 1945 (sources); all four islands by 5 September 1945 (sources)', from fields."""
    line = f"{date(s.start, lang)} ({cites(atlas, s, lang)})"
    first = atlas.languages[0].code
    if s.end is None or s.end == s.start:
        return line
    when = date(s.end, lang)
    end = (
        t("island.control.end_of", lang, what=md(word(s.end_of, lang, first)), date=when)
        if s.end_of
        else t("island.control.until", lang, date=when)
    )
    return line + f"; {end}" + (f" ({cites(atlas, s.end_source, lang)})" if s.end_source else "")


def cites(atlas: Atlas, c: r.Cited, lang: str) -> str:
    """The record's source and every other source it names, each as a link."""
    more = [r.Cited(source=o) if isinstance(o, str) else o for o in c.other_sources]
    return "; ".join(cite(atlas, x, lang) for x in (c, *more))


def _num(v: object, lang: str) -> str:
    return number(v, lang) if isinstance(v, int | float) else str(v)


def _digits(unit: str | None, value: float) -> int:
    """As a distance or an area is written (i18n.km, km2): one decimal for small ones."""
    return {"km": 1 if value < 100 else 0, "km2": 1 if value < 1000 else 0}.get(unit or "", 0)


def _span(f: figures.Figure, lang: str, unit: str | None = None) -> str:
    """A figure's range, '3,139–3,200 km²', or its one value; '—' without one."""
    span = f.span
    if span is None:
        return "—"
    low, high = (number(v, lang, _digits(unit, v)) for v in span)
    value = low if low == high else f"{low}–{high}"
    return t(f"unit.{unit}", lang, value=value) if unit else value


def _values(atlas: Atlas, values: tuple[r.Value, ...], lang: str) -> str:
    """Published distances, each with its sources: '43 km (source); 44 km (source)'."""
    return "; ".join(
        f"{t('unit.km', lang, value=_num(v.value, lang))} ({cites(atlas, v, lang)})" for v in values
    )


def render_distances(atlas: Atlas, place: str, lang: str) -> None:
    st.markdown(f"### {t('island.distances.heading', lang)}")
    dists = figures.distances(atlas, place)
    rows = [
        {
            t("table.to", lang): atlas.label(d.target, lang),
            t("table.measured", lang): km(d.distance.computed or 0.0, lang),
            t("table.published", lang): join(
                (t("unit.km", lang, value=_num(v.value, lang)) for v in d.distance.published),
                lang,
            )
            or "—",
            t("table.range", lang): _span(d.distance, lang, "km") if d.distance.published else "—",
        }
        for d in dists
    ]
    table(rows)
    lines = []
    for d in (d for d in dists if d.distance.published):
        line = t(
            "island.distance_line",
            lang,
            place=md(atlas.label(d.target, lang)),
            values=_values(atlas, d.distance.published, lang),
            measured=km(d.distance.computed or 0.0, lang),
        )
        for s in d.straits:
            # None when no published width is a number (only texts): nothing to state then
            published = figures.Figure(s.width.published)
            if published.span is not None:
                width = t("unit.km", lang, value=_span(published, lang))
                line += t(
                    "island.distance_strait",
                    lang,
                    strait=md(atlas.label(s.strait, lang)),
                    width=width,
                )
        lines.append(line)
    if lines:
        st.markdown("\n".join(lines))


def render_straits(atlas: Atlas, place: str, lang: str) -> None:
    found = figures.straits(atlas, place)
    if not found:
        return
    st.markdown(f"### {t('island.straits.heading', lang)}")
    lines = []
    for s in found:
        to = join((atlas.label(o, lang) for o in s.shores), lang)
        measured = (
            t("island.strait.measured", lang, width=km(s.width.computed, lang))
            if s.width.computed is not None
            else t("island.strait.not_measurable", lang)
        )
        n = len(s.width.published)
        key = "island.strait.published_one" if n == 1 else "island.strait.published_many"
        pub = t(key, lang, count=n) if n else t("island.strait.none_published", lang)
        lines.append(
            t(
                "island.strait_line",
                lang,
                strait=md(atlas.label(s.strait, lang)),
                shores=md(to),
                span=_span(s.width, lang, "km"),
                measured=measured,
                published=pub,
            )
        )
    st.markdown("\n".join(lines))


def _remarks(v: r.Value, lang: str) -> str:
    """The value's note, and why it is left out of the range if it is known to be wrong."""
    out = f" — {md(v.note)}" if v.note else ""
    return out + (t("island.erratum", lang, erratum=md(v.erratum)) if v.erratum else "")


def render_sources(atlas: Atlas, place: str, lang: str) -> None:
    facts = atlas.ds.islands[place]
    if not st.toggle(t("island.facts.toggle", lang), key="show_facts"):
        return
    lines = [
        f"- {t('unit.km2', lang, value=_num_area(v.value, lang))} — "
        f"{cites(atlas, v, lang)}{_remarks(v, lang)}"
        for v in facts.area_km2
    ]
    lines += [
        t(
            "island.fact.population",
            lang,
            year=v.year or t("island.undated_capital", lang),
            value=_num(v.value, lang),
            cites=cites(atlas, v, lang),
            remarks=_remarks(v, lang),
        )
        for y, f in figures.populations(atlas, place)
        for v in f.published
    ]
    lines += [
        f"- {md(atlas.label(s.strait, lang))}: {_values(atlas, s.width.published, lang)}"
        for s in figures.straits(atlas, place)
        if s.width.published
    ]
    lines += [f"- {md(f.text)} ({cites(atlas, f, lang)})" for f in facts.facts]
    st.markdown("\n".join(lines))


def _num_area(v: object, lang: str) -> str:
    """A published area as precise as its source gives it (up to two decimals)."""
    if not isinstance(v, int | float):
        return str(v)
    text = number(float(v), lang, 2)
    return text.removesuffix(t("number.decimal", lang) + "00")


def render_events_and_report(atlas: Atlas, place: str, lang: str) -> None:
    events = [e for e in atlas.ds.events if place in e.islands]
    toggle = t("island.events.toggle", lang, count=len(events))
    if events and st.toggle(toggle, key="show_events"):
        st.markdown(
            "\n".join(
                f"- **{date(e.date, lang, e.precision, short=True)}** — {md(e.title)}: "
                f"{md(e.text)} ({cites(atlas, e, lang)})"
                for e in sorted(events, key=lambda e: e.date)
            )
        )
    facts = [f for f in atlas.ds.report.facts if place in f.islands]
    if facts:
        st.markdown(f"### {t('island.report.heading', lang)}")
        lines = []
        for f in facts:
            said = (
                " " + t("quote.said", lang, text=md(f.quote), speaker=md(f.speaker))
                if f.quote and f.speaker
                else ""
            )
            lines.append(f"- ¶{f.paragraph}: {md(f.text)}{said}")
        st.markdown("\n".join(lines))
