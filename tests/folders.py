"""The data folders every engine test runs on: the two shipped disputes and a tiny synthetic
one with three parties (tests/data/synthetic), so that nothing in dashboard/ may assume one
dispute, two parties or one pair of languages."""

from __future__ import annotations

from pathlib import Path

from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT

SYNTHETIC = PROJECT_ROOT / "tests" / "data" / "synthetic"
FALKLANDS = PROJECT_ROOT / "disputes" / "falklands"
FOLDERS: list[Path] = [DEFAULT_DATA_DIR, FALKLANDS, SYNTHETIC]
FOLDER_IDS: list[str] = ["geodata", "falklands", "synthetic"]
