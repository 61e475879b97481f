"""The dispute at a glance: the two positions, the seed report's facts checked against the
geometry, a timeline, and the sources.

Words about the dispute come in the reader's language where the folder gives them (party
names, each side's position in its own words); facts (the report, events, sources' titles,
statements) keep the language they are recorded in."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import records as r
from dashboard.atlas import Atlas
from dashboard.i18n import date, has, join, km, t, word
from dashboard.scenarios import Scenarios
from dashboard.views.common import cite, md, page_lang, small, swatch

OVERVIEW_TAB = "overview_tab"
TIMELINE_KEY = "timeline"
EVENT_PICK = "event_pick"


def party_heading(atlas: Atlas, party: r.Party, lang: str) -> str:
    """The party's name in the reader's language, and its own name where that differs."""
    name = word(party.name, lang, atlas.languages[0].code)
    local = party.name_local or ""
    return f"{md(name)} {md(local)}" if local and local != name else md(name)


def own_words(atlas: Atlas, party: r.Party, lang: str) -> list[r.OwnWords]:
    """The side's position in its own words in the reader's language, on a page in another
    language than the folder's first (in which the page's own summary is written)."""
    if party.position is None or lang == atlas.languages[0].code:
        return []
    return party.position.in_language(lang)


def position_lines(atlas: Atlas, party: r.Party, lang: str) -> list[str]:
    """A side's position, as Markdown paragraphs: in the reader's language, its own words
    quoted with their sources where the folder has them in that language; otherwise the
    page's summary, in the folder's first language, saying so on a page in another."""
    pos = party.position
    if pos is None:
        return []
    first = atlas.languages[0]
    own = own_words(atlas, party, lang)
    if own:
        lines = [small(t("positions.own_words", lang))]
        for q in own:
            if q.speaker:
                lines.append(t("quote.said", lang, text=md(q.text), speaker=md(q.speaker)))
            else:
                lines.append(t("quote.plain", lang, text=md(q.text)))
            lines.append(small(cite(atlas, q, lang)))
        return lines
    lines = [md(pos.summary)]
    if lang != first.code:
        language = word(first.name, lang, first.code)
        lines.append(small(t("positions.summary_note", lang, language=md(language))))
    return lines


def render_summary(atlas: Atlas, scenarios: Scenarios, sid: str) -> None:
    lang = page_lang()
    st.header(t("overview.heading", lang), anchor=False)
    cols = st.columns(len(atlas.ds.parties))
    for col, party in zip(cols, atlas.ds.parties.values(), strict=True):
        with col:
            lines = [f"{swatch(party.colour)} **{party_heading(atlas, party, lang)}**"]
            if party.position:
                lines += position_lines(atlas, party, lang)
                if party.position.name_for_islands:
                    name = md(party.position.name_for_islands)
                    lines.append(small(t("overview.calls_islands", lang, name=name)))
                if not own_words(atlas, party, lang):  # each quote names its own source
                    lines.append(small(cite(atlas, party.position, lang)))
            st.markdown("\n\n".join(lines))
    render_checks(atlas, lang)


def render_checks(atlas: Atlas, lang: str) -> None:
    st.subheader(t("overview.checks.heading", lang), anchor=False)
    for fact in atlas.ds.report.facts:
        res = atlas.check(fact)
        if res is None or fact.check is None:  # measured only where a check is stated
            continue
        verdict = t("check.holds" if res.holds else "check.fails", lang)
        st.markdown(f"¶{fact.paragraph} — {md(fact.text)}")
        distance = km(res.measured_km, lang)
        if res.holds:
            text = t(
                "check.nearest",
                lang,
                islet=md(atlas.label(res.nearest, lang)),
                distance=distance,
                target=md(atlas.label(fact.check.to, lang)),
                verdict=verdict,
                limit=f"{fact.check.value:g}",
            )
            st.success(text, icon=":material/straighten:")
        else:
            st.error(t("check.nearest.short", lang, distance=distance, verdict=verdict))


@st.fragment
def render_overview_tabs(atlas: Atlas) -> None:
    """The background in tabs. Only the open tab is built and sent, and switching tabs reruns
    this part alone, so the first load skips the chart and the table until they are opened."""
    lang = page_lang()
    labels = [t(key, lang) for key in TABS]
    tabs = st.tabs(labels, key=OVERVIEW_TAB, on_change="rerun")
    for tab, render in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                render(atlas, lang)


def event_kind(kind: str, lang: str) -> str:
    """An event's kind in the reader's language, where the catalogue names it."""
    key = f"event.kind.{kind}"
    return t(key, lang) if has(key) else kind


def render_timeline(atlas: Atlas, lang: str) -> None:
    import altair as alt  # here, not at the top: only an opened Timeline tab needs it

    events = sorted(atlas.ds.events, key=lambda e: e.date)
    df = pd.DataFrame(
        [
            {
                "id": e.id,
                "date": pd.Timestamp(e.date),
                "when": date(e.date, lang, e.precision, short=True),
                "title": e.title,
                "kind": event_kind(e.kind, lang),
                "row": i % 4,
            }
            for i, e in enumerate(events)
        ]
    )
    pick = alt.selection_point(fields=["id"], name="pick", on="click")
    chart = (
        alt.Chart(df)
        .mark_circle(size=140, opacity=0.85)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y")),
            y=alt.Y("kind:N", title=None),
            color=alt.Color("kind:N", legend=None, scale=alt.Scale(scheme="dark2")),
            tooltip=[
                alt.Tooltip("when:N", title=t("timeline.date", lang)),
                alt.Tooltip("title:N", title=t("timeline.title", lang)),
            ],
            size=alt.condition(pick, alt.value(320), alt.value(120)),
        )
        .add_params(pick)
        .properties(height=230)
    )
    event = st.altair_chart(chart, width="stretch", on_select="rerun", key=TIMELINE_KEY)
    chosen = _chosen_event(event)
    ids = [e.id for e in events]
    if chosen in ids:
        st.session_state[EVENT_PICK] = chosen
    labels = {
        e.id: t("timeline.option", lang, date=f"{e.date:%Y-%m-%d}", title=e.title) for e in events
    }
    pick_id = st.selectbox(
        t("timeline.event", lang),
        ids,
        key=EVENT_PICK,
        format_func=labels.__getitem__,
        help=t("timeline.help", lang),
    )
    e = next(ev for ev in events if ev.id == pick_id)
    source = t("common.source", lang, cite=cite(atlas, e, lang))
    st.markdown(
        f"**{date(e.date, lang, e.precision)} — {md(e.title)}**  \n{md(e.text)}  \n{source}"
    )
    if e.islands:
        places = join((md(atlas.label(i, lang)) for i in e.islands), lang)
        st.caption(t("timeline.concerns", lang, places=places))


def _chosen_event(event: object) -> str | None:
    try:
        points = event["selection"]["pick"]  # type: ignore[index]
        return points[0]["id"] if points else None
    except (KeyError, IndexError, TypeError):
        return None


def render_report(atlas: Atlas, lang: str) -> None:
    """The report's facts in paragraph order, each with the other sources set beside it and
    the geometry's verdict where it can check it: one block of text, light to draw."""
    src = atlas.ds.sources.get(atlas.ds.report.source or "")
    if src:
        # The source's note is a working note about how it was read: not for the page.
        st.caption(f"{md(src.title)} — {md(src.publisher or '')}, {md(src.date or '')}.")
    blocks = []
    for f in sorted(atlas.ds.report.facts, key=lambda f: f.paragraph):
        lines = [f"**¶{f.paragraph}** {md(f.text)}"]
        if f.quote:
            lines[0] += f" — “{md(f.quote)}”" + (f" ({md(f.speaker)})" if f.speaker else "")
        for o in f.other_sources:
            val = f"{o.value:,} {md(o.unit or '')} " if isinstance(o.value, int | float) else ""
            said = md(o.text or o.note or "")
            text = t("report.other_source", lang, text=f"{val}{said}", cite=cite(atlas, o, lang))
            lines.append(small(text))
        res = atlas.check(f)
        if res is not None and f.check is not None:
            verdict = t("check.holds" if res.holds else "check.fails", lang)
            text = t(
                "report.measured",
                lang,
                distance=km(res.measured_km, lang),
                start=md(atlas.label(res.nearest, lang)),
                target=md(atlas.label(f.check.to, lang)),
                verdict=verdict,
            )
            lines.append(small(text))
        blocks.append("  \n".join(lines))
    st.markdown("\n\n".join(blocks))


def render_positions(atlas: Atlas, lang: str) -> None:
    cols = st.columns(len(atlas.ds.parties))
    for col, party in zip(cols, atlas.ds.parties.values(), strict=True):
        with col:
            st.subheader(party_heading(atlas, party, lang), anchor=False)
            if party.position:
                st.markdown("\n\n".join(position_lines(atlas, party, lang)))
                for s in party.position.statements:
                    st.markdown(f"- {md(s.text)} ({cite(atlas, s, lang)})")
                if party.position.supporting:
                    st.markdown(t("positions.supporting", lang))
                for s in party.position.supporting:
                    who = f"{md(s.speaker)}: " if s.speaker else ""
                    st.markdown(f"- {who}{md(s.text)} ({cite(atlas, s, lang)})")


def render_source_list(atlas: Atlas, lang: str) -> None:
    st.caption(t("sources.caption", lang, count=len(atlas.ds.sources)))
    columns = ("id", "title", "publisher", "kind", "read", "address", "licence")
    names = {c: t(f"sources.column.{c}", lang) for c in columns}
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher or "",
            "kind": t(f"source.kind.{s.kind}", lang),
            "read": t(f"source.read.{s.read}", lang),
            "address": s.url or "",
            "licence": s.licence or "",
        }
        for s in atlas.ds.sources.values()
    ]
    frame = pd.DataFrame(rows).rename(columns=names)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={names["address"]: st.column_config.LinkColumn(names["address"])},
    )


# The tabs under the map, by the key of their label.
TABS: dict[str, Callable[[Atlas, str], None]] = {
    "tab.report": render_report,
    "tab.timeline": render_timeline,
    "tab.positions": render_positions,
    "tab.sources": render_source_list,
}
