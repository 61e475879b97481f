"""The dispute at a glance: the two positions, the seed report's facts checked against the
geometry, a timeline, and the sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.atlas import Atlas
from dashboard.scenarios import Scenarios
from dashboard.views.common import cite, fmt_km, md, small, swatch

OVERVIEW_TAB = "overview_tab"
TIMELINE_KEY = "timeline"
EVENT_PICK = "event_pick"


def render_summary(atlas: Atlas, scenarios: Scenarios, sid: str) -> None:
    st.header("The dispute", anchor=False)
    cols = st.columns(len(atlas.ds.parties))
    for col, party in zip(cols, atlas.ds.parties.values(), strict=True):
        with col:
            lines = [f"{swatch(party.colour)} **{md(party.name)}** {md(party.name_local or '')}"]
            if party.position:
                lines.append(md(party.position.summary))
                if party.position.name_for_islands:
                    lines.append(small(f"Calls the islands: {md(party.position.name_for_islands)}"))
                lines.append(small(cite(atlas, party.position)))
            st.markdown("\n\n".join(lines))
    render_checks(atlas)


def render_checks(atlas: Atlas) -> None:
    st.subheader("The report's claims, measured", anchor=False)
    for fact in atlas.ds.report.facts:
        res = atlas.check(fact)
        if res is None or fact.check is None:  # measured only where a check is stated
            continue
        verdict = "holds" if res.holds else "does not hold"
        st.markdown(f"¶{fact.paragraph} — {md(fact.text)}")
        st.success(
            f"Nearest {md(atlas.label(res.nearest))} islet: {fmt_km(res.measured_km)} "
            f"from {md(atlas.label(fact.check.to))} — {verdict} "
            f"(limit {fact.check.value:g} km).",
            icon="📏",
        ) if res.holds else st.error(f"Nearest: {fmt_km(res.measured_km)} — {verdict}.")


@st.fragment
def render_overview_tabs(atlas: Atlas) -> None:
    """The background in tabs. Only the open tab is built and sent, and switching tabs reruns
    this part alone, so the first load skips the chart and the table until they are opened."""
    tabs = st.tabs(list(TABS), key=OVERVIEW_TAB, on_change="rerun")
    for tab, render in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                render(atlas)


def render_timeline(atlas: Atlas) -> None:
    import altair as alt  # here, not at the top: only an opened Timeline tab needs it

    events = sorted(atlas.ds.events, key=lambda e: e.date)
    df = pd.DataFrame(
        [
            {
                "id": e.id,
                "date": pd.Timestamp(e.date),
                "title": e.title,
                "kind": e.kind,
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
            tooltip=[alt.Tooltip("date:T", format="%d %b %Y"), "title:N"],
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
    labels = {e.id: f"{e.date:%Y-%m-%d} — {e.title}" for e in events}
    pick_id = st.selectbox(
        "Event",
        ids,
        key=EVENT_PICK,
        format_func=labels.__getitem__,
        help="Or click a dot in the chart.",
    )
    e = next(ev for ev in events if ev.id == pick_id)
    st.markdown(
        f"**{e.date:%-d %B %Y} — {md(e.title)}**  \n{md(e.text)}  \nSource: {cite(atlas, e)}"
    )
    if e.islands:
        st.caption("Concerns: " + ", ".join(md(atlas.label(i)) for i in e.islands))


def _chosen_event(event: object) -> str | None:
    try:
        points = event["selection"]["pick"]  # type: ignore[index]
        return points[0]["id"] if points else None
    except (KeyError, IndexError, TypeError):
        return None


def render_report(atlas: Atlas) -> None:
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
            lines.append(small(f"Other source: {val}{said} ({cite(atlas, o)})"))
        res = atlas.check(f)
        if res is not None and f.check is not None:
            lines.append(
                small(
                    f"Measured: {fmt_km(res.measured_km)} from {md(atlas.label(res.nearest))} "
                    f"to {md(atlas.label(f.check.to))} — "
                    + ("holds." if res.holds else "does not hold.")
                )
            )
        blocks.append("  \n".join(lines))
    st.markdown("\n\n".join(blocks))


def render_positions(atlas: Atlas) -> None:
    cols = st.columns(len(atlas.ds.parties))
    for col, party in zip(cols, atlas.ds.parties.values(), strict=True):
        with col:
            st.subheader(f"{md(party.name)} {md(party.name_local or '')}", anchor=False)
            if party.position:
                st.markdown(md(party.position.summary))
                for s in party.position.statements:
                    st.markdown(f"- {md(s.text)} ({cite(atlas, s)})")
                if party.position.supporting:
                    st.markdown("**In support of this position:**")
                for s in party.position.supporting:
                    who = f"{md(s.speaker)}: " if s.speaker else ""
                    st.markdown(f"- {who}{md(s.text)} ({cite(atlas, s)})")


def render_source_list(atlas: Atlas) -> None:
    st.caption(f"{len(atlas.ds.sources)} sources. Every figure on this page names one of them.")
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher or "",
            "kind": s.kind,
            "read": s.read,
            "address": s.url or "",
            "licence": s.licence or "",
        }
        for s in atlas.ds.sources.values()
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={"address": st.column_config.LinkColumn("address")},
    )


TABS = {
    "The seed report": render_report,
    "Timeline": render_timeline,
    "Positions": render_positions,
    "Sources": render_source_list,
}
