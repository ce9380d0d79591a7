"""The private key at rest: owner-only everywhere it is written (created, backed up,
restored), never in the clear in a backup, a wrong passphrase changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import zipfile

import pytest

from desktop.core.backup import make_backup, restore_backup
from desktop.core.errors import BaoCaoError
from desktop.core.exchange.signing import KEY_FILE, SigningKey
from desktop.core.services import Services
from desktop.core.trust.keystore import load_private

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
PASS = "Lạng Sơn 2026!"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0)  # the worst case: nothing is masked
    yield
    os.umask(old)


def installation(tmp_path):
    data = tmp_path / "data"
    svc = Services(db_path=data / "baocao.db", today=dt.date(2026, 11, 23))
    svc.db  # noqa: B018 — the database file exists
    key = SigningKey.load_or_create(svc.key_dir)
    return svc, data, key


def test_key_backup_and_restore_are_owner_only(tmp_path, loose_umask):
    svc, data, key = installation(tmp_path)
    key_file = svc.key_dir / KEY_FILE
    assert mode(key_file) == 0o600
    pem = key_file.read_bytes()
    archive = make_backup(svc.db_path, data, tmp_path / "sao_luu.zip", passphrase=PASS)
    assert mode(archive) == 0o600
    raw = archive.read_bytes()
    with zipfile.ZipFile(archive) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    assert "keys/ed25519_private.pem" not in members
    assert b"ENCRYPTED PRIVATE KEY" in members["keys/ed25519_private.enc.pem"]
    assert all(pem not in body for body in members.values()) and pem not in raw
    svc.close()

    key_file.unlink()
    restore_backup(archive, svc.db_path, data, passphrase=PASS)
    assert mode(key_file) == 0o600
    assert SigningKey.load_or_create(svc.key_dir).fingerprint == key.fingerprint


def test_wrong_or_missing_passphrase_changes_nothing(tmp_path):
    svc, data, key = installation(tmp_path)
    archive = make_backup(svc.db_path, data, tmp_path / "sao_luu.zip", passphrase=PASS)
    svc.close()
    other = SigningKey.load_or_create(tmp_path / "khac")
    (svc.key_dir / KEY_FILE).write_bytes((tmp_path / "khac" / KEY_FILE).read_bytes())
    db_before = svc.db_path.read_bytes()
    for wrong, fragment in (("sai mật khẩu", "không đúng"), (None, "hãy nhập mật khẩu")):
        with pytest.raises(BaoCaoError) as exc:
            restore_backup(archive, svc.db_path, data, passphrase=wrong)
        assert fragment in exc.value.message
        assert SigningKey.load_or_create(svc.key_dir).fingerprint == other.fingerprint
        assert svc.db_path.read_bytes() == db_before
        assert not (data / "baocao.db.truoc-khoi-phuc").exists()


def test_backup_without_passphrase_holds_no_key(tmp_path):
    svc, data, _ = installation(tmp_path)
    archive = make_backup(svc.db_path, data, tmp_path / "sao_luu.zip")
    with zipfile.ZipFile(archive) as zf:
        assert not [n for n in zf.namelist() if n.startswith("keys/")]
    with pytest.raises(BaoCaoError) as exc:
        make_backup(svc.db_path, data, tmp_path / "ngan.zip", passphrase="ngắn")
    assert "ít nhất 8 ký tự" in exc.value.message


def test_old_backup_with_a_clear_key_restores_owner_only(tmp_path, loose_umask):
    svc, data, key = installation(tmp_path)
    pem = load_private(svc.key_dir / KEY_FILE)  # the bare PEM, as the key file then held
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    old = tmp_path / "cu.zip"
    with zipfile.ZipFile(old, "w") as zf:
        zf.writestr("manifest.json", '{"format": "baocao-backup/1"}')
        zf.writestr("keys/ed25519_private.pem", pem)
    (svc.key_dir / KEY_FILE).unlink()
    restore_backup(old, svc.db_path, data)
    assert mode(svc.key_dir / KEY_FILE) == 0o600
    assert SigningKey.load_or_create(svc.key_dir).fingerprint == key.fingerprint
