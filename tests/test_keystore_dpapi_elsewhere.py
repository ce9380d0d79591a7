"""A key protected by Windows DPAPI, found on another system (a Windows data folder copied
to a Linux machine): it cannot be opened there, and BaoCao says so in Vietnamese — which
file, why, what to do — with exit 1 and no traceback, leaving the file as it was.  (DPAPI
itself only runs on Windows: docs/trust.md says what was verified where.)"""

from __future__ import annotations

import base64
import sys

import pytest

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.signing import KEY_FILE, SigningKey
from desktop.core.trust.keystore import DPAPI_MARK, load_private
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="DPAPI opens it on Windows")


def protected_copy(key_dir):
    """The key file as BaoCao writes it on Windows: the mark, then a DPAPI blob."""
    key_dir.mkdir(parents=True, exist_ok=True)
    blob = b"\x01\x00\x00\x00\xd0\x8c\x9d\xdf\x01\x15\xd1\x11" + bytes(range(64))
    path = key_dir / KEY_FILE
    path.write_bytes(DPAPI_MARK + base64.b64encode(blob))
    return path


def test_dpapi_key_elsewhere_refused_in_vietnamese(tmp_path):
    path = protected_copy(tmp_path / "keys")
    before = path.read_bytes()
    with pytest.raises(BaoCaoError) as caught:
        load_private(path)
    assert caught.value.code == "khoa_hong"
    assert str(path) in caught.value.message and "Windows bảo vệ" in caught.value.message
    with pytest.raises(BaoCaoError):
        SigningKey.load_or_create(tmp_path / "keys")  # never replaced by a new key silently
    assert path.read_bytes() == before


def test_cli_on_a_copied_windows_installation(tmp_path):
    data = tmp_path / "du_lieu"
    key = protected_copy(data / "keys")
    before = key.read_bytes()
    r = run_cli("keys", "show", db=data / "baocao.db", env={"BAOCAO_DATA_DIR": str(data)})
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert "được Windows bảo vệ cho tài khoản đã tạo nó" in r.stderr
    assert "đăng ký khóa mới với tỉnh" in r.stderr
    assert key.read_bytes() == before
