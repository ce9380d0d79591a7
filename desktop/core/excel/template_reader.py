"""Read a filled Excel template (written by `template_writer`) back into a Submission.

Order of checks, each failure an `InputFileError` with a Vietnamese message naming the file:

1. the file itself: exists, at most 20 MB, a zip archive holding an Excel workbook, members
   whose declared uncompressed total is at most 100 MB (a zip bomb is refused before openpyxl
   opens anything; Python's zipfile never inflates a member beyond its declared size), at
   most 10 000 members.  The archive is never extracted, so member names such as "../evil"
   do not matter.  No part may declare a DTD or entity (refused before any XML parser).
2. the hidden metadata sheet "_baocao" (else: not a BaoCao template), its format, the form
   (known to the pack), its version and content hash (else: "Biểu mẫu đã thay đổi …").
3. the structure: every recorded indicator row still holds its code in the "Mã số" column,
   every recorded measure column still has its heading, every narrative row its title —
   otherwise the message says which row/column changed and where the code went.

Values come from python-calamine (`template_book`); the input cells' formulas, errors, number
texts and formats from one pass over the data sheet's XML.
Then every cell of the recorded map is read.  Numbers stored by Excel: ints exactly, floats
through `repr` (57.3 → Decimal("57.3"), never Decimal(float)); a number shown with a "%"
format in a percentage column (0.573 shown as 57,3%) is multiplied by 100.  Texts go through
`numbers.parse_number` (the Vietnamese rule); ambiguous texts give an INFO note, as in
`parse_submission`.  A formula's cached value is used when the file has one (Excel and
LibreOffice store it on saving); otherwise the cell is an error.  Problems in cells are
Issues with file, sheet, cell, form, indicator and measure.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from desktop.core.errors import Issue, Location, Severity
from desktop.core.excel.template_archive import (  # noqa: E402
    _PERCENT_FORMAT,
    _fail,
    _read_archive,
)
from desktop.core.excel.template_book import BOOK_ERRORS, CellInfo, TemplateBook
from desktop.core.excel.template_layout import _check_structure, _layout, _sheet, _text
from desktop.core.excel.template_style import _tidy, excel_number  # noqa: E402
from desktop.core.excel.template_writer import (
    DATA_SHEET,
    FORMAT,
    META_SHEET,
    NARRATIVE_SHEET,
    is_percent_column,
)
from desktop.core.formdef.loader import FormPack
from desktop.core.formdef.models import FormDefinition, Indicator, ValueKind
from desktop.core.numbers import NumberFormatError, format_vn, parse_number, to_plain
from desktop.core.submission import Submission


def read_template(path: Path, pack: FormPack) -> tuple[Submission, list[Issue]]:
    """Read a filled template; return the submission and the cell issues (errors, notes)."""
    path = Path(path)
    data = _read_archive(path)
    book = None
    try:
        book = TemplateBook(data)
        return _read(path.name, book, pack)
    except (ParseError, KeyError, ValueError, OSError, *BOOK_ERRORS) as exc:
        # a damaged part shows only when it is parsed
        raise _fail(
            f"Tệp «{path.name}» bị hỏng, không đọc được ({type(exc).__name__}). Hãy mở bằng "
            "Excel, lưu lại, hoặc tải biểu mẫu mới từ BaoCao.",
            "tep_hong",
        ) from None
    finally:
        if book is not None:
            book.close()


# ------------------------------------------------------------------ the file


def _read_meta(name: str, wb) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise _fail(
            f"Tệp «{name}» không phải biểu mẫu BaoCao (thiếu trang thông tin ẩn «{META_SHEET}»). "
            "Hãy tải biểu mẫu Excel từ phần mềm BaoCao rồi nhập số liệu vào đó.",
            "khong_phai_bieu_baocao",
        )
    meta: dict[str, str] = {}
    for line in wb.sheet(META_SHEET).rows:
        key, value = (list(line) + ["", ""])[:2]
        if key not in (None, ""):
            meta[_text(key)] = _text(value)
    fmt = meta.get("format")
    if fmt != FORMAT:
        raise _fail(
            f"Tệp «{name}»: trang thông tin ẩn ghi định dạng «{fmt or '(trống)'}», phần mềm này "
            f"đọc «{FORMAT}». Hãy tải biểu mẫu mới từ BaoCao.",
            "khong_phai_bieu_baocao",
        )
    for key in ("form", "form_version", "form_hash", "unit", "period"):
        if not meta.get(key):
            raise _fail(
                f"Tệp «{name}»: trang thông tin ẩn thiếu mục «{key}» — biểu mẫu đã bị sửa. "
                "Hãy tải biểu mẫu mới từ BaoCao.",
                "khong_phai_bieu_baocao",
            )
    return meta


def _check_form(name: str, meta: dict[str, str], pack: FormPack) -> FormDefinition:
    form_id = meta["form"]
    if form_id not in pack.forms:
        raise _fail(
            f"Tệp «{name}» là biểu «{form_id}», bộ biểu mẫu hiện dùng không có biểu này "
            f"(các biểu: {', '.join(sorted(pack.forms))}).",
            "bieu_khong_ton_tai",
        )
    form = pack.forms[form_id]
    version = meta["form_version"]
    if version != str(form.version):
        raise _fail(
            f"Biểu mẫu đã thay đổi: tệp «{name}» theo phiên bản {version}, hiện dùng phiên bản "
            f"{form.version} của biểu «{form.title}» — hãy tải mẫu mới và nhập lại.",
            "bieu_da_thay_doi",
        )
    if meta["form_hash"] != pack.content_hash(form_id):
        raise _fail(
            f"Biểu mẫu đã thay đổi: tệp «{name}» được tạo từ nội dung khác của biểu «{form.title}» "
            f"(cùng phiên bản {form.version} nhưng chỉ tiêu hoặc cột đã sửa) — hãy tải mẫu mới.",
            "bieu_da_thay_doi",
        )
    return form


# ------------------------------------------------------------------ values


def _raw(value, info: CellInfo | None):
    """A cell's value as Excel stored it: an error's code, a number's exact digits."""
    if info is None or info.text is None:
        return value
    if info.kind == "e":
        return info.text
    if info.kind == "n" and isinstance(value, int | float) and not isinstance(value, bool):
        text = info.text
        try:
            return float(text) if any(ch in text for ch in ".eE") else int(text)
        except ValueError:
            return value
    return value


def _read(name: str, book: TemplateBook, pack: FormPack) -> tuple[Submission, list[Issue]]:
    meta = _read_meta(name, book)
    form = _check_form(name, meta, pack)
    sheet_name = meta.get("data_sheet") or DATA_SHEET
    narr_sheet = meta.get("narrative_sheet") or NARRATIVE_SHEET
    ws = _sheet(name, book, sheet_name)
    nws = book.sheet(narr_sheet) if narr_sheet in book.sheetnames else None
    rows, cols, heads, narrs, prefilled = _layout(name, meta, form)
    _check_structure(name, meta, ws, nws, form, rows, cols, heads, narrs)
    coords = {(r, c): f"{get_column_letter(c)}{r}" for r in sorted(rows) for c in sorted(cols)}
    infos = book.cells(sheet_name, list(coords.values()))

    sub = Submission(
        form_id=form.id,
        form_version=form.version,
        unit=meta["unit"],
        period=meta["period"],
        author=None,
    )
    issues: list[Issue] = []
    measure_of = {mcode: pack.catalog.measure(mcode) for mcode in cols.values()}
    for row, ind in sorted(rows.items()):
        carried = set(form.measures_of(ind))
        for col, mcode in sorted(cols.items()):
            coord = coords[(row, col)]
            info = infos.get(coord)
            loc = partial(
                Location,
                file=name,
                sheet=sheet_name,
                cell=coord,
                form=form.id,
                indicator=ind.code,
                measure=mcode,
            )  # made only when there is an issue
            raw = _raw(ws.value(row, col), info)
            if info is not None and info.formula:
                if raw is None or raw == "":
                    issues.append(
                        Issue(
                            severity=Severity.ERROR,
                            code="cong_thuc_chua_tinh",
                            message=f"Ô {coord} («{ind.label}», cột «{heads.get(col, mcode)}») "
                            "chứa công thức chưa có giá trị; hãy nhập số (hoặc mở tệp bằng "
                            "Excel và lưu lại để công thức được tính).",
                            location=loc(),
                        )
                    )
                    continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if mcode not in carried:
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="so_do_khong_co",
                        message=f"Ô {coord}: chỉ tiêu «{ind.label}» không có cột "
                        f"«{heads.get(col, mcode)}» (ô gạch xám); hãy xóa số ở ô này.",
                        location=loc(),
                    )
                )
                continue
            measure = measure_of[mcode]
            pct = measure is not None and is_percent_column(ind, measure)
            fmt = info.number_format if info is not None else ""
            value = _cell_value(raw, coord, fmt, ind, pct, heads.get(col, mcode), loc, sub, issues)
            if value is None:
                continue
            sub.values[(ind.code, mcode)] = value
            before = prefilled.get(coord)
            if before is not None and _same(value, before) is False:
                issues.append(
                    Issue(
                        severity=Severity.WARNING,
                        code="so_lieu_co_dinh_bi_sua",
                        message=f"Ô {coord} («{ind.label}», cột «{heads.get(col, mcode)}») là "
                        f"số liệu đã có sẵn ({before}) nhưng đã bị sửa thành "
                        f"{_display(value)}; hãy kiểm tra lại.",
                        location=loc(),
                    )
                )
    if nws is not None:
        for row, code in sorted(narrs.items()):
            raw = nws.value(row, 3)  # a formula's cached value
            text = _text(raw) if not isinstance(raw, str) else raw.strip()
            if text:
                sub.narratives[code] = text
    return sub, issues + sub.notes


def _display(value: Decimal | str) -> str:
    return format_vn(value) if isinstance(value, Decimal) else f"«{value}»"


def _same(value: Decimal | str, before: str) -> bool | None:
    if isinstance(value, Decimal):
        try:
            return value == Decimal(before)
        except ArithmeticError:
            return None
    return value == before


def _cell_value(raw, coord: str, number_format: str, ind: Indicator, pct: bool, column: str,
                loc, sub, issues):  # fmt: skip

    def error(code: str, what: str) -> None:
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code=code,
                message=f"Ô {coord} («{ind.label}», cột «{column}»): {what}",
                location=loc(),
            )
        )

    if ind.kind is ValueKind.TEXT:
        if isinstance(raw, bool):
            return "Có" if raw else "Không"
        if isinstance(raw, int | float):
            return to_plain(excel_number(raw))
        return str(raw).strip()
    expected = (
        "cần một số phần trăm, ví dụ 57,3"
        if pct
        else "cần một số nguyên, ví dụ 1.234"
        if ind.kind is ValueKind.INTEGER
        else "cần một số, ví dụ 1.234,5"
    )
    if isinstance(raw, str) and raw.strip() in ERROR_CODES:
        error("loi_cong_thuc", f"ô có lỗi {raw}; {expected}.")
        return None
    if isinstance(raw, bool):
        error("khong_phai_so", f"giá trị đúng/sai (TRUE/FALSE) không phải là số; {expected}.")
        return None
    if isinstance(raw, int | float):
        try:
            value = excel_number(raw)
        except NumberFormatError as exc:
            error("khong_phai_so", f"{exc.args[0]} {expected}.")
            return None
        if pct and _PERCENT_FORMAT.search(number_format or ""):
            value = _tidy(value * 100)
            sub.notes.append(
                Issue(
                    severity=Severity.INFO,
                    code="so_da_hieu",
                    message=f"Ô {coord} định dạng phần trăm: đã hiểu là {format_vn(value)}%.",
                    location=loc(),
                )
            )
        return value
    if not isinstance(raw, str):  # a date or time: Excel turned the typing into a date
        error(
            "khong_phai_so",
            f"ô chứa ngày tháng/giờ ({raw}), không phải số; {expected}. Hãy định dạng ô là "
            "Text (Văn bản) rồi gõ lại.",
        )
        return None
    try:
        parsed = parse_number(raw)
    except NumberFormatError as exc:
        error("khong_phai_so", f"{exc.args[0]} {expected[0].upper()}{expected[1:]}.")
        return None
    if parsed.note and parsed.ambiguous:
        sub.notes.append(
            Issue(
                severity=Severity.INFO,
                code="so_da_hieu",
                message=f"Ô {coord} («{ind.label}»): {parsed.note}",
                location=loc(),
            )
        )
    return parsed.value
