"""What is wrong with a data folder: one problem per file and item, and the error that carries
them. Every check of the data reports in these terms, so the page, `validate` and the tests
show the same messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    item: str | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.item}" if self.item else self.file
        return f"{where}: {self.message}" + (f" Hint: {self.hint}" if self.hint else "")


class DataError(Exception):
    """The data folder is broken; `problems` says where and how."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
