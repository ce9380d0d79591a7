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
- The file carries its own check: `BAOCAO-KHOA/2`, then the fingerprint of the key's public
  half, then the PEM (inside the DPAPI blob on Windows).  A flipped bit in the PEM's 32-byte
  seed is another valid Ed25519 key, whose packages the province would hold as signed by an
  unknown key; on load the key's fingerprint must equal the one written beside it, or the
  file is refused as damaged (restore it from a backup, or make a new key and enrol it).
  A file written before the check (the bare PEM) is still read, and rewritten in the new
  format at once, so the check guards it from then on (a bit already flipped in it cannot be
  told: that file carried nothing to tell it by).
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from desktop.core.errors import BaoCaoError

DPAPI_MARK = b"BAOCAO-DPAPI/1\n"
KEY_MARK = b"BAOCAO-KHOA/2\n"
_FP_LABEL = b"van-tay: "
_PEM_START = b"-----BEGIN PRIVATE KEY-----\n"  # how every BaoCao before the check wrote it
WHAT_TO_DO = (
    "Hãy khôi phục khóa từ bản sao lưu có mật khẩu (Cài đặt → Khôi phục…); nếu không có, hãy "
    "đổi tên hoặc xóa tệp này để BaoCao tạo khóa mới, rồi gửi yêu cầu đăng ký khóa mới cho tỉnh."
)


def fingerprint(public_raw: bytes) -> str:
    """SHA-256 of the raw public key, first 16 bytes as 8 groups of 4 hex digits."""
    digest = hashlib.sha256(public_raw).hexdigest().upper()[:32]
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def damaged(path: Path, why: str) -> BaoCaoError:
    return BaoCaoError(
        f"Không dùng được khóa ký của máy này ({path}): {why}; BaoCao không ký bằng nó vì "
        f"tỉnh sẽ không nhận ra khóa. {WHAT_TO_DO}",
        code="khoa_hong",
    )


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
    """Keep the PEM of the private key at rest with its fingerprint beside it: DPAPI on
    Windows, owner-only everywhere."""
    public = _public_raw(pem, path, "tệp khóa sắp ghi không phải khóa Ed25519 đọc được")
    data = KEY_MARK + _FP_LABEL + fingerprint(public).encode("ascii") + b"\n" + pem
    if sys.platform == "win32":
        data = DPAPI_MARK + base64.b64encode(_dpapi(data, protect=True))
    return write_owner_only(path, data)


def load_private(path: Path) -> bytes:
    """The PEM of the private key kept at `path`, once its fingerprint matches the one
    written beside it; a key file of an earlier version is rewritten with the check."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BaoCaoError(
            f"Không đọc được tệp khóa ký của máy này ({path}): {exc.strerror or exc}. Hãy kiểm "
            "tra quyền đọc thư mục dữ liệu.",
            code="khoa_hong",
        ) from None
    if data.startswith(DPAPI_MARK):
        if sys.platform != "win32":
            raise BaoCaoError(
                f"Khóa ký ({path}) được Windows bảo vệ cho tài khoản đã tạo nó; không mở được "
                "ở đây. Hãy khôi phục từ bản sao lưu có mật khẩu, hoặc đăng ký khóa mới với tỉnh.",
                code="khoa_hong",
            )
        try:
            blob = base64.b64decode(data[len(DPAPI_MARK) :], validate=True)
        except ValueError:
            raise damaged(path, "tệp khóa bị hỏng") from None
        data = _dpapi(blob, protect=False)
    if data.startswith(_PEM_START):  # written before the check: read, and add the check
        _public_raw(data, path, "tệp khóa bị hỏng")
        try:
            store_private(path, data)
        except (OSError, BaoCaoError):  # a read-only folder, DPAPI refusing to protect:
            pass  # still readable as it is, checked once it can be written
        return data
    head, _, pem = data.partition(b"\n" + _PEM_START[:-1])
    pem = _PEM_START[:-1] + pem
    written = head[len(KEY_MARK + _FP_LABEL) :]
    if not head.startswith(KEY_MARK + _FP_LABEL) or not pem.endswith(b"-----END PRIVATE KEY-----\n"):
        raise damaged(path, "tệp khóa bị hỏng (không đúng cấu trúc tệp khóa của BaoCao)")
    actual = fingerprint(_public_raw(pem, path, "tệp khóa bị hỏng"))
    if written != actual.encode("ascii"):
        shown = "".join(c for c in written.decode("ascii", "replace") if c in "0123456789ABCDEF-")
        raise damaged(
            path, f"tệp khóa bị hỏng: khóa trong tệp có dấu vân tay {actual}, không khớp dấu vân "
            f"tay ghi kèm khi tạo ({shown})"
        )
    return pem


def _public_raw(pem: bytes, path: Path, why: str) -> bytes:
    """The raw public half of the Ed25519 key in `pem`, or the damaged-key refusal."""
    from cryptography.exceptions import InternalError, UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        if not pem.startswith(_PEM_START):  # the library would skip any text before it
            raise ValueError("not a bare PEM")
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm, InternalError):  # not its English
        raise damaged(path, why) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise damaged(path, "tệp khóa không phải khóa Ed25519")
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


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
