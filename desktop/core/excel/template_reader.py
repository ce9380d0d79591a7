"""Read a filled Excel template (written by `template_writer`) back into a Submission.

Order of checks, each failure an `InputFileError` with a Vietnamese message naming the file:

1. the file itself: exists, at most 20 MB, a zip archive holding an Excel workbook, members
   whose declared uncompressed total is at most 100 MB (a zip bomb is refused before openpyxl
   opens anything; Python's zipfile never inflates a member beyond its declared size), at
   most 10 000 members.  The archive is never extracted, so member names such as "../evil"
   do not matter.  XML is parsed by openpyxl through defusedxml (no entity expansion).
2. the hidden metadata sheet "_baocao" (else: not a BaoCao template), its format, the form
   (known to the pack), its version and content hash (else: "Biểu mẫu đã thay đổi …").
3. the structure: every recorded indicator row still holds its code in the "Mã số" column,
   every recorded measure column still has its heading, every narrative row its title —
   otherwise the message says which row/column changed and where the code went.

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
from pathlib import Path

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from desktop.core.errors import InputFileError, Issue, Location, Severity
from desktop.core.excel.template_archive import (  # noqa: E402
    _PERCENT_FORMAT,
    _fail,
    _open_workbooks,
    _read_archive,
)
from desktop.core.excel.template_style import _tidy, excel_number  # noqa: E402
from desktop.core.excel.template_writer import (
    CODE_HEADER,
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
    formulas_wb, values_wb = _open_workbooks(path, data)
    try:
        return _read(path.name, formulas_wb, values_wb, pack)
    finally:
        formulas_wb.close()
        values_wb.close()


# ------------------------------------------------------------------ the file


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_meta(name: str, wb) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise _fail(
            f"Tệp «{name}» không phải biểu mẫu BaoCao (thiếu trang thông tin ẩn «{META_SHEET}»). "
            "Hãy tải biểu mẫu Excel từ phần mềm BaoCao rồi nhập số liệu vào đó.",
            "khong_phai_bieu_baocao",
        )
    meta: dict[str, str] = {}
    for key, value in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if key is not None:
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


def _structure_error(name: str, what: str) -> InputFileError:
    return _fail(
        f"Tệp «{name}»: cấu trúc biểu đã bị thay đổi. {what} Phần mềm không đọc tiếp để tránh "
        "ghi số liệu nhầm chỉ tiêu; hãy hoàn tác thay đổi hoặc tải biểu mẫu mới.",
        "cau_truc_bi_sua",
    )


def _sheet(name: str, wb, sheet_name: str):
    if sheet_name not in wb.sheetnames:
        raise _structure_error(
            name, f"Không tìm thấy trang tính «{sheet_name}» (đã đổi tên hoặc xóa?)."
        )
    return wb[sheet_name]


def _shown(value) -> str:
    text = _text(value)
    return f"«{text}»" if text else "ô trống"


def _layout(name: str, meta: dict[str, str], form: FormDefinition):
    """The recorded maps, checked against the form: rows, columns, narrative rows."""
    imap = form.indicator_map()
    rows: dict[int, Indicator] = {}
    cols: dict[int, str] = {}
    heads: dict[int, str] = {}
    narrs: dict[int, str] = {}
    prefilled: dict[str, str] = {}
    known_measures = set(form.measures)
    known_narr = {n.code for n in form.narratives}
    try:
        for key, value in meta.items():
            kind, _, where = key.partition(":")
            if kind == "row" and value in imap:
                rows[int(where)] = imap[value]
            elif kind == "col" and value in known_measures:
                cols[column_index_from_string(where)] = value
            elif kind == "head":
                heads[column_index_from_string(where)] = value
            elif kind == "narr" and value in known_narr:
                narrs[int(where)] = value
            elif kind == "pre":
                coordinate_from_string(where)
                prefilled[where] = value
            elif kind in ("row", "col", "narr"):
                raise ValueError(value)
    except ValueError:
        raise _fail(
            f"Tệp «{name}»: trang thông tin ẩn bị sửa (mục «{key}»). Hãy tải biểu mẫu mới.",
            "khong_phai_bieu_baocao",
        ) from None
    missing = [c for c in imap if c not in {i.code for i in rows.values()}]
    missing += [m for m in form.measures if m not in cols.values()]
    if missing:
        raise _fail(
            f"Tệp «{name}»: trang thông tin ẩn thiếu {', '.join(missing[:5])}. "
            "Hãy tải biểu mẫu mới.",
            "khong_phai_bieu_baocao",
        )
    return rows, cols, heads, narrs, prefilled


def _check_structure(name, meta, ws, nws, form, rows, cols, heads, narrs) -> None:
    try:
        header_row = int(meta.get("header_row", ""))
        code_col = column_index_from_string(meta.get("code_col", ""))
    except ValueError:
        raise _fail(
            f"Tệp «{name}»: trang thông tin ẩn bị sửa (hàng tiêu đề, cột mã số).",
            "khong_phai_bieu_baocao",
        ) from None
    code_letter = get_column_letter(code_col)
    if _text(ws.cell(header_row, code_col).value) != CODE_HEADER:
        found = _find_in_row(ws, header_row, CODE_HEADER)
        where = f"; cột «{CODE_HEADER}» nay ở cột {get_column_letter(found)}" if found else ""
        raise _structure_error(
            name,
            f"Cột {code_letter} hàng {header_row} phải là «{CODE_HEADER}» nhưng đang là "
            f"{_shown(ws.cell(header_row, code_col).value)}{where} (có cột bị chèn thêm hoặc xóa).",
        )
    for col, measure in sorted(cols.items()):
        expected = heads.get(col)
        got = ws.cell(header_row, col).value
        if expected is not None and _text(got) != expected:
            letter = get_column_letter(col)
            found = _find_in_row(ws, header_row, expected)
            where = f"; cột này nay ở cột {get_column_letter(found)}" if found else ""
            raise _structure_error(
                name,
                f"Cột {letter} phải là cột «{expected}» ({measure}) nhưng đang là {_shown(got)}"
                f"{where} (có cột bị chèn thêm, xóa hoặc đổi tiêu đề).",
            )
    for row, ind in sorted(rows.items()):
        got = ws.cell(row, code_col).value
        if _text(got) != ind.code:
            found = _find_in_col(ws, code_col, ind.code)
            where = (
                f"; chỉ tiêu này nay ở hàng {found} (có hàng bị chèn thêm hoặc xóa)"
                if found
                else "; không còn tìm thấy chỉ tiêu này trong cột mã số"
            )
            raise _structure_error(
                name,
                f"Hàng {row} phải là chỉ tiêu {ind.code} («{ind.label}») nhưng đang là "
                f"{_shown(got)}{where}.",
            )
    titles = {n.code: n.title for n in form.narratives}
    if narrs and nws is None:
        raise _structure_error(name, f"Không tìm thấy trang tính «{NARRATIVE_SHEET}».")
    for row, code in sorted(narrs.items()):
        got = nws.cell(row, 2).value
        if _text(got) != titles[code]:
            raise _structure_error(
                name,
                f"Trang «{NARRATIVE_SHEET}», hàng {row} phải là phần «{titles[code]}» nhưng "
                f"đang là {_shown(got)}.",
            )


def _find_in_row(ws, row: int, text: str) -> int | None:
    for col in range(1, (ws.max_column or 1) + 1):
        if _text(ws.cell(row, col).value) == text:
            return col
    return None


def _find_in_col(ws, col: int, text: str) -> int | None:
    for row in range(1, (ws.max_row or 1) + 1):
        if _text(ws.cell(row, col).value) == text:
            return row
    return None


# ------------------------------------------------------------------ values


def _read(name: str, fwb, vwb, pack: FormPack) -> tuple[Submission, list[Issue]]:
    meta = _read_meta(name, fwb)
    form = _check_form(name, meta, pack)
    sheet_name = meta.get("data_sheet") or DATA_SHEET
    narr_sheet = meta.get("narrative_sheet") or NARRATIVE_SHEET
    ws = _sheet(name, fwb, sheet_name)
    vws = vwb[sheet_name]
    nws = fwb[narr_sheet] if narr_sheet in fwb.sheetnames else None
    rows, cols, heads, narrs, prefilled = _layout(name, meta, form)
    _check_structure(name, meta, ws, nws, form, rows, cols, heads, narrs)

    sub = Submission(
        form_id=form.id,
        form_version=form.version,
        unit=meta["unit"],
        period=meta["period"],
        author=None,
    )
    issues: list[Issue] = []
    catalog = pack.catalog
    for row, ind in sorted(rows.items()):
        carried = set(form.measures_of(ind))
        for col, mcode in sorted(cols.items()):
            cell = ws.cell(row, col)
            coord = cell.coordinate
            loc = Location(
                file=name, sheet=sheet_name, cell=coord, form=form.id, indicator=ind.code,
                measure=mcode,
            )  # fmt: skip
            raw = cell.value
            if cell.data_type == "f":
                raw = vws[coord].value
                if raw is None or raw == "":
                    issues.append(
                        Issue(
                            severity=Severity.ERROR,
                            code="cong_thuc_chua_tinh",
                            message=f"Ô {coord} («{ind.label}», cột «{heads.get(col, mcode)}») "
                            "chứa công thức chưa có giá trị; hãy nhập số (hoặc mở tệp bằng "
                            "Excel và lưu lại để công thức được tính).",
                            location=loc,
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
                        location=loc,
                    )
                )
                continue
            measure = catalog.measure(mcode)
            pct = measure is not None and is_percent_column(ind, measure)
            value = _cell_value(raw, cell, ind, pct, heads.get(col, mcode), loc, sub, issues)
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
                        location=loc,
                    )
                )
    if nws is not None:
        for row, code in sorted(narrs.items()):
            raw = nws.cell(row, 3).value
            if nws.cell(row, 3).data_type == "f":
                raw = vwb[narr_sheet].cell(row, 3).value
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


def _cell_value(raw, cell, ind: Indicator, pct: bool, column: str, loc: Location, sub, issues):
    coord = cell.coordinate

    def error(code: str, what: str) -> None:
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code=code,
                message=f"Ô {coord} («{ind.label}», cột «{column}»): {what}",
                location=loc,
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
        if pct and _PERCENT_FORMAT.search(cell.number_format or ""):
            value = _tidy(value * 100)
            sub.notes.append(
                Issue(
                    severity=Severity.INFO,
                    code="so_da_hieu",
                    message=f"Ô {coord} định dạng phần trăm: đã hiểu là {format_vn(value)}%.",
                    location=loc,
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
                location=loc,
            )
        )
    return parsed.value
