"""The safety nets bite: each mutation below breaks a net's code the way a slip could, and the
net's own tests, run here on that broken code, must fail. A net is trusted once it has failed.

A net is a set of existing tests (their functions, run on every row of their tables); each one
also runs once on the real code, where it must pass, so a red below comes from the mutation.

Escaping (dashboard/text.py; tests/unit/test_text.py, tests/unit/test_maps.py, and the check
tests/app/test_hostile.py applies to every Markdown string of the page):
  md-returns-its-input         md gives back the text as it came
  md-escapes-nothing           md still hides characters and bare addresses, but escapes nothing
  md-misses-latex-directives   md's escapes leave out $ : and ^
  md-leaves-bare-addresses     md puts no word joiner in http://, www. and name@host
  md-keeps-hidden-characters   md skips `visible`: bidi overrides, controls and line breaks stay
  esc-returns-its-input        esc gives back the text as it came
  esc-leaves-quotes            esc does not escape " and '
  href-returns-the-address     href gives back the address as it came
  href-keeps-brackets          href lets ( ) [ ] and $ through unencoded
  link-skips-href              link puts the address in the link as it came
Tables of SOURCES.md (dashboard/text.py md_cell, dashboard/source_list.py;
tests/unit/test_text.py, tests/unit/test_sources_md.py):
  md-cell-returns-its-input    md_cell gives back the text as it came
  md-cell-leaves-pipes         md_cell does not escape |, so a title can end its cell
  md-cell-keeps-line-breaks    md_cell leaves line breaks (and hidden characters) in a cell
  md-cell-leaves-math          md_cell does not escape $
  md-cell-leaves-addresses     md_cell puts no word joiner in http://, www. and name@host
  address-keeps-pipes          an address's | is not percent-encoded
Ids in URLs (dashboard/state.py; tests/unit/test_state.py):
  unknown-island-accepted      parse_url takes any ?island= as one of the map's islands
  unknown-scenario-accepted    parse_url takes any ?scenario= as one of the scenarios
  warning-not-shortened        a rejected value is quoted back whole, however long
  warning-keeps-hidden-chars   a rejected value is quoted back with its controls and overrides
CSV formula quoting (dashboard/export.py; tests/unit/test_export.py):
  csv-no-quoting               no cell is quoted
  csv-quotes-only-equals       only cells starting with = are quoted (not + - @)
Data checks (dashboard/checks.py, `python -m dashboard validate`; tests/unit/test_validation.py,
tests/unit/test_hostile_data.py):
  checks-return-nothing        check_references finds no problem
  scenario-checks-dropped      the scenarios' references are not checked
  citations-not-followed       no cited source is looked up
  validate-exits-0             `validate` lists the problems but exits 0
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard import checks, cli, export, source_list, state, text
from dashboard.config import DEFAULT_DATA_DIR
from tests.app.test_hostile import markup_in
from tests.hostile import HOSTILE_URLS, MD, PAYLOADS
from tests.unit import (
    test_export,
    test_hostile_data,
    test_maps,
    test_sources_md,
    test_state,
    test_text,
)
from tests.unit import test_validation as validation
from tests.unit.test_maps import evil_shikotan  # noqa: F401 (a fixture, requested by name)

_PARAMETER_SET = type(pytest.param(None))
# What a failing test raises: an assert, or pytest.raises / pytest.fail.
RED = (AssertionError, pytest.fail.Exception)
_copies = itertools.count()


def rows(test: Callable) -> list[dict]:
    """A parametrized test's table, one dict of arguments a row."""
    (mark,) = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
    names, values = mark.args[:2]
    names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
    out = []
    for value in values:
        value = value.values if isinstance(value, _PARAMETER_SET) else value
        out.append(dict(zip(names, value if len(names) > 1 else (value,), strict=True)))
    return out


def run_rows(test: Callable, **fixtures) -> None:
    """Run a parametrized test on every row of its table: the first failing row raises."""
    for row in rows(test):
        test(**row, **fixtures)


def fresh_copy(request) -> Path:
    """A copy of the bundled geodata/ that a net may break."""
    folder = request.getfixturevalue("tmp_path") / f"geodata-{next(_copies)}"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    return folder


# The nets: each runs existing tests and raises AssertionError when one fails.


def md_table(request) -> None:
    run_rows(test_text.test_md)


def page_check(request) -> None:
    """What tests/app/test_hostile.py asserts of every Markdown string, on the hostile data's
    payloads and crafted links as md makes them."""
    for payload in (*PAYLOADS, MD, *(v for p in HOSTILE_URLS for v in p.values())):
        shown = text.md(payload)
        assert not markup_in(shown), (payload, markup_in(shown))


def sources_tables(request) -> None:
    run_rows(test_text.test_md_cell)
    test_sources_md.test_a_hostile_source_is_text_in_one_row_of_six_cells()
    test_sources_md.test_no_dollar_sign_is_left_to_start_math()


def esc_tables(request) -> None:
    test_text.test_esc_visible_and_printable()
    run_rows(test_maps.test_esc)


def map_labels(request) -> None:
    names = ("dataset", "evil_shikotan", "tmp_path")
    test_maps.test_base_map_escapes_names(*map(request.getfixturevalue, names))


def href_table(request) -> None:
    run_rows(test_text.test_href_keeps_a_link_target_closed)
    test_text.test_link_without_an_address_is_the_title()


def url_table(request) -> None:
    run_rows(test_state.test_parse_url)


def url_warnings(request) -> None:
    run_rows(test_state.test_warning_quotes_the_value_it_rejects)
    run_rows(test_state.test_warning_contains_no_control_characters)
    run_rows(test_state.test_long_value_is_shortened_in_the_warning)
    test_state.test_long_island_warning_is_at_most_200_characters()


def csv_quoting(request) -> None:
    monkeypatch = request.getfixturevalue("monkeypatch")
    run_rows(test_export.test_a_cell_a_spreadsheet_would_run_is_quoted, monkeypatch=monkeypatch)


# The rows whose problem only the cross-file checks (dashboard/checks.py) find.
CHECKED_ROWS = {"scenario-unknown-island", "fact-unknown-source"}
CHECKED_CLI_ROWS = {"land-without-a-catalogue-entry", "view-unknown-scenario"}


def broken_folders(request) -> None:
    cases = [c for c in validation.BROKEN if c[0] in CHECKED_ROWS]
    assert len(cases) == len(CHECKED_ROWS)
    for _id, brk, file, phrase in cases:
        validation.test_broken_folder_names_file_and_problem(fresh_copy(request), brk, file, phrase)


def validate_cli(request) -> None:
    capsys = request.getfixturevalue("capsys")
    validation.test_cli_validate_broken_folder_exits_1_and_lists_problems(
        fresh_copy(request), capsys
    )
    cases = [r for r in test_hostile_data.ROWS if r[0] in CHECKED_CLI_ROWS]
    assert len(cases) == len(CHECKED_CLI_ROWS)
    for _id, brk, file, words, child in cases:
        test_hostile_data.test_a_hostile_folder_gets_a_message_naming_the_file(
            fresh_copy(request), capsys, brk, file, words, child
        )


NETS = [
    md_table,
    page_check,
    sources_tables,
    esc_tables,
    map_labels,
    href_table,
    url_table,
    url_warnings,
    csv_quoting,
    broken_folders,
    validate_cli,
]


# The mutations.


def replace(monkeypatch, module, name: str, broken: object) -> None:
    """module.name replaced by `broken`, and so is every copy a `from module import name` made
    in the project's modules and its tests."""
    real = getattr(module, name)
    for mod_name, mod in list(sys.modules.items()):
        if mod_name.split(".")[0] in ("dashboard", "tests") and getattr(mod, name, None) is real:
            monkeypatch.setattr(mod, name, broken)


def md_without_escapes(value: object) -> str:
    """md as it would be without its escapes."""
    return text._AUTOLINK.sub(text.WORD_JOINER, text.visible(value))


def md_cell_on_lines(value: object) -> str:
    """md_cell as it would be if it kept the text's lines and characters."""
    return text._CELL_SPECIAL.sub(r"\\\1", text._AUTOLINK.sub(text.WORD_JOINER, str(value)))


def without(pattern: re.Pattern, chars: str) -> re.Pattern:
    """A character-class pattern with some of its characters left out."""
    return re.compile("".join(ch for ch in pattern.pattern if ch not in chars))


def unknown_ids_accepted(key: str) -> Callable:
    """parse_url as it would be without its check of `key`: the value asked for is taken."""
    real = state.parse_url

    def parse_url(params, islands, scenarios, default_scenario):
        asked = state._one(params, key)
        extra = [asked] if asked else []
        if key == state.ISLAND:
            return real(params, [*islands, *extra], scenarios, default_scenario)
        return real(params, islands, [*scenarios, *extra], default_scenario)

    return parse_url


def figures_csv_quoting(prefixes: str) -> Callable:
    """figures_csv as it would be if it quoted only cells starting with one of `prefixes`."""

    def figures_csv(cons, sid):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=["scenario", "measure", "subject", "value", "unit"])
        writer.writeheader()
        for row in export.figure_rows(cons, sid):
            writer.writerow(
                {
                    k: (f"'{v}" if isinstance(v, str) and v and v[0] in prefixes else v)
                    for k, v in row.items()
                }
            )
        return buf.getvalue()

    return figures_csv


_REAL_VALIDATE = cli._validate


def validate_exits_0(folder) -> int:
    _REAL_VALIDATE(folder)  # the problems are still listed
    return 0


@dataclass(frozen=True)
class Mutation:
    id: str
    apply: Callable[[pytest.MonkeyPatch], None]
    nets: tuple[Callable, ...]


MUTATIONS = [
    Mutation(
        "md-returns-its-input",
        lambda mp: replace(mp, text, "md", str),
        (md_table, page_check),
    ),
    Mutation(
        "md-escapes-nothing",
        lambda mp: replace(mp, text, "md", md_without_escapes),
        (md_table, page_check),
    ),
    Mutation(
        "md-misses-latex-directives",
        lambda mp: mp.setattr(text, "_MD_SPECIAL", without(text._MD_SPECIAL, "$:^")),
        (md_table, page_check),
    ),
    Mutation(
        "md-leaves-bare-addresses",
        lambda mp: mp.setattr(text, "_AUTOLINK", re.compile(r"(?!)")),
        (md_table, page_check),
    ),
    Mutation(
        "md-keeps-hidden-characters",
        lambda mp: mp.setattr(text, "visible", str),
        (md_table,),
    ),
    Mutation(
        "esc-returns-its-input",
        lambda mp: replace(mp, text, "esc", str),
        (esc_tables, map_labels),
    ),
    Mutation(
        "esc-leaves-quotes",
        lambda mp: replace(mp, text, "esc", lambda v: html.escape(str(v), quote=False)),
        (esc_tables,),
    ),
    Mutation(
        "href-returns-the-address",
        lambda mp: replace(mp, text, "href", str),
        (href_table,),
    ),
    Mutation(
        "href-keeps-brackets",
        lambda mp: mp.setattr(text, "_URL_SAFE", text._URL_SAFE + "()[]$"),
        (href_table,),
    ),
    Mutation(
        "link-skips-href",
        lambda mp: replace(mp, text, "link", lambda t, url: f"[{t}]({url})" if url else t),
        (href_table,),
    ),
    Mutation(
        "md-cell-returns-its-input",
        lambda mp: replace(mp, text, "md_cell", str),
        (sources_tables,),
    ),
    Mutation(
        "md-cell-leaves-pipes",
        lambda mp: mp.setattr(text, "_CELL_SPECIAL", without(text._CELL_SPECIAL, "|")),
        (sources_tables,),
    ),
    Mutation(
        "md-cell-keeps-line-breaks",
        lambda mp: replace(mp, text, "md_cell", md_cell_on_lines),
        (sources_tables,),
    ),
    Mutation(
        "md-cell-leaves-math",
        lambda mp: mp.setattr(text, "_CELL_SPECIAL", without(text._CELL_SPECIAL, "$")),
        (sources_tables,),
    ),
    Mutation(
        "md-cell-leaves-addresses",
        lambda mp: mp.setattr(text, "_AUTOLINK", re.compile(r"(?!)")),
        (sources_tables,),
    ),
    Mutation(
        "address-keeps-pipes",
        lambda mp: mp.setattr(source_list, "_address", lambda url: f"<{url}>"),
        (sources_tables,),
    ),
    Mutation(
        "unknown-island-accepted",
        lambda mp: replace(mp, state, "parse_url", unknown_ids_accepted(state.ISLAND)),
        (url_table,),
    ),
    Mutation(
        "unknown-scenario-accepted",
        lambda mp: replace(mp, state, "parse_url", unknown_ids_accepted(state.SCENARIO)),
        (url_table,),
    ),
    Mutation(
        "warning-not-shortened",
        lambda mp: mp.setattr(state, "shown", state.visible),
        (url_warnings,),
    ),
    Mutation(
        "warning-keeps-hidden-chars",
        lambda mp: mp.setattr(state, "visible", str),
        (url_warnings,),
    ),
    Mutation(
        "csv-no-quoting",
        lambda mp: replace(mp, export, "figures_csv", figures_csv_quoting("")),
        (csv_quoting,),
    ),
    Mutation(
        "csv-quotes-only-equals",
        lambda mp: replace(mp, export, "figures_csv", figures_csv_quoting("=")),
        (csv_quoting,),
    ),
    Mutation(
        "checks-return-nothing",
        lambda mp: replace(mp, checks, "check_references", lambda ds: []),
        (broken_folders, validate_cli),
    ),
    Mutation(
        "scenario-checks-dropped",
        lambda mp: mp.setattr(checks, "_check_scenarios", lambda ds, places: []),
        (broken_folders,),
    ),
    Mutation(
        "citations-not-followed",
        lambda mp: mp.setattr(checks, "_cited", lambda obj: iter(())),
        (broken_folders,),
    ),
    Mutation(
        "validate-exits-0",
        lambda mp: mp.setattr(cli, "_validate", validate_exits_0),
        (validate_cli,),
    ),
]


@pytest.mark.parametrize("net", NETS, ids=lambda n: n.__name__)
def test_each_net_passes_on_the_real_code(request, net):
    net(request)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_each_net_fails_on_broken_code(request, monkeypatch, mutation):
    mutation.apply(monkeypatch)
    for net in mutation.nets:
        with pytest.raises(RED):
            net(request)


def test_the_docstring_lists_every_mutation():
    listed = re.findall(r"^  (\S+) {2,}", __doc__, re.M)
    assert listed == [m.id for m in MUTATIONS]
    assert len(MUTATIONS) >= 12
