"""`python -m dashboard export`: a scenario's GeoJSON, CSV or picture to a file or standard
output, and one clear line (never a traceback) for an unknown scenario, island or language, a
picture asked for on a terminal, or no font for the folder's names."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from dashboard import fonts
from dashboard.cli import main
from dashboard.config import PROJECT_ROOT
from tests.folders import SYNTHETIC

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def export(*args: str) -> list[str]:
    return ["export", *args, str(SYNTHETIC)]


class FakeStdout:
    """A standard output that says whether it is a terminal and keeps what is written."""

    def __init__(self, tty: bool):
        self.buffer = io.BytesIO()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    "args,kind,valid",
    [
        (["--scenario", "nowhere", "--format", "csv"], "scenario", "status-quo, west-takes-alpha"),
        (
            ["--scenario", "status-quo", "--format", "png", "--island", "atlantis"],
            "island",
            "alpha, beta, gamma",
        ),
        # the folder's names are in Esperanto too, but the engine has no words in it
        (["--scenario", "status-quo", "--format", "png", "--lang", "eo"], "language", "one of: en"),
    ],
)
def test_an_unknown_id_is_one_line_listing_the_valid_ones(capsys, args, kind, valid):
    assert main(export(*args)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"unknown {kind}" in err and valid in err


def test_geojson_goes_to_standard_output(monkeypatch):
    out = FakeStdout(tty=True)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(export("--scenario", "joint-beta", "--format", "geojson")) == 0
    data = json.loads(out.buffer.getvalue())
    land = [f["properties"] for f in data["features"] if f["properties"]["kind"] == "land"]
    beta = next(p for p in land if p["id"] == "beta")
    assert beta["party"] == "joint" and beta["changed"] is True
    kinds = {f["properties"]["kind"] for f in data["features"]}
    assert kinds == {"land", "territorial-sea", "eez", "median-line", "high-seas"}


def test_csv_goes_to_a_file(tmp_path):
    target = tmp_path / "figures.csv"
    assert main(export("--scenario", "joint-beta", "--format", "csv", "--out", str(target))) == 0
    assert target.read_text("utf-8").startswith("scenario,measure,subject,value,unit")


@pytest.mark.parametrize("fmt,start", [("png", PNG_SIGNATURE), ("svg", b"<?xml")])
def test_a_picture_goes_to_a_file(tmp_path, fmt, start):
    target = tmp_path / f"view.{fmt}"
    args = export(
        "--scenario", "joint-beta", "--format", fmt, "--island", "beta", "--out", str(target)
    )
    assert main(args) == 0
    assert target.read_bytes().startswith(start)


def test_a_picture_is_not_written_to_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", FakeStdout(tty=True))
    assert main(export("--scenario", "status-quo", "--format", "png")) == 2
    assert "--out" in capsys.readouterr().err
    assert sys.stdout.buffer.getvalue() == b""


def test_a_picture_goes_down_a_pipe():
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *export("--scenario", "status-quo", "--format", "png")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(PNG_SIGNATURE)


def test_no_font_for_the_names_is_a_message_not_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(fonts, "_text_fonts", dict)
    target = tmp_path / "view.png"
    assert main(export("--scenario", "status-quo", "--format", "png", "--out", str(target))) == 1
    err = capsys.readouterr().err
    assert "apt-get install fonts-noto-cjk" in err and "Traceback" not in err
    assert not target.exists()


def test_a_broken_folder_lists_its_problems(tmp_path, capsys):
    (tmp_path / "view.yaml").write_text("title: [", "utf-8")
    assert main(["export", "--scenario", "x", "--format", "csv", str(tmp_path)]) == 1
    assert "problem(s) in" in capsys.readouterr().err


def test_the_help_says_where_a_picture_goes(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "not a terminal" in capsys.readouterr().out
