"""The installation's private key at rest.

- Every write is owner-only: created with mode 0600 (never widened by the umask), written
  to a temporary file and renamed, so no moment exists where another account can read it.
- On Windows the PEM is protected with DPAPI for the current user (CryptProtectData, via
  ctypes: part of Windows, no extra package); the file then holds `BAOCAO-DPAPI/1` and the
  protected blob, useless to another account or on another computer.
- Elsewhere (Linux, macOS) the documented fallback is the owner-only file, as OpenSSH does
  with its keys: a desktop keyring (Secret Service) is often absent or locked on the
  offices' machines, and a key encrypted with another key kept beside it adds nothing.
- Backups carry the key only encrypted with a passphrase the person types (`export_pem`,
  `import_pem`); without one the key is left out (docs/trust.md).
"""

from __future__ import annotations

import base64
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from desktop.core.errors import BaoCaoError

DPAPI_MARK = b"BAOCAO-DPAPI/1\n"


def write_owner_only(path: Path, data: bytes) -> Path:
    """Write `data` to `path` readable and writable by the owner only (0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def store_private(path: Path, pem: bytes) -> Path:
    """Keep the PEM of the private key at rest: DPAPI on Windows, owner-only everywhere."""
    data = (
        DPAPI_MARK + base64.b64encode(_dpapi(pem, protect=True)) if sys.platform == "win32" else pem
    )
    return write_owner_only(path, data)


def load_private(path: Path) -> bytes:
    """The PEM of the private key kept at `path`."""
    data = Path(path).read_bytes()
    if not data.startswith(DPAPI_MARK):
        return data  # the owner-only fallback, or a key written before DPAPI was used
    if sys.platform != "win32":
        raise BaoCaoError(
            f"Khóa ký ({path}) được Windows bảo vệ cho tài khoản đã tạo nó; không mở được ở đây. "
            "Hãy khôi phục từ bản sao lưu có mật khẩu, hoặc đăng ký khóa mới với tỉnh.",
            code="khoa_hong",
        )
    return _dpapi(base64.b64decode(data[len(DPAPI_MARK) :]), protect=False)


def export_pem(pem: bytes, passphrase: str) -> bytes:
    """The key encrypted with a passphrase (PKCS#8, best available scheme), for a backup."""
    if len(passphrase) < 8:
        raise BaoCaoError(
            "Mật khẩu bảo vệ khóa trong bản sao lưu phải có ít nhất 8 ký tự.", code="mat_khau_ngan"
        )
    key = serialization.load_pem_private_key(pem, password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def import_pem(encrypted: bytes, passphrase: str | None, name: str) -> bytes:
    """The clear PEM of a backup's encrypted key; a wrong passphrase changes nothing."""
    if not passphrase:
        raise BaoCaoError(
            f"«{name}» chứa khóa ký được bảo vệ bằng mật khẩu: hãy nhập mật khẩu.",
            code="can_mat_khau",
        )
    try:
        key = serialization.load_pem_private_key(encrypted, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise BaoCaoError(
            f"«{name}»: mật khẩu của khóa ký không đúng; không khôi phục gì.", code="sai_mat_khau"
        ) from None
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _dpapi(data: bytes, *, protect: bool) -> bytes:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    buf = ctypes.create_string_buffer(data, len(data))
    src = Blob(len(data), ctypes.cast(buf, ctypes.POINTER(ctypes.c_char)))
    dst = Blob()
    crypt32, kernel32 = ctypes.windll.crypt32, ctypes.windll.kernel32
    ui_forbidden = 0x1
    if protect:
        ok = crypt32.CryptProtectData(
            ctypes.byref(src), "BaoCao", None, None, None, ui_forbidden, ctypes.byref(dst)
        )
    else:
        ok = crypt32.CryptUnprotectData(
            ctypes.byref(src), None, None, None, None, ui_forbidden, ctypes.byref(dst)
        )
    if not ok:
        raise BaoCaoError(
            "Windows không bảo vệ/mở được khóa ký cho tài khoản này (DPAPI).", code="khoa_hong"
        )
    try:
        return ctypes.string_at(dst.pbData, dst.cbData)
    finally:
        kernel32.LocalFree(dst.pbData)
