"""A measured model kept on disk between server starts, so that a restart (a deploy, a new
replica) serves its first page without reading, validating and measuring the data again.

The file is named by a digest of everything its content depends on: every file of the data
folder, the source of this package, and the versions of Python and of the libraries that
compute the measures. Change any of them and the name changes, so a stale file is never read.

A pickle runs code when it is read, so only a file this process could have written is read:
a file owned by this user and writable by nobody else, in a directory of the same kind, below
directories that nobody else can change (or that are sticky, as /tmp is). The checks are made
on what is opened, not on a path that could be swapped between the check and the open: the
directory is opened first, then the file in it with O_NOFOLLOW, and both are checked with
fstat. Files are written atomically (a temporary file, then a rename). Any failure to read or
write is logged and the model is measured as if there were no cache.

Processes that start together on the same data (replicas, workers) measure it once: the first
holds a lock named by the digest while it measures; the others wait, then read its file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import pickle
import platform
import stat
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from dashboard.config import model_cache_dir
from dashboard.files import update_digest

log = logging.getLogger(__name__)
T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("geopandas", "numpy", "pandas", "pydantic", "pyproj", "PyYAML", "shapely")
KEEP = 4  # models kept per cache directory (other data folders, earlier versions)


def digest_of(folder: Path) -> str | None:
    """The one digest a folder's model and its layer files are filed under: the folder's
    place and every file in it (each read within the size limit), this package's source and
    catalogue of words, and the versions of Python and of the measuring libraries. None if the
    folder cannot be listed."""
    h = hashlib.sha256(f"python {platform.python_version()}".encode())
    for lib in LIBRARIES:
        h.update(f"{lib} {metadata.version(lib)}".encode())
    # the code, and the catalogue of the page's words (the map's words files hold its texts)
    for path in sorted([*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.glob("locales/*.yaml")]):
        h.update(str(path.relative_to(PACKAGE_DIR)).encode())
        h.update(path.read_bytes())
    folder = Path(folder).resolve()
    h.update(str(folder).encode())  # the model records where its data came from
    try:
        update_digest(h, folder)
    except OSError:
        return None
    return h.hexdigest()[:32]


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (so only this user wrote it)."""
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _safe_ancestors(path: Path) -> bool:
    """Every directory above `path` is one that no other user can change what it holds:
    owned by this user or root and not writable by others, or sticky (as /tmp is)."""
    for parent in Path(path).absolute().parents:
        st = os.stat(parent)
        if st.st_uid not in (0, os.getuid()):
            return False
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not st.st_mode & stat.S_ISVTX:
            return False
    return True


def _open_private_dir(root: Path) -> int | None:
    """A descriptor of `root` if it is a private directory (not a link) below safe ones."""
    if not _safe_ancestors(root):
        return None
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    if not (stat.S_ISDIR(os.fstat(fd).st_mode) and _private(os.fstat(fd))):
        os.close(fd)
        return None
    return fd


class ModelCache:
    """Measured models on disk under `root` (default: config.model_cache_dir())."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else model_cache_dir()

    def path(self, digest: str) -> Path:
        return self.root / f"{digest}.pickle"

    def load(self, digest: str, kind: type[T]) -> T | None:
        """The object filed under `digest` if it is a `kind`, else None (logged)."""
        path = self.path(digest)
        try:
            if not path.exists():
                return None
            dir_fd = _open_private_dir(self.root)
            if dir_fd is None:
                log.warning("model cache: %s is not private to this user; not read", self.root)
                return None
            try:
                fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
            finally:
                os.close(dir_fd)
            st = os.fstat(fd)
            if not (stat.S_ISREG(st.st_mode) and _private(st)):
                os.close(fd)
                log.warning("model cache: %s is not private to this user; not read", path)
                return None
            with os.fdopen(fd, "rb") as f:
                model = pickle.load(f)  # noqa: S301 (a file only this user can have written)
        except Exception as exc:  # a damaged file, or a link in its place: compute instead
            log.warning("model cache: %s could not be read (%s); measuring again", path, exc)
            return None
        return model if isinstance(model, kind) else None

    @contextlib.contextmanager
    def measuring(self, digest: str) -> Iterator[None]:
        """Held while this process measures `digest`: another process that wants the same
        model waits here, then finds it filed (read it again inside). Without a private cache
        directory (or a lock) each process measures on its own, as with no cache."""
        fd = None
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            dir_fd = _open_private_dir(self.root)
            if dir_fd is not None:
                try:
                    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
                    fd = os.open(f"{digest}.lock", flags, 0o600, dir_fd=dir_fd)
                finally:
                    os.close(dir_fd)
                fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            log.warning("model cache: no lock for %s (%s); measuring without it", digest, exc)
        try:
            yield
        finally:
            if fd is not None:
                os.close(fd)  # and with it the lock

    def save(self, digest: str, model: object) -> Path | None:
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            dir_fd = _open_private_dir(self.root)
            if dir_fd is not None:
                os.close(dir_fd)
            if dir_fd is None:
                log.warning("model cache: %s is not private to this user; not written", self.root)
                return None
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".model-", suffix=".tmp")
        except OSError as exc:  # a read-only disk: serve without the cache
            log.warning("model cache: not written (%s)", exc)
            return None
        target = self.path(digest)
        try:
            with os.fdopen(fd, "wb") as f:  # mkstemp: mode 0600
                pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except Exception as exc:  # a full disk, an object that cannot be pickled
            log.warning("model cache: not written (%s)", exc)
            Path(tmp).unlink(missing_ok=True)
            return None
        self._prune(keep=target)
        return target

    def _prune(self, keep: Path) -> None:
        """Remove all but the KEEP newest models."""
        try:
            old = sorted(self.root.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
            for path in [p for p in old if p != keep][: max(len(old) - KEEP, 0)]:
                path.unlink(missing_ok=True)
                path.with_suffix(".lock").unlink(missing_ok=True)
        except OSError:
            pass
