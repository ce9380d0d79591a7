"""The parsed form files cached on disk (JSON keyed by the text's SHA-256): the same pack
from the cache as from the YAML, never a stale entry, a damaged entry parsed again."""

from __future__ import annotations

import json
import shutil

from desktop.core.formdef import cache
from desktop.core.formdef.loader import load_pack
from tests.conftest import REPO


def _copy_pack(tmp_path):
    target = tmp_path / "forms"
    shutil.copytree(REPO / "forms", target)
    return target


def test_the_cached_pack_equals_the_parsed_one(tmp_path):
    forms = _copy_pack(tmp_path)
    first = load_pack(forms)
    entries = sorted(cache.cache_dir().glob("*.json"))
    assert len(entries) == len(list(forms.glob("*.yaml")))
    for entry in entries:
        assert json.loads(entry.read_text(encoding="utf-8"))["format"] == cache.FORMAT
    again = load_pack(forms)
    assert again.forms == first.forms and again.catalog == first.catalog
    assert {f: again.content_hash(f) for f in again.forms} == {f: first.content_hash(f) for f in first.forms}


def test_a_changed_file_is_parsed_again_and_a_damaged_entry_ignored(tmp_path):
    forms = _copy_pack(tmp_path)
    pack = load_pack(forms)
    for entry in cache.cache_dir().glob("*.json"):
        entry.write_text('{"format": 1, "data": ', encoding="utf-8")  # cut short
    assert load_pack(forms).forms == pack.forms
    path = forms / "ngan_sach.yaml"
    text = path.read_text(encoding="utf-8")
    form = pack.get("ngan_sach")
    path.write_text(text.replace(form.title, form.title + " (sửa)", 1), encoding="utf-8")
    changed = load_pack(forms).get("ngan_sach")
    assert changed.title == form.title + " (sửa)"


def test_what_json_cannot_carry_exactly_is_not_cached():
    before = set(cache.cache_dir().glob("*.json")) if cache.cache_dir().exists() else set()
    import datetime as dt

    assert cache.cached_parse("ngay: 2025-07-01", lambda: {"ngay": dt.date(2025, 7, 1)}) == {
        "ngay": dt.date(2025, 7, 1)}
    assert cache.cached_parse("1: mot", lambda: {1: "mot"}) == {1: "mot"}
    after = set(cache.cache_dir().glob("*.json")) if cache.cache_dir().exists() else set()
    assert after == before
