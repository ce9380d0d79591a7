"""The consolidated workbook: `ConsolidationResult` → one .xlsx in the administrative layout.

Last step of the pipeline (DESIGN.md): `consolidate_period()` produces the result, this
module prints it.  Sheets, in order:

1. one summary table (biểu tổng hợp) per form — header block (issuing body, national
   motto, "Biểu số", title, period, "Kèm theo Báo cáo số …"), merged column headers with
   the numbered row ((1), (2), (8)=(6)/(5) …), the rows, notes and the signature block;
2. one breakdown sheet per form ("CT …"): every unit's figure of the main measure;
3. "Thuyết minh": the units' narrative paragraphs, collated, never merged;
4. "Tình hình báo cáo": who reported which form;
5. "Đối chiếu" (province runs where departments reported): `workbook_reconcile`.

Figures are written as numbers from their `Decimal` (exact up to Excel's 15 significant
digits; percentages rounded to 2 places, see `workbook_styles.number_value`).  Text can
never become a formula.  The cells are written by xlsxwriter (`workbook_writer`), the
whole file at once when the book is closed, into the atomic writer's temp file.  No Qt
here: the GUI calls this from a worker with a `progress` callback.

Modules: this one (entry point, sheet names, saving); `workbook_table` (the summary
table); `workbook_sheets` (breakdown, narratives, completeness); `workbook_styles` (cell
looks, safe values, sizes); `workbook_writer` (formats, rows, merges, print settings).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from desktop.core import collector
from desktop.core.atomic import writing
from desktop.core.consolidation.model import ConsolidationResult
from desktop.core.errors import ValidationFailed
from desktop.core.excel.workbook_blocks import place_name, vn_date_line
from desktop.core.excel.workbook_breakdown import write_breakdown_sheet
from desktop.core.excel.workbook_display import Signature
from desktop.core.excel.workbook_reconcile import (
    has_reconciliation,
    write_reconciliation_sheet,
)
from desktop.core.excel.workbook_sheets import write_completeness_sheet, write_narratives_sheet
from desktop.core.excel.workbook_table import write_form_sheet
from desktop.core.excel.workbook_writer import StyleBook, open_book
from desktop.core.formdef.models import Catalog, FormDefinition

__all__ = ["write_consolidated_workbook", "sheet_names_for", "place_name", "vn_date_line"]


def refuse_nothing_reported(result: ConsolidationResult) -> None:
    """A period no unit (nor a department) has reported has nothing to put in a workbook:
    refused as `baocao report` refuses it, before any file is chosen or written (the CLI's
    `consolidate` and the Tổng hợp page's «Xuất Excel…» both ask this first)."""
    if not any(f.reported or f.provincial for f in result.forms):
        raise ValidationFailed(
            f"Chưa có đơn vị nào báo cáo kỳ {result.period_label.lower()} cho "
            f"{result.area_name}: chưa có số liệu để tổng hợp, không ghi tệp Excel. "
            "Hãy nhận báo cáo của các đơn vị trước.",
            code="chua_co_so_lieu",
        )


def write_consolidated_workbook(
    result: ConsolidationResult,
    catalog: Catalog,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    report_no: str | None = None,
    report_date: dt.date | None = None,
    signature: Signature | None = None,
    money_in_billions: bool = False,
) -> Path:
    """Write the consolidated workbook to `out` (replaced atomically) and return its path.

    `report_no` ("583" or "583/BC-UBND") and `report_date` fill the "(Kèm theo Báo cáo số
    …)" line and the date of the signature block; without them the dotted blanks of a
    printed form are left for the clerk.  `progress(done, total)` is called per sheet.
    `signature` (who signs for the committee) and `money_in_billions` (triệu đồng rows
    shown in tỷ đồng on every sheet: tables, breakdowns, reconciliation):
    `workbook_display`."""
    out = Path(out)
    # xlsxwriter keeps every cell until the end (core/collector.py); a crash never leaves
    # half a workbook
    with collector.paused(), writing(out) as tmp:
        wb, book = open_book(tmp, f"Tổng hợp số liệu {result.period_label}")
        _write_sheets(
            wb, book, result, catalog, progress, report_no, report_date, signature,
            money_in_billions,
        )  # fmt: skip
        wb.close()
    return out


def _write_sheets(
    wb,
    book: StyleBook,
    result: ConsolidationResult,
    catalog: Catalog,
    progress: Callable[[int, int], None] | None,
    report_no: str | None,
    report_date: dt.date | None,
    signature: Signature | None,
    money_in_billions: bool,
) -> None:
    main_names, detail_names = sheet_names_for([cf.form for cf in result.forms])
    total = 2 * len(result.forms) + 2
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for cf, name in zip(result.forms, main_names, strict=True):
        write_form_sheet(
            wb,
            book,
            name,
            cf,
            result,
            catalog,
            report_no,
            report_date,
            signature,
            money_in_billions,
        )
        step()
    for cf, name in zip(result.forms, detail_names, strict=True):
        if cf.has_breakdown:  # a national run has totals only: no sheet of empty columns
            write_breakdown_sheet(wb, book, name, cf, result, catalog, money_in_billions)
        step()
    write_narratives_sheet(wb, book, result)
    step()
    write_completeness_sheet(wb, book, result)
    step()
    if has_reconciliation(result):  # "Đối chiếu": a department's figure beside the units'
        write_reconciliation_sheet(wb, book, result, catalog, money_in_billions)


# ---------------------------------------------------------------- sheet names

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _short(form: FormDefinition) -> str:
    """ "05 Thu, chi ngân sách nhà nước": the form's number and title."""
    m = re.search(r"\d+[A-Za-z]?", form.bieu_so)
    return f"{m.group(0) if m else form.bieu_so} {form.title}"


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit] != " " and " " in cut and cut.rfind(" ") > limit // 2:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;-–.")


def _unique(text: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", unicodedata.normalize("NFC", text))
    base = re.sub(r"\s+", " ", base).strip().strip("'") or "Biểu"
    name, n = _cut(base, 31), 2
    while name.casefold() in used:  # Excel compares sheet names case-insensitively
        suffix = f" ({n})"
        name, n = _cut(base, 31 - len(suffix)) + suffix, n + 1
    used.add(name.casefold())
    return name


def sheet_names_for(forms: list[FormDefinition]) -> tuple[list[str], list[str]]:
    """Names of the summary sheets ("Biểu 05 Thu, chi ngân sách nhà") and of the breakdown
    sheets ("CT 05 Thu, chi ngân sách nhà"): ≤ 31 characters, legal, unique."""
    used = {"thuyết minh", "tình hình báo cáo", "đối chiếu"}
    main = [_unique(f"Biểu {_short(f)}", used) for f in forms]
    detail = [_unique(f"CT {_short(f)}", used) for f in forms]
    return main, detail
