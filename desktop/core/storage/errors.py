"""The one place where SQLite failures become `StorageError`s with Vietnamese messages.

SQL run through a `Database` (storage/connection.py: `execute`, `executemany`) fails as a
`StorageError` naming the file, whichever module runs it (the trust and exchange tables
too); the repository's methods (`translate_errors`) and opening a file (`storage_errors()`)
cover what runs on the bare connection.  So the GUI and the CLI never see a raw `sqlite3`
exception: a full disk, a database held by another program, a damaged file or schema each
get a message that says what to do.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from desktop.core.errors import StorageError

P = ParamSpec("P")
R = TypeVar("R")

# primary SQLite result codes (https://sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_CONSTRAINT, SQLITE_NOTADB = 19, 26

_BY_CODE: dict[int, tuple[str, str]] = {
    SQLITE_FULL: (
        "o_dia_day",
        "Ổ đĩa đã đầy, không ghi được cơ sở dữ liệu. Hãy giải phóng dung lượng ổ đĩa rồi "
        "thử lại; số liệu vừa nhập chưa được lưu.",
    ),
    SQLITE_BUSY: (
        "csdl_dang_ban",
        "Cơ sở dữ liệu đang được một chương trình khác (hoặc một cửa sổ BaoCao khác) sử "
        "dụng (bị khóa). Hãy đóng chương trình đó rồi thử lại.",
    ),
    SQLITE_CORRUPT: (
        "csdl_hong",
        "Tệp cơ sở dữ liệu bị hỏng. Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → "
        "Khôi phục…) và báo cho bộ phận kỹ thuật.",
    ),
    SQLITE_NOTADB: (
        "csdl_hong",
        "Tệp này không phải cơ sở dữ liệu BaoCao hoặc đã bị hỏng. Hãy khôi phục từ bản "
        "sao lưu gần nhất.",
    ),
    SQLITE_READONLY: (
        "csdl_chi_doc",
        "Cơ sở dữ liệu chỉ cho phép đọc: không ghi được. Hãy kiểm tra quyền ghi của thư "
        "mục dữ liệu.",
    ),
    SQLITE_CANTOPEN: (
        "csdl_khong_mo_duoc",
        "Không mở được tệp cơ sở dữ liệu. Hãy kiểm tra đường dẫn và quyền truy cập thư mục.",
    ),
    SQLITE_IOERR: (
        "loi_doc_ghi",
        "Lỗi đọc/ghi ổ đĩa khi dùng cơ sở dữ liệu. Hãy kiểm tra ổ đĩa (hoặc USB, ổ mạng) "
        "rồi thử lại.",
    ),
    SQLITE_CONSTRAINT: (
        "vi_pham_rang_buoc",
        "Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu nên không được lưu.",
    ),
}
_BY_CODE[SQLITE_LOCKED] = _BY_CODE[SQLITE_BUSY]
_BY_CODE[SQLITE_PERM] = _BY_CODE[SQLITE_READONLY]

# a schema that lacks a table or column every migrated BaoCao file has: SQLite calls it a
# plain SQL error (SQLITE_ERROR), but the file was damaged or edited by another program
_SCHEMA_DAMAGE = ("no such column", "no such table")
_DAMAGED_SCHEMA = (
    "csdl_hong",
    "Cấu trúc tệp cơ sở dữ liệu bị hỏng (thiếu bảng hoặc cột mà BaoCao đã tạo), có thể do "
    "tệp bị sửa bằng chương trình khác. Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → "
    "Khôi phục…) và báo cho bộ phận kỹ thuật.",
)

# when the Python build does not expose sqlite_errorcode, recognise the message
_BY_TEXT = (
    ("disk is full", SQLITE_FULL),
    ("locked", SQLITE_BUSY),
    ("malformed", SQLITE_CORRUPT),
    ("not a database", SQLITE_NOTADB),
    ("readonly", SQLITE_READONLY),
    ("unable to open", SQLITE_CANTOPEN),
    ("disk i/o", SQLITE_IOERR),
    ("constraint failed", SQLITE_CONSTRAINT),
)


class DatabaseBusy(StorageError):
    """Another program (or another BaoCao window) holds the database's write lock past the
    busy timeout (storage/database.py).  Nothing is wrong with what was being written:
    whoever writes stops and says so, blaming no file and changing nothing (an import stops
    its batch: exchange/service.py)."""

    code = "csdl_dang_ban"


class UnstorableValue(StorageError):
    """A value that cannot be stored exactly (validation should have refused it)."""

    code = "gia_tri_khong_luu_duoc"


def primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    text = str(exc).lower()
    return next((c for needle, c in _BY_TEXT if needle in text), None)


def to_storage_error(exc: sqlite3.Error | UnicodeDecodeError, path=None) -> StorageError:
    """The StorageError (Vietnamese message, stable code) for one sqlite3 failure, or for
    text sqlite3 could not decode."""
    if isinstance(exc, UnicodeDecodeError):
        exc = _not_utf8(exc)
    if any(needle in str(exc) for needle in _SCHEMA_DAMAGE):
        code, message = _DAMAGED_SCHEMA
    else:
        code, message = _BY_CODE.get(
            primary_code(exc) or -1, ("loi_co_so_du_lieu", "Lỗi cơ sở dữ liệu.")
        )
    where = f"tệp «{path}»; " if path is not None else ""
    kind = DatabaseBusy if code == DatabaseBusy.code else StorageError
    return kind(f"{message} ({where}chi tiết kỹ thuật: {exc})", code=code)


def _not_utf8(exc: UnicodeDecodeError) -> sqlite3.DatabaseError:
    """Text that sqlite3 cannot decode: BaoCao writes only UTF-8, so the file is damaged
    (a flipped bit in a page of text, the schema's included)."""
    return sqlite3.DatabaseError(f"database disk image is malformed (text not UTF-8: {exc.reason})")


@contextmanager
def storage_errors(path=None) -> Iterator[None]:
    """sqlite3 failures in the block as `StorageError`s; `path`, the database file being
    opened, is named in the message (the person may have picked the wrong file)."""
    try:
        yield
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise to_storage_error(exc, path) from exc


def translate_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of `storage_errors()` for repository methods: the message names the
    repository's file (`self.db.path`), as SQL run through its `Database` does."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            db = getattr(args[0], "db", None) if args else None
            raise to_storage_error(exc, getattr(db, "path", None)) from exc

    return wrapper
