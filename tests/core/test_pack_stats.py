"""The pack's cache key remembered against what the file system says of its files
(formdef/pack_stats.py): used while nothing about the files changed, found again by hashing
after any change — an edit of the same size with its old times put back, a file copied
over, added or removed — and never remembered for files changed too recently to trust
their times.  A damaged index only costs the hashing."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from desktop.core.formdef import pack_cache, pack_stats
from tests.conftest import REPO

BOGUS = "ab" * 32  # a well-formed key no pack has: seen only if the index was used


@pytest.fixture
def forms(tmp_path, monkeypatch):
    """Three forms of the shipped pack in a folder of the test's own, in a fresh data
    folder; their times counted as settled (as for files written more than two seconds
    ago: they were written just now)."""
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(pack_stats, "SETTLED_NS", 0)
    target = tmp_path / "forms"
    target.mkdir()
    for name in ("_catalog", "ngan_sach", "y_te", "giao_duc"):
        shutil.copy2(REPO / "forms" / f"{name}.yaml", target)
    return target


def _index():
    return json.loads((pack_cache.cache_dir() / pack_stats.INDEX).read_bytes())


def _plant(forms, key=BOGUS) -> None:
    """Give the directory's remembered stats another key, as if its files had hashed to it."""
    index = _index()
    index["dirs"][str(forms.absolute())]["key"] = key
    (pack_cache.cache_dir() / pack_stats.INDEX).write_text(json.dumps(index), encoding="utf-8")


def test_the_remembered_key_is_used_while_the_files_show_the_same(forms):
    key, ids = pack_cache.pack_key(forms)
    assert ids == ["giao_duc", "ngan_sach", "y_te"]
    _plant(forms)
    assert pack_cache.pack_key(forms) == (BOGUS, ids)  # no file was hashed for it


@pytest.mark.parametrize(
    "change",
    [
        lambda f: (f / "y_te.yaml").write_text((f / "y_te.yaml").read_text() + "\n"),
        lambda f: (f / "y_te.yaml").unlink(),
        lambda f: shutil.copy(f / "y_te.yaml", f / "y_te_2.yaml"),
        lambda f: os.utime(f / "y_te.yaml", ns=(1, 1)),  # touched
        lambda f: shutil.copy2(REPO / "forms" / "van_hoa.yaml", f / "y_te.yaml"),
        lambda f: os.replace(shutil.copy2(f / "y_te.yaml", f / "moi.tmp"), f / "y_te.yaml"),
    ],
)
def test_any_change_hashes_the_files_again(forms, change):
    pack_cache.pack_key(forms)
    _plant(forms)
    change(forms)
    key, ids = pack_cache.pack_key(forms)
    assert key != BOGUS and key == pack_cache._hash_files(sorted(forms.glob("*.yaml")))  # noqa: SLF001


def test_an_edit_of_the_same_size_with_its_old_times_put_back_is_seen(forms):
    """What `cp -p` or an unzip does: the same size and modification time; the change time
    (and here the text) tells."""
    path = forms / "ngan_sach.yaml"
    key = pack_cache.pack_key(forms)[0]
    before = path.stat()
    text = path.read_bytes()
    path.write_bytes(text.replace(b"version: 1", b"version: 2", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert pack_cache.pack_key(forms)[0] != key


def test_files_changed_just_now_are_not_remembered(forms, monkeypatch):
    """Within the file system's clock tick a second edit could leave the times as they are:
    a key is remembered only for files whose times are two seconds old."""
    monkeypatch.setattr(pack_stats, "SETTLED_NS", 2_000_000_000)
    pack_cache.pack_key(forms)  # the files were copied just now
    assert not (pack_cache.cache_dir() / pack_stats.INDEX).exists()
    old = 1_000_000_000 * 1_000_000_000  # 2001: long settled, as far as their mtimes go
    for path in forms.glob("*.yaml"):
        os.utime(path, ns=(old, old))
    pack_cache.pack_key(forms)  # the change times (when copied) are still too recent
    assert not (pack_cache.cache_dir() / pack_stats.INDEX).exists()


@pytest.mark.parametrize(
    "index",
    [b"", b"{", b"[]", b'{"format": 1, "dirs": []}', b'{"format": 2, "dirs": {}}'],
)
def test_a_damaged_index_costs_only_the_hashing(forms, index):
    key = pack_cache.pack_key(forms)[0]
    (pack_cache.cache_dir() / pack_stats.INDEX).write_bytes(index)
    assert pack_cache.pack_key(forms)[0] == key


@pytest.mark.parametrize("planted", ["../../../etc/passwd", "AB" * 32, "ab" * 31, 7, None])
def test_a_remembered_key_that_is_not_a_key_is_not_used(forms, planted):
    key = pack_cache.pack_key(forms)[0]
    _plant(forms, planted)
    assert pack_cache.pack_key(forms)[0] == key


def test_the_index_keeps_the_last_directories(tmp_path, forms):
    for n in range(pack_stats.KEEP + 2):
        other = shutil.copytree(forms, tmp_path / f"forms{n}")
        pack_cache.pack_key(other)
    kept = list(_index()["dirs"])
    assert kept == [str((tmp_path / f"forms{n}").absolute()) for n in range(2, pack_stats.KEEP + 2)]
