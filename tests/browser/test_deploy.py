"""Two app processes behind nginx with session affinity, on loopback; processes are killed and
restarted mid-test. Which process answered a request is read from nginx's access log (under
the balancer's folder), never from anything a client receives."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.config import PROJECT_ROOT
from tests.browser.helpers import heading, open_app, wait_below_map
from tests.folders import SYNTHETIC
from tests.support.mapping import wait_idle, wait_map_ready
from tests.support.server import DASHBOARD, Server, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf.template"
COOKIE = "dashboard_route"
# A process is taken out (for fail_timeout) after max_fails failed requests in fail_timeout:
# one stray error does not move every browser pinned to it. Whoever fills in the template
# chooses both (deploy/nginx.conf.template suggests 10 s); affinity depends on neither. Here
# fail_timeout is short, so that a test sees nginx take a process out and put it back in
# service within seconds.
MAX_FAILS = 3
FAIL_TIMEOUT_S = 1
SERVER_OPTIONS = f"max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s"
POLL_S = 0.2
LOG_LINE = re.compile(
    r'"(?P<method>\S+) (?P<target>\S+) [^"]*" (?P<status>\d+) \d+ '
    r'route=(?P<route>\S+) upstream="(?P<upstream>[^"]*)"'
)
CSP_WATCH_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def fill(
    template: str,
    *,
    listen: int,
    prefix: Path,
    addresses: list[str],
    labels: list[str],
    frame_ancestors: str = "*",
) -> str:
    """The template filled in for these processes (address and route label of each)."""
    indent = "\n        "

    def group(name: str, head: list[str], first: int | None) -> str:
        lines = head + [
            f"server {a} {SERVER_OPTIONS}{'' if first in (None, i) else ' backup'};"
            for i, a in enumerate(addresses)
        ]
        return f"upstream {name} {{{indent}{indent.join(lines)}\n    }}"

    groups = [group("dashboard", ["least_conn;"], None)]
    groups += [group(f"route_{i}", [], i) for i in range(len(addresses))]
    routes = [f'"~^{label}$" route_{i};' for i, label in enumerate(labels)]
    owners = [
        f'"~(^|\\s){re.escape(a)}$" {label};' for a, label in zip(addresses, labels, strict=True)
    ]
    return template.format(
        listen=listen,
        prefix=prefix,
        frame_ancestors=frame_ancestors,
        upstreams="\n\n    ".join(groups),
        routes=indent.join(routes),
        labels=indent.join(owners),
    )


TOKEN = re.compile(r"#[^\n]*|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[{};]|[^\s{};\"'#]+")


def directives(conf: str) -> list[tuple[tuple[str, ...], list[str]]]:
    """Every simple directive of an nginx config, with the blocks it is in (outermost first,
    each as its header, e.g. "location = /x"); quotes are kept on quoted words."""
    out, path, words = [], [], []
    for token in TOKEN.findall(conf):
        if token.startswith("#"):
            continue
        if token == "{":
            path.append(" ".join(words))
            words = []
        elif token == "}":
            assert not words, f"unterminated directive {words} in {path}"
            path.pop()
        elif token == ";":
            out.append((tuple(path), words))
            words = []
        else:
            words.append(token)
    assert not path and not words, f"unbalanced config: {path} {words}"
    return out


def blocks(conf: str, name: str) -> list[str]:
    """Headers of the blocks whose header starts with `name` ("location", "upstream"...)."""
    found = {p[: i + 1] for p, _ in directives(conf) for i in range(len(p))}
    return sorted(p[-1] for p in found if p[-1].split(" ", 1)[0] == name)


def route_cookies(headers: Message) -> list[str]:
    """The Set-Cookie headers of the route cookie."""
    return [c for c in headers.get_all("Set-Cookie") or [] if c.startswith(f"{COOKIE}=")]


def route_set(headers: Message) -> str | None:
    """The route these headers set, if they set one."""
    cookies = route_cookies(headers)
    assert len(cookies) <= 1, cookies
    return cookies[0].split(";", 1)[0].split("=", 1)[1] if cookies else None


@dataclass
class Reply:
    status: int
    headers: Message
    port: int | None  # the process that answered, from the access log

    @property
    def route(self) -> str | None:
        return route_set(self.headers)


class Balancer:
    def __init__(self, folder: Path, backends: list[Server], frame_ancestors: str = "*"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        self.backends = backends
        self.labels = [secrets.token_hex(16) for _ in backends]
        self.conf = folder / "nginx.conf"
        self.conf.write_text(self.config(TEMPLATE.read_text("utf-8"), frame_ancestors), "utf-8")
        self._out = (folder / "stdout.log").open("wb")
        self.proc = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(self.conf), "-g", "daemon off;"],
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5).close()
                return
            except OSError:
                time.sleep(0.1)
        logs = [p.read_text("utf-8", "replace") for p in folder.glob("*.log")]
        self.stop()
        raise RuntimeError(f"nginx did not start: {logs}")

    def config(self, template: str, frame_ancestors: str) -> str:
        return fill(
            template,
            listen=self.port,
            prefix=self.folder,
            addresses=[f"127.0.0.1:{b.port}" for b in self.backends],
            labels=self.labels,
            frame_ancestors=frame_ancestors,
        )

    def get(self, path: str = "/_stcore/health", route: str | None = None) -> Reply:
        """GET through nginx with this route cookie (raw, as a client may send anything)."""
        probe = secrets.token_hex(8)
        url = f"{self.url}{path}{'&' if '?' in path else '?'}probe={probe}"
        req = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={route}"} if route else {})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                resp.read()
                status, headers = resp.status, resp.headers
        except urllib.error.HTTPError as err:
            status, headers = err.code, err.headers
            err.close()
        return Reply(status, headers, self.served_port(probe))

    def served_port(self, probe: str) -> int | None:
        deadline = time.monotonic() + 5  # nginx logs a request once its reply is sent
        while time.monotonic() < deadline:
            for line in self.log():
                if f"probe={probe}" in line["target"]:
                    return last_port(line["upstream"])
            time.sleep(0.02)
        raise AssertionError(f"no access-log line for probe {probe}")

    def log(self, start: int = 0) -> list[dict[str, str]]:
        """The access log's lines from byte `start` on, parsed."""
        with (self.folder / "access.log").open("rb") as f:
            f.seek(start)
            text = f.read().decode("utf-8", "replace")
        return [m.groupdict() for m in map(LOG_LINE.search, text.splitlines()) if m]

    def log_size(self) -> int:
        path = self.folder / "access.log"
        return path.stat().st_size if path.exists() else 0

    def port_of(self, route: str | None) -> int | None:
        """The process a route label names (None for anything that is not a label)."""
        return self.backends[self.labels.index(route)].port if route in self.labels else None

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self._out.close()


def last_port(upstream: str) -> int | None:
    """The port of the last address in $upstream_addr (the one that answered)."""
    last = re.split(r", | : ", upstream)[-1]
    return int(last.rsplit(":", 1)[1]) if re.fullmatch(r"\S+:\d+", last) else None


class Cluster:
    def __init__(self, folder: Path, frame_ancestors: str):
        self.folder = folder
        self.backends = [Server(DASHBOARD, self._log()) for _ in range(2)]
        for b in self.backends:
            b.wait_healthy()
        self.lb = Balancer(folder / "nginx", self.backends, frame_ancestors)

    def _log(self) -> Path:
        return self.folder / f"backend-{secrets.token_hex(4)}.log"

    def kill(self, i: int) -> None:
        proc = self.backends[i].proc
        proc.kill()
        proc.wait(timeout=10)

    def restart(self, i: int) -> None:
        """Start process i again on its port (nginx knows it by its address)."""
        old = self.backends[i]
        old.stop()
        self.backends[i] = Server(DASHBOARD, self._log(), port=old.port)
        self.backends[i].wait_healthy()

    def all_up(self) -> None:
        """Every process running and nginx sending its route to it again."""
        for i, b in enumerate(self.backends):
            if b.proc.poll() is not None:
                self.restart(i)
        deadline = time.monotonic() + FAIL_TIMEOUT_S + 10
        for b, label in zip(self.backends, self.lb.labels, strict=True):
            while self.lb.get(route=label).port != b.port:
                assert time.monotonic() < deadline, f"nginx does not send to {b.port} again"
                time.sleep(0.5)

    def stop(self) -> None:
        self.lb.stop()
        for b in self.backends:
            b.stop()


class Embedder:
    """A page on another loopback origin that shows the dashboard in an iframe."""

    def __init__(self, target: str = ""):
        self.target = target

        def page() -> str:
            return f'<iframe src="{self.target}" width="1300" height="900"></iframe>'

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = page().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def embedder() -> Iterator[Embedder]:
    e = Embedder()
    yield e
    e.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, embedder: Embedder) -> Iterator[Cluster]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs Debian's nginx")
    folder = tmp_path_factory.mktemp("cluster")
    (folder / "nginx").mkdir()
    c = Cluster(folder, frame_ancestors=embedder.origin)
    embedder.target = c.lb.url + "/?island=kunashir"
    yield c
    c.stop()


@pytest.fixture
def lb(cluster: Cluster) -> Balancer:
    cluster.all_up()
    return cluster.lb


# --- what a client is told ------------------------------------------------------------------


PATHS = ("/", "/_stcore/health", "/app/static/leaflet/leaflet.js", "/no/such/page")


def websocket_reply(lb: Balancer, route: str) -> tuple[str, Message]:
    """The status line and headers nginx sends back to a websocket handshake on the stream."""
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{lb.port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n"
        f"Origin: {lb.url}\r\nCookie: {COOKIE}={route}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", lb.port), timeout=10) as s:
        s.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            assert chunk, f"nginx closed the handshake: {data!r}"
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = Message()
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    return head[0], headers


def test_no_reply_names_a_backend(lb: Balancer):
    replies = [lb.get(path, route) for path in PATHS for route in [None, *lb.labels]]
    status, ws_headers = websocket_reply(lb, lb.labels[0])
    assert " 101 " in status, status
    for headers in [r.headers for r in replies] + [ws_headers]:
        assert "X-Dashboard-Upstream" not in headers
        for name, value in headers.items():
            for b in lb.backends:
                assert f":{b.port}" not in value, f"{name}: {value} names a backend"


def test_the_server_header_has_no_version(lb: Balancer):
    for path in PATHS:
        assert lb.get(path).headers["Server"] == "nginx"
    # nginx's own error page: a request with no Host header
    with socket.create_connection(("127.0.0.1", lb.port), timeout=10) as s:
        s.sendall(b"GET / HTTP/1.1\r\n\r\n")
        reply = s.recv(65536).decode("latin-1")
    assert reply.startswith("HTTP/1.1 400"), reply[:200]
    assert re.search(r"(?m)^Server: nginx\r$", reply), reply[:500]
    assert not re.search(r"nginx/\d", reply), reply


def test_every_reply_has_the_security_headers(lb: Balancer, embedder: Embedder):
    _, ws_headers = websocket_reply(lb, lb.labels[1])
    for headers in [lb.get(path).headers for path in PATHS] + [ws_headers]:
        csp = headers.get_all("Content-Security-Policy") or []
        assert len(csp) == 1, headers
        policy = dict(d.strip().partition(" ")[::2] for d in csp[0].split(";"))
        assert policy["frame-ancestors"] == f"'self' {embedder.origin}"
        assert policy["default-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert headers.get_all("X-Content-Type-Options") == ["nosniff"]
        assert headers.get_all("Referrer-Policy") == ["strict-origin-when-cross-origin"]


# --- the route cookie -----------------------------------------------------------------------


def test_a_label_pins_its_backend_and_is_handed_back(lb: Balancer):
    for label, b in zip(lb.labels, lb.backends, strict=True):
        for path in PATHS:
            reply = lb.get(path, label)
            assert (reply.port, reply.route) == (b.port, label), path
            assert route_cookies(reply.headers) == [
                f"{COOKIE}={label}; Path=/; HttpOnly; SameSite=Lax"
            ]
        assert route_set(websocket_reply(lb, label)[1]) == label


def test_a_forged_route_cookie_is_replaced_not_obeyed(lb: Balancer):
    forged = ["../../x", "r0", "r1", "r2", "r3", "1", "-1", "127.0.0.1:80", "x" * 300]
    forged += ["route_0", "route_1", "dashboard", lb.labels[0].upper(), lb.labels[1] + "0"]
    served: dict[str, set[int | None]] = {}
    for value in forged:
        for _ in range(4):
            reply = lb.get("/", value)
            assert reply.route in lb.labels, f"{value!r}: set {reply.headers.get_all('Set-Cookie')}"
            assert lb.port_of(reply.route) == reply.port, value
            assert route_cookies(reply.headers) == [
                f"{COOKIE}={reply.route}; Path=/; HttpOnly; SameSite=Lax"
            ]
            served.setdefault(value, set()).add(reply.port)
    # a forged value is treated as no cookie: it does not choose a process
    pinned = [v for v, ports in served.items() if len(ports) == 1]
    assert not pinned, f"these forged cookies each kept to one process: {pinned}"


# --- timeouts -------------------------------------------------------------------------------


def test_only_the_websocket_gets_a_long_read_timeout(cluster: Cluster):
    done = subprocess.run(
        [NGINX, "-t", "-p", str(cluster.lb.folder), "-c", str(cluster.lb.conf)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    text = cluster.lb.conf.read_text("utf-8")
    timeouts = [(path, d) for path, d in directives(text) if d[0].endswith("_timeout")]
    assert timeouts == [
        (("http", "server", "location = /_stcore/stream"), ["proxy_read_timeout", "86400s"])
    ]
    assert len(blocks(text, "location")) == 2


# --- browsers ---------------------------------------------------------------------------------


# What every session asks of its process, whatever the browser has cached: the page, its
# settings, and the map's component (the websocket is logged when it closes).
SESSION_PATHS = {"/", "/_stcore/host-config", "/component/streamlit_folium.st_folium/index.html"}


def open_with_route(page, lb: Balancer, route: str | None):
    """The page with only this route cookie (or none), as a browser pinned to that process
    (or new to the site) holds."""
    page.context.clear_cookies()
    if route is not None:
        page.context.add_cookies([{"name": COOKIE, "value": route, "url": lb.url}])
    return page


def route_in(page, lb: Balancer) -> str | None:
    cookies = [c["value"] for c in page.context.cookies(lb.url) if c["name"] == COOKIE]
    assert len(cookies) <= 1, cookies
    return cookies[0] if cookies else None


def csp_violations(page) -> list[str]:
    return [v for f in page.frames for v in f.evaluate("window.__cspViolations || []")]


def test_sessions_on_both_backends_then_one_dies(cluster: Cluster, lb: Balancer, new_page):
    # one browser pinned to each process: both serve a full session (deep link, panel, URL),
    # every request of it reaches its process, and the page breaks none of the headers' rules
    page = new_page(lb.url)  # one page, loaded again with each cookie (a new session)
    page.context.add_init_script(CSP_WATCH_JS)
    for i, (label, b) in enumerate(zip(lb.labels, lb.backends, strict=True)):
        start = lb.log_size()
        open_with_route(page, lb, label)
        open_app(page, "island=kunashir")
        assert heading(page, "Kunashir").is_visible()
        assert csp_violations(page) == []
        assert route_in(page, lb) == label
        lines = [line for line in lb.log(start) if line["route"] == f"route_{i}"]
        paths = {line["target"].split("?", 1)[0] for line in lines}
        assert paths >= SESSION_PATHS, paths  # (static files may come from the HTTP cache)
        assert {last_port(line["upstream"]) for line in lines} == {b.port}
    # kill the first process: a browser pinned to it, and a new one, are still served; both
    # now hold the route of the process that served them
    cluster.kill(0)
    for route in (lb.labels[0], None):
        open_with_route(page, lb, route)
        open_app(page, "island=iturup")
        assert heading(page, "Iturup").is_visible()
        assert route_in(page, lb) == lb.labels[1]


def test_a_listed_site_can_embed_the_dashboard_and_others_cannot(
    lb: Balancer, embedder: Embedder, new_page
):
    page = new_page(embedder.origin)
    page.context.add_init_script(CSP_WATCH_JS)
    page.goto("/")
    frame = page.locator("iframe").element_handle().content_frame()
    wait_idle(frame)
    wait_map_ready(frame)  # the map's own iframe is allowed too: 'self' is an ancestor
    wait_below_map(frame)
    expect(heading(frame, "Kunashir")).to_be_visible()
    assert csp_violations(page) == []
    other = Embedder(embedder.target)
    try:
        page = new_page(other.origin)
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else 0)
        page.goto("/")
        page.wait_for_function("() => document.querySelector('iframe')")
        deadline = time.monotonic() + 10
        while not refused and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert refused, "the page of an unlisted site showed the dashboard"
        assert page.frames[1].get_by_test_id("stApp").count() == 0
    finally:
        other.stop()


def test_a_failed_over_client_stays_on_its_new_backend(cluster: Cluster, lb: Balancer):
    """A client whose process dies moves to another; when the dead one is back, the client is
    not sent back (a browser would lose its session a second time): neither at the moment
    nginx puts the restarted process back in service nor for two fail_timeouts after."""
    first, second = cluster.backends
    stale = lb.labels[0]  # what a client still pinned to the dead process sends
    assert lb.get(route=stale).port == first.port
    cluster.kill(0)
    reply = lb.get(route=stale)
    assert reply.port == second.port
    route = reply.route or stale  # a browser keeps the cookie it is given
    for _ in range(MAX_FAILS):  # clients still pinned to it take it out of service
        assert lb.get(route=stale).port == second.port
    cluster.restart(0)
    restarted = time.monotonic()
    back: float | None = None  # when nginx sent a request to the restarted process again
    while back is None or time.monotonic() - back < 2 * FAIL_TIMEOUT_S:
        since = time.monotonic() - restarted
        assert since < 2 * FAIL_TIMEOUT_S + 10, "nginx never sent to the restarted process"
        reply = lb.get(route=route)
        assert reply.port == second.port, f"moved back {since:.1f} s after the restart"
        route = reply.route or route
        if back is None and lb.get(route=stale).port == first.port:
            back = time.monotonic()
        time.sleep(POLL_S)
    assert route == lb.labels[1]
    # and the restarted process is in service for new browsers too
    assert {lb.get().port for _ in range(4)} == {b.port for b in cluster.backends}


def test_a_prepared_deploy_serves_the_same_page_from_its_cache(tmp_path, new_page):
    """The deploy step (`python -m dashboard prepare`, as in the Dockerfile) writes the measured
    data; a server started on it reads it instead of measuring, and shows the same page as a
    server that measured it. (The synthetic folder: measured in under a second, by the same
    code as any other.)"""
    folder = shutil.copytree(SYNTHETIC, tmp_path / "synthetic")
    cache = tmp_path / "bundles"
    env = dict(os.environ, DASHBOARD_CACHE=str(cache))
    env.pop("DASHBOARD_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "prepare", str(folder)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len(list(cache.glob("*.pickle"))) == 1
    prepared = Server(DASHBOARD, tmp_path / "prepared.log", data_dir=folder, cache_dir=cache)
    measuring = Server(
        DASHBOARD, tmp_path / "measuring.log", data_dir=folder, cache_dir=tmp_path / "empty"
    )
    try:
        texts = []
        for server in (prepared, measuring):
            server.wait_healthy()
            page = new_page(server.url)
            open_app(page, "island=alpha&scenario=west-takes-alpha")
            assert heading(page, "Alpha").is_visible()
            wait_below_map(page)  # the whole page, the sections below the map included
            wait_idle(page)
            # the browser draws a kind of widget once it has loaded its code (download buttons
            # come late): their labels are part of the text compared
            expect(page.get_by_test_id("stDownloadButton").first).to_be_visible()
            texts.append(page.locator('[data-testid="stMain"]').inner_text())
        assert texts[0] == texts[1]  # every figure and text, from the cache and measured
        assert "read from" in prepared.output() and str(cache) in prepared.output()
        assert "read from" not in measuring.output()
    finally:
        prepared.stop()
        measuring.stop()


# Last in the file: it stops every process of the cluster, which the next test using `lb` would
# have to start again.
def test_a_reply_without_a_backend_sets_no_cookie(cluster: Cluster, lb: Balancer):
    """All processes down: nginx answers 502 itself, and names no route."""
    for i in range(len(cluster.backends)):
        cluster.kill(i)
    for route in [None, *lb.labels]:
        reply = lb.get("/", route)
        assert reply.status == 502 and reply.route is None, reply.headers
