"""What the chosen scenario changes, measured, beside another scenario; with downloads. In
the reader's language: headings, tables, measures and names; the scenario's description and
what sources say keep the language they are recorded in."""

from __future__ import annotations

import streamlit as st

from dashboard import figures
from dashboard import records as r
from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.export import FigureRow, figure_rows, figures_csv, scenario_geojson
from dashboard.i18n import heading, join, km, km2, number, percent, t, word
from dashboard.layers import holder_label
from dashboard.sea_layers import sea_name
from dashboard.views.common import cite, md, page_lang, small, table
from dashboard.views.share import render_picture_downloads

COMPARE = "compare_with"


def render_consequences(atlas: Atlas, cons: Consequences, sid: str) -> None:
    lang, first = page_lang(), atlas.languages[0]
    sc = cons.sc.get(sid)
    st.subheader(t("cons.title", lang, name=md(word(sc.name, lang, first.code))), anchor=False)
    if sc.description:
        text = md(sc.description)
        if lang != first.code:  # the folder writes it in its first language only
            note = t("common.only_in", lang, language=md(word(first.name, lang, first.code)))
            text += "  \n" + small(note)
        st.markdown(text)
    st.caption(t("common.source", lang, cite=cite(atlas, sc, lang)))
    c1, c2 = st.columns(2)
    with c1:
        render_land(atlas, cons, sid, lang)
    with c2:
        render_sea(atlas, cons, sid, lang)
    render_straits(atlas, cons, sid, lang)
    render_compare(atlas, cons, sid, lang)
    render_downloads(cons, sid, lang)


def _place(atlas: Atlas, place: str, part: bool, lang: str) -> str:
    label = atlas.label(place, lang)
    return t("land.part", lang, place=label) if part else label


def render_land(atlas: Atlas, cons: Consequences, sid: str, lang: str) -> None:
    st.markdown(f"#### {md(heading(atlas.ds.view, 'disputed_land', lang))}")
    rows = [
        {
            t("table.held_by", lang): holder_label(atlas, pl.party, lang),
            t("table.land", lang): km2(pl.km2, lang),
            t("table.share", lang): percent(pl.share, lang),
            t("table.islands", lang): join(
                sorted(_place(atlas, p, part, lang) for p, part in pl.places), lang
            ),
        }
        for pl in cons.land(sid)
    ]
    table(rows)
    changed = cons.changed_hands(sid)
    if changed:
        places = join(sorted(atlas.label(c, lang) for c in changed), lang)
        st.markdown(t("cons.changed_hands", lang, places=md(places)))
        people = [x for pl in cons.land(sid) for x in pl.residents if x[0] in changed]
        for island, value, year, source in people:
            place = md(atlas.label(island, lang))
            st.caption(
                t(
                    "cons.residents",
                    lang,
                    place=place,
                    value=number(value, lang),
                    year=year,
                    cite=cite(atlas, r.Cited(source=source), lang),
                )
                if isinstance(value, int | float)
                else t("cons.residents.text", lang, place=place, value=md(value))
            )
    for (p, q), gap in cons.shortest_between_parties(sid).items():
        text = t("cons.land_border", lang) if gap.km < 0.01 else km(gap.km, lang)
        a, b = holder_label(atlas, p, lang), holder_label(atlas, q, lang)
        st.markdown(t("cons.shortest", lang, a=md(a), b=md(b), distance=text))


def render_sea(atlas: Atlas, cons: Consequences, sid: str, lang: str) -> None:
    f = cons.frame
    st.markdown(f"#### {t('cons.sea.heading', lang)}")
    default = cons.sc.default_id
    default_name = word(cons.sc.get(default).name, lang, atlas.languages[0].code)
    sea = sea_name(atlas, cons, lang)
    before = cons.sea_km2(default)
    rows = []
    for holder, a in cons.sea_km2(sid).items():
        row: dict[str, object] = {
            t("table.held_by", lang): holder_label(atlas, holder, lang),
            t("table.territorial_sea", lang, nm=f"{f.territorial_nm:g}"): km2(
                a.territorial_km2, lang
            ),
            t("table.eez", lang, nm=f"{f.eez_nm:g}"): km2(a.eez_km2, lang),
        }
        if sid != default:
            was = before.get(holder)
            gain = a.territorial_km2 + a.eez_km2 - (was.territorial_km2 + was.eez_km2 if was else 0)
            row[t("table.change_against", lang, name=default_name)] = _signed_area(gain, lang)
        if f.inner_km2:
            inner = a.inner_territorial_km2 + a.inner_eez_km2
            row[t("table.share_of", lang, sea=sea)] = percent(inner / f.inner_km2, lang)
        rows.append(row)
    table(rows)
    render_high_seas(atlas, cons, lang)
    acc = f.accuracy
    st.caption(
        t(
            "cons.sea.method",
            lang,
            ts_nm=f"{f.territorial_nm:g}",
            eez_nm=f"{f.eez_nm:g}",
            n_median=acc.n_median,
            median_max=number(acc.median_max_m, lang),
            median_typical=number(acc.median_typical_m, lang),
            n_limit=acc.n_limit,
            limit_max=number(acc.limit_max_m, lang),
            region=_box(f.frame),
        )
    )
    render_sea_law(atlas, lang)


def _signed_area(value: float, lang: str) -> str:
    return "—" if abs(value) < 0.5 else ("+" if value > 0 else "−") + km2(abs(value), lang)


def render_high_seas(atlas: Atlas, cons: Consequences, lang: str) -> None:
    """The enclave of high seas in the folder's sea: computed beside every published figure."""
    f = cons.frame
    enclave = atlas.ds.maritime.enclave
    if not f.inner_high_seas_km2:
        return
    name = md(atlas.label_of(enclave.names, lang)) if enclave else t("cons.high_seas.name", lang)
    length, width = f.high_seas_extent_km
    line = t(
        "cons.high_seas.line",
        lang,
        sea=md(sea_name(atlas, cons, lang)),
        name=name,
        area=km2(f.inner_high_seas_km2, lang),
        length=km(length, lang),
        width=km(width, lang),
    )
    if enclave and enclave.area_km2:
        fig = figures.Figure(tuple(enclave.area_km2), f.inner_high_seas_km2)
        lo, hi = fig.span or (0.0, 0.0)
        line += t("cons.high_seas.span", lang, low=km2(lo, lang), high=km2(hi, lang))
        common = figures.most_published(enclave.area_km2)
        if common is not None:
            value, n = common
            diff = (value - f.inner_high_seas_km2) / f.inner_high_seas_km2
            line += t(
                "cons.high_seas.most_above" if diff > 0 else "cons.high_seas.most_below",
                lang,
                value=km2(value, lang),
                count=n,
                percent=percent(abs(diff), lang, 0),
            )
    st.markdown(line + t("cons.high_seas.same", lang))
    if enclave and enclave.difference_note:
        st.caption(md(enclave.difference_note))
    if enclave and st.toggle(t("cons.high_seas.toggle", lang), key="hs_src"):
        lines = [
            f"- {what}: {_value(v, unit, lang)} — {cite(atlas, v, lang)}"
            + (f" — {md(v.note)}" if v.note else "")
            for what, unit, vals in (
                (t("figure.area", lang), "unit.km2", enclave.area_km2),
                (t("figure.length", lang), "unit.km", enclave.length_km),
                (t("figure.width", lang), "unit.km", enclave.width_km),
            )
            for v in vals
        ]
        lines += [f"- {md(s.text)} ({cite(atlas, s, lang)})" for s in enclave.facts]
        st.markdown("\n".join(lines))


def _value(v: r.Value, unit: str, lang: str) -> str:
    """A published figure as its source words it: '52,000 km²', 'about 50,000 km²', or a
    text such as 'over 10,000 square miles' as it stands."""
    if not isinstance(v.value, int | float):
        return md(v.value)
    digits = 0 if isinstance(v.value, int) or v.value.is_integer() else 1
    figure = t(unit, lang, value=number(v.value, lang, digits))
    return md(" ".join(x for x in (v.qualifier, figure) if x))


def render_sea_law(atlas: Atlas, lang: str) -> None:
    m = atlas.ds.maritime
    if not (m.rules or m.positions or m.baselines):
        return
    if not st.toggle(t("cons.sea_law.toggle", lang), key="sea_law"):
        return
    lines = [
        f"- **{md(x.title)}:** {t('quote.plain', lang, text=md(x.text))} ({cite(atlas, x, lang)})"
        for x in m.rules
    ]
    for x in m.positions:
        party = atlas.ds.parties.get(x.party)
        who = md(word(party.name, lang, atlas.languages[0].code)) if party else md(x.party)
        quote = t("quote.plain", lang, text=md(x.text))
        quote += f" ({md(x.translation)})" if x.translation else ""
        lines.append(f"- **{who}:** {md(x.summary)} {quote} ({cite(atlas, x, lang)})")
    lines += [f"- {md(x.text)} ({cite(atlas, x, lang)})" for x in m.baselines]
    st.markdown("\n".join(lines))


def _box(frame: tuple[float, float, float, float]) -> str:
    w, s, e, n = frame
    return md(f"{_deg(w, 'E', 'W')}–{_deg(e, 'E', 'W')}, {_deg(s, 'N', 'S')}–{_deg(n, 'N', 'S')}")


def render_straits(atlas: Atlas, cons: Consequences, sid: str, lang: str) -> None:
    st.markdown(f"#### {md(heading(atlas.ds.view, 'straits', lang))}")
    yes, no = t("common.yes", lang), t("common.no", lang)
    rows = []
    for s in cons.straits(sid):
        row = {
            t("table.strait", lang): atlas.label(s.strait, lang),
            t("table.narrowest", lang): km(s.width_km, lang),
        }
        for party in atlas.ds.parties:
            holder = holder_label(atlas, party, lang)
            row[t("table.in_territorial_sea", lang, holder=holder)] = km(
                s.cover_km.get(party, 0.0), lang
            )
        row[t("table.outside_territorial_seas", lang)] = km(s.free_km, lang)
        row[t("table.passage_outside", lang)] = yes if s.passage_outside else no
        rows.append(row)
    table(rows)


def render_compare(atlas: Atlas, cons: Consequences, sid: str, lang: str) -> None:
    first = atlas.languages[0].code
    others = [s.id for s in cons.sc.ordered if s.id != sid]
    names = {s.id: word(s.name, lang, first) for s in cons.sc.ordered}
    if st.session_state.get(COMPARE) not in others:
        st.session_state[COMPARE] = cons.sc.default_id if sid != cons.sc.default_id else others[0]
    other = st.selectbox(
        t("compare.label", lang), others, key=COMPARE, format_func=names.__getitem__
    )
    a = {(x["measure"], x["subject"]): x for x in figure_rows(cons, sid)}
    b = {(x["measure"], x["subject"]): x for x in figure_rows(cons, other)}
    rows = []
    for key in dict.fromkeys([*a, *b]):
        va = float(a[key]["value"]) if key in a else 0.0
        vb = float(b[key]["value"]) if key in b else 0.0
        if abs(va - vb) < 0.05:
            continue
        row = a[key] if key in a else b[key]
        diff = va - vb
        rows.append(
            {
                t("table.measure", lang): _measure(atlas, cons, row, lang),
                t("table.of", lang): _subject(atlas, row["subject"], lang),
                names[sid]: _figure(va, row["unit"], lang),
                names[other]: _figure(vb, row["unit"], lang),
                t("table.difference", lang): ("+" if diff > 0 else "−")
                + _figure(abs(diff), row["unit"], lang),
            }
        )
    if rows:
        table(rows)
    else:
        st.caption(t("compare.none", lang))


def _measure(atlas: Atlas, cons: Consequences, row: FigureRow, lang: str) -> str:
    """A figure's measure in the reader's language (the CSV keeps its English name)."""
    f = cons.frame
    nm = f.eez_nm if row["key"] == "eez" else f.territorial_nm
    party = holder_label(atlas, row["party"], lang) if row["party"] else ""
    sea = sea_name(atlas, cons, lang)
    return t(f"measure.{row['key']}", lang, nm=f"{nm:g}", sea=sea, party=party)


def _subject(atlas: Atlas, subject: str, lang: str) -> str:
    """What a figure is of: a holder, a strait, or two holders ('Japan / Russia')."""

    def one(x: str) -> str:
        if x in atlas.ds.parties or x in atlas.holder_kinds:
            return holder_label(atlas, x, lang)
        return atlas.label(x, lang) if x in atlas.ds.catalogue else x

    return " / ".join(one(x) for x in subject.split(" / "))


def _figure(value: float, unit: str, lang: str) -> str:
    """A compared figure with one decimal, in its unit as the language writes it."""
    text = number(value, lang, 1)
    keys = {"km2": "unit.km2", "km": "unit.km", "%": "unit.percent"}
    return t(keys[unit], lang, value=text) if unit in keys else f"{text} {unit}"


def render_downloads(cons: Consequences, sid: str, lang: str) -> None:
    """Downloads built when clicked (the page sends no data until then)."""
    c1, c2 = st.columns(2)
    c1.download_button(
        t("download.geojson", lang),
        lambda: scenario_geojson(cons, sid),
        file_name=f"{sid}.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    c2.download_button(
        t("download.csv", lang),
        lambda: figures_csv(cons, sid),
        file_name=f"{sid}.csv",
        mime="text/csv",
        on_click="ignore",
    )
    render_picture_downloads(cons, sid, lang)


def _deg(value: float, positive: str, negative: str) -> str:
    """146.0°E, 58.5°W: a coordinate with its hemisphere."""
    return f"{abs(value):g}°{positive if value >= 0 else negative}"
