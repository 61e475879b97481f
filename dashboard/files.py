"""Every read of a data folder, bounded: no file is read past a size limit, hashing included.

A data folder may be broken or hostile (a 6 GB file, a FIFO, a symlink to an unreadable file);
reads here either return the bytes of a regular file within the limit or raise `FileProblem`
with a message for the reader, never an unbounded read or a blocked open.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import yaml

from dashboard.config import MAX_FILE_BYTES

# libyaml's safe loader when present (ten times faster), else PyYAML's own: every YAML file the
# package reads, data folders and the engine's own catalogue, is read with it.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CHUNK = 1 << 20


class FileProblem(Exception):
    """A file that cannot be read: `message` says why, `hint` how to fix it."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """An open descriptor of a regular file (O_NONBLOCK: a FIFO cannot block the open)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise FileProblem("file is missing.") from exc
    except OSError as exc:
        raise FileProblem(
            f"cannot be read ({exc.strerror or exc}).", "Check the file's permissions and links."
        ) from exc
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise FileProblem("is not a regular file.", "Replace it with the data file itself.")
    return fd, st


def read_bounded(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (default: MAX_FILE_BYTES)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    fd, st = _open_regular(path)
    with os.fdopen(fd, "rb") as f:
        if st.st_size > limit:
            raise FileProblem(
                f"file is {st.st_size:,} bytes; the limit is {limit:,}.",
                "Simplify or split the data; the dashboard never reads larger files.",
            )
        try:
            data = f.read(limit + 1)  # the file may have grown since fstat
        except OSError as exc:
            raise FileProblem(f"cannot be read ({exc.strerror or exc}).") from exc
    if len(data) > limit:
        raise FileProblem(f"file is over the limit of {limit:,} bytes.")
    return data


def regular_files(folder: Path) -> Iterator[Path]:
    """Files under `folder`, in a stable order, without following links to directories."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            yield Path(root) / name


def update_digest(h, folder: Path, limit: int | None = None) -> None:
    """Feed every file of `folder` into the hash `h`, each read in chunks up to `limit`: a file
    over the limit, or one that cannot be read, counts by its name, size and time instead (the
    loader reports it if it is one it reads)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    folder = Path(folder)
    for path in regular_files(folder):
        h.update(str(path.relative_to(folder)).encode() + b"\0")
        try:
            fd, st = _open_regular(path)
        except FileProblem as exc:
            h.update(b"unreadable:" + exc.message.encode())
            continue
        with os.fdopen(fd, "rb") as f:
            if st.st_size > limit:
                h.update(f"over-limit:{st.st_size}:{st.st_mtime_ns}".encode())
                continue
            left = limit
            try:
                while left > 0 and (chunk := f.read(min(CHUNK, left))):
                    h.update(chunk)
                    left -= len(chunk)
            except OSError as exc:
                h.update(f"read-error:{exc.errno}".encode())
