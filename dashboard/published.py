"""The map's layers as static files, built once per model and published under its digest.

The browser fetches each layer once (and keeps it), so a click or a toggle sends only a few
hundred bytes of map script instead of the geometry. The geometry is the same in every
language; the map's words (legend, labels, tooltips) are one file a language the page offers
(`words.<lang>.json`, dashboard.map_words), fetched when the page first shows that language.
Files go under static/data/<digest>/, where the model's digest (data, code, catalogue and
library versions) keeps different data folders and versions apart.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dashboard.assets import URL_PREFIX
from dashboard.atlas import Atlas
from dashboard.config import STATIC_DIR
from dashboard.consequences import Consequences
from dashboard.i18n import offered
from dashboard.layers import base_collection, scenario_collection
from dashboard.map_words import map_words
from dashboard.scenarios import Scenarios
from dashboard.sea_layers import sea_collection, sea_pieces, shown_zones


@dataclass(frozen=True)
class LayerUrls:
    base: str
    scenario: dict[str, str]
    sea: dict[str, str]  # per scenario: each holder's zones, the median lines, the high seas
    words: dict[str, str]  # per language: the map's words (dashboard.map_words)

    @classmethod
    def of(cls, digest: str, scenario_ids: list[str], languages: Iterable[str]) -> LayerUrls:
        url = f"{URL_PREFIX}/data/{digest}"
        return cls(
            f"{url}/base.geojson",
            {s: f"{url}/scenario-{s}.geojson" for s in scenario_ids},
            {s: f"{url}/sea-{s}.geojson" for s in scenario_ids},
            {lang: f"{url}/words.{lang}.json" for lang in languages},
        )


def _dump(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


KEEP_LAYER_FOLDERS = 4  # layer folders kept under static/data (the newest used)
IN_USE_S = 15 * 60  # a folder used this recently is a live server's: never pruned
MARK_EVERY_S = 60  # a server marks its folder used at most this often


def prune_layer_folders(
    root: Path, keep: Path, count: int = KEEP_LAYER_FOLDERS, now: float | None = None
) -> list[Path]:
    """Remove layer folders under `root` but `keep`, the `count` - 1 last used and any used
    in the last IN_USE_S seconds (a server marks its folder each time it serves a page, so a
    page being drawn never loses the files it is about to fetch), so that files of data no
    longer served do not stay public. Returns what was removed."""
    now = time.time() if now is None else now
    try:
        folders = [
            (p, p.stat().st_mtime) for p in root.iterdir() if p.is_dir() and not p.is_symlink()
        ]
    except OSError:
        return []
    folders.sort(key=lambda pm: pm[1], reverse=True)
    removed = []
    for path, used in [pm for pm in folders if pm[0] != keep][max(count - 1, 0) :]:
        if now - used < IN_USE_S:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def offered_languages(atlas: Atlas) -> tuple[str, ...]:
    """The languages the page offers for the folder (i18n.offered), the first the default."""
    return offered(x.code for x in atlas.languages)


def layer_files(atlas: Atlas, scenarios: Scenarios, cons: Consequences) -> dict[str, bytes]:
    """Every file the map fetches, by name: the base map, each scenario's land and sea, and
    the map's words in each language the page offers."""
    files = {"base.geojson": _dump(base_collection(atlas, scenarios))}
    shown = shown_zones(atlas, cons)
    sea = {s.id: sea_pieces(atlas, cons, s.id, shown) for s in scenarios.ordered}
    for s in scenarios.ordered:
        files[f"scenario-{s.id}.geojson"] = _dump(scenario_collection(atlas, scenarios, s.id))
        files[f"sea-{s.id}.geojson"] = _dump(sea_collection(sea[s.id]))
    for lang in offered_languages(atlas):
        files[f"words.{lang}.json"] = _dump(map_words(atlas, cons, lang, sea))
    return files


def publish(files: dict[str, bytes], digest: str, static_dir: Path = STATIC_DIR) -> Path:
    """Write the layer files under static/data/<digest>/ (atomically, once: a server that finds
    them already written starts without rewriting them); mark the folder used and prune old
    ones. The digest is the model's own (cache.digest_of), so a change of the data or of the
    code that draws the layers gives new files."""
    folder = static_dir / "data" / digest
    if not (folder / "manifest.json").exists():
        folder.mkdir(parents=True, exist_ok=True)
        body = {**files, "manifest.json": _dump({"files": sorted(files)})}  # written last
        for name, data in body.items():
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            tmp.replace(folder / name)
    _mark_used(folder)
    prune_layer_folders(folder.parent, keep=folder)
    return folder


def keep_published(files: dict[str, bytes], digest: str, static_dir: Path = STATIC_DIR) -> None:
    """Mark a model's layer files used, or write them again if they are gone (another process
    of other data, or a `prepare`, may have pruned them while this one did not serve a page
    for a while). One stat a page run; a mark at most once a minute."""
    folder = static_dir / "data" / digest
    try:
        used = folder.stat().st_mtime if (folder / "manifest.json").exists() else None
    except OSError:
        used = None
    if used is None:
        publish(files, digest, static_dir)
    elif time.time() - used > MARK_EVERY_S:
        _mark_used(folder)


def _mark_used(folder: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only static folder: nothing to mark
        os.utime(folder)
