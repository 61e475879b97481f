"""The page: state from the URL, the scenario and island controls, the map and the panels."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import state
from dashboard.atlas import Atlas
from dashboard.consequences import Consequences
from dashboard.problems import DataError
from dashboard.published import LayerUrls
from dashboard.scenarios import Scenarios
from dashboard.views import consequences, island_panel, layout, map_view, overview, share
from dashboard.views.common import current_folder, load_model, md

SEL = "selected_island"
SCEN = "scenario_choice"
PICK = "island_pick"
WARN = "url_warnings"
LAST_CLICK = "last_map_click"
MAP_KEY = "map"
NONE_LABEL = "— Overview (no island) —"
SEA_LAYER = "show_sea_layer"
STEP = "history_step"
DRAWN = "explorer_drawn"
WHOLE = "page_whole"

# The words this module puts on the page (a catalogue of the page's languages takes them over).
TEXT = {
    "controls": "Scenario: {name}",
}


def render_app() -> None:
    try:
        model = load_model(current_folder())
    except DataError as exc:
        render_data_error(exc)
        return
    atlas, scenarios, cons, urls = model.atlas, model.scenarios, model.cons, model.urls
    init_state(atlas, scenarios)
    # A session's first run draws what a reader sees first: the controls, the map and the
    # panel beside it. The sections below the map follow in the next run, which the map
    # itself asks for once its layers are drawn (see render_explorer), so that the browser
    # loads and draws the map before the rest of the page.
    whole = bool(st.session_state.get(DRAWN))
    st.session_state[WHOLE] = whole
    layout.render_style()
    st.title(md(atlas.view["title"]), anchor=False)
    st.caption(md(atlas.view["subtitle"]))
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
    for w in st.session_state.get(WARN, []):
        st.warning(md(w), icon="⚠️")
    write_url(scenarios)
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
                show_sea=st.session_state.get(SEA_LAYER, False),
            )
            share.render_share_button(
                atlas.view["title"],
                st.session_state[SEL],
                st.session_state[SCEN],
                scenarios.default_id,
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
    # computed. After that the panel goes first, as a click is answered there.
    first = not st.session_state.get(DRAWN)
    for draw in (
        (draw_map, draw_picker, draw_panel) if first else (draw_panel, draw_picker, draw_map)
    ):
        draw()
    st.session_state[DRAWN] = True


def render_panel(atlas: Atlas, scenarios: Scenarios) -> None:
    if st.session_state[SEL]:
        island_panel.render_island(
            atlas, scenarios, st.session_state[SEL], st.session_state[SCEN], on_close=select
        )
    else:
        overview.render_summary(atlas, scenarios, st.session_state[SCEN])


def render_data_error(exc: DataError) -> None:
    st.title("The map data could not be loaded")
    st.error(
        f"{len(exc.problems)} problem(s) in the data folder {md(current_folder())}. "
        "Fix them (or run `python -m dashboard validate`) and reload."
    )
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
    )
    st.session_state[SEL] = url.island
    st.session_state[SCEN] = url.scenario
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
    names = {s.id: md(s.name) for s in scenarios.ordered}
    where: DeltaGenerator
    if st.context.is_embedded:
        label = TEXT["controls"].format(name=names[st.session_state[SCEN]])
        where = st.popover(label)
    else:
        where = st.sidebar
    with where:
        if not st.context.is_embedded:
            st.header("Scenario")
        st.radio(
            "Who holds what",
            list(names),
            key=SCEN,
            format_func=names.__getitem__,
            help="Recolours the islands by who would hold them. The link in the address "
            "bar keeps your choice.",
        )
        sc = scenarios.get(st.session_state[SCEN])
        st.caption(md(sc.short or ""))
        render_history_steps(scenarios)
        st.toggle(
            "Sea zones, median lines and high seas",
            key=SEA_LAYER,
            help="Under the scenario, each holder's territorial sea (12 nautical miles) and "
            "exclusive economic zone (200 nautical miles) in its colour, the median lines "
            "where zones meet, and the high seas beyond every zone.",
        )


def render_island_picker(atlas: Atlas) -> None:
    options = ["", *selectable(atlas)]
    if st.session_state.get(PICK) not in options:
        st.session_state[PICK] = ""
    st.selectbox(
        "Choose an island",
        options,
        key=PICK,
        on_change=_picked,
        format_func=lambda i: NONE_LABEL if not i else _option_label(atlas, i),
        help="The same as clicking it on the map; the map moves to it.",
    )


def history(scenarios: Scenarios) -> list[str]:
    """Historical borders in order of year, then the present one (a past occupation may be
    later than the start of the present border)."""
    past = sorted(
        (s for s in scenarios.ordered if s.kind == "historical"), key=lambda s: s.year or 0
    )
    return [s.id for s in (*past, *(s for s in scenarios.ordered if s.kind == "current"))]


def render_history_steps(scenarios: Scenarios) -> None:
    steps = history(scenarios)
    if len(steps) < 2:
        return
    current = st.session_state[SCEN]
    st.session_state[STEP] = current if current in steps else steps[-1]
    years = {s: str(scenarios.get(s).year or s) for s in steps}
    # Two steps of the same year (an occupation, then the border that ended it) are told
    # apart by name: a slider's labels must differ for each step to be shown and chosen.
    twice = {y for y in years.values() if list(years.values()).count(y) > 1}
    labels = {s: f"{y}: {scenarios.get(s).name}" if y in twice else y for s, y in years.items()}
    st.select_slider(
        "Step through the borders in time",
        steps,
        key=STEP,
        format_func=labels.__getitem__,
        on_change=_stepped,
    )
    if current not in steps:  # a proposal or a view: the slider rests on the present border
        what = (
            "how one side's official maps draw the land"
            if scenarios.get(current).kind == "view"
            else "a proposal"
        )
        st.caption(
            f"The map shows {what}, not a border of the past; the slider rests on "
            f"{md(years[steps[-1]])}, the present one. Move it to see the borders of the past."
        )


def _stepped() -> None:
    st.session_state[SCEN] = st.session_state[STEP]


def _option_label(atlas: Atlas, fid: str) -> str:
    names = atlas.name(fid)
    indent = (
        "    · " if atlas.group_of(fid) != fid and atlas.group_of(fid) in atlas.disputed else ""
    )
    label = atlas.label(fid)
    return " — ".join([f"{indent}{label}", *atlas.names_list(names, skip_first=True)])


def _picked() -> None:
    pick = st.session_state.get(PICK) or None
    st.session_state[SEL] = pick
    st.session_state[WARN] = []
    st.session_state[map_view.FLY_TO] = pick


def write_url(scenarios: Scenarios) -> None:
    wanted = state.to_params(st.session_state[SEL], st.session_state[SCEN], scenarios.default_id)
    current = st.query_params.to_dict()
    if current != wanted:
        st.query_params.from_dict(wanted)
