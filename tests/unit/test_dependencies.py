"""What the project installs is what it declares, pinned: every import of dashboard/ is a
declared dependency, and every install path reads the hashed lock."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from dashboard.config import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))
LOCKS = PROJECT_ROOT / "requirements"


def declared(*groups: str) -> dict[str, Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for g in groups:
        reqs += [Requirement(r) for r in PYPROJECT["dependency-groups"][g]]
    return {canonicalize_name(r.name): r for r in reqs}


def pins(lock: str) -> dict[str, str]:
    text = (LOCKS / lock).read_text("utf-8")
    return {
        canonicalize_name(m[1]): m[2]
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.MULTILINE)
    }


def imported_top_level(folder: str) -> set[str]:
    names: set[str] = set()
    for path in (PROJECT_ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"dashboard", "__future__"}


def test_every_module_dashboard_imports_is_a_declared_dependency():
    dists = packages_distributions()
    deps = declared()
    missing = {
        mod: dists.get(mod)
        for mod in imported_top_level("dashboard")
        if not any(canonicalize_name(d) in deps for d in dists.get(mod, []))
    }
    assert not missing, f"imported by dashboard/ but not in [project] dependencies: {missing}"


def test_the_locks_hold_every_declared_dependency_at_an_allowed_version():
    """A dependency added or narrowed in pyproject.toml without `make lock` fails here."""
    for lock, groups in (("app.txt", ("build",)), ("test.txt", ("build", "test"))):
        pinned = pins(lock)
        for name, req in declared(*groups).items():
            if req.marker and not req.marker.evaluate():
                continue
            assert name in pinned, f"{name} is declared but not in requirements/{lock}"
            assert req.specifier.contains(pinned[name], prereleases=True), (
                f"requirements/{lock} pins {name}=={pinned[name]}, outside {req.specifier}"
            )


def test_the_test_lock_keeps_the_app_locks_pins():
    app, test = pins("app.txt"), pins("test.txt")
    assert {n: v for n, v in test.items() if n in app} == app


def test_every_pin_carries_hashes():
    for lock in ("app.txt", "test.txt", "uv.txt"):
        entries = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", (LOCKS / lock).read_text("utf-8"))
        for entry in entries[1:]:
            assert "--hash=sha256:" in entry, f"requirements/{lock}: {entry.splitlines()[0]}"


def test_every_install_reads_a_lock_with_hashes():
    make = (PROJECT_ROOT / "Makefile").read_text("utf-8")
    docker = (PROJECT_ROOT / "Dockerfile").read_text("utf-8")
    assert "--require-hashes -r $(APP_LOCK)" in make and "--require-hashes -r $(TEST_LOCK)" in make
    assert "pip install --require-hashes -r requirements/app.txt" in docker
    # the project itself goes in without resolving anything
    installs = [ln for ln in make.splitlines() if "$(PIP)" in ln and ":=" not in ln]
    installs += [ln for ln in docker.splitlines() if "pip install" in ln]
    assert len(installs) >= 5
    for line in installs:
        assert "--require-hashes" in line or "--no-deps" in line, line
