"""The Dockerfile's promises, read from the file (no container engine runs the tests)."""

from __future__ import annotations

import re

from dashboard.config import PROJECT_ROOT

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text("utf-8")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_the_base_image_is_pinned_to_a_patch_release():
    base = next(arg for ins, arg in instructions() if ins == "FROM")
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+", base), base


def test_the_server_runs_as_the_user_that_prepared_its_cache():
    steps = instructions()
    users = [i for i, (ins, _) in enumerate(steps) if ins == "USER"]
    prepare = [i for i, (ins, arg) in enumerate(steps) if "dashboard prepare" in arg]
    cmd = [i for i, (ins, _) in enumerate(steps) if ins == "CMD"]
    assert users and prepare and cmd
    assert steps[users[-1]][1] == "app" and users[-1] < prepare[0] < cmd[-1]
    assert '"dashboard", "serve"' in steps[cmd[-1]][1]


def test_the_health_check_asks_streamlit():
    check = next(arg for ins, arg in instructions() if ins == "HEALTHCHECK")
    assert "/_stcore/health" in check


def test_streamlit_serves_with_httptools_and_uvloop():
    """Streamlit's server (uvicorn) uses the C HTTP parser and uvloop when they are installed:
    the page's script files are then served faster while the server starts. Both are
    dependencies; this fails if either stops being installed or picked up."""
    import uvloop  # noqa: F401
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert AutoHTTPProtocol is HttpToolsProtocol
