"""The nginx template, filled as the deploy test fills it, read as text (no nginx runs)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tests.browser.test_deploy import TEMPLATE, blocks, directives, fill

ADDRESSES = ["10.0.0.1:8501", "10.0.0.2:8501", "10.0.0.3:8501"]
LABELS = ["0" * 31 + "a", "0" * 31 + "b", "0" * 31 + "c"]
SECURITY_HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"]


def filled(frame_ancestors: str = "*") -> str:
    return fill(
        TEMPLATE.read_text("utf-8"),
        listen=8080,
        prefix=Path("/srv/lb"),
        addresses=ADDRESSES,
        labels=LABELS,
        frame_ancestors=frame_ancestors,
    )


@pytest.fixture(scope="module")
def conf() -> list[tuple[tuple[str, ...], list[str]]]:
    return directives(filled())


def named(conf, name: str) -> list[tuple[tuple[str, ...], list[str]]]:
    return [(path, words) for path, words in conf if words[0] == name]


def in_block(conf, header: str) -> list[list[str]]:
    return [words for path, words in conf if path and path[-1] == header]


def unquote(word: str) -> str:
    return word[1:-1] if word[:1] == word[-1:] and word[:1] in "\"'" else word


def test_every_field_is_described_at_the_top():
    text = TEMPLATE.read_text("utf-8")
    fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
    head = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    assert fields == {"listen", "prefix", "frame_ancestors", "upstreams", "routes", "labels"}
    for f in fields:
        assert re.search(rf"^#\s+{f}\s", head, re.M), f"{f} is not described"


def test_replies_name_no_backend(conf):
    """Row 13.1: the address of the process that answered is logged, never sent."""
    for _, words in named(conf, "add_header"):
        assert "upstream" not in " ".join(words).lower(), words
    assert not any("X-Dashboard-Upstream" in w for _, words in conf for w in words)
    (log_format,) = named(conf, "log_format")
    assert "$upstream_addr" in "".join(log_format[1])


def test_the_route_cookie_is_only_accepted_when_it_is_a_label(conf):
    """Row 13.2: the cookie picks a group only by matching a label exactly."""
    text = filled()
    route_map = in_block(conf, "map $cookie_dashboard_route $route_group")
    assert sorted(route_map) == sorted(
        [["default", "dashboard"]]
        + [[f'"~^{label}$"', f"route_{i}"] for i, label in enumerate(LABELS)]
    )
    # $cookie_dashboard_route is read in that map only
    assert text.count("$cookie_dashboard_route") == 1


def test_the_set_cookie_is_built_from_labels_only(conf):
    """Row 13.2: Set-Cookie carries the label of the process that answered, nothing a client
    sent: its only variable is $route_label, whose values are the labels."""
    (cookie,) = [w for _, w in named(conf, "add_header") if w[1] == "Set-Cookie"]
    assert cookie == ["add_header", "Set-Cookie", "$route_cookie", "always"]
    cookie_map = in_block(conf, 'map "$route_answered $route_label" $route_cookie')
    values = {unquote(w[1]) for w in cookie_map}
    assert values == {"", "dashboard_route=$route_label; Path=/; HttpOnly; SameSite=Lax"}
    label_map = in_block(conf, "map $upstream_addr $route_label")
    assert sorted(unquote(w[1]) for w in label_map) == sorted(["", *LABELS])


def test_each_route_prefers_its_process_and_falls_back_to_the_others(conf):
    """Row 13.3: a route's group is its process, then the others as backups; a failed-over
    browser is re-labelled from the address that answered, so it is not sent back."""
    for i, address in enumerate(ADDRESSES):
        servers = in_block(conf, f"upstream route_{i}")
        assert [s[1] for s in servers] == ADDRESSES
        for s in servers:
            assert ("backup" in s) == (s[1] != address), s
    for _, words in named(conf, "server"):
        if len(words) > 1 and words[1] in ADDRESSES:
            options = dict(w.split("=", 1) for w in words[2:] if "=" in w)
            assert int(options["max_fails"]) > 1, words
    assert in_block(conf, "upstream dashboard")[0] == ["least_conn"]
    labels = in_block(conf, "map $upstream_addr $route_label")
    for address, label in zip(ADDRESSES, LABELS, strict=True):
        pattern = next(unquote(w[0])[1:] for w in labels if w[1] == label)
        assert re.search(pattern, f"10.0.0.9:8501, {address}")
        assert not re.search(pattern, f"{address}, 10.0.0.9:8501")
        assert not re.search(pattern, f"1{address}")


def test_server_tokens_are_off(conf):
    """Row 13.4."""
    assert (("http",), ["server_tokens", "off"]) in conf


@pytest.mark.parametrize(
    "ancestors", ["*", "https://news.example https://*.news.example", "'self'"]
)
def test_security_headers_are_set_once_for_every_location(ancestors):
    """Row 13.5: set at server level only (a location with its own add_header or
    proxy_hide_header would lose them), the processes' own copies hidden."""
    conf = directives(filled(ancestors))
    headers = {w[1]: w[2:] for p, w in named(conf, "add_header")}
    assert {p for p, _ in named(conf, "add_header")} == {("http", "server")}
    assert {p for p, _ in named(conf, "proxy_hide_header")} == {("http", "server")}
    hidden = {w[1] for _, w in named(conf, "proxy_hide_header")}
    assert hidden == set(SECURITY_HEADERS)
    assert headers["X-Content-Type-Options"] == ["nosniff", "always"]
    assert headers["Referrer-Policy"] == ["strict-origin-when-cross-origin", "always"]
    value, always = headers["Content-Security-Policy"]
    assert always == "always"
    policy = dict(d.strip().partition(" ")[::2] for d in unquote(value).split(";"))
    assert policy["frame-ancestors"] == f"'self' {ancestors}"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" in policy[directive]  # Streamlit needs them
    assert {"ws:", "wss:"} <= set(policy["connect-src"].split())


def test_only_the_websocket_gets_a_long_read_timeout(conf):
    """Row 13.6: other requests keep nginx's default timeouts (60 s)."""
    timeouts = [(p, w) for p, w in conf if w[0].endswith("_timeout")]
    assert timeouts == [
        (("http", "server", "location = /_stcore/stream"), ["proxy_read_timeout", "86400s"])
    ]
    assert blocks(filled(), "location") == ["location /", "location = /_stcore/stream"]
