"""Opening a filled template safely: size, zip-bomb, DTD and sheet-size checks before any
XML parser or python-calamine reads anything (`template_book` then reads it)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

from desktop.core.errors import InputFileError
from desktop.core.numbers import format_vn

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_SHEET_ROWS = 20_000  # a form has a few hundred rows
MAX_SHEET_CELLS = 400_000
_CHUNK = 1 << 20
# counted with bytes.count (a regex pass over a form's sheet cost more than reading it):
# an upper bound ("<c" also counts <col>, <cfRule>…, a few dozen in a form; a prefixed tag
# "<x:c" counts through ":c"), which is all a limit of thousands needs
_ROW_TAGS = (b"<row", b":row")
_CELL_TAGS = (b"<c", b":c")
_SHEET_DATA = b"sheetData"
_PREFIX = re.compile(rb"[A-Za-z_][\w.-]*:")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# what zipfile raises for a damaged archive: a bad header or deflate stream, an unknown
# version or compression method (NotImplementedError), an encrypted member (RuntimeError)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)
_REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
_PERCENT_FORMAT = re.compile(r'%(?=(?:[^"]*"[^"]*")*[^"]*$)')  # a % outside quoted text


def _fail(message: str, code: str) -> InputFileError:
    return InputFileError(message, code=code)


class Archive(NamedTuple):
    """A checked archive: its bytes and each XML part (inflated by the check, so the reader
    does not inflate the data sheet again)."""

    data: bytes
    parts: dict[str, bytes]


def _read_archive(path: Path) -> Archive:
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise _fail(f"Không tìm thấy tệp «{path}».", "khong_tim_thay_tep") from None
    if not path.is_file():
        raise _fail(f"«{path}» không phải là một tệp.", "khong_tim_thay_tep")
    if size > MAX_FILE_BYTES:
        raise _fail(
            f"Tệp «{name}» quá lớn ({format_vn(Decimal(size))} byte); biểu mẫu Excel tối đa 20 MB.",
            "tep_qua_lon",
        )
    if size == 0:
        raise _fail(f"Tệp «{name}» rỗng (0 byte), không phải tệp Excel .xlsx.", "khong_phai_xlsx")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(
            f"Không đọc được tệp «{name}»: {exc.strerror or exc}.", "tep_khong_doc_duoc"
        ) from None
    not_xlsx = (
        f"Tệp «{name}» không phải tệp Excel .xlsx (hoặc đã bị hỏng, cắt cụt). Hãy mở bằng "
        "Excel và lưu lại dạng «Excel Workbook (*.xlsx)», hoặc tải biểu mẫu mới từ BaoCao."
    )
    if data[:2] == b"\xd0\xcf":
        raise _fail(
            f"Tệp «{name}» là tệp Excel cũ (.xls) hoặc đã đặt mật khẩu mở tệp. Hãy mở bằng "
            "Excel, bỏ mật khẩu và lưu lại dạng «Excel Workbook (*.xlsx)».",
            "khong_phai_xlsx",
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise _fail(not_xlsx, "khong_phai_xlsx") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _fail(
                f"Tệp «{name}» chứa {len(infos):,} thành phần — bất thường với một biểu mẫu; "
                "không mở.".replace(",", "."),
                "tep_bat_thuong",
            )
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _fail(
                f"Tệp «{name}» khi giải nén lên tới {format_vn(Decimal(total // (1024 * 1024)))} "
                "MB (tối đa 100 MB) — bất thường với một biểu mẫu, có thể là tệp độc hại; không mở.",
                "tep_bat_thuong",
            )
        names = {i.filename for i in infos}
        if not all(m in names for m in _REQUIRED_MEMBERS):
            raise _fail(not_xlsx, "khong_phai_xlsx")
        return Archive(data, _refuse_dtds(name, zf, infos))


def _refuse_dtds(name: str, zf: zipfile.ZipFile,
                 infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:  # fmt: skip
    """One streamed pass over the XML parts, before any XML parser sees them; returns the
    parts' XML (the reader searches the data sheet's without inflating it again).

    No part of a genuine .xlsx declares a DTD; one that does (entity expansion, external
    entities) is refused, whichever parser reads it later.  A part holding far more rows or
    cells than any BaoCao form (a million pasted rows compress to a few MB) is refused here
    in a fraction of a second, before python-calamine would load it.  Every part is counted,
    wherever the workbook says its sheets are; in a worksheet only its cells (sheetData)
    are, the data validations after them hold no cell."""
    parts: dict[str, bytes] = {}
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        rows = cells = 0
        tail = b""
        counting = True
        chunks = []
        try:
            with zf.open(info) as part:
                while chunk := part.read(_CHUNK):
                    block = tail + chunk
                    # "!" is rare in a sheet and found by memchr; "<!" is not
                    if b"!" in block and (b"<!DOCTYPE" in block or b"<!ENTITY" in block):
                        raise _fail(
                            f"Tệp «{name}» bị hỏng hoặc đã bị sửa ngoài Excel: phần "
                            f"«{info.filename}» chứa khai báo DOCTYPE/ENTITY mà tệp Excel "
                            "thật không có; không mở.",
                            "tep_hong",
                        )
                    # the tail is counted twice at most: still an upper bound, as a limit needs
                    more_rows, more_cells, counting = _count_tags(block, counting)
                    rows, cells = rows + more_rows, cells + more_cells
                    if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                        sheet = _sheet_names(zf.read).get(info.filename, info.filename)
                        raise _too_big(name, sheet)
                    chunks.append(chunk)
                    tail = chunk[-16:]
        except _ZIP_ERRORS:
            raise _fail(
                f"Tệp «{name}» bị hỏng: không giải nén được phần «{info.filename}».",
                "tep_hong",
            ) from None
        parts[info.filename] = b"".join(chunks)
    return parts


def _count_tags(block: bytes, counting: bool) -> tuple[int, int, bool]:
    """Rows and cells in `block` (an upper bound), counted up to the end of sheetData and
    again from any later mention of sheetData; returns whether counting goes on."""
    rows = cells = 0
    pos = 0
    while pos < len(block):
        if counting:
            close = _sheet_data_end(block, pos)
            region = block[pos:] if close < 0 else block[pos:close]
            rows += _tags(region, _ROW_TAGS)
            cells += _tags(region, _CELL_TAGS)
            if close < 0:
                break
            counting, pos = False, close + len(_SHEET_DATA)
        else:
            again = block.find(_SHEET_DATA, pos)
            if again < 0:
                break
            counting, pos = True, again
    return rows, cells, counting


def _sheet_data_end(block: bytes, pos: int) -> int:
    """Where the first end tag of sheetData (any prefix) at or after `pos` is, -1 if none."""
    at = block.find(_SHEET_DATA, pos)
    while at >= 0:
        lt = block.rfind(b"<", pos, at)
        prefix = block[lt + 2 : at] if lt >= 0 and block[lt + 1 : lt + 2] == b"/" else None
        if prefix == b"" or (prefix and _PREFIX.fullmatch(prefix)):  # "</" or "</x:"
            return at
        at = block.find(_SHEET_DATA, at + 1)
    return -1


def _tags(block: bytes, tags: tuple[bytes, ...]) -> int:
    return sum(block.count(t) for t in tags)


def _too_big(name: str, sheet: str) -> InputFileError:
    return _fail(
        f"Tệp «{name}»: trang tính «{sheet}» có hơn "
        f"{format_vn(Decimal(MAX_SHEET_ROWS))} hàng hoặc {format_vn(Decimal(MAX_SHEET_CELLS))} "
        "ô có dữ liệu, trong khi một biểu mẫu BaoCao chỉ có vài trăm hàng (có thể đã dán nhầm "
        "cả một bảng dữ liệu). Không mở; hãy xóa các hàng thừa hoặc tải biểu mẫu mới từ BaoCao.",
        "tep_qua_nhieu_hang",
    )


def _sheet_names(read: Callable[[str], bytes]) -> dict[str, str]:
    """Worksheet part → the sheet's name shown in Excel ({} if unreadable); `read` gives a
    part's bytes (`ZipFile.read`, or the parts the check kept)."""
    try:
        book, rels = read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels")
        if any(len(x) > 1_000_000 or b"<!" in x for x in (book, rels)):
            return {}  # parsed only when plain: no DTD, no entities
        targets = {
            el.get("Id"): el.get("Target", "").lstrip("/").removeprefix("xl/")
            for el in ElementTree.fromstring(rels)
        }
        names = {}
        for el in ElementTree.fromstring(book).iter(f"{{{_MAIN_NS}}}sheet"):
            target = targets.get(el.get(f"{{{_REL_NS}}}id"))
            if target:
                names[f"xl/{target}"] = el.get("name", "")
        return names
    except (KeyError, ElementTree.ParseError, *_ZIP_ERRORS):
        return {}
