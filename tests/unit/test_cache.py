"""The measured model on disk: filed under one digest of its inputs (the layer files too),
read back only when it is this user's own file, never trusted when damaged."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard import cache, files, model
from dashboard.cache import ModelCache, digest_of
from dashboard.cli import main as cli_main
from dashboard.config import CACHE_DIR_ENV, PROJECT_ROOT
from dashboard.export import figure_rows
from dashboard.model import Model, get_model
from dashboard.published import (
    IN_USE_S,
    KEEP_LAYER_FOLDERS,
    keep_published,
    prune_layer_folders,
    publish,
)
from tests.folders import SYNTHETIC


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """A copy of the synthetic folder, measured with a cache: (folder, cache, model)."""
    root = tmp_path_factory.mktemp("cache-test")
    folder = root / "synthetic"
    shutil.copytree(SYNTHETIC, folder)
    store = ModelCache(root / "models")
    return folder, store, get_model(folder, store)


def test_a_measured_model_is_filed_and_reads_back_the_same(measured):
    folder, store, b = measured
    digest = digest_of(folder)
    assert digest == b.digest
    path = store.path(digest)
    assert path.exists() and path.stat().st_mode & 0o777 == 0o600
    again = store.load(digest, Model)
    assert again is not None and again is not b
    for s in b.scenarios.ordered:
        assert figure_rows(again.cons, s.id) == figure_rows(b.cons, s.id)
    assert again.layers == b.layers
    p = b.atlas.geometry("alpha").representative_point()
    assert again.locate(p.x, p.y) == b.locate(p.x, p.y) == "alpha"


def test_a_second_start_reads_the_filed_model(measured, monkeypatch):
    folder, store, b = measured
    model.forget(folder)
    monkeypatch.setattr(model, "measure", lambda *a: pytest.fail("measured again"))
    again = get_model(folder, store)
    assert again.digest == b.digest and again is not b


def test_the_layer_files_are_filed_under_the_models_digest(measured):
    _, _, b = measured
    assert all(f"/data/{b.digest}/" in url for url in [b.urls.base, *b.urls.sea.values()])


def test_any_changed_file_changes_the_digest(measured, tmp_path):
    folder, _, _ = measured
    copy = tmp_path / "synthetic"
    shutil.copytree(folder, copy)
    base = digest_of(copy)
    assert digest_of(copy) == base  # stable
    view = copy / "view.yaml"
    view.write_text(view.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert digest_of(copy) != base
    (copy / "sources" / "extra.yaml").write_text("sources: []\n", "utf-8")
    assert digest_of(copy) not in (base, None)


def test_a_change_of_the_code_changes_the_digest(measured, tmp_path, monkeypatch):
    """The layer files share the model's digest, so an edit of the code that draws them
    (layers.py, not only the data) gives new files: nothing stale is served."""
    folder, _, _ = measured
    package = tmp_path / "dashboard"
    shutil.copytree(cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    base = digest_of(folder)
    layers = package / "layers.py"
    layers.write_text(layers.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert digest_of(folder) not in (base, None)


def test_a_file_over_the_size_limit_counts_by_its_size(measured, tmp_path, monkeypatch):
    folder, _, _ = measured
    copy = tmp_path / "synthetic"
    shutil.copytree(folder, copy)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)  # land.geojson is larger
    base = digest_of(copy)
    assert base is not None
    with (copy / "land.geojson").open("ab") as f:
        f.write(b" ")
    assert digest_of(copy) not in (base, None)


class _Planted:
    """A pickle that creates a file when it is read: what a hostile cache file could do."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_file_others_could_have_written_is_not_read(tmp_path):
    store = ModelCache(tmp_path / "models")
    store.root.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    path = store.path("0" * 32)
    path.write_bytes(pickle.dumps(_Planted(marker)))
    path.chmod(0o666)
    assert store.load("0" * 32, Model) is None
    assert not marker.exists()  # never unpickled
    path.chmod(0o600)
    store.root.chmod(0o777)  # a directory anyone can write into: same answer
    assert store.load("0" * 32, Model) is None
    assert not marker.exists()


def test_a_cache_below_a_folder_others_can_change_is_not_read(tmp_path, caplog):
    """A folder above the cache that anyone may write into (and not sticky, as /tmp is): a
    file in the cache could be swapped between a check and the open, so nothing is read."""
    open_to_all = tmp_path / "shared"
    store = ModelCache(open_to_all / "models")
    store.root.mkdir(parents=True, mode=0o700)
    marker = tmp_path / "ran"
    path = store.path("0" * 32)
    path.write_bytes(pickle.dumps(_Planted(marker)))
    path.chmod(0o600)
    open_to_all.chmod(0o777)
    assert store.load("0" * 32, Model) is None
    assert not marker.exists()
    assert "not private" in caplog.text
    caplog.clear()
    open_to_all.chmod(0o777 | stat.S_ISVTX)  # sticky: others cannot rename what is ours
    path.write_bytes(pickle.dumps({"not": "a model"}))
    assert store.load("0" * 32, Model) is None  # read, and found not to be a model
    assert "not private" not in caplog.text


def test_a_link_in_place_of_the_file_is_not_followed(tmp_path):
    store = ModelCache(tmp_path / "models")
    store.root.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    elsewhere = tmp_path / "planted.pickle"
    elsewhere.write_bytes(pickle.dumps(_Planted(marker)))
    elsewhere.chmod(0o600)
    store.path("0" * 32).symlink_to(elsewhere)
    assert store.load("0" * 32, Model) is None
    assert not marker.exists()


def test_a_damaged_or_foreign_file_is_ignored(tmp_path, caplog):
    store = ModelCache(tmp_path / "models")
    store.root.mkdir(mode=0o700)
    store.path("a" * 32).write_bytes(b"\x80\x05not a pickle")
    store.path("b" * 32).write_bytes(pickle.dumps({"not": "a model"}))
    for p in store.root.iterdir():
        p.chmod(0o600)
    assert store.load("a" * 32, Model) is None
    assert "could not be read" in caplog.text
    assert store.load("b" * 32, Model) is None
    assert store.load("c" * 32, Model) is None  # absent


def test_an_unwritable_cache_directory_does_not_stop_anything(measured, tmp_path):
    _, _, b = measured
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("", "utf-8")
    assert ModelCache(blocked / "models").save("d" * 32, b) is None


def test_old_models_are_pruned(measured, tmp_path):
    _, _, b = measured
    store = ModelCache(tmp_path / "models")
    for i in range(cache.KEEP + 2):
        assert store.save(f"{i:032d}", b) is not None
    assert len(list(store.root.glob("*.pickle"))) == cache.KEEP


def test_prepare_writes_the_cache_a_server_start_reads(measured, tmp_path, monkeypatch, capsys):
    folder, _, _ = measured
    model.forget(folder)
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "deploy-cache"))
    assert cli_main(["prepare", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "filed as" in out and str(tmp_path / "deploy-cache") in out
    assert ModelCache().load(digest_of(folder), Model) is not None


def test_prepare_reports_a_bad_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    (tmp_path / "land.geojson").write_text("{not json", "utf-8")
    assert cli_main(["prepare", str(tmp_path)]) == 1
    assert "land.geojson" in capsys.readouterr().err
    assert not (tmp_path / "cache").exists() or not os.listdir(tmp_path / "cache")


def test_old_layer_folders_are_pruned(tmp_path):
    """Layer files of data no longer served do not stay public: the folder written and the
    newest used others are kept, KEEP_LAYER_FOLDERS in all."""
    root = tmp_path / "data"
    made = []
    for i in range(10):
        folder = root / f"{i:016x}"
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text("{}", "utf-8")
        os.utime(folder, (1_000_000 + i, 1_000_000 + i))
        made.append(folder)
    removed = prune_layer_folders(root, keep=made[0])
    left = sorted(p.name for p in root.iterdir())
    assert len(left) == KEEP_LAYER_FOLDERS and len(removed) == 10 - KEEP_LAYER_FOLDERS
    assert left == sorted(p.name for p in [made[0], *made[-(KEEP_LAYER_FOLDERS - 1) :]])


def test_writing_layers_prunes_the_static_folder(measured, tmp_path):
    _, _, b = measured
    static = tmp_path / "static"
    for i in range(KEEP_LAYER_FOLDERS + 3):
        (static / "data" / f"old-{i}").mkdir(parents=True)
        os.utime(static / "data" / f"old-{i}", (1_000_000 + i, 1_000_000 + i))  # long unused
    written = publish(b.layers, b.digest, static_dir=static)
    kept = sorted(p.name for p in (static / "data").iterdir())
    assert len(kept) == KEEP_LAYER_FOLDERS
    assert written.name == b.digest in kept
    assert sorted(p.name for p in written.iterdir()) == sorted([*b.layers, "manifest.json"])


def test_a_folder_a_live_server_uses_is_never_pruned(measured, tmp_path):
    """Many servers of other data on one static folder (a test run, several deploys): the
    files of a folder used in the last IN_USE_S seconds stay, whatever the count, and a
    server that serves a page marks its folder used."""
    _, _, b = measured
    static = tmp_path / "static"
    live = publish(b.layers, b.digest, static_dir=static)
    os.utime(live, (time.time() - IN_USE_S + 60,) * 2)  # used 14 minutes ago
    for i in range(KEEP_LAYER_FOLDERS + 2):
        (static / "data" / f"other-{i}").mkdir(parents=True)  # newer: other servers
    prune_layer_folders(static / "data", keep=static / "data" / "other-0")
    assert (live / "manifest.json").exists()
    os.utime(live, (time.time() - IN_USE_S - 60,) * 2)  # unused for 16 minutes
    keep_published(b.layers, b.digest, static_dir=static)  # a page: marked used again
    assert time.time() - live.stat().st_mtime < 5
    os.utime(live, (time.time() - IN_USE_S - 60,) * 2)
    prune_layer_folders(static / "data", keep=static / "data" / "other-0")
    assert not live.exists()  # unused and beyond the newest: pruned


def waits_for_a_lock(proc: subprocess.Popen, timeout_s: float = 60.0) -> bool:
    """Whether `proc` comes to wait for a lock held by another (Linux lists each waiter in
    /proc/locks, as "-> FLOCK ... <pid> ..."), before it ends or the time is up."""
    deadline = time.monotonic() + timeout_s
    while proc.poll() is None and time.monotonic() < deadline:
        waiting = Path("/proc/locks").read_text().splitlines()
        if any("->" in line and f" {proc.pid} " in line for line in waiting):
            return True
        time.sleep(0.05)
    return False


def test_processes_that_start_together_on_one_folder_measure_it_once(tmp_path):
    """Replicas or workers starting at once: while one process measures a folder, another
    that wants it waits, then reads what the first filed (it does not measure it again)."""
    folder = shutil.copytree(SYNTHETIC, tmp_path / "synthetic")
    store = ModelCache(tmp_path / "cache")
    digest = digest_of(folder)
    assert digest
    env = dict(os.environ, **{CACHE_DIR_ENV: str(store.root)})
    with store.measuring(digest):  # this process measures
        other = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "prepare", str(folder)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waits_for_a_lock(other), "the other process did not wait for the lock"
        filed = store.save(digest, model.measure(folder, digest))
        assert filed is not None
        inode = filed.stat().st_ino
    out, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    assert store.path(digest).stat().st_ino == inode, "the other process measured it again"
