"""geodata/report.yaml against the text of the seed report it summarises.

The seed (AFP, Moscow, 24 January 2019) is not in the repository: it is read from
``PROJECT_ROOT.parent / "shared" / "seed" / "afp-2019-01-24.txt"``, and these tests skip when it
is absent. Its layout: one dateline block (``date 2019-01-24 AFP, MOSCOW``), then 21 paragraphs,
blocks separated by blank lines. Paragraph N is the N-th block after the dateline.

report.yaml is parsed with ``yaml.safe_load``, independently of the app's loader and models.

Quotes are compared after the same normalisation on both sides, and nothing more:
- typographic double quotes (“ ” „ ‟) become ``"`` and typographic apostrophes and single quotes
  (‘ ’ ‚ ‛) become ``'``;
- every run of whitespace (spaces, line breaks, no-break spaces) becomes one space, and the ends
  are stripped.
Case, punctuation, hyphens and spelling are compared as they are.

A fact's ``quote`` is either one verbatim span of its paragraph, or several spans, each in double
quotes and separated by ``; `` (``"detailed work"; "useful and substantial"``): then each span must
appear in the paragraph. Facts without a quote are tied to their paragraph by their ``values``: a
number the fact says the report states must be in the paragraph it cites.

A paragraph no fact covers must be listed under ``report.not_covered`` as
``{paragraph: N, reason: "..."}`` with a non-empty reason (the app's ``Report`` model ignores the
key).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT

SEED = PROJECT_ROOT.parent / "shared" / "seed" / "afp-2019-01-24.txt"
REPORT = DEFAULT_DATA_DIR / "report.yaml"
PARAGRAPHS = 21

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"'} | dict.fromkeys("‘’‚‛", "'"))
_QUOTE_LIST = re.compile(r'"[^"]+"(?:; "[^"]+")*')
_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def normalise(text: str) -> str:
    """Straight quotes and apostrophes, single spaces: applied to the seed and to report.yaml."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def split_seed(text: str) -> tuple[str, list[str]]:
    """The dateline and the paragraphs: blocks separated by blank lines, empty blocks dropped."""
    blocks = [b.strip() for b in _BLANK_LINE.split(text.replace("\r\n", "\n"))]
    blocks = [b for b in blocks if b]
    return blocks[0], blocks[1:]


def quote_spans(quote: str) -> list[str]:
    """The verbatim spans a quote claims, after normalisation (see the module docstring)."""
    q = normalise(quote)
    if q.startswith('"'):
        if not _QUOTE_LIST.fullmatch(q):
            raise ValueError(f'a quoted list must read "..."; "...", got {quote!r}')
        return re.findall(r'"([^"]+)"', q)
    return [q]


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[str]]:
    if not SEED.is_file():
        pytest.skip(
            f"seed report not found at {SEED}: the report's text is not in the repository "
            "(it lives in the shared folder beside the project)"
        )
    return split_seed(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def paragraphs(seed: tuple[str, list[str]]) -> list[str]:
    return seed[1]


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    doc = yaml.safe_load(Path(REPORT).read_text(encoding="utf-8"))
    return doc["report"]


@pytest.fixture(scope="module")
def facts(report: dict[str, Any]) -> list[dict[str, Any]]:
    return report["facts"]


def _is_paragraph(n: object) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= PARAGRAPHS


def test_seed_has_a_dateline_then_21_paragraphs(seed):
    dateline, paragraphs = seed
    assert "AFP" in dateline and "MOSCOW" in dateline.upper(), dateline
    assert "\n" not in dateline
    assert len(paragraphs) == PARAGRAPHS
    assert paragraphs[0].startswith("The leaders of Russia and Japan on Tuesday")
    assert paragraphs[-1].endswith("post-war territorial gains are seen as non-negotiable.")


def test_fact_ids_are_unique(facts):
    ids = [f["id"] for f in facts]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_fact_cites_a_paragraph_of_the_report(facts):
    bad = [(f["id"], f.get("paragraph")) for f in facts if not _is_paragraph(f.get("paragraph"))]
    assert bad == []


def test_every_quote_is_verbatim_in_its_paragraph(facts, paragraphs):
    quoted = [f for f in facts if f.get("quote")]
    assert quoted, "no fact has a quote: nothing was checked"
    missing = []
    for f in quoted:
        if not _is_paragraph(f.get("paragraph")):
            continue  # reported by test_every_fact_cites_a_paragraph_of_the_report
        para = normalise(paragraphs[f["paragraph"] - 1])
        for span in quote_spans(f["quote"]):
            if span not in para:
                missing.append((f["id"], f["paragraph"], span))
    assert missing == []


def test_values_from_the_report_cite_the_facts_paragraph(facts, report):
    wrong = [
        (f["id"], f["paragraph"], v.get("paragraph"))
        for f in facts
        for v in f.get("values", [])
        if v.get("source") == report["source"] and v.get("paragraph") != f["paragraph"]
    ]
    assert wrong == []


def _states(paragraph: str, value: dict[str, Any]) -> bool:
    """Whether a paragraph states a value: its number as digits ("25th", "US$30", "10km"; not
    inside a longer number), as a word for one to twelve, or in the wording its note quotes
    between single quotes ("'more than seven decades'")."""
    v = value.get("value")
    para = normalise(paragraph)
    if isinstance(v, int | float) and not isinstance(v, bool):
        if re.search(rf"(?<![\d.]){re.escape(f'{v:g}')}(?![.,]?\d)", para):
            return True
        if v in range(1, len(_WORDS) + 1) and re.search(rf"\b{_WORDS[int(v) - 1]}\b", para, re.I):
            return True
    quoted = re.findall(r"'([^']+)'", normalise(value.get("note") or ""))
    return any(q in para for q in quoted)


def test_every_value_from_the_report_is_in_its_paragraph(facts, report, paragraphs):
    valued = [
        (f, v) for f in facts for v in f.get("values", []) if v.get("source") == report["source"]
    ]
    assert valued, "no fact has a value from the report: nothing was checked"
    missing = [
        (f["id"], f["paragraph"], v.get("value"))
        for f, v in valued
        if _is_paragraph(f.get("paragraph")) and not _states(paragraphs[f["paragraph"] - 1], v)
    ]
    assert missing == []


def test_not_covered_entries_name_a_paragraph_and_a_reason(report, facts):
    entries = report.get("not_covered") or []
    assert isinstance(entries, list)
    cited = {f.get("paragraph") for f in facts}
    bad = [
        e
        for e in entries
        if not isinstance(e, dict)
        or not _is_paragraph(e.get("paragraph"))
        or not isinstance(e.get("reason"), str)
        or not e["reason"].strip()
        or e["paragraph"] in cited  # a paragraph a fact covers needs no excuse
    ]
    assert bad == []


def test_every_paragraph_is_covered_or_excused(paragraphs, facts, report):
    cited = {f.get("paragraph") for f in facts}
    excused = {e.get("paragraph") for e in report.get("not_covered") or [] if isinstance(e, dict)}
    uncovered = [n for n in range(1, len(paragraphs) + 1) if n not in cited | excused]
    assert uncovered == []
