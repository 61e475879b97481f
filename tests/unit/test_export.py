"""The figures download: a CSV a spreadsheet opens as data, never as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard import export


def figures_csv_of(monkeypatch, subject: object, value: object = 1.0) -> dict[str, str]:
    """The CSV row figures_csv writes for one figure with this subject and value (figure_rows
    replaced for the test; a new key each call, so no cached CSV answers)."""
    row = {"scenario": "s", "measure": "m", "subject": subject, "value": value, "unit": "km"}
    monkeypatch.setattr(export, "figure_rows", lambda cons, sid: [row])
    (out,) = csv.DictReader(io.StringIO(export.figures_csv(object(), "s")))
    return out


# (a cell's text, what the CSV holds): a cell starting with = + - or @ is a formula to a
# spreadsheet (it may fetch an address or run a command), so it is quoted with a leading '.
FORMULA_CELLS = [
    ('=HYPERLINK("http://127.0.0.1:9/x","open")', '\'=HYPERLINK("http://127.0.0.1:9/x","open")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("", ""),
    ("japan", "japan"),
    ("nemuro-strait", "nemuro-strait"),
    ("a=b", "a=b"),
]


@pytest.mark.parametrize("cell,written", FORMULA_CELLS)
def test_a_cell_a_spreadsheet_would_run_is_quoted(monkeypatch, cell, written):
    assert figures_csv_of(monkeypatch, cell)["subject"] == written


@pytest.mark.parametrize("value", [-1.5, 0.0, 12.25])
def test_numbers_stay_numbers(monkeypatch, value):
    assert figures_csv_of(monkeypatch, "japan", value)["value"] == str(value)
