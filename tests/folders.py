"""The data folders every engine test runs on: the two shipped disputes and a tiny synthetic
one with three parties (tests/data/synthetic), so that nothing in dashboard/ may assume one
dispute, two parties or one pair of languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.files import SAFE_LOADER

SYNTHETIC = PROJECT_ROOT / "tests" / "data" / "synthetic"
FALKLANDS = PROJECT_ROOT / "disputes" / "falklands"
FOLDERS: list[Path] = [DEFAULT_DATA_DIR, FALKLANDS, SYNTHETIC]
FOLDER_IDS: list[str] = ["geodata", "falklands", "synthetic"]


# libyaml's safe dumper where PyYAML has it (the engine reads with its safe loader): the
# pure-Python pair takes about a second for the largest sources file.
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def parse_yaml(text: str) -> Any:
    """YAML text as Python objects, parsed as the engine parses it (libyaml's safe loader
    where PyYAML has it: the pure-Python one takes seconds over the bundled folder)."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)


def read_yaml(path: Path) -> Any:
    """A data file's YAML as Python objects, read as the engine reads it."""
    return parse_yaml(path.read_text("utf-8"))


def edit_yaml(path: Path, change: Callable[[Any], object]) -> None:
    """Rewrite a data file with `change` made to its objects."""
    doc = read_yaml(path)
    change(doc)
    text = yaml.dump(doc, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False)
    path.write_text(text, "utf-8")
