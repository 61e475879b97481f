"""SOURCES.md: every shipped folder's file lists its whole registry, as `python -m dashboard
sources-md` writes it, and no text of a source can break a table or become markup in it."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
import yaml
from markdown_it import MarkdownIt

from dashboard.cli import main
from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data import load_sources
from dashboard.records import Source, SourceKind
from dashboard.source_list import BEGIN, END, KINDS, sources_block, sources_table, with_block
from dashboard.text import WORD_JOINER
from tests.hostile import IMG, LINK, MD, SCRIPT

SHIPPED = [DEFAULT_DATA_DIR, *sorted((PROJECT_ROOT / "disputes").glob("*/"))]
RENDER = MarkdownIt("gfm-like")  # GFM tables, and bare addresses made links as GitHub does


class Cells(HTMLParser):
    """The body rows of rendered tables: each cell's text and the tags inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[dict]] = []
        self.cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell = {"text": "", "tags": []}
            self.rows[-1].append(self.cell)
        elif self.cell is not None:
            self.cell["tags"].append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "td":
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def body_rows(markdown: str) -> list[list[dict]]:
    parser = Cells()
    parser.feed(RENDER.render(markdown))
    return [row for row in parser.rows if row]  # header rows hold <th>, not <td>


def shown(cell: dict) -> str:
    """What a reader sees in the cell (the parser has resolved entities; word joiners are
    invisible)."""
    return cell["text"].replace(WORD_JOINER, "")


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda f: f.name)
def test_sources_md_is_as_sources_md_writes_it(folder):
    text = (folder / "SOURCES.md").read_text("utf-8")
    where = folder.relative_to(PROJECT_ROOT)
    assert with_block(text, sources_block(load_sources(folder))) == text, (
        f"{where}/SOURCES.md is out of date: run `python -m dashboard sources-md {where}`"
    )


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda f: f.name)
def test_sources_md_lists_every_source_once_with_its_count(folder):
    registry = [s.id for recs in load_sources(folder).values() for s in recs]
    text = (folder / "SOURCES.md").read_text("utf-8")
    listed = [shown(row[0]) for row in body_rows(text) if len(row) == 6]
    assert sorted(listed) == sorted(registry)
    assert f"The {len(registry)} sources " in " ".join(text.split())


def hostile_source(**fields) -> Source:
    return Source.model_validate(
        {"id": "hostile", "kind": "other", "read": "mirror", "title": "t"} | fields
    )


HOSTILE = {
    "title": f"a | b\nc\r\n| d {LINK} {SCRIPT} {IMG} {MD} `code` &amp; ~~gone~~ \\",
    "publisher": f"Publisher|{IMG}\n[x]: http://127.0.0.1:9/ref",
    "licence": f"<b>CC</b> | {LINK}\n\n# heading",
}


def test_a_hostile_source_is_text_in_one_row_of_six_cells():
    rows = body_rows(sources_table([hostile_source(**HOSTILE, url="https://x.org/a|b_(c)")]))
    assert len(rows) == 1 and len(rows[0]) == 6
    ident, title, publisher, kind, licence, address = rows[0]
    for cell, value in ((title, HOSTILE["title"]), (publisher, HOSTILE["publisher"])):
        assert cell["tags"] == [] and shown(cell) == " ".join(value.split())
    assert licence["tags"] == [] and shown(licence) == " ".join(HOSTILE["licence"].split())
    assert ident["tags"] == [("code", {})] and shown(ident) == "hostile"
    assert shown(kind) == "other, mirror"
    assert address["tags"] == [("a", {"href": "https://x.org/a%7Cb_(c)"})]


def test_no_dollar_sign_is_left_to_start_math():
    row = sources_table([hostile_source(title="$x^2$ costs $30")]).split("\n")[-1]
    assert re.findall(r"(?<!\\)\$", row) == []


def test_what_the_registry_does_not_record_is_said():
    (row,) = body_rows(sources_table([hostile_source()]))
    assert [shown(c) for c in row[2:]] == ["none recorded", "other, mirror"] + ["none recorded"] * 2


def test_every_kind_has_a_section_and_a_hostile_file_name_stays_text():
    assert list(KINDS) == list(get_args(SourceKind))
    block = sources_block({f"sources/`{IMG}`.yaml": [hostile_source()]})
    first = RENDER.render(block).split("</p>")[0]
    assert "<img" not in first and "<code>" not in first


# The command: it rewrites only the part between the markers, and --check says when to run it.


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    """geodata/'s registry and SOURCES.md, copied where a test may change them."""
    folder = tmp_path / "geodata"
    shutil.copytree(DEFAULT_DATA_DIR / "sources", folder / "sources")
    shutil.copy(DEFAULT_DATA_DIR / "SOURCES.md", folder / "SOURCES.md")
    return folder


def retitle(folder: Path, title: str) -> None:
    path = folder / "sources" / "dispute.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["sources"][0]["title"] = title
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")


def test_check_fails_on_a_stale_file_and_the_command_brings_it_up_to_date(registry_copy, capsys):
    before = (registry_copy / "SOURCES.md").read_text("utf-8")
    retitle(registry_copy, "A changed | title")
    assert main(["sources-md", str(registry_copy), "--check"]) == 1
    err = capsys.readouterr().err
    assert "is out of date" in err and "python -m dashboard sources-md" in err
    assert "+| `afp-2019-01-24` | A changed \\| title |" in err
    assert (registry_copy / "SOURCES.md").read_text("utf-8") == before
    assert main(["sources-md", str(registry_copy)]) == 0
    after = (registry_copy / "SOURCES.md").read_text("utf-8")
    assert "| `afp-2019-01-24` | A changed \\| title |" in after
    # the hand-written prose on either side of the markers is kept as it was
    assert after.split(BEGIN)[0] == before.split(BEGIN)[0]
    assert after.split(END)[1] == before.split(END)[1]
    assert main(["sources-md", str(registry_copy), "--check"]) == 0


@pytest.mark.parametrize(
    "text,found",
    [
        ("# Sources\n\nNo tables here.\n", "found 0 and 0"),
        (f"{BEGIN}\n{BEGIN}\n{END}\n", "found 2 and 1"),
        (f"{END}\n{BEGIN}\n", "found 1 and 1 in the wrong order"),
    ],
)
def test_a_file_without_its_markers_is_one_clear_message(registry_copy, capsys, text, found):
    (registry_copy / "SOURCES.md").write_text(text, "utf-8")
    assert main(["sources-md", str(registry_copy)]) == 1
    err = capsys.readouterr().err
    assert "SOURCES.md:" in err and found in err and BEGIN in err and "Traceback" not in err
    assert (registry_copy / "SOURCES.md").read_text("utf-8") == text


def test_a_broken_registry_is_named_and_nothing_is_written(registry_copy, capsys):
    before = (registry_copy / "SOURCES.md").read_text("utf-8")
    (registry_copy / "sources" / "extra.yaml").write_text(
        "sources:\n  - {id: afp-2019-01-24, title: t, kind: agency, read: original}\n", "utf-8"
    )
    assert main(["sources-md", str(registry_copy)]) == 1
    err = capsys.readouterr().err
    assert "sources/extra.yaml: afp-2019-01-24: duplicate source id" in err
    assert (registry_copy / "SOURCES.md").read_text("utf-8") == before


def test_a_missing_file_is_one_clear_message(registry_copy, capsys):
    (registry_copy / "SOURCES.md").unlink()
    assert main(["sources-md", str(registry_copy)]) == 1
    assert capsys.readouterr().err.strip().endswith("SOURCES.md: file is missing.")
