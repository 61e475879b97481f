"""Two app processes behind nginx with session affinity, on loopback; one is killed mid-test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import DASHBOARD, Server, free_port
from tests.browser.conftest import PROJECT_ROOT
from tests.browser.helpers import heading, open_app

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COOKIE = "dashboard_route"


class Balancer:
    def __init__(self, folder: Path, backends: list[Server]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        upstreams = "\n        ".join(
            f"server 127.0.0.1:{b.port} max_fails=1 fail_timeout=30s;" for b in backends
        )
        template = (PROJECT_ROOT / "deploy" / "nginx.conf.template").read_text("utf-8")
        conf = template.format(listen=self.port, upstreams=upstreams, prefix=folder)
        (folder / "nginx.conf").write_text(conf, "utf-8")
        self._out = (folder / "stdout.log").open("wb")
        self.proc = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.upstream_for("probe")
                return
            except OSError:
                time.sleep(0.1)
        logs = [p.read_text("utf-8", "replace") for p in folder.glob("*.log")]
        self.stop()
        raise RuntimeError(f"nginx did not start: {logs}")

    def upstream_for(self, route: str) -> str:
        """Which backend a browser carrying this route cookie is sent to."""
        req = urllib.request.Request(
            f"{self.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={route}"}
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.headers["X-Dashboard-Upstream"]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self._out.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[tuple[Balancer, list[Server]]]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs Debian's nginx")
    backends = [
        Server(DASHBOARD, tmp_path_factory.mktemp("backend") / "server.log") for _ in range(2)
    ]
    for b in backends:
        b.wait_healthy()
    lb = Balancer(tmp_path_factory.mktemp("nginx"), backends)
    yield lb, backends
    lb.stop()
    for b in backends:
        b.stop()


def routes_per_backend(lb: Balancer, backends: list[Server]) -> dict[int, str]:
    """A route cookie value that nginx pins to each backend (found by asking it)."""
    found: dict[int, str] = {}
    for i in range(200):
        upstream = lb.upstream_for(f"r{i}")
        port = int(upstream.rsplit(":", 1)[1])
        found.setdefault(port, f"r{i}")
        if len(found) == len(backends):
            return found
    raise AssertionError(f"nginx sent 200 routes to one backend only: {found}")


def open_with_route(new_page, lb: Balancer, route: str | None):
    page = new_page(lb.url)
    if route is not None:
        page.context.add_cookies([{"name": COOKIE, "value": route, "url": lb.url}])
    return page


def test_sessions_on_both_backends_then_one_dies(cluster, new_page):
    lb, backends = cluster
    routes = routes_per_backend(lb, backends)
    # one browser pinned to each process: both serve a full session (deep link, panel, URL)
    for port, route in routes.items():
        page = open_with_route(new_page, lb, route)
        open_app(page, "island=kunashir")
        assert heading(page, "Kunashir").is_visible()
        assert lb.upstream_for(route).endswith(f":{port}")
    # kill the first process: a browser pinned to it, and a new one, are still served
    dead = backends[0]
    dead.proc.kill()
    dead.proc.wait(timeout=10)
    for route in (routes[dead.port], None):
        page = open_with_route(new_page, lb, route)
        open_app(page, "island=iturup")
        assert heading(page, "Iturup").is_visible()


def test_a_prepared_deploy_serves_the_same_page_from_its_cache(tmp_path, new_page, app_url):
    """The deploy step (`python -m dashboard prepare`, as in the Dockerfile) writes the measured
    data; a server started on it reads it instead of measuring, and shows the same page."""
    cache = tmp_path / "bundles"
    env = dict(os.environ, DASHBOARD_CACHE=str(cache))
    env.pop("DASHBOARD_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "prepare"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len(list(cache.glob("*.pickle"))) == 1
    server = Server(DASHBOARD, tmp_path / "server.log", cache_dir=cache)
    try:
        server.wait_healthy()
        texts = []
        for url in (server.url, app_url):
            page = new_page(url)
            open_app(page, "island=shikotan&scenario=declaration-1956")
            assert heading(page, "Shikotan").is_visible()
            texts.append(page.locator('[data-testid="stMain"]').inner_text())
        assert texts[0] == texts[1]  # every figure and text, from the cache and measured
        assert "read from" in server.output() and str(cache) in server.output()
    finally:
        server.stop()
