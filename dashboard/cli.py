"""`python -m dashboard validate [DIR]`, `python -m dashboard prepare [DIR]`,
`python -m dashboard build-geodata [DIR]`, `python -m dashboard export --scenario ID --format
geojson|csv|png|svg [--out FILE] [--island ID] [--lang CODE] [DIR]`, `python -m dashboard
sources-md [DIR] [--check]` and `python -m dashboard serve [streamlit options]`."""

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
    the folder measured, filed on disk, and its map's layer files written."""
    import compileall
    import time

    from dashboard.cache import PACKAGE_DIR, ModelCache
    from dashboard.model import get_model

    if _validate(folder):
        return 1
    started = time.perf_counter()
    compileall.compile_dir(PACKAGE_DIR, quiet=2)  # bytecode, where this user may write it
    cache = ModelCache()
    model = get_model(folder, cache)
    path = cache.path(model.digest)
    if not path.exists():
        print(f"measured in {time.perf_counter() - started:.1f} s; not filed", file=sys.stderr)
        return 1
    print(f"measured in {time.perf_counter() - started:.1f} s; filed as {path}")
    return 0


EXPORT_FORMATS = ("geojson", "csv", "png", "svg")
PICTURES = ("png", "svg")  # never written to a terminal (a PNG is binary, an SVG megabytes)


def _export(folder: Path, args: argparse.Namespace) -> int:
    """A scenario's map data (GeoJSON), figures (CSV) or picture (PNG, SVG), to --out or to
    standard output (a picture only when that is not a terminal). The folder's model is read
    from the disk cache where `prepare` or a server filed it, else measured and filed."""
    from dashboard.cache import ModelCache
    from dashboard.model import get_model
    from dashboard.problems import DataError

    try:
        model = get_model(folder, ModelCache())
    except DataError as exc:
        for problem in exc.problems:
            print(printable(problem), file=sys.stderr)
        print(printable(f"{len(exc.problems)} problem(s) in {folder}"), file=sys.stderr)
        return 1
    from dashboard.i18n import offered

    atlas = model.atlas
    scenarios = [s.id for s in model.scenarios.ordered]
    islands = list(dict.fromkeys([*atlas.disputed, *atlas.ds.land["id"]]))
    languages = list(offered(lang.code for lang in atlas.languages))
    for kind, given, known in (
        ("scenario", args.scenario, scenarios),
        ("island", args.island, islands),
        ("language", args.lang, languages),
    ):
        if given is not None and given not in known:
            print(
                printable(f"unknown {kind} {given!r}; expected one of: {', '.join(known)}"),
                file=sys.stderr,
            )
            return 2
    if args.format in PICTURES and args.out is None and sys.stdout.isatty():
        what = args.format.upper()
        print(f"not writing a {what} to a terminal: give --out FILE, or redirect", file=sys.stderr)
        return 2
    data = _exported(model, args)
    if data is None:
        return 1
    if args.out is not None:
        args.out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _exported(model, args: argparse.Namespace) -> bytes | None:
    """The bytes of the export, or None (and a message) when no installed font can write the
    folder's names."""
    if args.format in ("geojson", "csv"):
        from dashboard.export import figures_csv, scenario_geojson

        make = scenario_geojson if args.format == "geojson" else figures_csv
        return make(model.cons, args.scenario).encode("utf-8")
    from dashboard.fonts import FontMissing
    from dashboard.picture import draw_picture

    try:
        return draw_picture(
            model.atlas, model.scenarios, args.scenario, args.format, args.island, args.lang
        )
    except FontMissing as exc:
        print(printable(exc), file=sys.stderr)
        return None


def _build(folder: Path) -> int:
    from dashboard.build import build_geodata

    build_geodata(folder)
    return 0


def _sources_md(folder: Path, check: bool) -> int:
    """Rewrite the generated part of <folder>/SOURCES.md from sources/*.yaml, or (check) say
    whether it is out of date. The prose around the part is kept."""
    from dashboard.data import load_sources
    from dashboard.files import FileProblem, read_bounded
    from dashboard.problems import DataError
    from dashboard.source_list import MarkersMissing, sources_block, with_block

    path = folder / "SOURCES.md"
    try:
        by_file = load_sources(folder)
        text = read_bounded(path).decode("utf-8")
        new = with_block(text, sources_block(by_file))
    except DataError as exc:
        for problem in exc.problems:
            print(printable(problem), file=sys.stderr)
        print(printable(f"{len(exc.problems)} problem(s) in {_shown(folder)}"), file=sys.stderr)
        return 1
    except (FileProblem, UnicodeDecodeError, MarkersMissing) as exc:
        message = exc.message if isinstance(exc, FileProblem) else str(exc)
        print(printable(f"{_shown(path)}: {message}"), file=sys.stderr)
        return 1
    count = f"{sum(map(len, by_file.values()))} sources"
    if new == text:
        print(printable(f"{_shown(path)}: up to date ({count})"))
        return 0
    if check:
        _print_diff(text, new)
        print(
            printable(
                f"{_shown(path)} is out of date with {_shown(folder / 'sources')}/*.yaml. Hint:"
                f" run `python -m dashboard sources-md {_shown(folder)}` and commit the result."
            ),
            file=sys.stderr,
        )
        return 1
    path.write_text(new, encoding="utf-8")
    print(printable(f"{_shown(path)}: rewritten ({count})"))
    return 0


def _shown(path: Path) -> Path:
    """The path as the user would type it: relative to the working directory when inside it."""
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path


def _print_diff(old: str, new: str, most: int = 40) -> None:
    import difflib

    lines = list(
        difflib.unified_diff(
            old.split("\n"), new.split("\n"), "SOURCES.md", "generated", n=1, lineterm=""
        )
    )
    for line in lines[:most]:
        print(printable(line), file=sys.stderr)
    if len(lines) > most:
        print(f"... and {len(lines) - most} more lines of difference", file=sys.stderr)


def _folder_argument(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=None,
        help="data folder (default: $DASHBOARD_DATA or geodata/)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("validate", "check a data folder and list its problems"),
        ("prepare", "write a data folder's map layers and measures to disk ahead of serving"),
        ("build-geodata", "rebuild the GeoJSON files from the npm data packages"),
    ):
        _folder_argument(sub.add_parser(name, help=text))
    export = sub.add_parser(
        "export",
        help="write a scenario's map data (GeoJSON), figures (CSV) or picture (PNG, SVG)",
        epilog="Without --out the export goes to standard output; a picture only when that is"
        " not a terminal (redirect it, or give --out). --island outlines an island on a picture.",
    )
    export.add_argument("--scenario", required=True, help="scenario id (the page's ?scenario=)")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--out", type=Path, default=None, help="file to write")
    export.add_argument("--island", default=None, help="island id to outline (pictures)")
    export.add_argument(
        "--lang", default=None, help="language of a picture (the page's ?lang=; default: the first)"
    )
    _folder_argument(export)
    sources_md = sub.add_parser(
        "sources-md",
        help="rewrite the tables of a data folder's SOURCES.md from its sources/*.yaml",
        epilog="Only the part between the marker comments is rewritten; the prose around it is"
        " kept. --check changes nothing and exits 1 when the file is out of date.",
    )
    sources_md.add_argument(
        "--check", action="store_true", help="exit 1 if SOURCES.md is out of date"
    )
    _folder_argument(sources_md)
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
    if args.command == "export":
        return _export(folder, args)
    if args.command == "sources-md":
        return _sources_md(folder, args.check)
    commands = {"validate": _validate, "prepare": _prepare, "build-geodata": _build}
    return commands[args.command](folder)
