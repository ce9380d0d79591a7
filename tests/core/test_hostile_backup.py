"""Hostile backups at «Khôi phục» (Cài đặt; backup.restore_backup, what the button calls): a
genuine backup (database, sealed key, settings) with its ZIP bytes damaged, or one member
damaged (fuzz_corpus.mutate) or swapped for an SQLite file that is not a BaoCao database.
Either it is refused with a Vietnamese message naming the archive, and the database, the
key and the settings are byte for byte as they were; or it is restored and the installation
opens again (its database, its key, its settings)."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop import paths
from desktop.core.backup import SEALED_KEY, make_backup, restore_backup
from desktop.core.errors import BaoCaoError
from desktop.core.exchange.signing import SigningKey
from desktop.core.services import Services
from desktop.core.settings import Role, Settings, load_settings, save_settings
from desktop.core.submission import Submission
from tests.conftest import warm_pack_cache
from tests.core.fuzz_corpus import _zip, mutate
from tests.core.test_hostile_entry_file import vietnamese

PASS = "mật khẩu dài"
MEMBERS = ("whole", "manifest.json", "baocao.db", SEALED_KEY, "settings.json", "foreign_db")


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> bytes:
    warm_pack_cache(Path(os.environ["BAOCAO_DATA_DIR"]))  # the pack read once per session
    data = tmp_path_factory.mktemp("goc") / "data"
    svc = Services(db_path=data / "baocao.db", today=dt.date(2026, 11, 23))
    values = {("NS_THU", "th_ky"): Decimal("209435"), ("NS_CHI", "th_ky"): Decimal("1")}
    svc.save_entry(svc.validate(Submission("ngan_sach", 1, "178", "2023-H1", values=values)))
    SigningKey.load_or_create(paths.key_dir(svc.db_path))
    save_settings(Settings(role=Role.UNIT, unit_code="178", unit_name="Xã Hoàng Đồng",
                           person_name="Lan"), data)  # fmt: skip
    svc.close()
    return make_backup(svc.db_path, data, data.parent / "sao_luu.zip", passphrase=PASS).read_bytes()


def foreign_database() -> bytes:
    """A sound SQLite file of another program (integrity_check says «ok»)."""
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE khach_hang (ten TEXT)")
    return con.serialize()


def hostile(genuine: bytes, member: str, rng: random.Random) -> tuple[str, bytes]:
    if member == "whole":
        return mutate(genuine, rng)
    with zipfile.ZipFile(io.BytesIO(genuine)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    if member == "foreign_db":
        kind, parts["baocao.db"] = member, foreign_database()
    else:
        kind, parts[member] = mutate(parts[member], rng)
    return f"{member}:{kind}", _zip(list(parts.items()))


def state(data) -> dict:
    return {
        p.relative_to(data).as_posix(): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def current(tmp_path_factory):
    """The installation the backup is restored over: a province office's, made once."""
    here = tmp_path_factory.mktemp("hien_tai") / "data"
    svc = Services(db_path=here / "baocao.db", today=dt.date(2026, 11, 23))
    assert svc.repo is not None
    SigningKey.load_or_create(paths.key_dir(svc.db_path))
    save_settings(Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                           person_name="Minh"), here)  # fmt: skip
    svc.close()
    return here


@settings(max_examples=30)
@example(member="foreign_db", rng=random.Random(5))  # restored over the office's database
@example(member="whole", rng=random.Random(18))  # «Bad CRC-32 for file 'baocao.db'»: a traceback
@example(member="manifest.json", rng=random.Random(1))  # a number: AttributeError
@example(member="settings.json", rng=random.Random(4))  # nested deep: RecursionError
@example(member="settings.json", rng=random.Random(10))  # "[]": the office's settings lost
@given(member=st.sampled_from(MEMBERS), rng=st.randoms(use_true_random=False))
def test_a_hostile_backup_is_refused_untouched_or_restores_a_working_installation(
    genuine, current, tmp_path_factory, member, rng
):
    kind, data = hostile(genuine, member, rng)
    root = tmp_path_factory.mktemp("khoi_phuc")
    archive = root / "sao_luu_hong.zip"
    archive.write_bytes(data)
    here = shutil.copytree(current, root / "data")
    db_path = here / "baocao.db"
    before = state(here)
    try:
        restore_backup(archive, db_path, here, passphrase=PASS)
    except BaoCaoError as exc:
        assert archive.name in exc.message and vietnamese(exc.message), (kind, exc.message)
        assert state(here) == before, kind
        return
    again = Services(db_path=db_path, today=dt.date(2026, 11, 23))
    assert again.repo.get("178", "", "ngan_sach", "2023-H1") is not None, kind
    assert SigningKey.load_or_create(paths.key_dir(again.db_path)).fingerprint, kind
    assert load_settings(here) is not None, kind
    again.close()
