"""A Streamlit server on a free loopback port: start, wait until healthy (polling
/_stcore/health), fail with the server's output if it dies, stop (terminate, then kill).
Used by the browser tests and the bench."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from dashboard.config import CACHE_DIR_ENV, DATA_DIR_ENV, PROJECT_ROOT

ROOT = PROJECT_ROOT
DASHBOARD = ROOT / "app.py"
HEALTH_TIMEOUT_S = 60.0


class ServerError(RuntimeError):
    """The server did not start or answer."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, on Linux: get SIGTERM when the parent dies without stopping it (kill -9,
    a crashed CI runner), so no server is left behind on a shared machine."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Server:
    """A Streamlit server on 127.0.0.1 and a free port, run from the repo root (so
    .streamlit/config.toml applies, with static serving); its output goes to `log`.

    The dashboard (ROOT/app.py) runs the way `make run` and the Docker image run it,
    `python -m dashboard serve`, with DASHBOARD_DATA set to `data_dir` and DASHBOARD_CACHE
    (where measured data is kept between starts) to `cache_dir` if given; any other
    app (the bench's baseline and floor) through `streamlit run`. `port`: a given port instead
    of a free one (a process started again where a load balancer expects it); `env`: more
    environment variables for the app.
    """

    def __init__(
        self,
        app: Path,
        log: Path,
        data_dir: Path | None = None,
        cache_dir: Path | None = None,
        port: int | None = None,
        env: dict[str, str] | None = None,
    ):
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        environ = dict(os.environ, **(env or {}))
        environ.pop(DATA_DIR_ENV, None)
        if data_dir is not None:
            environ[DATA_DIR_ENV] = str(data_dir)
        if cache_dir is not None:
            environ[CACHE_DIR_ENV] = str(cache_dir)
        environ["PYTHONUNBUFFERED"] = "1"
        if app.resolve() == DASHBOARD:
            cmd = [sys.executable, "-m", "dashboard", "serve"]
        else:
            cmd = [sys.executable, "-m", "streamlit", "run", str(app)]
        cmd += [
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        self._out = log.open("wb")
        # Wall clock (epoch seconds) at Popen: compared with the browser's epoch timestamps.
        self.started_at = time.time()
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=environ,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def output(self) -> str:
        self._out.flush()
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return text[-6000:] or "(no output)"

    def wait_healthy(self, timeout: float = HEALTH_TIMEOUT_S) -> float:
        """Poll /_stcore/health until it answers "ok"; returns seconds since Popen."""
        deadline = time.monotonic() + timeout
        health = f"{self.url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(
                    f"streamlit ({self.app.name}) exited with code {self.proc.returncode}:\n"
                    f"{self.output()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        return time.time() - self.started_at
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)  # poll interval
        raise ServerError(
            f"streamlit ({self.app.name}) did not answer {health} within {timeout:.0f} s:\n"
            f"{self.output()}"
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._out.close()


@contextlib.contextmanager
def serve(app: Path, log: Path, data_dir: Path | None = None) -> Iterator[Server]:
    """A healthy server for the duration."""
    server = Server(app, log, data_dir)
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()
