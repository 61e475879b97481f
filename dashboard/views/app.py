"""The page: state from the URL, the scenario and island controls, the map and the panels."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import state
from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.i18n import SOURCE, catalogue_languages, language_name, t, word
from dashboard.problems import DataError
from dashboard.published import LayerUrls, offered_languages
from dashboard.scenarios import Scenarios
from dashboard.views import consequences, island_panel, layout, map_view, overview, share
from dashboard.views.common import LANG, current_folder, load_model, md, page_lang

SEL = "selected_island"
SCEN = "scenario_choice"
PICK = "island_pick"
WARN = "url_warnings"
LAST_CLICK = "last_map_click"
MAP_KEY = "map"
SEA_LAYER = "show_sea_layer"
STEP = "history_step"
DRAWN = "explorer_drawn"
DRAWN_SCEN = "explorer_drawn_scenario"  # the scenario the map was last drawn in
WHOLE = "page_whole"


def render_app() -> None:
    try:
        model = load_model(current_folder())
    except DataError as exc:
        render_data_error(exc)
        return
    atlas, scenarios, cons, urls = model.atlas, model.scenarios, model.cons, model.urls
    init_state(atlas, scenarios)
    lang, first = page_lang(), atlas.languages[0].code
    # A session's first run draws what a reader sees first: the controls, the map and the
    # panel beside it. The sections below the map follow in the next run, which the map
    # itself asks for once its layers are drawn (see render_explorer), so that the browser
    # loads and draws the map before the rest of the page.
    whole = bool(st.session_state.get(DRAWN))
    st.session_state[WHOLE] = whole
    layout.render_style()
    title = word(atlas.ds.view.title, lang, first)
    st.set_page_config(page_title=title)  # the browser's tab, in the page's language
    st.title(md(title), anchor=False)
    st.caption(md(word(atlas.ds.view.subtitle, lang, first)))
    render_controls(atlas, scenarios)
    render_explorer(atlas, cons, urls)
    if whole:
        map_view.render_holders_table(atlas, scenarios, st.session_state[SCEN])
        consequences.render_consequences(atlas, cons, st.session_state[SCEN])
        overview.render_overview_tabs(atlas)


@st.fragment
def render_explorer(atlas: Atlas, cons: Consequences, urls: LayerUrls) -> None:
    """The map and the panel beside it. A click or a pick reruns only this part."""
    if st.session_state.get(DRAWN) and not st.session_state.get(WHOLE):
        # This part alone reruns (the map reports once it is drawn, or a first click) while
        # the page below it is not drawn yet: draw the whole page instead.
        st.rerun(scope="app")
    scenarios = cons.sc
    apply_map_click(atlas)
    lang = page_lang()
    for w in st.session_state.get(WARN, []):
        st.warning(md(w), icon=":material/warning:")
    write_url(atlas, scenarios)
    share.remember_view(st.session_state[SEL])
    # Side by side on a wide screen; stacked, map first, where the container is narrow.
    with st.container(key=layout.EXPLORER_KEY):
        left, right = st.columns([3, 2], gap="medium")
    picker = left.container()  # above the map, whenever it is filled

    def draw_map() -> None:
        with left:
            map_view.render_map(
                atlas,
                cons,
                urls,
                st.session_state[SEL],
                st.session_state[SCEN],
                lang,
                show_sea=st.session_state.get(SEA_LAYER, False),
            )
            share.render_share_button(
                word(atlas.ds.view.title, lang, atlas.languages[0].code),
                view_params(atlas, scenarios),
                lang,
            )

    def draw_picker() -> None:
        with picker:
            render_island_picker(atlas)

    def draw_panel() -> None:
        with right:
            render_panel(atlas, scenarios)

    # Streamlit sends elements in script order, and the browser fetches each kind of widget's
    # code when it first meets one. A session's first run sends the map first: the browser has
    # the most to load for it, and on a cold server the panel's measures are still being
    # computed. After that, what the reader's action changes goes first: the map after a
    # change of scenario (the recolouring is the answer), the panel after a click or a pick.
    first = not st.session_state.get(DRAWN)
    toggled = st.session_state.get(DRAWN_SCEN) != st.session_state[SCEN]
    for draw in (
        (draw_map, draw_picker, draw_panel)
        if first or toggled
        else (draw_panel, draw_picker, draw_map)
    ):
        draw()
    st.session_state[DRAWN] = True
    st.session_state[DRAWN_SCEN] = st.session_state[SCEN]


def render_panel(atlas: Atlas, scenarios: Scenarios) -> None:
    if st.session_state[SEL]:
        island_panel.render_island(
            atlas, scenarios, st.session_state[SEL], st.session_state[SCEN], on_close=select
        )
    else:
        overview.render_summary(atlas, scenarios, st.session_state[SCEN])


def render_data_error(exc: DataError) -> None:
    # no folder, so no languages it offers: the link's, where the catalogue has it
    asked = str(st.query_params.get(state.LANG, "")).strip().lower()
    lang = asked if asked in catalogue_languages() else SOURCE
    st.title(t("page.error.title", lang))
    st.error(t("page.error.summary", lang, count=len(exc.problems), folder=md(current_folder())))
    for p in exc.problems[:50]:
        st.markdown(f"- {md(p)}")


def selectable(atlas: Atlas) -> list[str]:
    """Ids the list offers: the disputed groups, their islets, then the other islands."""
    out = []
    for g in atlas.disputed:
        out.append(g)
        members = atlas.members(g)
        out += [m for m in members if m != g] if len(members) > 1 else []
    listed = set(atlas.ds.view.listed_groups)
    out += [f for f in atlas.ds.land["id"] if atlas.group_of(f) in listed]
    return out


def init_state(atlas: Atlas, scenarios: Scenarios) -> None:
    if SEL in st.session_state:
        return
    url = state.parse_url(
        st.query_params.to_dict(),
        selectable(atlas) + list(atlas.ds.land["id"]),
        [s.id for s in scenarios.ordered],
        scenarios.default_id,
        languages=offered_languages(atlas),
    )
    st.session_state[SEL] = url.island
    st.session_state[SCEN] = url.scenario
    st.session_state[LANG] = url.lang
    st.session_state[PICK] = url.island or ""
    st.session_state[WARN] = url.warnings


def apply_map_click(atlas: Atlas) -> None:
    """Turn the map's last click into a selection, before anything is drawn."""
    model = load_model(current_folder())
    sig, fid = state.click_target(st.session_state.get(MAP_KEY), model.locate)
    if sig is None or sig == st.session_state.get(LAST_CLICK):
        return
    st.session_state[LAST_CLICK] = sig
    land = set(atlas.ds.land["id"])
    select(fid if fid in land else None)


def select(island: str | None) -> None:
    st.session_state[SEL] = island
    st.session_state[PICK] = island or ""
    st.session_state[WARN] = []


def render_controls(atlas: Atlas, scenarios: Scenarios) -> None:
    """In the sidebar (folded on a narrow screen, one tap away); in an embedded page, which
    shows no sidebar, behind a button above the map that names the scenario shown."""
    lang, first = page_lang(), atlas.languages[0].code
    names = {s.id: md(word(s.name, lang, first)) for s in scenarios.ordered}
    where: DeltaGenerator
    if st.context.is_embedded:
        label = t("controls.embedded", lang, name=names[st.session_state[SCEN]])
        where = st.popover(label)
    else:
        where = st.sidebar
    with where:
        render_language_control(atlas)
        if not st.context.is_embedded:
            st.header(t("controls.scenario", lang))
        st.radio(
            t("controls.who_holds", lang),
            list(names),
            key=SCEN,
            format_func=names.__getitem__,
            help=t("controls.who_holds.help", lang),
        )
        sc = scenarios.get(st.session_state[SCEN])
        st.caption(md(word(sc.short, lang, first)))
        render_history_steps(scenarios, lang, first)
        st.toggle(
            t("controls.sea_layer", lang),
            key=SEA_LAYER,
            help=t("controls.sea_layer.help", lang),
        )


def render_language_control(atlas: Atlas) -> None:
    """The page's language, among those the folder declares that the catalogue has, each
    named in itself; a change redraws the page in it (the map stays, and takes its words)."""
    offered = offered_languages(atlas)
    if len(offered) < 2:
        return
    lang = page_lang()
    st.radio(
        t("language.label", lang),
        offered,
        key=LANG,
        format_func=language_name,
        horizontal=True,
        help=t("language.help", lang),
    )


def render_island_picker(atlas: Atlas) -> None:
    lang = page_lang()
    options = ["", *selectable(atlas)]
    if st.session_state.get(PICK) not in options:
        st.session_state[PICK] = ""
    none = t("picker.none", lang)
    st.selectbox(
        t("picker.label", lang),
        options,
        key=PICK,
        on_change=_picked,
        format_func=lambda i: none if not i else _option_label(atlas, i, lang),
        help=t("picker.help", lang),
    )


def history(scenarios: Scenarios) -> list[str]:
    """Historical borders in order of year, then the present one (a past occupation may be
    later than the start of the present border)."""
    past = sorted(
        (s for s in scenarios.ordered if s.kind == "historical"), key=lambda s: s.year or 0
    )
    return [s.id for s in (*past, *(s for s in scenarios.ordered if s.kind == "current"))]


def render_history_steps(scenarios: Scenarios, lang: str, first: str) -> None:
    steps = history(scenarios)
    if len(steps) < 2:
        return
    current = st.session_state[SCEN]
    st.session_state[STEP] = current if current in steps else steps[-1]
    years = {s: str(scenarios.get(s).year or s) for s in steps}
    # Two steps of the same year (an occupation, then the border that ended it) are told
    # apart by name: a slider's labels must differ for each step to be shown and chosen.
    twice = {y for y in years.values() if list(years.values()).count(y) > 1}
    labels = {
        s: t("history.step_named", lang, year=y, name=word(scenarios.get(s).name, lang, first))
        if y in twice
        else y
        for s, y in years.items()
    }
    st.select_slider(
        t("history.label", lang),
        steps,
        key=STEP,
        format_func=labels.__getitem__,
        on_change=_stepped,
    )
    if current not in steps:  # a proposal or a view: the slider rests on the present border
        key = (
            "history.rests.view"
            if scenarios.get(current).kind == "view"
            else "history.rests.proposal"
        )
        st.caption(t(key, lang, year=md(years[steps[-1]])))


def _stepped() -> None:
    st.session_state[SCEN] = st.session_state[STEP]


def _option_label(atlas: Atlas, fid: str, lang: str) -> str:
    """An island's names, the reader's language first; a disputed group's islets indented."""
    names = atlas.name(fid)
    indent = (
        "    · " if atlas.group_of(fid) != fid and atlas.group_of(fid) in atlas.disputed else ""
    )
    label = atlas.label(fid, lang)
    return " — ".join([f"{indent}{label}", *atlas.names_list(names, skip_first=True, lang=lang)])


def _picked() -> None:
    pick = st.session_state.get(PICK) or None
    st.session_state[SEL] = pick
    st.session_state[WARN] = []
    st.session_state[map_view.FLY_TO] = pick


def view_params(atlas: Atlas, scenarios: Scenarios) -> dict[str, str]:
    """The URL's parameters for the view on screen: only what differs from the default."""
    return state.to_params(
        st.session_state[SEL],
        st.session_state[SCEN],
        scenarios.default_id,
        page_lang(),
        offered_languages(atlas)[0],
    )


def write_url(atlas: Atlas, scenarios: Scenarios) -> None:
    wanted = view_params(atlas, scenarios)
    current = st.query_params.to_dict()
    if current != wanted:
        st.query_params.from_dict(wanted)
