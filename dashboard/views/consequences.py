"""What the chosen scenario changes, measured, beside another scenario; with downloads."""

from __future__ import annotations

import streamlit as st

from dashboard import figures
from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.export import figure_rows, figures_csv, scenario_geojson
from dashboard.layers import holder_label
from dashboard.views.common import cite, fmt_area, fmt_km, md, table
from dashboard.views.share import render_picture_downloads

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
    st.markdown(f"#### {md(atlas.ds.view.headings.disputed_land)}")
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
    f = cons.frame
    st.markdown("#### At sea, measured (UNCLOS zones)")
    default = cons.sc.default_id
    before = cons.sea_km2(default)
    rows = []
    for holder, a in cons.sea_km2(sid).items():
        row: dict[str, object] = {
            "Held by": holder_label(atlas, holder),
            f"Territorial sea ({f.territorial_nm:g} nm)": fmt_area(a.territorial_km2),
            f"EEZ ({f.eez_nm:g} nm)": fmt_area(a.eez_km2),
        }
        if sid != default:
            was = before.get(holder)
            gain = a.territorial_km2 + a.eez_km2 - (was.territorial_km2 + was.eez_km2 if was else 0)
            row[f"Change against “{cons.sc.get(default).name}”"] = _signed_area(gain)
        if f.inner_km2:
            inner = a.inner_territorial_km2 + a.inner_eez_km2
            row[f"Share of the {f.inner_name}"] = f"{inner / f.inner_km2:.1%}"
        rows.append(row)
    table(rows)
    render_high_seas(atlas, cons)
    acc = f.accuracy
    st.caption(
        f"Each holder's zones reach {f.territorial_nm:g} and {f.eez_nm:g} nautical miles from "
        "the coast of the map data (the normal baseline; no straight baselines), and the median "
        "line divides them where they overlap; geodesic throughout (WGS84). Checked at "
        f"{acc.n_median} points of the median lines: each within {acc.median_max_m:,.0f} m of "
        f"equidistant (typically {acc.median_typical_m:,.0f} m); at {acc.n_limit} points of "
        f"the high seas' edge: within {acc.limit_max_m:,.0f} m of {f.eez_nm:g} nautical "
        "miles from the nearest coast. Zones are measured in the land data's region "
        f"{_box(f.frame)}."
    )
    render_sea_law(atlas)


def _signed_area(km2: float) -> str:
    return "—" if abs(km2) < 0.5 else ("+" if km2 > 0 else "−") + fmt_area(abs(km2))


def render_high_seas(atlas: Atlas, cons: Consequences) -> None:
    """The enclave of high seas in the folder's sea: computed beside every published figure."""
    f = cons.frame
    enclave = atlas.ds.maritime.enclave
    if not f.inner_high_seas_km2:
        return
    name = md(atlas.label_of(enclave.names)) if enclave else "high seas"
    length, width = f.high_seas_extent_km
    line = (
        f"**High seas inside the {md(f.inner_name)}** ({name}): {fmt_area(f.inner_high_seas_km2)}"
        f" computed, {fmt_km(length)} long and {fmt_km(width)} across at its widest"
    )
    if enclave and enclave.area_km2:
        fig = figures.Figure(tuple(enclave.area_km2), f.inner_high_seas_km2)
        lo, hi = fig.span or (0.0, 0.0)
        line += f"; published and computed figures span {fmt_area(lo)} to {fmt_area(hi)}"
        common = figures.most_published(enclave.area_km2)
        if common is not None:
            value, n = common
            diff = (value - f.inner_high_seas_km2) / f.inner_high_seas_km2
            line += (
                f". The figure most sources give, {fmt_area(value)} ({n} of them), is "
                f"{abs(diff):.0%} {'above' if diff > 0 else 'below'} the computed one"
            )
    st.markdown(line + ". The same in every scenario: land changes hands, not distance.")
    if enclave and enclave.difference_note:
        st.caption(md(enclave.difference_note))
    if enclave and st.toggle("Published figures of the high seas, with sources", key="hs_src"):
        lines = [
            f"- {what}: {_value(v, unit)} — {cite(atlas, v)}"
            + (f" — {md(v.note)}" if v.note else "")
            for what, unit, vals in (
                ("Area", "km²", enclave.area_km2),
                ("Length", "km", enclave.length_km),
                ("Width", "km", enclave.width_km),
            )
            for v in vals
        ]
        lines += [f"- {md(s.text)} ({cite(atlas, s)})" for s in enclave.facts]
        st.markdown("\n".join(lines))


def _value(v, unit: str) -> str:
    """A published figure as its source words it: '52,000 km²', 'about 50,000 km²', or a
    text such as 'over 10,000 square miles' as it stands."""
    if not isinstance(v.value, int | float):
        return md(v.value)
    return md(" ".join(x for x in (v.qualifier, f"{v.value:,}", unit) if x))


def render_sea_law(atlas: Atlas) -> None:
    m = atlas.ds.maritime
    if not (m.rules or m.positions or m.baselines):
        return
    if not st.toggle("The rules applied, and what each side says of its zones", key="sea_law"):
        return
    lines = [f"- **{md(x.title)}:** “{md(x.text)}” ({cite(atlas, x)})" for x in m.rules]
    for x in m.positions:
        party = atlas.ds.parties.get(x.party)
        who = md(party.name) if party else md(x.party)
        quote = f"“{md(x.text)}”" + (f" ({md(x.translation)})" if x.translation else "")
        lines.append(f"- **{who}:** {md(x.summary)} {quote} ({cite(atlas, x)})")
    lines += [f"- {md(x.text)} ({cite(atlas, x)})" for x in m.baselines]
    st.markdown("\n".join(lines))


def _box(frame: tuple[float, float, float, float]) -> str:
    w, s, e, n = frame
    return md(f"{_deg(w, 'E', 'W')}–{_deg(e, 'E', 'W')}, {_deg(s, 'N', 'S')}–{_deg(n, 'N', 'S')}")


def render_straits(atlas: Atlas, cons: Consequences, sid: str) -> None:
    st.markdown(f"#### {md(atlas.ds.view.headings.straits)}")
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
    """Downloads built when clicked (the page sends no data until then)."""
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the scenario's map data (GeoJSON)",
        lambda: scenario_geojson(cons, sid),
        file_name=f"{sid}.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    c2.download_button(
        "Download its figures (CSV)",
        lambda: figures_csv(cons, sid),
        file_name=f"{sid}.csv",
        mime="text/csv",
        on_click="ignore",
    )
    render_picture_downloads(cons, sid)


def _deg(value: float, positive: str, negative: str) -> str:
    """146.0°E, 58.5°W: a coordinate with its hemisphere."""
    return f"{abs(value):g}°{positive if value >= 0 else negative}"
