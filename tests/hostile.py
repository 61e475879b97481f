"""A copy of geodata/ whose texts carry markup and script: it must render as text everywhere."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from dashboard.config import CACHE_DIR_ENV, DEFAULT_DATA_DIR
from tests.folders import edit_yaml

# Each payload sets window.__xss (and the parent page's) if it ever runs.
IMG = '<img src=x onerror="window.__xss=1;parent.__xss=1">'
SCRIPT = "<script>window.__xss=1;parent.__xss=1</script>"
LINK = "[read more](javascript:window.__xss=1)"
PAYLOADS = (IMG, SCRIPT, LINK)
# Markdown that would fetch, link or restyle if rendered: an image and links to an address on
# a closed port (a browser test checks no request goes there), LaTeX and a colour directive.
PAYLOAD_HOST = "127.0.0.1:9"
MD_IMG = f"![p](http://{PAYLOAD_HOST}/pix.png)"
MD_LINK = f"[log in again](http://{PAYLOAD_HOST}/phish)"
MD_MARKUP = "**BOLD** :red[red] $x^2$"
MD = f"{MD_IMG} {MD_LINK} {MD_MARKUP}"
# Crafted links: each value is quoted back in a warning, which must show it as text.
HOSTILE_URLS = (
    {"island": MD_LINK},
    {"island": MD_IMG},
    {"scenario": MD_MARKUP},
    {"island": f"http://{PAYLOAD_HOST}/x", "scenario": f"www.{PAYLOAD_HOST}"},
)


def _append(words: str | dict, extra: str) -> str | dict:
    """Words (plain text, or text in each language) with `extra` after the text in every
    language."""
    if isinstance(words, dict):
        return {code: f"{text} {extra}" for code, text in words.items()}
    return f"{words} {extra}"


def make_hostile_folder(dst: Path) -> Path:
    """geodata/ copied to dst with hostile names and texts in every kind of file."""
    shutil.copytree(DEFAULT_DATA_DIR, dst)

    def features(doc):
        for f in doc["features"]:
            if f["id"] == "shikotan":
                f["names"]["en"] = f"Shikotan {IMG}"
                f["names"]["ja"] = f"色丹島{SCRIPT}"
            if f["id"] == "kunashir":
                f["names"]["en"] = f"Kunashir {MD}"

    def islands(doc):
        for i in doc["islands"]:
            i["facts"].append({"text": f"{SCRIPT} {LINK}", "source": i["area_km2"][0]["source"]})
            i["facts"].append({"text": MD, "source": i["area_km2"][0]["source"]})

    def report(doc):
        fact = doc["report"]["facts"][0]
        fact["text"] = f"{fact['text']} {IMG} {LINK}"
        fact["quote"] = f"{SCRIPT} {MD}"

    def events(doc):
        doc["events"][0]["title"] = f"Treaty {IMG}"
        doc["events"][0]["text"] = f"{SCRIPT} {LINK} {MD}"

    def parties(doc):
        doc["parties"][0]["name_local"] = f"日本{IMG} {MD}"
        doc["parties"][1]["name"] = _append(doc["parties"][1]["name"], MD)
        doc["parties"][0]["position"]["summary"] += f" {SCRIPT} {LINK} {MD}"

    def scenarios(doc):
        for s in doc["scenarios"]:
            if s["id"] == "declaration-1956":
                s["short"] = f"{IMG} {LINK} {MD}"
                s["description"] = f"{SCRIPT} {LINK} {MD}"
            s["name"] = _append(s["name"], MD_IMG)

    def sources(doc):
        doc["sources"][0]["title"] = f"{IMG} {LINK} {MD}"

    def view(doc):
        doc["title"] = _append(doc["title"], MD)
        doc["subtitle"] = _append(doc["subtitle"], f"{MD} {IMG}")

    for name, edit in (
        ("features.yaml", features),
        ("islands.yaml", islands),
        ("report.yaml", report),
        ("events.yaml", events),
        ("parties.yaml", parties),
        ("scenarios.yaml", scenarios),
        ("sources/dispute.yaml", sources),
        ("view.yaml", view),
    ):
        edit_yaml(dst / name, edit)
    land = json.loads((dst / "land.geojson").read_text("utf-8"))
    for f in land["features"]:  # the names the land file carries are the catalogue's
        if f["properties"]["id"] == "shikotan":
            f["properties"]["name_en"] = f"Shikotan {IMG}"
            f["properties"]["name_ja"] = f"色丹島{SCRIPT}"
        if f["properties"]["id"] == "kunashir":
            f["properties"]["name_en"] = f"Kunashir {MD}"
    (dst / "land.geojson").write_text(json.dumps(land, ensure_ascii=False), "utf-8")
    return dst


def shared_hostile_folder() -> Path:
    """The run's one hostile folder, beside its measured models (tests/conftest.py): every
    process of the run (AppTests, a browser test's server) finds it at the same path, so its
    model is measured once and read by the others. Made once: the first to rename its copy
    into place wins."""
    root = Path(os.environ[CACHE_DIR_ENV]) / "folders"
    folder = root / "hostile"
    if not folder.exists():
        root.mkdir(parents=True, exist_ok=True)
        made = Path(tempfile.mkdtemp(dir=root, prefix=".hostile-"))
        make_hostile_folder(made / "data")
        try:
            made.rename(folder)
        except OSError:  # another process put its copy there first
            shutil.rmtree(made, ignore_errors=True)
    return folder / "data"
