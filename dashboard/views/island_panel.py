"""The selected island: names, measured area beside published figures, people, dates,
distances and what the seed report says about it."""

from __future__ import annotations

import streamlit as st

from dashboard.atlas import Atlas
from dashboard.maps import holder_label
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
        st.markdown(
            f"**{md(names.ja)}** ({md(names.ja_romaji or '')}) · "
            f"**{md(names.ru)}** ({md(names.ru_translit or '')})"
        )
    if len(members) > 1:
        rows = []
        for m in members:
            n = atlas.name(m)
            rows.append(
                {
                    "": "▶" if m == picked else "",
                    "Islet": n.en,
                    "Japanese": n.ja,
                    "Russian": f"{n.ru} ({n.ru_translit or ''})",
                    "Area (computed)": fmt_area(atlas.area_km2(m)),
                }
            )
        if picked:
            n = atlas.name(picked)
            st.markdown(
                f"Picked: **{md(n.en)}** · {md(n.ja)} ({md(n.ja_romaji or '')}) · "
                f"{md(n.ru)} ({md(n.ru_translit or '')})"
            )
        table(rows)


def render_disputed(atlas: Atlas, place: str) -> None:
    facts = atlas.ds.islands[place]
    comp = atlas.area_comparison(place)
    c1, c2 = st.columns(2)
    rng = comp.published_range
    pub = (
        f"published {rng[0]:,.0f}–{rng[1]:,.0f} km²"
        if rng and rng[0] != rng[1]
        else f"published {rng[0]:,.0f} km²"
        if rng
        else "no published figure"
    )
    c1.metric("Land area (computed)", fmt_area(comp.computed_km2))
    c1.caption(f"From the map geometry, on the WGS84 ellipsoid; {pub}.")
    pops = sorted(facts.population, key=lambda v: v.year or 0)
    early = [p for p in pops if p.year and p.year <= 1945]
    late = [p for p in pops if p.year and p.year > 1945]
    if late:
        c2.metric(f"Population ({late[-1].year})", _num(late[-1].value))
        if early:
            c2.caption(f"{early[-1].year}: {_num(early[-1].value)} ({md(early[-1].note or '')})")
    admin = atlas.ds.parties.get(facts.administered_by or "")
    claim = ", ".join(atlas.ds.parties[c].name for c in facts.claimed_by if c in atlas.ds.parties)
    st.markdown(
        f"**Administered by** {md(admin.name if admin else 'nobody')}"
        + (f", {md(facts.russian_district.name)}" if facts.russian_district else "")
        + f" · **claimed by** {md(claim or 'nobody')}"
        + (f", {md(facts.japanese_district.name)}" if facts.japanese_district else "")
    )
    if facts.seized_1945:
        s = facts.seized_1945
        end = f" – {s.end:%-d %B %Y}" if s.end and s.end != s.start else ""
        st.markdown(
            f"**Taken by Soviet forces:** {s.start:%-d %B %Y}{end}"
            + (f" — {md(s.note)}" if s.note else "")
            + f" ({cite(atlas, s)})"
        )
    render_distances(atlas, place)
    render_sources(atlas, place)
    render_events_and_report(atlas, place)


def _num(v: object) -> str:
    return f"{v:,}" if isinstance(v, int | float) else str(v)


def render_distances(atlas: Atlas, place: str) -> None:
    st.markdown("##### Distances (shortest, on the WGS84 ellipsoid)")
    rows = [
        {"To": d.label, "Distance": fmt_km(d.km), "km": round(d.km, 2)}
        for d in atlas.distances(place)
    ]
    table([{"To": r["To"], "Distance": r["Distance"]} for r in rows])


def render_sources(atlas: Atlas, place: str) -> None:
    facts = atlas.ds.islands[place]
    if not st.toggle("Published areas, populations and facts, with sources", key="show_facts"):
        return
    lines = [
        f"- {float(v.value):,.2f} km² — {cite(atlas, v)}" + (f" — {md(v.note)}" if v.note else "")
        for v in facts.area_km2
    ]
    lines += [
        f"- {v.year}: {_num(v.value)} people — {cite(atlas, v)}"
        + (f" — {md(v.note)}" if v.note else "")
        for v in sorted(facts.population, key=lambda p: p.year or 0)
    ]
    lines += [f"- {md(f.text)} ({cite(atlas, f)})" for f in facts.facts]
    st.markdown("\n".join(lines))


def render_events_and_report(atlas: Atlas, place: str) -> None:
    events = [e for e in atlas.ds.events if place in e.islands]
    if events and st.toggle(f"Dated events that concern it ({len(events)})", key="show_events"):
        st.markdown(
            "\n".join(
                f"- **{e.date:%-d %b %Y}** — {md(e.title)}: {md(e.text)} ({cite(atlas, e)})"
                for e in sorted(events, key=lambda e: e.date)
            )
        )
    facts = [f for f in atlas.ds.report.facts if place in f.islands]
    if facts:
        st.markdown("##### What the seed report says")
        lines = []
        for f in facts:
            quote = f" “{md(f.quote)}” — {md(f.speaker)}" if f.quote and f.speaker else ""
            lines.append(f"- ¶{f.paragraph}: {md(f.text)}{quote}")
        st.markdown("\n".join(lines))
