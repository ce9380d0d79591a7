"""The table of the fill-in template ("Biểu nhập liệu"): the column headers with their
numbered row, the section headings and the indicator rows — input cells (unlocked, yellow,
number format Text), prefilled cells (cùng kỳ from last year's th_ky, the annual plan
measures: locked, grey, with a comment), measures an indicator does not carry (locked,
hatched) — and each row's data validation (a locale-independent custom formula, warning
style, an input message saying how to type numbers).  `template_writer` explains why.

Each row, column and prefilled cell is recorded in the metadata (`meta`: `row:12 → NS_THU`,
`col:E → th_ky`, `head:E → TH kỳ báo cáo`, `pre:J12 → 209435`), which the reader checks.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from desktop.core.excel.template_frame import _comment, _header_cell
from desktop.core.excel.template_style import (
    BORDER,
    CENTER,
    CODE_HEADER,
    COL_CODE,
    COL_LABEL,
    COL_STT,
    COL_UNIT,
    FIRST_MEASURE_COL,
    HEADER_ROW,
    HEADING_FILL,
    INPUT_FILL,
    LAST_YEAR_NOTE,
    LEFT_WRAP,
    LOCKED,
    NOT_CARRIED_FILL,
    NUMBER_ROW,
    PLAN_NOTE,
    PREFILL_FILL,
    ROW_HEIGHT,
    TEXT_FORMAT,
    UNLOCKED,
    Value,
    _bounds,
    _bounds_text,
    _font,
    _set_text,
    _set_value,
    _truncate,
    is_percent_column,
    validation_formula,
)
from desktop.core.formdef.models import (
    Catalog,
    Indicator,
    MeasureDef,
    MeasureKind,
    MeasureTime,
    ValueKind,
)
from desktop.core.numbers import to_plain


def _write_column_headers(ws, form, measures: list[MeasureDef], meta) -> None:
    fixed = [(COL_STT, "STT", "A"), (COL_LABEL, "Chỉ tiêu", "B"), (COL_CODE, CODE_HEADER, "C"),
             (COL_UNIT, "Đơn vị tính", "D")]  # fmt: skip
    number_of = {m.code: i for i, m in enumerate(measures, start=1)}
    for col, text, num in fixed:
        _header_cell(ws, HEADER_ROW, col, text, bold=True)
        _header_cell(ws, NUMBER_ROW, col, num, italic=True)
    for i, m in enumerate(measures):
        col = FIRST_MEASURE_COL + i
        letter = get_column_letter(col)
        _header_cell(ws, HEADER_ROW, col, m.short, bold=True)
        num = f"({number_of[m.code]})"
        if m.kind is MeasureKind.RATIO and m.denominator in number_of:
            top = next((n for n in m.numerator if n in number_of), None)
            if top is not None:
                num = f"({number_of[m.code]})=({number_of[top]})/({number_of[m.denominator]})"
        _header_cell(ws, NUMBER_ROW, col, num, italic=True)
        if m.label != m.short:
            ws.cell(HEADER_ROW, col).comment = _comment(m.label, width=180, height=50)
        ws.column_dimensions[letter].width = 13
        meta.append((f"col:{letter}", m.code))
        meta.append((f"head:{letter}", m.short))
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 46
    longest = max((len(i.code) for i in form.iter_indicators()), default=8)
    ws.column_dimensions["C"].width = min(44, max(12, round(longest * 0.95 + 3)))
    ws.column_dimensions["D"].width = 11
    ws.row_dimensions[HEADER_ROW].height = 36
    ws.row_dimensions[NUMBER_ROW].height = 16


def _write_heading(ws, row, stt, title, last_col) -> None:
    for col in range(1, last_col + 1):
        c = ws.cell(row, col)
        c.border = BORDER
        c.fill = HEADING_FILL
        c.protection = LOCKED
        c.font = _font(12, bold=True)
    ws.cell(row, COL_STT).value = stt
    ws.cell(row, COL_STT).alignment = CENTER
    _set_text(ws.cell(row, COL_LABEL), title.upper())
    ws.cell(row, COL_LABEL).alignment = LEFT_WRAP
    lines = max(1, -(-len(title) // 42))  # bold capitals are wide
    ws.row_dimensions[row].height = ROW_HEIGHT if lines == 1 else 16.5 * lines + 3


def _write_indicator_row(
    ws, row, stt, level, ind: Indicator, form, catalog: Catalog, measures, last_year, plan,
    current, meta,
) -> None:  # fmt: skip
    bold = level == 1
    italic = level >= 3
    unit = catalog.unit(ind.unit)
    unit_label = unit.label if unit else ind.unit
    for col, text, align in (
        (COL_STT, stt, CENTER),
        (COL_LABEL, ind.label, Alignment(horizontal="left", vertical="center", wrap_text=True,
                                         indent=max(0, level - 1))),
        (COL_CODE, ind.code, Alignment(horizontal="center", vertical="center")),
        (COL_UNIT, unit_label, CENTER),
    ):  # fmt: skip
        c = ws.cell(row, col)
        _set_text(c, text)
        c.font = _font(12 if col == COL_LABEL else 11, bold=bold and col in (COL_STT, COL_LABEL),
                       italic=italic and col == COL_LABEL)  # fmt: skip
        c.alignment = align
        c.border = BORDER
        c.protection = LOCKED
    if ind.note:
        ws.cell(row, COL_LABEL).comment = _comment(ind.note, width=300, height=90)
    per_line = (50 if bold else 56) - 3 * max(0, level - 1)  # characters of column B
    lines = max(1, -(-len(ind.label) // per_line))
    ws.row_dimensions[row].height = ROW_HEIGHT if lines == 1 else 16.5 * lines + 3

    carried = set(form.measures_of(ind))
    runs: list[tuple[int, int, Decimal | None, Decimal | None, bool]] = []
    is_text = ind.kind is ValueKind.TEXT
    for i, m in enumerate(measures):
        col = FIRST_MEASURE_COL + i
        c = ws.cell(row, col)
        c.border = BORDER
        c.font = _font(11)
        c.alignment = Alignment(horizontal="left" if is_text else "right", vertical="center",
                                wrap_text=is_text)  # fmt: skip
        if m.code not in carried:
            c.fill = NOT_CARRIED_FILL
            c.protection = LOCKED
            continue
        prefill, note = _prefill(ind, m, last_year, plan)
        if prefill is not None:
            _set_value(c, prefill)
            c.fill = PREFILL_FILL
            c.protection = LOCKED
            c.comment = _comment(note)
            meta.append((f"pre:{c.coordinate}", _plain(prefill)))
            continue
        c.fill = INPUT_FILL
        c.protection = UNLOCKED
        c.number_format = TEXT_FORMAT
        value = current.get((ind.code, m.code))
        if value is not None and value != "":
            _set_value(c, value)
            if isinstance(value, Decimal):
                c.number_format = TEXT_FORMAT  # keep typing behaviour; value stays a number
        lo, hi = (None, None) if is_text else _bounds(ind, m)
        pct = is_percent_column(ind, m)
        if runs and runs[-1][1] == col - 1 and runs[-1][2:] == (lo, hi, pct):
            runs[-1] = (runs[-1][0], col, lo, hi, pct)
        else:
            runs.append((col, col, lo, hi, pct))
    for first, last, lo, hi, pct in runs:
        _add_validation(ws, row, first, last, ind, unit_label, lo, hi, pct)


def _prefill(ind, m: MeasureDef, last_year, plan) -> tuple[Value | None, str]:
    if m.code == "cung_ky":
        v = last_year.get((ind.code, "th_ky"))
        if v is not None and v != "":
            return v, LAST_YEAR_NOTE
    if m.time is MeasureTime.ANNUAL:
        v = plan.get((ind.code, m.code))
        if v is not None and v != "":
            return v, PLAN_NOTE
    return None, ""


def _plain(v: Value) -> str:
    return to_plain(v) if isinstance(v, Decimal) else str(v)


def _add_validation(ws, row, first, last, ind: Indicator, unit_label, lo, hi, pct) -> None:
    ref = f"{get_column_letter(first)}{row}"
    sqref = ref if first == last else f"{ref}:{get_column_letter(last)}{row}"
    if ind.kind is ValueKind.TEXT:
        dv = DataValidation(type=None, allow_blank=True, showInputMessage=True)
        dv.promptTitle = "Nhập văn bản"
        dv.prompt = _truncate(f"«{ind.label}»: nhập nội dung bằng chữ.", 255)
        dv.add(sqref)
        ws.add_data_validation(dv)
        return
    unit_text = "%" if pct else unit_label
    limits = _bounds_text(lo, hi)
    example = "57,3" if pct else ("1.234" if ind.kind is ValueKind.INTEGER else "1.234,5")
    prompt = f"«{ind.label}» ({unit_text}). Gõ số kiểu Việt Nam, ví dụ {example}" + (
        f"; {limits}." if limits else "."
    )
    dv = DataValidation(
        type="custom",
        formula1=validation_formula(ref, lo, hi),
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="warning",
    )
    dv.promptTitle = "Nhập tỷ lệ (%)" if pct else "Nhập số"
    dv.prompt = _truncate(prompt, 255)
    dv.errorTitle = "Không phải số hợp lệ"
    dv.error = _truncate(
        f"Cần một số{' ' + limits if limits else ''}, gõ kiểu Việt Nam: {example} "
        "(dấu chấm phân cách hàng nghìn, dấu phẩy thập phân).",
        255,
    )
    dv.add(sqref)
    ws.add_data_validation(dv)
