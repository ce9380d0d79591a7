"""Marks in the fill-in template (marks.py): two columns right of the figures.

- «Đánh dấu (nếu không có số)»: a drop-down offering «không phát sinh» (nothing happened:
  the row's figure is a true 0) and «chưa có số liệu» (the figure is not known yet).  A list
  validation with the *warning* style: Excel and LibreOffice both show the list, and a text
  typed by hand (without diacritics, in capitals) is kept, not refused, for the reader.
- «Lý do chưa có số liệu»: the reason, which «chưa có số liệu» needs.

Both are input cells (yellow, unlocked, Text format) on every figure row; a text row has
them hatched and locked, as a measure it does not carry.  The hidden sheet records the two
columns (`mark_col:K`, `reason_col:L`) and their headings; a template written before these
columns has no entry and reads as before, with no marks.

Reading: the cell's text folded (case, diacritics, đ, spaces) must be one mark's text, or the
start of exactly one (at least three letters: «chua co», «KHONG PHAT»); anything else is an
error naming the sheet and cell, as is a reason with no mark or a mark on a text row.  The
marks then go into the submission by the same route as the JSON format's (`marks.apply_marks`):
«không phát sinh» gives the row's empty figure its 0, and validation says where a mark and a
figure disagree.
"""

from __future__ import annotations

import unicodedata

from openpyxl.styles import Alignment
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from desktop.core.excel.template_frame import _header_cell
from desktop.core.excel.template_style import (
    BORDER,
    INPUT_FILL,
    LOCKED,
    NOT_CARRIED_FILL,
    TEXT_FORMAT,
    UNLOCKED,
    _font,
    _set_text,
)
from desktop.core.formdef.models import ValueKind
from desktop.core.marks import CHUA_CO_SO_LIEU, KHONG_PHAT_SINH, MARK_LABELS, Mark

MARK_HEADER = "Đánh dấu (nếu không có số)"
REASON_HEADER = "Lý do chưa có số liệu"
_LIST = f'"{MARK_LABELS[KHONG_PHAT_SINH]},{MARK_LABELS[CHUA_CO_SO_LIEU]}"'
_MIN_PREFIX = 3


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in t if c.isalnum() and not unicodedata.combining(c))


_FOLDED = {_fold(label): kind for kind, label in MARK_LABELS.items()}


def mark_kind(text: str) -> str | None:
    """The mark a cell's text names, loosely spelled; None when it names none or both."""
    t = _fold(text)
    if t in _FOLDED:
        return _FOLDED[t]
    hits = [kind for folded, kind in _FOLDED.items() if len(t) >= _MIN_PREFIX and folded.startswith(t)]
    return hits[0] if len(hits) == 1 else None


# ------------------------------------------------------------------ writing


def write_mark_headers(ws, header_row: int, number_row: int, col: int, number: int, meta) -> None:
    for c, text, width in ((col, MARK_HEADER, 18), (col + 1, REASON_HEADER, 24)):
        letter = get_column_letter(c)
        _header_cell(ws, header_row, c, text, bold=True)
        _header_cell(ws, number_row, c, f"({number + c - col})", italic=True)
        ws.column_dimensions[letter].width = width
    meta.append(("mark_col", get_column_letter(col)))
    meta.append(("reason_col", get_column_letter(col + 1)))


def write_mark_cells(ws, row: int, col: int, ind, mark: Mark | None) -> bool:
    """The row's two cells; True when they take input (a figure row)."""
    takes = ind.kind is not ValueKind.TEXT
    texts = (mark.label, mark.reason) if takes and mark is not None else ("", "")
    for c, text in ((col, texts[0]), (col + 1, texts[1])):
        cell = ws.cell(row, c)
        cell.border = BORDER
        cell.font = _font(11)
        if not takes:
            cell.fill, cell.protection = NOT_CARRIED_FILL, LOCKED
            continue
        cell.fill, cell.protection, cell.number_format = INPUT_FILL, UNLOCKED, TEXT_FORMAT
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        if text:
            _set_text(cell, text)
    return takes


def add_mark_validation(ws, col: int, rows: list[int]) -> None:
    if not rows:
        return
    letter = get_column_letter(col)
    dv = DataValidation(type="list", formula1=_LIST, allow_blank=True, showDropDown=False,
                        showInputMessage=True, showErrorMessage=True, errorStyle="warning")  # fmt: skip
    dv.promptTitle = "Không có số liệu?"
    dv.prompt = (
        "Chọn «không phát sinh» nếu kỳ này không có (số là 0), hoặc «chưa có số liệu» và "
        "ghi lý do ở cột bên phải. Có số thì để trống ô này."
    )
    dv.errorTitle = "Đánh dấu không đúng"
    dv.error = "Chỉ chọn «không phát sinh» hoặc «chưa có số liệu»."
    runs: list[list[int]] = []
    for r in rows:  # consecutive rows as one range
        if runs and runs[-1][1] == r - 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    for first, last in runs:
        dv.add(f"{letter}{first}" if first == last else f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(dv)


# ------------------------------------------------------------------ reading


def mark_columns(meta: dict[str, str]) -> tuple[int, int] | None:
    try:
        return column_index_from_string(meta["mark_col"]), column_index_from_string(meta["reason_col"])
    except (KeyError, ValueError):
        return None


def check_mark_headers(name: str, sheet: str, ws, header_row: int, columns: tuple[int, int]) -> None:
    from desktop.core.excel.template_layout import _shown, _structure_error, _text

    for col, expected in zip(columns, (MARK_HEADER, REASON_HEADER), strict=True):
        got = ws.value(header_row, col)
        if _text(got) != expected:
            letter = get_column_letter(col)
            raise _structure_error(
                name, sheet, f"{letter}{header_row}",
                f"Cột {letter} phải là cột «{expected}» nhưng đang là {_shown(got)} (có cột bị "
                "chèn thêm, xóa hoặc đổi tiêu đề).",
            )  # fmt: skip


def read_mark_cells(ws, columns: tuple[int, int], rows: dict, say_at) -> dict[str, Mark]:
    """The marks of the rows (row → indicator); `say_at(coord, ind, what)` records an error."""
    mark_col, reason_col = columns
    marks: dict[str, Mark] = {}
    for row, ind in sorted(rows.items()):
        text = _cell_text(ws.value(row, mark_col))
        reason = _cell_text(ws.value(row, reason_col))
        mark_at = f"{get_column_letter(mark_col)}{row}"
        if not text:
            if reason:
                say_at(f"{get_column_letter(reason_col)}{row}", ind,
                       f"có lý do «{reason}» nhưng ô {mark_at} chưa chọn «chưa có số liệu»; chọn "
                       "đánh dấu ở ô đó hoặc xóa lý do.")  # fmt: skip
            continue
        kind = mark_kind(text)
        if ind.kind is ValueKind.TEXT:
            say_at(mark_at, ind, f"dòng chữ không đánh dấu được; hãy xóa «{text}».")
        elif kind is None:
            say_at(mark_at, ind,
                   f"«{text}» không phải một đánh dấu: chọn «không phát sinh» (kỳ này không có, số "
                   "là 0) hoặc «chưa có số liệu» (ghi lý do ở cột bên phải), hoặc để trống.")  # fmt: skip
        elif kind == KHONG_PHAT_SINH and reason:
            say_at(f"{get_column_letter(reason_col)}{row}", ind,
                   "lý do chỉ ghi cho «chưa có số liệu»; dòng này đánh dấu «không phát sinh», "
                   "hãy xóa lý do.")  # fmt: skip
        else:
            marks[ind.code] = Mark(kind, reason)
    return marks


def _cell_text(value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())
