"""Write the Excel fill-in template (biểu mẫu Excel) of one form × unit × period.

Some clerks prefer Excel to the entry grid.  `write_template()` gives them a workbook in the
administrative layout that `template_reader.read_template()` reads back.  Three sheets:

- **"Biểu nhập liệu"** (visible): header block (unit, national motto, "Biểu số …", title,
  period), the table STT | Chỉ tiêu | Mã số | Đơn vị tính | one column per measure of the form
  (catalog `short` labels; the percentage measures are input columns too, because clerks
  sometimes only know the %) | «Đánh dấu» | «Lý do chưa có số liệu» (a row with no figure:
  `template_marks`), a numbered column row, the indicator rows, a signature block.
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

Modules: this one (`write_template`, the order of the parts); `template_frame` (header and
signature blocks, page setup, protection); `template_rows` (column headers, indicator rows,
data validation); `template_narrative` ("Thuyết minh"); `template_meta` ("_baocao");
`template_style` (the constants, looks and cell values shared with the reader).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from desktop.core.atomic import writing
from desktop.core.excel.template_frame import _page_setup, _write_header_block, _write_signature
from desktop.core.excel.template_marks import (
    add_mark_validation,
    write_mark_cells,
    write_mark_headers,
)
from desktop.core.excel.template_meta import template_meta, write_meta_sheet
from desktop.core.excel.template_narrative import _write_narratives
from desktop.core.excel.template_rows import (
    _write_column_headers,
    _write_heading,
    _write_indicator_row,
)
from desktop.core.excel.template_style import (  # the names importers find here
    CODE_HEADER,
    DATA_SHEET,
    FIRST_DATA_ROW,
    FIRST_MEASURE_COL,
    FORMAT,
    HEADER_ROW,
    META_SHEET,
    NARRATIVE_SHEET,
    NUMBER_ROW,
    Value,
    is_percent_column,
    validation_formula,
)
from desktop.core.formdef.layout import form_rows
from desktop.core.formdef.models import Catalog, FormDefinition, MeasureDef
from desktop.core.formdef.period_form import form_for_period
from desktop.core.marks import Mark

__all__ = [
    "CODE_HEADER",
    "DATA_SHEET",
    "FORMAT",
    "META_SHEET",
    "NARRATIVE_SHEET",
    "is_percent_column",
    "validation_formula",
    "write_template",
]


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
    marks: dict[str, Mark] | None = None,
    app_version: str = "",
) -> Path:
    """Write the fill-in workbook to `out` (atomically) and return `out`.

    - `last_year`: last year's figures of the same period, keyed (indicator, measure); the
      `cung_ky` cell of an indicator is prefilled from its `th_ky` and locked.
    - `plan`: (indicator, measure) → value for the annual measures (`kh_nam`,
      `du_toan_tinh`, `du_toan_huyen`); prefilled and locked.
    - `current`: (indicator, measure) → value already entered (a draft): written into the
      input cells, which stay editable.  `narratives`: narrative code → text, likewise.
    - `marks`: indicator → the draft's mark, written in the «Đánh dấu» and «Lý do» columns
      (`template_marks`).
    """
    out = Path(out)
    form = form_for_period(form, period_code)  # the period's columns only (period_form.py)
    last_year = last_year or {}
    plan = plan or {}
    current = current or {}
    narratives = narratives or {}
    marks = marks or {}
    measures = [_measure(catalog, code) for code in form.measures]
    mark_col = FIRST_MEASURE_COL + len(measures)
    last_col = mark_col + 1
    meta = template_meta(
        form,
        form_hash=form_hash,
        unit_code=unit_code,
        unit_name=unit_name,
        period_code=period_code,
        period_label=period_label,
        app_version=app_version,
    )

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    _write_header_block(ws, form, unit_name, unit_code, period_label, last_col)
    _write_column_headers(ws, form, measures, meta)
    write_mark_headers(ws, HEADER_ROW, NUMBER_ROW, mark_col, len(measures) + 1, meta)

    row = FIRST_DATA_ROW
    row_meta: list[tuple[str, str]] = []
    mark_rows: list[int] = []
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
            if write_mark_cells(ws, row, mark_col, ind, marks.get(ind.code)):
                mark_rows.append(row)
        row += 1
    add_mark_validation(ws, mark_col, mark_rows)
    meta[len(meta) : len(meta)] = row_meta
    _write_signature(ws, row + 1, last_col)
    _page_setup(ws, last_col)

    nws = wb.create_sheet(NARRATIVE_SHEET)
    _write_narratives(nws, form, unit_name, period_label, narratives, meta)

    write_meta_sheet(wb, meta)

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
