"""The filled template's recorded layout (the hidden metadata's row, column and narrative
maps), checked against the form and against the sheet itself: a row or column inserted,
deleted or renamed is refused with a message saying where, before any figure is read."""

from __future__ import annotations

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from desktop.core.errors import InputFileError
from desktop.core.excel.template_archive import _fail
from desktop.core.excel.template_writer import CODE_HEADER, NARRATIVE_SHEET
from desktop.core.formdef.models import FormDefinition, Indicator


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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
    return wb.sheet(sheet_name)


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
    present = {i.code for i in rows.values()}
    missing = [c for c in imap if c not in present]
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
    if _text(ws.value(header_row, code_col)) != CODE_HEADER:
        found = _find_in_row(ws, header_row, CODE_HEADER)
        where = f"; cột «{CODE_HEADER}» nay ở cột {get_column_letter(found)}" if found else ""
        raise _structure_error(
            name,
            f"Cột {code_letter} hàng {header_row} phải là «{CODE_HEADER}» nhưng đang là "
            f"{_shown(ws.value(header_row, code_col))}{where} (có cột bị chèn thêm hoặc xóa).",
        )
    for col, measure in sorted(cols.items()):
        expected = heads.get(col)
        got = ws.value(header_row, col)
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
        got = ws.value(row, code_col)
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
        got = nws.value(row, 2)
        if _text(got) != titles[code]:
            raise _structure_error(
                name,
                f"Trang «{NARRATIVE_SHEET}», hàng {row} phải là phần «{titles[code]}» nhưng "
                f"đang là {_shown(got)}.",
            )


def _find_in_row(ws, row: int, text: str) -> int | None:
    for col in range(1, (ws.max_column or 1) + 1):
        if _text(ws.value(row, col)) == text:
            return col
    return None


def _find_in_col(ws, col: int, text: str) -> int | None:
    for row in range(1, (ws.max_row or 1) + 1):
        if _text(ws.value(row, col)) == text:
            return row
    return None
