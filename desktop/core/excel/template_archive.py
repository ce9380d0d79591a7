"""Opening a filled template safely: size, zip-bomb and DTD checks before openpyxl reads
anything (defusedxml and lxml without entity resolution guard the XML itself), then the
two views openpyxl offers (formulas and cached values)."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop.core.errors import InputFileError
from desktop.core.numbers import format_vn

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 10_000
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
    """No part of a genuine .xlsx declares a DTD; one that does (entity expansion, external
    entities) is refused before any XML parser sees it, whichever parser openpyxl uses."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                head = zf.read(info)
            except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
                raise _fail(
                    f"Tệp «{name}» bị hỏng: không giải nén được phần «{info.filename}».",
                    "tep_hong",
                ) from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _fail(
                    f"Tệp «{name}» bị hỏng hoặc đã bị sửa ngoài Excel: phần «{info.filename}» "
                    "chứa khai báo DOCTYPE/ENTITY mà tệp Excel thật không có; không mở.",
                    "tep_hong",
                )


def _open_workbooks(path: Path, data: bytes):
    opened = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            for data_only in (False, True):
                opened.append(load_workbook(io.BytesIO(data), data_only=data_only))
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        for wb in opened:
            wb.close()
        detail = type(exc).__name__
        raise _fail(
            f"Tệp «{path.name}» bị hỏng, Excel/openpyxl không đọc được ({detail}). Hãy mở bằng "
            "Excel, lưu lại, hoặc tải biểu mẫu mới từ BaoCao.",
            "tep_hong",
        ) from None
    return opened[0], opened[1]


# ------------------------------------------------------------------ metadata and structure
