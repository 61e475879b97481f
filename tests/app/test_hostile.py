"""Hostile data and URLs through AppTest: shown as text, never an exception.

Every string Streamlit renders as Markdown (titles, captions, alerts, labels, help, radio
options, tab labels) is rendered here with a Markdown parser close to Streamlit's (GFM with
bare-address links) and must hold no image, no link to the payloads' address, no HTML from
the data, and no LaTeX or colour directive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from markdown_it import MarkdownIt

from dashboard.config import DATA_DIR_ENV
from tests.app.conftest import click_on, load
from tests.hostile import (
    HOSTILE_URLS,
    IMG,
    LINK,
    MD_IMG,
    MD_LINK,
    MD_MARKUP,
    PAYLOAD_HOST,
    SCRIPT,
    shared_hostile_folder,
)

RENDER = MarkdownIt("gfm-like")
# Where each element keeps text Streamlit renders as Markdown (by protobuf message name).
MARKDOWN_FIELDS = {
    "Markdown": ("body",),
    "Heading": ("body",),
    "Alert": ("body",),
    "Metric": ("label",),
    "Tab": ("label",),
    "Expandable": ("label",),
    "Radio": ("label", "help", "options"),
}
WIDGET_FIELDS = ("label", "help")  # every other widget's label and help
# Streamlit's GFM links bare addresses in the text after escapes are resolved (the pattern of
# mdast-util-gfm-autolink-literal), so the shown text is searched for them too.
GFM_AUTOLINK = re.compile(r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(\.[-\w]+)+", re.I)
# LaTeX, and the payload's directive (the page's own, e.g. :color[■] swatches, may stay)
UNESCAPED = re.compile(r"(?<!\\)\$|(?<!\\):red(?<!\\)\[")


def markdown_texts(at) -> Iterator[tuple[str, str]]:
    """(element, text) for every Markdown string in the page AppTest holds."""
    stack = [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        kind = proto.DESCRIPTOR.name
        if kind == "Block":
            for sub in ("expandable", "tab"):
                if proto.HasField(sub):
                    yield f"{kind}.{sub}", getattr(proto, sub).label
            continue
        names = MARKDOWN_FIELDS.get(kind, WIDGET_FIELDS)
        for field, value in proto.ListFields():
            if field.name not in names:
                continue
            for text in (
                value if isinstance(value, list | tuple) or hasattr(value, "append") else [value]
            ):
                if isinstance(text, str):
                    yield f"{kind}.{field.name}", text


def shown(text: str) -> str:
    """The text a reader sees once Streamlit's Markdown has rendered `text` (word joiners,
    which are invisible, dropped)."""
    return unescape(re.sub(r"<[^>]+>", "", RENDER.render(text))).replace("\u2060", "")


def markup_in(text: str) -> list[str]:
    """What a hostile string would become if rendered: the parts that are not text."""
    html = RENDER.render(text)
    found = []
    if "<img" in html:
        found.append("image")  # from Markdown or from raw HTML
    if re.search(rf"<a href=\"(javascript:|[^\"]*{re.escape(PAYLOAD_HOST)})", html):
        found.append("link to the payload")
    shown = unescape(re.sub(r"<[^>]+>", "", html))  # the text a reader sees
    if GFM_AUTOLINK.search(shown):
        found.append("an address GFM would make a link")
    if re.search(r"<(script|iframe|style)\b|<[a-z][^<>]*\son[a-z]+=", html):
        found.append("raw HTML")
    if UNESCAPED.search(text):
        found.append("LaTeX or a directive")
    return found


def page_texts(at) -> list[str]:
    """What AppTest itself lists as the page's Markdown: every one must be in the walk."""
    elements = (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)
    elements += (*at.warning, *at.error, *at.success, *at.info)
    return [e.value for e in elements] + [w.label for w in (*at.radio, *at.selectbox, *at.tabs)]


def assert_inert(at) -> list[tuple[str, str]]:
    """Every Markdown string of the page holds no markup; returns them as (element, text).
    The walk must have found strings, and all those AppTest lists, or it checked nothing."""
    walked = list(markdown_texts(at))
    assert walked, "no Markdown string found on the page: nothing was checked"
    missed = set(page_texts(at)) - {text for _, text in walked}
    assert not missed, f"the walk missed what the page shows: {sorted(missed)[:3]}"
    for where, text in walked:
        assert not markup_in(text), f"{where}: {markup_in(text)} in {text[:300]!r}"
    return walked


def assert_shown_as_text(walked: list[tuple[str, str]], payloads) -> set[str]:
    """Each payload reaches the page and a reader sees it as it is, character for character;
    returns the kinds of element that showed one."""
    read = [(where, shown(text)) for where, text in walked]
    kinds = set()
    for payload in payloads:
        showing = {where for where, text in read if payload in text}
        assert showing, f"{payload!r} is not shown as text anywhere on the page"
        kinds |= showing
    return kinds


@pytest.fixture(scope="module")
def hostile_folder():
    """The run's hostile copy: measured once (the browser tests' server reads it)."""
    return shared_hostile_folder()


@pytest.fixture
def hostile_app(app, hostile_folder, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(hostile_folder))
    return app


def test_hostile_folder_is_valid_data_and_renders(hostile_app):
    at = load(hostile_app)
    assert not at.exception
    assert not at.error


def test_hostile_island_name_is_shown_as_text(hostile_app):
    hostile_app.query_params["island"] = "shikotan"
    at = load(hostile_app)
    assert not at.exception
    assert any("\\<img" in h.value for h in at.header)  # escaped: Streamlit shows "<img"
    assert any(IMG in shown(h.value) for h in at.header)  # and the reader reads it whole
    assert_inert(at)


@pytest.mark.parametrize("island", [None, "kunashir", "shikotan"])
def test_no_string_of_a_hostile_folder_reaches_markdown_as_markup(hostile_app, atlas, island):
    hostile_app.query_params["scenario"] = "declaration-1956"
    at = load(hostile_app)
    if island:
        at.session_state["map"] = click_on(atlas, island)
        at.run()
        assert at.toggle  # the panel's switches: each one shows more text
        for toggle in at.toggle:
            toggle.set_value(True)
        at.run()
    for tab in ("Timeline", "Positions", "Sources"):
        at.session_state["overview_tab"] = tab
        at.run()
        assert not at.exception
        walked = assert_inert(at)
        assert len(walked) > 20
        kinds = assert_shown_as_text(walked, (IMG, SCRIPT, LINK, MD_IMG, MD_LINK, MD_MARKUP))
        assert {"Markdown.body", "Heading.body", "Radio.options"} <= kinds
        assert any(c.value in {t for _, t in walked} for c in at.caption)


@pytest.mark.parametrize("params", HOSTILE_URLS, ids=lambda p: "&".join(p))
def test_a_crafted_link_is_quoted_back_as_text(app, params):
    for key, value in params.items():
        app.query_params[key] = value
    at = load(app)
    assert not at.exception
    assert len(at.warning) == len(params)
    assert_inert(at)
    for value in params.values():  # quoted back whole (all are under the shortening length)
        assert any(value.lower() in shown(w.value) for w in at.warning), value


def test_the_walk_sees_markup_when_a_string_is_not_escaped(hostile_app, monkeypatch):
    """The check above can fail: with the title shown unescaped, it finds the payloads."""
    from dashboard.views import app as page

    monkeypatch.setattr(page, "md", lambda text: str(text))
    at = load(hostile_app)
    with pytest.raises(AssertionError, match="image"):
        assert_inert(at)


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "\u202eevil",
        "x" * 5000,
        "%00%0a",
        "🏝️",
        "ITURUP\x00",
        IMG,
    ],
)
def test_fuzzed_url_values_warn(app, value):
    app.query_params["island"] = value
    app.query_params["scenario"] = value
    at = load(app)
    assert not at.exception
    assert len(at.warning) == 2
    assert all(len(w.value) < 400 for w in at.warning)
    assert_inert(at)


@pytest.mark.parametrize(
    "edit,words",
    [
        (lambda d: d["map"].pop("center"), "map.center"),
        (lambda d: d["colours"].__setitem__("ocean", "#fff}</style><img src=x>"), "colours.ocean"),
    ],
    ids=["no-map-centre", "colour-breakout"],
)
def test_a_broken_view_file_is_listed_on_the_page(app, tmp_path, monkeypatch, edit, words):
    import shutil

    import yaml

    from dashboard.config import DEFAULT_DATA_DIR

    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    doc = yaml.safe_load((folder / "view.yaml").read_text("utf-8"))
    edit(doc)
    (folder / "view.yaml").write_text(yaml.safe_dump(doc), "utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = app.run()
    assert not at.exception
    assert at.error and "problem" in at.error[0].value
    listed = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "view.yaml" in listed and words in listed
    assert_inert(at)
