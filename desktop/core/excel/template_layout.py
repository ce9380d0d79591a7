"""The filled template's recorded layout (the hidden metadata's row, column and narrative
maps), checked against the form and against the sheet itself: a row or column inserted,
deleted or renamed is refused with a message saying where, before any figure is read."""

from __future__ import annotations

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from desktop.core.errors import InputFileError
from desktop.core.excel.template_archive import _fail
from desktop.core.excel.template_writer import CODE_HEADER, META_SHEET, NARRATIVE_SHEET
from desktop.core.formdef.models import Catalog, FormDefinition, Indicator


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _structure_error(name: str, sheet: str, cell: str, what: str) -> InputFileError:
    return _fail(
        f"Tệp «{name}», trang «{sheet}», ô {cell}: cấu trúc biểu đã bị thay đổi. {what} Phần "
        "mềm không đọc tiếp để tránh ghi số liệu nhầm chỉ tiêu; hãy hoàn tác thay đổi hoặc tải "
        "biểu mẫu mới.",
        "cau_truc_bi_sua",
    )


def _sheet(name: str, wb, sheet_name: str):
    if sheet_name not in wb.sheetnames:
        raise _fail(
            f"Tệp «{name}»: không tìm thấy trang tính «{sheet_name}» (đã đổi tên hoặc xóa?); "
            f"các trang đang có: {', '.join(f'«{s}»' for s in wb.sheetnames)}. Phần mềm không "
            "đọc tiếp để tránh ghi số liệu nhầm chỉ tiêu; hãy hoàn tác thay đổi hoặc tải biểu "
            "mẫu mới.",
            "cau_truc_bi_sua",
        )
    return wb.sheet(sheet_name)


def _shown(value) -> str:
    text = _text(value)
    return f"«{text}»" if text else "ô trống"


def _meta_error(name: str, what: str) -> InputFileError:
    return _fail(
        f"Tệp «{name}», trang thông tin ẩn «{META_SHEET}»: {what} — biểu mẫu đã bị sửa ngoài "
        "BaoCao. Hãy tải biểu mẫu mới từ BaoCao.",
        "khong_phai_bieu_baocao",
    )


def _layout(name: str, meta: dict[str, str], lines: dict[str, int], form: FormDefinition,
            catalog: Catalog):  # fmt: skip
    """The recorded maps, checked against the form: rows, columns, narrative rows.
    `lines` says in which row of the hidden sheet each entry is (for messages)."""
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
        raise _meta_error(
            name,
            f"hàng {lines.get(key, '?')} ghi «{key}» = «{value}», không phải một hàng, cột hay "
            "chỉ tiêu của biểu",
        ) from None
    present = {i.code for i in rows.values()}
    missing = [f"chỉ tiêu «{i.label}»" for c, i in imap.items() if c not in present]
    missing += [
        f"cột «{m.label if (m := catalog.measure(code)) else code}»"
        for code in form.measures
        if code not in cols.values()
    ]
    if missing:
        more = f" và {len(missing) - 5} mục khác" if len(missing) > 5 else ""
        raise _meta_error(name, f"thiếu vị trí của {', '.join(missing[:5])}{more}")
    return rows, cols, heads, narrs, prefilled


def _check_structure(name, sheet, meta, ws, nws, form, rows, cols, heads, narrs) -> None:
    try:
        header_row = int(meta.get("header_row", ""))
        code_col = column_index_from_string(meta.get("code_col", ""))
    except ValueError:
        raise _meta_error(name, "hàng tiêu đề hoặc cột mã số không đọc được") from None
    code_letter = get_column_letter(code_col)
    if _text(ws.value(header_row, code_col)) != CODE_HEADER:
        found = _find_in_row(ws, header_row, CODE_HEADER)
        where = f"; cột «{CODE_HEADER}» nay ở cột {get_column_letter(found)}" if found else ""
        raise _structure_error(
            name,
            sheet,
            f"{code_letter}{header_row}",
            f"Cột {code_letter} hàng {header_row} phải là «{CODE_HEADER}» nhưng đang là "
            f"{_shown(ws.value(header_row, code_col))}{where} (có cột bị chèn thêm hoặc xóa).",
        )
    for col in sorted(cols):
        expected = heads.get(col)
        got = ws.value(header_row, col)
        if expected is not None and _text(got) != expected:
            letter = get_column_letter(col)
            found = _find_in_row(ws, header_row, expected)
            where = f"; cột này nay ở cột {get_column_letter(found)}" if found else ""
            raise _structure_error(
                name,
                sheet,
                f"{letter}{header_row}",
                f"Cột {letter} phải là cột «{expected}» nhưng đang là {_shown(got)}{where} "
                "(có cột bị chèn thêm, xóa hoặc đổi tiêu đề).",
            )
    imap = form.indicator_map()
    for row, ind in sorted(rows.items()):
        got = ws.value(row, code_col)
        if _text(got) != ind.code:
            found = _find_in_col(ws, code_col, ind.code)
            where = (
                f"; chỉ tiêu này nay ở hàng {found} (có hàng bị chèn thêm hoặc xóa)"
                if found
                else "; không còn tìm thấy chỉ tiêu này trong cột mã số"
            )
            other = imap.get(_text(got))
            shown = f"chỉ tiêu «{other.label}» ({other.code})" if other else _shown(got)
            raise _structure_error(
                name,
                sheet,
                f"{code_letter}{row}",
                f"Hàng {row} phải là chỉ tiêu «{ind.label}» ({ind.code}) nhưng ô mã số đang là "
                f"{shown}{where}.",
            )
    titles = {n.code: n.title for n in form.narratives}
    if narrs and nws is None:
        raise _fail(
            f"Tệp «{name}»: không tìm thấy trang tính «{NARRATIVE_SHEET}» (đã đổi tên hoặc "
            "xóa?). Hãy hoàn tác thay đổi hoặc tải biểu mẫu mới.",
            "cau_truc_bi_sua",
        )
    for row, code in sorted(narrs.items()):
        got = nws.value(row, 2)
        if _text(got) != titles[code]:
            raise _structure_error(
                name,
                NARRATIVE_SHEET,
                f"B{row}",
                f"Hàng {row} phải là phần «{titles[code]}» nhưng đang là {_shown(got)}.",
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
