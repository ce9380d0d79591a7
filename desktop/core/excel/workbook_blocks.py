"""The blocks around a summary table (biểu tổng hợp): above it the issuing body and the
national motto, "Biểu số", title, period and "(Kèm theo Báo cáo số …)"; below it the notes
(cut-off date «Số liệu tính đến ngày …», how many units reported, missing units) and the
signature block («NGƯỜI LẬP BIỂU» on the left; «TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH» or
«THỦ TRƯỞNG ĐƠN VỊ» on the right, `workbook_display`).

Used by `workbook_table.write_form_sheet()`.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.consolidation.model import ConsolidatedForm, ConsolidationResult
from desktop.core.excel.workbook_display import Signature, signer_lines
from desktop.core.excel.workbook_styles import Look, line_count, row_height, text_width
from desktop.core.excel.workbook_writer import SheetWriter

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
SIGN_NOTE = "(Ký, ghi rõ họ tên)"

_BLOCK_BOLD = Look(bold=True, h="center")
_ISSUER = Look(bold=True, h="center", wrap=True)
_BLOCK = Look(h="center")
_BLOCK_ITALIC = Look(italic=True, h="center")


# ---------------------------------------------------------------- dates and places

_PLACE_PREFIXES = ("Tỉnh ", "Thành phố ", "Huyện ", "Thị xã ", "Quận ", "TP. ", "TP ")


def place_name(area_name: str) -> str:
    """The place before the date of a document: "Tỉnh Lạng Sơn" → "Lạng Sơn"."""
    for prefix in _PLACE_PREFIXES:
        if area_name.startswith(prefix):
            return area_name[len(prefix) :]
    return area_name


def vn_date_line(place: str, day: dt.date | None) -> str:
    """The place and date line, e.g. "Lạng Sơn, ngày 05 tháng 02 năm 2024" (NĐ 30/2020:
    day < 10 and month < 3 get a leading zero), or the blanks of a printed form."""
    if day is None:
        return f"{place}, ngày      tháng      năm        "
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _report_ref(report_no: str | None) -> str:
    if not report_no:
        return "     /BC-UBND"
    report_no = report_no.strip()
    return report_no if "/" in report_no else f"{report_no}/BC-UBND"


def _as_of_text(as_of: str) -> str:
    try:
        when = dt.datetime.fromisoformat(as_of)
    except (TypeError, ValueError):
        return as_of
    return when.strftime("%H:%M ngày %d/%m/%Y") if "T" in as_of else when.strftime("%d/%m/%Y")


def header_block(
    sheet: SheetWriter,
    cf: ConsolidatedForm,
    result: ConsolidationResult,
    report_no: str | None,
    report_date: dt.date | None,
    right_first: int,
) -> None:
    n = sheet.ncols
    left_last = 2
    for left, look_l, right, look_r in (
        (result.issuer.upper(), _ISSUER, MOTTO, _BLOCK_BOLD),
        (
            f"Số: {_report_ref(report_no)}",
            _BLOCK,
            MOTTO_2,
            Look(bold=True, underline=True, h="center"),
        ),
    ):
        cells = [sheet.cell(left, look_l)] + [None] * (right_first - 2)
        cells.append(sheet.cell(right, look_r))
        # a long issuing body ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH …") wraps in its block
        lines = line_count(left, sheet.span_width(1, left_last), bold=look_l.bold)
        r = sheet.append(cells, row_height(lines))
        sheet.merge(r, 1, r, left_last)
        sheet.merge(r, right_first, r, n)
    sheet.append([], 8)
    sheet.banner(cf.form.bieu_so, _BLOCK_BOLD)
    sheet.banner(table_title(cf.form.title), Look(bold=True, h="center", wrap=True, size=14))
    sheet.banner(cf.period_label, Look(bold=True, italic=True, h="center", size=13))
    when = report_date.strftime("%d/%m/%Y") if report_date else "   /    /      "
    sheet.banner(
        f"(Kèm theo Báo cáo số {_report_ref(report_no)} ngày {when})",
        Look(italic=True, h="center", wrap=True),
    )
    sheet.append([], 8)


def table_title(title: str) -> str:
    """The summary table's title: «TỔNG HỢP» and the form's title, upper case, the word
    said once («Tổng hợp kinh tế» is «TỔNG HỢP KINH TẾ», not «TỔNG HỢP TỔNG HỢP …»)."""
    title = title.upper()
    return title if title.startswith("TỔNG HỢP") else f"TỔNG HỢP {title}"


RIGHT_BLOCK = round(text_width(MOTTO, bold=True) + 3, 1)  # the motto's line, with margins


def right_block_start(widths: list[float], need: float = RIGHT_BLOCK) -> int:
    """First column of the top-right / bottom-right block (motto, signature)."""
    total = 0.0
    for first in range(len(widths), 3, -1):
        total += widths[first - 1]
        if total >= need:
            return first
    return min(4, len(widths))


def notes_block(sheet: SheetWriter, cf: ConsolidatedForm, result: ConsolidationResult) -> None:
    lines = [
        f"Số liệu tổng hợp từ {len(cf.reported)}/{len(cf.expected)} đơn vị đã báo cáo"
        + (f", tính đến {_as_of_text(result.as_of)}" if result.as_of else "")
        + "."
    ]
    if cf.data_cutoff:
        day = dt.date.fromisoformat(cf.data_cutoff)
        lines.insert(0, f"Số liệu tính đến ngày {day:%d/%m/%Y}.")
    if cf.missing_note:
        lines.append(cf.missing_note.rstrip(".") + ".")
    lines.extend(n for n in cf.notes if n)
    sheet.append([], 8)
    sheet.banner("Ghi chú:", Look(bold=True, italic=True, h="left"))
    look = Look(italic=True, h="left", wrap=True, v="top")
    for line in lines:
        sheet.banner(line, look)


def signature_block(
    sheet: SheetWriter,
    result: ConsolidationResult,
    day: dt.date | None,
    right_first: int,
    signature: Signature | None = None,
) -> None:
    n = sheet.ncols
    sheet.append([], 12)
    pad = [None] * (right_first - 1)
    r = sheet.append(
        [*pad, sheet.cell(vn_date_line(place_name(result.area_name), day), _BLOCK_ITALIC)],
        row_height(1),
    )
    sheet.merge(r, right_first, r, n)
    signers = signer_lines(result, signature)
    rows = [
        ("NGƯỜI LẬP BIỂU" if i == 0 else None, line, _BLOCK_BOLD) for i, line in enumerate(signers)
    ]
    rows.append((SIGN_NOTE, SIGN_NOTE, _BLOCK_ITALIC))
    if signature is not None and signature.name.strip() and result.level != "unit":
        rows += [(None, None, _BLOCK)] * 3 + [(None, signature.name.strip(), _BLOCK_BOLD)]
    for left, right, look in rows:
        cells = [sheet.cell(left, look), *[None] * (right_first - 2), sheet.cell(right, look)]
        r = sheet.append(cells, row_height(1))
        sheet.merge(r, 1, r, 2)
        sheet.merge(r, right_first, r, n)
