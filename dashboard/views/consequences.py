"""What the chosen scenario changes, measured, beside another scenario; with downloads."""

from __future__ import annotations

import streamlit as st

from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.export import figure_rows, figures_csv, scenario_geojson
from dashboard.maps import holder_label
from dashboard.views.common import cite, fmt_area, fmt_km, md, table

COMPARE = "compare_with"


def render_consequences(atlas: Atlas, cons: Consequences, sid: str) -> None:
    sc = cons.sc.get(sid)
    st.subheader(f"What “{md(sc.name)}” means, measured", anchor=False)
    st.markdown(md(sc.description))
    st.caption(f"Source: {cite(atlas, sc)}")
    c1, c2 = st.columns(2)
    with c1:
        render_land(atlas, cons, sid)
    with c2:
        render_sea(atlas, cons, sid)
    render_straits(atlas, cons, sid)
    render_compare(atlas, cons, sid)
    render_downloads(cons, sid)


def render_land(atlas: Atlas, cons: Consequences, sid: str) -> None:
    st.markdown(f"##### {md(atlas.ds.view.headings.disputed_land)}")
    rows = [
        {
            "Held by": holder_label(atlas, pl.party),
            "Land": fmt_area(pl.km2),
            "Share": f"{pl.share:.1%}",
            "Islands": ", ".join(pl.places),
        }
        for pl in cons.land(sid)
    ]
    table(rows)
    changed = cons.changed_hands(sid)
    if changed:
        st.markdown(f"**Change hands against the status quo:** {md(', '.join(changed))}.")
        people = [
            r
            for pl in cons.land(sid)
            for r in pl.residents
            if any(r[0].startswith(c.replace(" (part)", "")) for c in changed)
        ]
        for label, value, year, source in people:
            st.caption(
                f"Residents of {md(label)}: {value:,} ({year}) — {cite(atlas, _cited(source))}"
                if isinstance(value, int | float)
                else f"Residents of {md(label)}: {md(value)}"
            )
    for (p, q), gap in cons.shortest_between_parties(sid).items():
        text = "a land border (the dividing line)" if gap.km < 0.01 else f"{fmt_km(gap.km)}"
        a, b = holder_label(atlas, p), holder_label(atlas, q)
        st.markdown(f"**Shortest distance between {md(a)}'s and {md(b)}'s land:** {text}.")


def _cited(source: str):
    from dashboard.records import Cited

    return Cited(source=source)


def render_sea(atlas: Atlas, cons: Consequences, sid: str) -> None:
    box = cons.settings["box"]  # required in view.yaml (records.Analysis)
    lon = f"{_deg(box[0], 'E', 'W')}–{_deg(box[2], 'E', 'W')}"
    lat = f"{_deg(box[1], 'N', 'S')}–{_deg(box[3], 'N', 'S')}"
    st.markdown("##### Sea inside the box " + md(f"{lon}, {lat}"))
    rows = [
        {
            "Party": holder_label(atlas, p),
            "Territorial sea (12 nm)": fmt_area(ts),
            "Sea on its side of the median line": fmt_area(side),
        }
        for p, (ts, side) in cons.sea_km2(sid).items()
    ]
    table(rows)
    st.caption(
        "12 nautical miles from the low-water coast of the map data (no straight "
        "baselines); where belts overlap, the median line divides them (UNCLOS arts. 3 "
        "and 15). 200-nm zones overlap everywhere here, so the median line is the "
        "boundary shown for the whole box."
    )


def render_straits(atlas: Atlas, cons: Consequences, sid: str) -> None:
    st.markdown(f"##### {md(atlas.ds.view.headings.straits)}")
    rows = []
    for s in cons.straits(sid):
        row = {"Strait": atlas.label(s.strait), "Narrowest": fmt_km(s.width_km)}
        for party in atlas.ds.parties:
            row[f"In {holder_label(atlas, party)}'s territorial sea"] = fmt_km(
                s.cover_km.get(party, 0.0)
            )
        row["Outside every territorial sea"] = fmt_km(s.free_km)
        row["Passage outside territorial seas"] = "yes" if s.passage_outside else "no"
        rows.append(row)
    table(rows)


def render_compare(atlas: Atlas, cons: Consequences, sid: str) -> None:
    others = [s.id for s in cons.sc.ordered if s.id != sid]
    names = {s.id: s.name for s in cons.sc.ordered}
    if st.session_state.get(COMPARE) not in others:
        st.session_state[COMPARE] = cons.sc.default_id if sid != cons.sc.default_id else others[0]
    other = st.selectbox("Compare with", others, key=COMPARE, format_func=names.__getitem__)
    a = {(r["measure"], r["subject"]): r for r in figure_rows(cons, sid)}
    b = {(r["measure"], r["subject"]): r for r in figure_rows(cons, other)}
    rows = []
    for key in dict.fromkeys([*a, *b]):
        va = float(a[key]["value"]) if key in a else 0.0
        vb = float(b[key]["value"]) if key in b else 0.0
        if abs(va - vb) < 0.05:
            continue
        unit = (a[key] if key in a else b[key])["unit"]
        unit = "km²" if unit == "km2" else unit  # the CSV's unit, written for reading
        subject = (
            holder_label(atlas, key[1])
            if key[1] in atlas.ds.parties
            else (atlas.label(key[1]) if key[1] in atlas.ds.catalogue else key[1])
        )
        rows.append(
            {
                "Measure": _readable(atlas, key[0]),
                "Of": subject,
                names[sid]: f"{va:,.1f} {unit}",
                names[other]: f"{vb:,.1f} {unit}",
                "Difference": f"{va - vb:+,.1f} {unit}",
            }
        )
    if rows:
        table(rows)
    else:
        st.caption("No measured difference.")


def _readable(atlas: Atlas, measure: str) -> str:
    """A figure's measure with party ids replaced by the parties' names."""
    for pid, party in atlas.ds.parties.items():
        measure = measure.replace(f" of {pid}", f" of {party.name}")
    return measure[:1].upper() + measure[1:]


def render_downloads(cons: Consequences, sid: str) -> None:
    # prepared on request: a download's data is sent to the browser as soon as it is drawn
    if not st.toggle("Prepare downloads (GeoJSON and CSV)", key="show_downloads"):
        return
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the scenario's map data (GeoJSON)",
        scenario_geojson(cons, sid),
        file_name=f"{sid}.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    c2.download_button(
        "Download its figures (CSV)",
        figures_csv(cons, sid),
        file_name=f"{sid}.csv",
        mime="text/csv",
        on_click="ignore",
    )


def _deg(value: float, positive: str, negative: str) -> str:
    """146.0°E, 58.5°W: a coordinate with its hemisphere."""
    return f"{abs(value):g}°{positive if value >= 0 else negative}"
