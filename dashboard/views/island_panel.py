"""The selected island: names, measured area beside published figures, people, dates,
distances and what the seed report says about it."""

from __future__ import annotations

import streamlit as st

from dashboard import figures
from dashboard import records as r
from dashboard.atlas import Atlas
from dashboard.layers import holder_label
from dashboard.scenarios import Scenarios
from dashboard.views.common import cite, fmt_area, fmt_km, md, table


def render_island(atlas: Atlas, scenarios: Scenarios, fid: str, sid: str, on_close=None) -> None:
    if on_close is not None:
        st.button("← Back to the overview", on_click=on_close, args=(None,), key="back_to_overview")
    group = atlas.group_of(fid)
    place = group if group in atlas.disputed else fid
    render_heading(atlas, place, picked=fid if fid != place else None)
    sc = scenarios.get(sid)
    holders = sorted(
        {
            holder_label(atlas, h.holder)
            for h in scenarios.holdings(sid)
            if h.feature in atlas.members(place)
        }
    )
    st.markdown(f"**Under “{md(sc.name)}”:** held by {md(' and '.join(holders))}.")
    if place in atlas.ds.islands:
        render_disputed(atlas, place)
    else:
        comp = atlas.area_comparison(place)
        st.metric("Land area (computed from the map geometry)", fmt_area(comp.computed_km2))
        st.caption(f"Not one of the disputed islands. Group: {md(group)}.")


def render_heading(atlas: Atlas, place: str, picked: str | None) -> None:
    names = atlas.name(place)
    members = atlas.members(place)
    st.header(md(atlas.label(place)), anchor=False)
    if names:
        st.markdown(_other_names(atlas, names, bold=True))
    if len(members) > 1:
        rows = []
        for m in members:
            n = atlas.name(m)
            row: dict[str, object] = {"Picked": "▶" if m == picked else "", "Islet": atlas.label(m)}
            for lang, name, rom in atlas.names_romanised(n):
                row[lang.name] = f"{name} ({rom})" if rom else name
            row["Area (computed)"] = fmt_area(atlas.area_km2(m))
            rows.append(row)
        if picked:
            n = atlas.name(picked)
            st.markdown(f"Picked: **{md(atlas.label(picked))}** · {_other_names(atlas, n)}")
        table(rows)


def _other_names(atlas: Atlas, names: r.Names | None, bold: bool = False) -> str:
    """ "**択捉島** (Etorofu-tō) · **Итуруп** (Iturup)": the names in the other languages."""
    b = "**" if bold else ""
    return " · ".join(
        f"{b}{md(name)}{b}" + (f" ({md(rom)})" if rom else "")
        for _, name, rom in atlas.names_romanised(names)
    )


def render_disputed(atlas: Atlas, place: str) -> None:
    facts = atlas.ds.islands[place]
    c1 = c2 = st  # stacked: a range of figures is too wide for half the panel
    area = figures.area(atlas, place)
    c1.metric("Land area (computed)", fmt_area(area.computed or 0.0))
    c1.caption(
        "From the map geometry, on the WGS84 ellipsoid. "
        + (
            f"The {len(area.published)} published figures and the computed one span "
            f"{_span(area, fmt_area)}."
            if area.published
            else "No published figure."
        )
    )
    pops = figures.populations(atlas, place)
    dated = [(y, f) for y, f in pops if y is not None]
    if dated:
        year, latest = dated[0]
        c2.metric(f"Population ({year})", _span(latest, _num))
        rest = [f"{y or 'undated'}: {_span(f, _num)}" for y, f in pops if y != year]
        if rest:
            c2.caption("Published: " + md(" · ".join(rest)) + ".")
    st.markdown(
        f"**Administered by** {_party_and_district(atlas, facts, facts.administered_by)}"
        + " · **claimed by** "
        + ("; ".join(_party_and_district(atlas, facts, c) for c in facts.claimed_by) or "nobody")
    )
    for change in facts.control:
        st.markdown(f"**{md(change.label)}:** {control_line(atlas, change)}")
    render_distances(atlas, place)
    render_straits(atlas, place)
    render_sources(atlas, place)
    render_events_and_report(atlas, place)


def _party_and_district(atlas: Atlas, facts: r.IslandFacts, pid: str | None) -> str:
    """ "Russia, Kurilsky District": the party's name and where it places the island."""
    party = atlas.ds.parties.get(pid or "")
    if party is None:
        return "nobody"
    district = facts.districts.get(party.id)
    return md(party.name) + (f", {md(district.name)}" if district else "")


def control_line(atlas: Atlas, s: r.ControlChange) -> str:
    """'28 August 1945 (sources); all four islands by 5 September 1945 (sources)', from fields."""
    line = f"{s.start:%-d %B %Y} ({cites(atlas, s)})"
    if s.end is None or s.end == s.start:
        return line
    when = f"{s.end:%-d %B %Y}"
    end = f"{md(s.end_of)} by {when}" if s.end_of else f"until {when}"
    return line + f"; {end}" + (f" ({cites(atlas, s.end_source)})" if s.end_source else "")


def cites(atlas: Atlas, c: r.Cited) -> str:
    """The record's source and every other source it names, each as a link."""
    more = [r.Cited(source=o) if isinstance(o, str) else o for o in c.other_sources]
    return "; ".join(cite(atlas, x) for x in (c, *more))


def _num(v: object) -> str:
    return f"{v:,.0f}" if isinstance(v, int | float) else str(v)


def _span(f: figures.Figure, fmt) -> str:
    span = f.span
    if span is None:
        return "—"
    lo, hi = span
    return fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo).split(' ')[0]}–{fmt(hi)}"


def _values(atlas: Atlas, values: tuple[r.Value, ...], unit: str) -> str:
    return "; ".join(f"{_num(v.value)} {unit} ({cites(atlas, v)})" for v in values)


def render_distances(atlas: Atlas, place: str) -> None:
    st.markdown("### Distances (shortest, on the WGS84 ellipsoid)")
    dists = figures.distances(atlas, place)
    rows = [
        {
            "To": d.label,
            "Measured on the map data": fmt_km(d.distance.computed or 0.0),
            "Published": ", ".join(f"{_num(v.value)} km" for v in d.distance.published) or "—",
            "Range": _span(d.distance, fmt_km) if d.distance.published else "—",
        }
        for d in dists
    ]
    table(rows)
    lines = []
    for d in (d for d in dists if d.distance.published):
        line = (
            f"- **To {md(d.label)}:** published {_values(atlas, d.distance.published, 'km')}; "
            f"measured coast to coast on the map data: {fmt_km(d.distance.computed or 0.0)}."
        )
        for s in d.straits:
            # None when no published width is a number (only texts): nothing to state then
            span = figures.Figure(s.width.published).span
            if span is not None:
                lo, hi = span
                pub = f"{_num(lo)} km" if lo == hi else f"{_num(lo)}–{_num(hi)} km"
                line += f" {md(atlas.label(s.strait))}, between them: published {pub} wide."
        lines.append(line)
    if lines:
        st.markdown("\n".join(lines))


def render_straits(atlas: Atlas, place: str) -> None:
    found = figures.straits(atlas, place)
    if not found:
        return
    st.markdown("### Straits (narrowest width)")
    lines = []
    for s in found:
        to = ", ".join(atlas.label(o) for o in s.shores)
        measured = (
            f"measured on the map data: {fmt_km(s.width.computed)}"
            if s.width.computed is not None
            else "not measurable on the map data"
        )
        n = len(s.width.published)
        pub = f"{n} published width{'s' if n != 1 else ''}" if n else "no published width"
        lines.append(
            f"- **{md(atlas.label(s.strait))}** (to {md(to)}): {_span(s.width, fmt_km)} — "
            f"{measured}; {pub} (sources under “Published figures and facts”)."
        )
    st.markdown("\n".join(lines))


def _remarks(v: r.Value) -> str:
    """The value's note, and why it is left out of the range if it is known to be wrong."""
    out = f" — {md(v.note)}" if v.note else ""
    return out + (f" — not counted in the range: {md(v.erratum)}" if v.erratum else "")


def render_sources(atlas: Atlas, place: str) -> None:
    facts = atlas.ds.islands[place]
    if not st.toggle("Published figures and facts, with sources", key="show_facts"):
        return
    lines = [f"- {_num_area(v.value)} km² — {cites(atlas, v)}{_remarks(v)}" for v in facts.area_km2]
    lines += [
        f"- {v.year or 'Undated'}: {_num(v.value)} people — {cites(atlas, v)}{_remarks(v)}"
        for y, f in figures.populations(atlas, place)
        for v in f.published
    ]
    lines += [
        f"- {md(atlas.label(s.strait))}: {_values(atlas, s.width.published, 'km')}"
        for s in figures.straits(atlas, place)
        if s.width.published
    ]
    lines += [f"- {md(f.text)} ({cites(atlas, f)})" for f in facts.facts]
    st.markdown("\n".join(lines))


def _num_area(v: object) -> str:
    return f"{float(v):,.2f}".removesuffix(".00") if isinstance(v, int | float) else str(v)


def render_events_and_report(atlas: Atlas, place: str) -> None:
    events = [e for e in atlas.ds.events if place in e.islands]
    if events and st.toggle(f"Dated events that concern it ({len(events)})", key="show_events"):
        st.markdown(
            "\n".join(
                f"- **{e.date:%-d %b %Y}** — {md(e.title)}: {md(e.text)} ({cites(atlas, e)})"
                for e in sorted(events, key=lambda e: e.date)
            )
        )
    facts = [f for f in atlas.ds.report.facts if place in f.islands]
    if facts:
        st.markdown("### What the seed report says")
        lines = []
        for f in facts:
            quote = f" “{md(f.quote)}” — {md(f.speaker)}" if f.quote and f.speaker else ""
            lines.append(f"- ¶{f.paragraph}: {md(f.text)}{quote}")
        st.markdown("\n".join(lines))
