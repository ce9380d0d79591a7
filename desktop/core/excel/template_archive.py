"""Opening a filled template safely: size, zip-bomb, DTD and sheet-size checks before any
XML parser or python-calamine reads anything (`template_book` then reads it)."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
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
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
_PERCENT_FORMAT = re.compile(r'%(?=(?:[^"]*"[^"]*")*[^"]*$)')  # a % outside quoted text


def _fail(message: str, code: str) -> InputFileError:
    return InputFileError(message, code=code)


def _read_archive(path: Path) -> bytes:
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
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise _fail(not_xlsx, "khong_phai_xlsx") from None
    if len(infos) > MAX_MEMBERS:
        raise _fail(
            f"Tệp «{name}» chứa {len(infos):,} thành phần — bất thường với một biểu mẫu; "
            "không mở.".replace(",", "."),
            "tep_bat_thuong",
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _fail(
            f"Tệp «{name}» khi giải nén lên tới {format_vn(Decimal(total // (1024 * 1024)))} MB "
            "(tối đa 100 MB) — bất thường với một biểu mẫu, có thể là tệp độc hại; không mở.",
            "tep_bat_thuong",
        )
    names = {i.filename for i in infos}
    if not all(m in names for m in _REQUIRED_MEMBERS):
        raise _fail(not_xlsx, "khong_phai_xlsx")
    _refuse_dtds(name, data, infos)
    return data


def _refuse_dtds(name: str, data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """One streamed pass over the XML parts, before any XML parser sees them.

    No part of a genuine .xlsx declares a DTD; one that does (entity expansion, external
    entities) is refused, whichever parser openpyxl uses.  A worksheet holding far more rows
    or cells than any BaoCao form (a million pasted rows compress to a few MB) is refused
    here in a fraction of a second, instead of being loaded by openpyxl at a gigabyte."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            is_sheet = info.filename.startswith("xl/worksheets/")
            rows = cells = 0
            tail = b""
            try:
                with zf.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        block = tail + chunk
                        if b"<!DOCTYPE" in block or b"<!ENTITY" in block:
                            raise _fail(
                                f"Tệp «{name}» bị hỏng hoặc đã bị sửa ngoài Excel: phần "
                                f"«{info.filename}» chứa khai báo DOCTYPE/ENTITY mà tệp Excel "
                                "thật không có; không mở.",
                                "tep_hong",
                            )
                        if is_sheet:  # counted in the new bytes only (tags are short)
                            rows += _tags(block, _ROW_TAGS) - _tags(tail, _ROW_TAGS)
                            cells += _tags(block, _CELL_TAGS) - _tags(tail, _CELL_TAGS)
                            if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                                sheet = _sheet_names(data).get(info.filename, info.filename)
                                raise _too_big(name, sheet)
                        tail = chunk[-16:]
            except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
                raise _fail(
                    f"Tệp «{name}» bị hỏng: không giải nén được phần «{info.filename}».",
                    "tep_hong",
                ) from None


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


def _sheet_names(data: bytes) -> dict[str, str]:
    """Worksheet part → the sheet's name shown in Excel (for messages; {} if unreadable)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            book, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
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
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError):
        return {}
