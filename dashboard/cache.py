"""A measured bundle kept on disk between server starts, so that a restart (a deploy, a new
replica) serves its first page without reading, validating and measuring the data again.

The file is named by a digest of everything its content depends on: every file of the data
folder, the source of this package, and the versions of Python and of the libraries that
compute the measures. Change any of them and the name changes, so a stale file is never read.

A pickle runs code when it is read, so only a file this process could have written is read:
one in a directory and a file owned by this user and writable by nobody else. Files are
written atomically (a temporary file, then a rename). Any failure to read or write is logged
and the bundle is computed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import platform
import stat
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.config import MAX_FILE_BYTES, bundle_cache_dir

if TYPE_CHECKING:
    from dashboard.bundle import Bundle

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("geopandas", "numpy", "pandas", "pydantic", "pyproj", "PyYAML", "shapely")
KEEP = 4  # bundles kept per cache directory (other data folders, earlier versions)


def fingerprint(folder: Path) -> str | None:
    """The digest a folder's bundle is filed under (the folder's place and every file in it);
    None if a file is over the size limit (the loader then reports it) or cannot be read."""
    h = hashlib.sha256(f"python {platform.python_version()}".encode())
    for lib in LIBRARIES:
        h.update(f"{lib} {metadata.version(lib)}".encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(str(path.relative_to(PACKAGE_DIR)).encode())
        h.update(path.read_bytes())
    folder = Path(folder).resolve()
    h.update(str(folder).encode())  # the bundle records where its data came from
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            if path.stat().st_size > MAX_FILE_BYTES:
                return None
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    except OSError:
        return None
    return h.hexdigest()[:32]


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (so only this user wrote it)."""
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        return False
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class BundleCache:
    """Bundles on disk under `root` (default: config.bundle_cache_dir())."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else bundle_cache_dir()

    def path(self, digest: str) -> Path:
        return self.root / f"{digest}.pickle"

    def load(self, digest: str) -> Bundle | None:
        path = self.path(digest)
        try:
            if not path.exists():
                return None
            if not (_private(self.root) and _private(path)):
                log.warning("bundle cache: %s is not private to this user; not read", path)
                return None
            with path.open("rb") as f:
                bundle = pickle.load(f)  # noqa: S301 (a file only this user can have written)
        except Exception as exc:  # a damaged file: compute instead
            log.warning("bundle cache: %s could not be read (%s); measuring again", path, exc)
            return None
        from dashboard.bundle import Bundle

        return bundle if isinstance(bundle, Bundle) else None

    def save(self, digest: str, bundle: Bundle) -> Path | None:
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(self.root):
                log.warning("bundle cache: %s is not private to this user; not written", self.root)
                return None
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".bundle-", suffix=".tmp")
        except OSError as exc:  # a read-only disk: serve without the cache
            log.warning("bundle cache: not written (%s)", exc)
            return None
        target = self.path(digest)
        try:
            with os.fdopen(fd, "wb") as f:  # mkstemp: mode 0600
                pickle.dump(bundle, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except Exception as exc:  # a full disk, an object that cannot be pickled
            log.warning("bundle cache: not written (%s)", exc)
            Path(tmp).unlink(missing_ok=True)
            return None
        self._prune(keep=target)
        return target

    def _prune(self, keep: Path) -> None:
        """Remove all but the KEEP newest bundles."""
        try:
            old = sorted(self.root.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
            for path in [p for p in old if p != keep][: max(len(old) - KEEP, 0)]:
                path.unlink(missing_ok=True)
        except OSError:
            pass
