"""A view's link and the <iframe> that embeds it (dashboard.sharing)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import sharing


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://example.org/news/map?x=1#y", "http://example.org/news/map"),
        ("https://example.org", "https://example.org/"),
        (None, sharing.FALLBACK_BASE),
        ("javascript:alert(1)//", sharing.FALLBACK_BASE),
        ("//example.org/", sharing.FALLBACK_BASE),
    ],
)
def test_page_address_keeps_an_http_address_without_its_query(url, base):
    assert sharing.page_address(url) == base


def test_view_link_carries_the_view_and_the_embed_adds_embed_true():
    params = {"island": "kunashir", "scenario": "japan-claim"}
    link = sharing.view_link("http://h/app?old=1", params)
    assert link == "http://h/app?island=kunashir&scenario=japan-claim"
    assert sharing.view_link("http://h/", {}) == "http://h/"
    query = parse_qs(urlsplit(sharing.embed_link("http://h/", params)).query)
    assert query == {"island": ["kunashir"], "scenario": ["japan-claim"], "embed": ["true"]}


def test_embed_snippet_is_an_iframe_with_escaped_attributes():
    snippet = sharing.embed_snippet("http://h/", {"island": "a&b"}, 'A "title" <b>', 640)
    src = re.search(r'src="([^"]*)"', snippet)[1]
    assert src == "http://h/?island=a%26b&amp;embed=true"
    assert 'title="A &quot;title&quot; &lt;b&gt;"' in snippet
    assert 'height="640"' in snippet and "<b>" not in snippet
    assert snippet.startswith("<iframe ") and snippet.endswith("></iframe>")
