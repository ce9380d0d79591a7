"""Write the Excel fill-in template (biểu mẫu Excel) of one form × unit × period.

Some clerks prefer Excel to the entry grid.  `write_template()` gives them a workbook in the
administrative layout that `template_reader.read_template()` reads back.  Three sheets:

- **"Biểu nhập liệu"** (visible): header block (unit, national motto, "Biểu số …", title,
  period), the table STT | Chỉ tiêu | Mã số | Đơn vị tính | one column per measure of the form
  (catalog `short` labels; the percentage measures are input columns too, because clerks
  sometimes only know the %), a numbered column row, the indicator rows, a signature block.
- **"Thuyết minh"** (visible): one row per narrative section: title (locked) and a tall,
  wrapped text cell (unlocked).
- **"_baocao"** (`veryHidden`): key/value metadata: format `baocao-template/1`, form id,
  version and content hash, unit, period, creation time, app version, and the maps
  `row:12 → NS_THU`, `col:E → th_ky`, `head:E → TH kỳ báo cáo`, `narr:4 → ket_qua`,
  `pre:J12 → 209435` (prefilled cells) with which the reader detects an altered structure.

Cells:

- Input cells: unlocked, light yellow, **number format Text ("@")**.  Why text: Excel parses
  what is typed with the Windows locale.  On an English-locale PC "209.435" becomes the
  number 209,435 (two hundred and nine point…) and "1,234" becomes 1234 — the opposite of the
  Vietnamese reading — silently, and the reader could not tell afterwards.  With "@" Excel
  keeps exactly what was typed and the reader applies the one documented Vietnamese rule
  (`numbers.parse_number`, which also flags the ambiguous "209.435").  Numbers pasted or
  written by programs stay numbers; the reader accepts both.
- Data validation, for the same reason, cannot be Excel's "decimal" type (it refuses text).
  Numeric input cells get a **custom formula** that is locale-independent: a real number
  must lie within the indicator's bounds; a text must become a number once `.`, `,`, `%`
  and spaces are removed (and must not start with "-" when the indicator cannot be negative).
  Its error style is **warning** (the clerk may override), and each cell shows an input
  message with the indicator, its unit and how to type numbers.  The reader re-checks
  everything; validation in Excel is only a first hint.  Text-kind indicators: input message
  only.
- Prefilled cells (the `cung_ky` column from last year's `th_ky`, the plan measures — time
  `annual`: `kh_nam`, `du_toan_*` — from `plan`) are locked, grey, with a comment.
- Measures an indicator does not carry: locked, hatched grey.  Section headings: locked.
- Sheet protection is on **without a password** (Review › Unprotect Sheet works at once):
  protection is against accidents, not against the clerk; the reader refuses a workbook whose
  rows or columns were moved, whatever happened.  Column widths and row heights may be
  changed.  The workbook structure is locked (sheets cannot be renamed or unhidden).

Layout: Times New Roman, A4 landscape, fit to one page wide, header rows repeated on every
printed page, panes frozen below the headers and right of "Đơn vị tính".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from desktop.core.atomic import writing  # noqa: E402
from desktop.core.excel.template_frame import (  # noqa: E402
    _comment,
    _header_cell,
    _page_setup,
    _protection,
    _write_header_block,
    _write_signature,
)
from desktop.core.excel.template_style import (  # noqa: E402
    BORDER,
    CENTER,
    CODE_HEADER,
    COL_CODE,
    COL_LABEL,
    COL_STT,
    COL_UNIT,
    DATA_SHEET,
    FIRST_DATA_ROW,
    FIRST_MEASURE_COL,
    FORMAT,
    HEADER_ROW,
    HEADING_FILL,
    INPUT_FILL,
    LAST_YEAR_NOTE,
    LEFT_WRAP,
    LOCKED,
    META_SHEET,
    NARRATIVE_HEADER_ROW,
    NARRATIVE_SHEET,
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
from desktop.core.formdef.layout import form_rows
from desktop.core.formdef.models import (
    Catalog,
    FormDefinition,
    Indicator,
    MeasureDef,
    MeasureKind,
    MeasureTime,
    ValueKind,
)
from desktop.core.numbers import to_plain


def write_template(
    form: FormDefinition,
    catalog: Catalog,
    *,
    unit_code: str,
    unit_name: str,
    period_code: str,
    period_label: str,
    form_hash: str,
    out: Path,
    last_year: dict[tuple[str, str], Value] | None = None,
    plan: dict[tuple[str, str], Value] | None = None,
    current: dict[tuple[str, str], Value] | None = None,
    narratives: dict[str, str] | None = None,
    app_version: str = "",
) -> Path:
    """Write the fill-in workbook to `out` (atomically) and return `out`.

    - `last_year`: last year's figures of the same period, keyed (indicator, measure); the
      `cung_ky` cell of an indicator is prefilled from its `th_ky` and locked.
    - `plan`: (indicator, measure) → value for the annual measures (`kh_nam`,
      `du_toan_tinh`, `du_toan_huyen`); prefilled and locked.
    - `current`: (indicator, measure) → value already entered (a draft): written into the
      input cells, which stay editable.  `narratives`: narrative code → text, likewise.
    """
    out = Path(out)
    last_year = last_year or {}
    plan = plan or {}
    current = current or {}
    narratives = narratives or {}
    measures = [_measure(catalog, code) for code in form.measures]
    last_col = FIRST_MEASURE_COL + len(measures) - 1
    meta: list[tuple[str, str]] = [
        ("format", FORMAT),
        ("form", form.id),
        ("form_version", str(form.version)),
        ("form_hash", form_hash),
        ("unit", str(unit_code)),
        ("unit_name", unit_name),
        ("period", period_code),
        ("period_label", period_label),
        ("created_at", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
        ("app_version", app_version),
        ("data_sheet", DATA_SHEET),
        ("narrative_sheet", NARRATIVE_SHEET),
        ("header_row", str(HEADER_ROW)),
        ("code_col", get_column_letter(COL_CODE)),
    ]

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    _write_header_block(ws, form, unit_name, unit_code, period_label, last_col)
    _write_column_headers(ws, form, measures, meta)

    row = FIRST_DATA_ROW
    row_meta: list[tuple[str, str]] = []
    for layout_row in form_rows(form):
        if layout_row.indicator is None:
            _write_heading(ws, row, layout_row.stt, layout_row.section.title, last_col)
        else:
            ind = layout_row.indicator
            row_meta.append((f"row:{row}", ind.code))
            _write_indicator_row(
                ws, row, layout_row.stt, layout_row.level, ind, form, catalog, measures,
                last_year, plan, current, meta,
            )  # fmt: skip
        row += 1
    meta[len(meta) : len(meta)] = row_meta
    _write_signature(ws, row + 1, last_col)
    _page_setup(ws, last_col)

    nws = wb.create_sheet(NARRATIVE_SHEET)
    _write_narratives(nws, form, unit_name, period_label, narratives, meta)

    mws = wb.create_sheet(META_SHEET)
    for i, (key, value) in enumerate(meta, start=1):
        mws.cell(i, 1).value = key
        _set_text(mws.cell(i, 2), value)
    mws.sheet_state = "veryHidden"
    mws.protection = SheetProtection(sheet=True)

    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    with writing(out) as tmp:
        wb.save(tmp)
    return out


def _measure(catalog: Catalog, code: str) -> MeasureDef:
    m = catalog.measure(code)
    if m is None:  # the form pack checks prevent this
        raise ValueError(f"Danh mục không có số đo «{code}».")
    return m


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


def _write_narratives(ws, form, unit_name, period_label, narratives, meta) -> None:
    ws.merge_cells("A1:C1")
    ws.merge_cells("A2:C2")
    c = ws.cell(1, 1)
    _set_text(c, f"THUYẾT MINH — {form.title.upper()}")
    c.font = _font(14, bold=True)
    c.alignment = CENTER
    c = ws.cell(2, 1)
    _set_text(c, f"{unit_name} — Kỳ báo cáo: {period_label}")
    c.font = _font(12, italic=True)
    c.alignment = CENTER
    for col, text in enumerate(("STT", "Phần", "Nội dung"), start=1):
        _header_cell(ws, NARRATIVE_HEADER_ROW, col, text, bold=True)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 110
    ws.row_dimensions[NARRATIVE_HEADER_ROW].height = 21
    ws.row_dimensions[1].height = 21
    for i, n in enumerate(form.narratives, start=1):
        row = NARRATIVE_HEADER_ROW + i
        meta.append((f"narr:{row}", n.code))
        a, b, c = ws.cell(row, 1), ws.cell(row, 2), ws.cell(row, 3)
        a.value = i
        _set_text(b, n.title)
        for cell in (a, b):
            cell.font = _font(12, bold=True)
            cell.alignment = Alignment(horizontal="center" if cell is a else "left",
                                       vertical="top", wrap_text=True)  # fmt: skip
            cell.border = BORDER
            cell.protection = LOCKED
        if n.required:
            b.comment = _comment("Phần bắt buộc.")
        text = narratives.get(n.code)
        if text:
            _set_text(c, text)
        c.number_format = TEXT_FORMAT
        c.font = _font(12)
        c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        c.border = BORDER
        c.fill = INPUT_FILL
        c.protection = UNLOCKED
        ws.row_dimensions[row].height = 150
        dv = DataValidation(type=None, allow_blank=True, showInputMessage=True)
        dv.promptTitle = "Thuyết minh"
        dv.prompt = _truncate(
            f"{n.title}: viết nội dung (tối đa {n.max_chars:,} ký tự).".replace(",", "."), 255
        )
        dv.add(c.coordinate)
        ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(NARRATIVE_HEADER_ROW + 1, 1)
    ws.print_title_rows = f"{NARRATIVE_HEADER_ROW}:{NARRATIVE_HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection = _protection()
