"""Text from data made inert for Streamlit's markdown."""

from __future__ import annotations

import pytest

from dashboard.views.common import md, small, swatch


@pytest.mark.parametrize(
    "text,expected",
    [
        ("*bold* _it_ [x](y)", r"\*bold\* \_it\_ \[x\]\(y\)"),
        ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert\(1\)\>"),
        ("two\nlines", "two lines"),
        # a bare address stays one link, without the sentence's punctuation
        (
            "copies (https://www.example.com/a-b/c_d/), read.",
            r"copies \(<https://www.example.com/a-b/c_d/>\), read\.",
        ),
        ("see https://x.org/p.", r"see <https://x.org/p>\."),
        # no other scheme becomes a link; markup cannot ride along in an address
        ("javascript:alert(1)", r"javascript:alert\(1\)"),
        ("https://x.org/<script>", r"<https://x.org/>\<script\>"),
        ("https://x.org/$x$", r"<https://x.org/>\$x\$"),
    ],
)
def test_md(text, expected):
    assert md(text) == expected


def test_small_and_swatch_are_markdown_directives():
    assert small("a") == ":small[:gray[a]]"
    assert swatch("#0072B2") == ':color[■]{foreground="#0072B2"}'
