"""`python -m dashboard validate [DIR]`, `python -m dashboard prepare [DIR]`,
`python -m dashboard build-geodata [DIR]` and `python -m dashboard serve [streamlit options]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.config import data_dir
from dashboard.text import printable


def _validate(folder: Path) -> int:
    from dashboard.data import load_dataset
    from dashboard.problems import DataError

    try:
        ds = load_dataset(folder)
    except DataError as exc:
        for problem in exc.problems:
            print(printable(problem), file=sys.stderr)
        print(printable(f"{len(exc.problems)} problem(s) in {folder}"), file=sys.stderr)
        return 1
    for warning in ds.warnings:  # listed, but they do not make the folder invalid
        print(printable(f"warning: {warning}"), file=sys.stderr)
    print(
        f"{printable(folder)}: OK ({len(ds.land)} land features, {len(ds.sources)} sources, "
        f"{len(ds.events)} events, {len(ds.scenarios)} scenarios"
        + (f"; {len(ds.warnings)} warning(s))" if ds.warnings else ")")
    )
    return 0


def _prepare(folder: Path) -> int:
    """What a server start would do before its first reader, done ahead (at deploy time):
    the map's layer files and the measured bundle on disk."""
    import compileall
    import time

    from dashboard.bundle import warm
    from dashboard.cache import PACKAGE_DIR, BundleCache, fingerprint

    if _validate(folder):
        return 1
    started = time.perf_counter()
    compileall.compile_dir(PACKAGE_DIR, quiet=2)  # bytecode, where this user may write it
    cache = BundleCache()
    b = warm(folder, cache=cache)
    digest = fingerprint(folder)
    path = cache.path(digest) if digest else None
    if b is None or path is None or not path.exists():
        print(f"measured in {time.perf_counter() - started:.1f} s; not cached", file=sys.stderr)
        return 1
    print(f"measured in {time.perf_counter() - started:.1f} s; cached as {path}")
    return 0


def _build(folder: Path) -> int:
    from dashboard.build import build_geodata

    build_geodata(folder)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("validate", "check a data folder and list its problems"),
        ("prepare", "write a data folder's map layers and measures to disk ahead of serving"),
        ("build-geodata", "rebuild the GeoJSON files from the npm data packages"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument(
            "folder",
            nargs="?",
            type=Path,
            default=None,
            help="data folder (default: $DASHBOARD_DATA or geodata/)",
        )
    serve = sub.add_parser(
        "serve", help="run the dashboard (Streamlit), loading the data as the server starts"
    )
    serve.epilog = "Other options go to `streamlit run`, e.g. --server.port 8501."
    args, extra = parser.parse_known_args(argv)
    if args.command == "serve":
        from dashboard.server import serve as run_server

        return run_server(extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    folder = (args.folder or data_dir()).resolve()
    commands = {"validate": _validate, "prepare": _prepare, "build-geodata": _build}
    return commands[args.command](folder)
