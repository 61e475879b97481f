"""Text from data and URLs made inert for Markdown, links, HTML and a terminal."""

from __future__ import annotations

import pytest

from dashboard.text import esc, href, link, md, md_cell, printable, visible
from dashboard.views.common import cell, small, swatch


@pytest.mark.parametrize(
    "text,expected",
    [
        ("*bold* _it_ [x](y)", r"\*bold\* \_it\_ \[x\]\(y\)"),
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        ("two\nlines", "two lines"),
        # no address becomes a link, bare or not; no LaTeX, directive or entity survives
        # (a word joiner, U+2060, keeps GFM from linking bare addresses by itself)
        ("see https://x.org/p.", "see https\\:\u2060//x\\.org/p\\."),
        ("www.x.org a@b.co", "www\u2060\\.x\\.org a\u2060@b\\.co"),
        ("javascript:alert(1)", r"javascript\:alert\(1\)"),
        ("$x^2$ :red[r] &lt;", r"\$x\^2\$ \:red\[r\] \&lt;"),
        ("\u202eevil\x1b", "?evil?"),
    ],
)
def test_md(text, expected):
    assert md(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a table cell: one line, no | that ends it; fewer escapes than md (- . ( ) ' stay)
        ("a | b\r\nc\td", r"a \| b c d"),
        ("Japan-Russia (2000): Abe's view.", "Japan-Russia (2000): Abe's view."),
        ("*b* _i_ ~~s~~ `c` [x](y) \\", r"\*b\* \_i\_ \~\~s\~\~ \`c\` \[x\](y) \\"),
        ("<img src=x> &amp; $30", r"\<img src=x\> \&amp; \$30"),
        (
            "see https://x.org www.x.org a@b.co",
            "see https:\u2060//x.org www\u2060.x.org a\u2060@b.co",
        ),
        ("  \u202eevil\x1b  ", "?evil?"),
    ],
)
def test_md_cell(text, expected):
    assert md_cell(text) == expected


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://x.org/a_(b)?q=1&r=2#s", "https://x.org/a_%28b%29?q=1&r=2#s"),
        ("https://x.org/$x$[y]", "https://x.org/%24x%24%5By%5D"),
        ("https://x.org/a\nb", "https://x.org/ab"),  # records refuse this; still inert here
    ],
)
def test_href_keeps_a_link_target_closed(url, expected):
    assert href(url) == expected
    assert link("t", url) == f"[t]({expected})"


def test_link_without_an_address_is_the_title():
    assert link(r"a\_b", None) == r"a\_b"


def test_esc_visible_and_printable():
    assert esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert visible("a\r\nb\u202e") == "a b?"
    assert printable("id \x1b]0;owned\x07 ok") == "id \\x1b]0;owned\\x07 ok"
    assert printable("日本 ok") == "日本 ok"


def test_small_and_swatch_are_markdown_directives():
    assert small("a") == ":small[:gray[a]]"
    assert swatch("#0072B2") == ':color[■]{foreground="#0072B2"}'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.2 km", "16\\.2\u00a0km"),  # escaped, as every cell
        ("16.0–16.2 km", "16\\.0–16\\.2\u00a0km"),
        ("1\u00a0466 км²", "1\u00a0466\u00a0км²"),
        ("25 %", "25\u00a0%"),
        ("16 km, 19 km", "16\u00a0km, 19\u00a0km"),
        ("Cape Nosappu", "Cape Nosappu"),
        ("1 234", "1 234"),  # digits on both sides: a number's own spacing stays as it is
        ("km 16", "km 16"),
    ],
)
def test_a_table_cell_keeps_each_number_with_its_unit(text, expected):
    assert cell(text) == expected
