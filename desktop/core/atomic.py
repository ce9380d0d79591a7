"""The one way BaoCao writes a file a person asked for (workbook, template, package, backup,
JSON): into a visibly named temp file in the target folder, then renamed over the target.

The target is therefore either the old file or the whole new one, never half a file.  The
temp file is named after the target and this process (`tong_hop.xlsx.dang-ghi-4242.tmp`),
not dot-hidden, so a person who sees one knows what it is; it is removed on every failure
path (a full disk, a file open in Excel, an exception while writing), and one left behind by
a process that was killed is removed by the next write into that folder.

A failure of the disk becomes a `BaoCaoError` (exit code 1) in Vietnamese that names the
file and says what to do; the OS's own (English) text never reaches a person.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.errors import BaoCaoError

TEMP_MARK = ".dang-ghi-"
_TEMP = re.compile(r"^.+\.dang-ghi-(\d+)\.tmp$")
_LIB_IO = re.compile(r"\bIO_(E[A-Z]+)\b")

EDQUOT = getattr(errno, "EDQUOT", -1)  # not on every platform

_WHY = {
    errno.ENOSPC: "ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại",
    EDQUOT: "đã hết hạn mức dung lượng của người dùng. Hãy giải phóng dung lượng rồi thử lại",
    errno.EFBIG: "tệp vượt quá kích thước ổ đĩa cho phép. Hãy ghi vào ổ đĩa khác",
    errno.EACCES: (
        "không có quyền ghi, hoặc tệp đang mở trong Excel, Word. Hãy đóng tệp hoặc chọn thư mục khác"
    ),
    errno.EPERM: (
        "không có quyền ghi, hoặc tệp đang mở trong Excel, Word. Hãy đóng tệp hoặc chọn thư mục khác"
    ),
    errno.EROFS: "ổ đĩa chỉ cho phép đọc. Hãy chọn thư mục khác",
    errno.ENOENT: "thư mục không tồn tại",
    errno.ENOTDIR: "đường dẫn không phải là thư mục",
    errno.EISDIR: "đã có một thư mục trùng tên",
    errno.EEXIST: "trong đường dẫn có một tệp trùng tên với thư mục cần tạo",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
}


def write_error(target: Path, exc: OSError) -> BaoCaoError:
    """A Vietnamese message for a failed write of `target` (used by every writer)."""
    why = _WHY.get(exc.errno or 0, f"lỗi ổ đĩa (mã {exc.errno}). Hãy kiểm tra ổ đĩa rồi thử lại")
    full = exc.errno in (errno.ENOSPC, EDQUOT, errno.EFBIG)
    return BaoCaoError(
        f"Không ghi được tệp «{target.name}» vào thư mục «{target.parent}»: {why}. "
        "Tệp cũ (nếu có) vẫn giữ nguyên.",
        code="o_dia_day" if full else "khong_ghi_duoc_tep",
    )


def check_writable(target: Path, folder_ok: bool = False) -> None:
    """Refuse now, with `writing`'s own words, a target it could not write, so a command
    that writes several files (a workbook and its JSON) refuses before any work instead
    of failing on the second file; nothing is left behind.  `folder_ok`: a folder named
    as the target takes the file inside it (a package named after its unit and period)."""
    target = Path(target)
    if target.is_dir():
        if not folder_ok:
            raise write_error(target, OSError(errno.EISDIR, "is a directory"))
        target = target / "kiem-tra"
    folder = target.parent
    while not folder.exists() and folder != folder.parent:  # `writing` will make it
        folder = folder.parent
    if not folder.is_dir():
        raise write_error(target, OSError(errno.EEXIST, "a file stands for a folder"))
    if folder != target.parent:  # nothing may be made before the work: ask the system
        if not os.access(folder, os.W_OK | os.X_OK):
            raise write_error(target, OSError(errno.EACCES, "not writable"))
        return
    import tempfile  # only a command that writes pays for it

    try:
        with tempfile.TemporaryFile(dir=folder):  # unnamed (O_TMPFILE), or gone on close
            pass
        if os.name == "nt" and target.exists():  # read-only, or open in Excel, blocks a rename
            with open(target, "ab"):
                pass
    except OSError as exc:
        raise write_error(target, exc) from exc


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # a writer that is still running holds its file open: unlink fails
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(folder: Path) -> list[Path]:
    """Remove our temp files in `folder` left by processes that no longer run."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        m = _TEMP.match(name)
        if m and not _alive(int(m.group(1))):
            try:
                (folder / name).unlink()
            except OSError:
                continue
            removed.append(folder / name)
    return removed


def temp_path(target: Path) -> Path:
    return target.with_name(f"{target.name}{TEMP_MARK}{os.getpid()}.tmp")


@contextmanager
def writing(target: Path) -> Iterator[Path]:
    """Write to the yielded path; on leaving the block it becomes `target` in one step."""
    target = Path(target)
    tmp = temp_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(target.parent)
        yield tmp
        with open(tmp, "rb+") as fh:  # on disk before it takes the target's name
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        _remove(tmp)
        failed = _disk_failure(exc)
        if failed is not None:
            raise write_error(target, failed) from exc
        raise


def _disk_failure(exc: BaseException) -> OSError | None:
    """The OS error behind a failed write, also when a library reports it its own way
    (lxml, which openpyxl writes through, raises `SerialisationError('IO_ENOSPC')`)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError):
            return exc
        m = _LIB_IO.search(str(exc))
        if m and isinstance(getattr(errno, m.group(1), None), int):
            code = getattr(errno, m.group(1))
            return OSError(code, os.strerror(code))
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def write_bytes(target: Path, data: bytes) -> Path:
    with writing(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: Path, text: str) -> Path:
    return write_bytes(target, text.encode("utf-8"))
