"""The working sheets of the consolidated workbook, after the summary tables:

- "Thuyết minh": every unit's narrative, one row per paragraph, collated by form and
  section (never merged into one text);
- "Tình hình báo cáo": units × forms, reported or missing, with counts;
- the rows above a working sheet's table (`top_rows`), shared with the "CT …" breakdown
  sheets (`workbook_breakdown`).

Called by `excel.workbook.write_consolidated_workbook()`; cell looks and safe values come
from `excel.workbook_styles`, the writing from `excel.workbook_writer`.
"""

from __future__ import annotations

import re

from desktop.core.consolidation.model import ConsolidatedForm, ConsolidationResult, UnitRef
from desktop.core.excel.workbook_styles import (
    Look,
    clamp,
    line_count,
    row_height,
    text_width,
)
from desktop.core.excel.workbook_writer import SheetWriter, StyleBook

NARRATIVES_SHEET = "Thuyết minh"
COMPLETENESS_SHEET = "Tình hình báo cáo"
REPORTED_TEXT = "Đã"  # under a heading «Biểu số 05 …» in a column 8 digits wide
MISSING_TEXT = "Chưa"
FORM_WIDTH = 8.0  # a form's column: its heading turned upwards on three lines
TURNED = Look(bold=True, h="center", wrap=True, border=True, size=10, turn=90)
MISSING_FILL = "F2F2F2"
ALERT_FILL = "FCE4D6"
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
PARAGRAPH_CHARS = 1800  # a longer paragraph is split at sentence ends (rows cannot grow)

TOP_ROWS = 4
HEAD = Look(bold=True, h="center", wrap=True, border=True)
_TITLE = Look(bold=True, h="center", wrap=True, size=14)
_SUBTITLE = Look(italic=True, h="center", wrap=True)
_ISSUER = Look(bold=True, h="center")


def both_sides(units) -> bool:
    """Whether units' dates must be said beside their names: units of both sides of a
    change (districts until 30/06/2025 and communes from 01/07/2025), or a code reused.
    Units that all ended since (2023's districts, «đến 30/06/2025») need none."""
    said = {u.validity for u in units}
    reused = len({u.code for u in units}) < len({u.key for u in units})
    return reused or (any("từ" in v for v in said) and any("đến" in v for v in said))


def units_of(cf: ConsolidatedForm) -> list[UnitRef]:
    keys = {u.key for u in cf.expected}
    return [*cf.expected, *(u for u in cf.reported if u.key not in keys)]


def top_rows(sheet: SheetWriter, issuer: str, title: str, subtitle: str, span: int) -> None:
    """The TOP_ROWS rows above a working sheet's table: issuer, title, subtitle, a gap."""
    issuer = issuer.upper()
    need, last = text_width(issuer, bold=True) + 4, 1
    while last < sheet.ncols and sheet.span_width(1, last) < need:
        last += 1
    r = sheet.append([sheet.cell(issuer, _ISSUER)], row_height(1))
    sheet.merge(r, 1, r, last)
    sheet.banner(title, _TITLE, 1, span)
    sheet.banner(subtitle, _SUBTITLE, 1, span)
    sheet.append([], 8)


# ---------------------------------------------------------------- Thuyết minh


def _paragraphs(text: str) -> list[str]:
    """A narrative as printable pieces: its paragraphs, long ones cut at sentence ends."""
    out: list[str] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n|\r?\n", text)):
        while len(para) > PARAGRAPH_CHARS:
            cut = max(para.rfind(". ", 0, PARAGRAPH_CHARS), para.rfind("; ", 0, PARAGRAPH_CHARS))
            cut = cut + 1 if cut > PARAGRAPH_CHARS // 3 else para.rfind(" ", 0, PARAGRAPH_CHARS)
            cut = cut if cut > 0 else PARAGRAPH_CHARS
            out.append(para[:cut].strip())
            para = para[cut:].strip()
        if para:
            out.append(para)
    return out


def write_narratives_sheet(wb, book: StyleBook, result: ConsolidationResult) -> None:
    widths = [6.0, 26.0, 26.0, 95.0]
    sheet = SheetWriter(wb, book, NARRATIVES_SHEET, widths, freeze=f"A{TOP_ROWS + 2}")
    top_rows(
        sheet,
        result.issuer,
        "THUYẾT MINH CỦA CÁC ĐƠN VỊ",
        f"{result.period_label} (mỗi đơn vị một dòng, giữ nguyên văn)",
        4,
    )
    top = sheet.append(
        [sheet.cell(h, HEAD) for h in ("STT", "Đơn vị", "Nội dung", "Thuyết minh")],
        row_height(1),
    )
    form_look = Look(bold=True, h="left", wrap=True, border=True, fill=MISSING_FILL)
    stt_look = Look(h="center", v="top", border=True)
    side_look = Look(h="left", v="top", wrap=True, border=True)
    text_look = Look(h="justify", v="top", wrap=True, border=True)
    wrote_any = False
    for cf in result.forms:
        if not any(any((t or "").strip() for t in s.values()) for s in cf.narratives.values()):
            continue
        wrote_any = True
        r = sheet.append(
            [sheet.cell(f"{cf.form.bieu_so} - {cf.form.title}", form_look)]
            + [sheet.cell(None, form_look) for _ in range(3)],
            row_height(1),
        )
        sheet.merge(r, 1, r, 4)
        titles = {n.code: n.title for n in cf.form.narratives}
        codes = list(titles) + sorted({c for s in cf.narratives.values() for c in s} - set(titles))
        order = [u for u in units_of(cf) if u.key in cf.narratives]
        known = {u.key for u in order}
        order += [UnitRef(k[0], k[0], k[1]) for k in cf.narratives if k not in known]
        stt = 0
        for code in codes:
            for unit in order:
                text = (cf.narratives.get(unit.key, {}).get(code) or "").strip()
                if not text:
                    continue
                stt += 1
                for i, piece in enumerate(_paragraphs(text)):
                    lines = max(
                        line_count(piece, widths[3]),
                        line_count(unit.name, widths[1]),
                        line_count(titles.get(code, code), widths[2]),
                    )
                    sheet.append(
                        [
                            sheet.cell(stt if i == 0 else None, stt_look),
                            sheet.cell(unit.name, side_look),
                            sheet.cell(titles.get(code, code), side_look),
                            sheet.cell(piece, text_look),
                        ],
                        min(MAX_ROW_HEIGHT, row_height(lines)),
                    )
    if not wrote_any:
        sheet.banner("Chưa có đơn vị nào gửi thuyết minh.", Look(italic=True, h="left"))
    sheet.page(title_rows=(top, top))


# ---------------------------------------------------------------- Tình hình báo cáo


def write_completeness_sheet(wb, book: StyleBook, result: ConsolidationResult) -> None:
    units: dict[tuple[str, str], UnitRef] = {}
    for cf in result.forms:
        for u in units_of(cf):
            units.setdefault(u.key, u)
    expected = [{u.key for u in units_of(cf)} for cf in result.forms]
    reported = [{u.key for u in cf.reported} for cf in result.forms]
    headers = [f"{cf.form.bieu_so}\n{cf.form.title}" for cf in result.forms]
    widths = [
        6.0,
        10.0,
        clamp(max((text_width(u.name) for u in units.values()), default=10) + 2, 22, 36),
        *(FORM_WIDTH for _ in result.forms),
        FORM_WIDTH,
        FORM_WIDTH,
    ]
    sheet = SheetWriter(wb, book, COMPLETENESS_SHEET, widths, freeze=f"D{TOP_ROWS + 2}")
    top_rows(
        sheet,
        result.issuer,
        "TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ",
        result.period_label,
        3,  # over the columns every page repeats: whole on each page across
    )
    heads = [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        *headers,
        "Số biểu đã báo cáo",
        "Số biểu phải báo cáo",
    ]
    top = sheet.append(
        [sheet.cell(h, HEAD) for h in heads[:3]] + [sheet.cell(h, TURNED) for h in heads[3:]],
        _turned_height(heads[3:]),
    )
    center = Look(h="center", border=True)
    left = Look(h="left", wrap=True, border=True)
    missing = Look(bold=True, italic=True, h="center", border=True, fill=ALERT_FILL)
    absent = Look(border=True, fill=MISSING_FILL)
    count = Look(h="center", border=True, fmt="#,##0")
    mixed = both_sides(units.values())
    for i, (key, unit) in enumerate(units.items(), start=1):
        name = f"{unit.name} ({unit.validity})" if mixed and unit.validity else unit.name
        cells = [sheet.cell(i, center), sheet.cell(unit.code, center), sheet.cell(name, left)]
        done = due = 0
        for exp, rep in zip(expected, reported, strict=True):
            if key in rep:
                cells.append(sheet.cell(REPORTED_TEXT, center))
            elif key in exp:
                cells.append(sheet.cell(MISSING_TEXT, missing))
            else:
                cells.append(sheet.cell(None, absent))
            done += key in rep
            due += key in exp
        cells += [sheet.cell(done, count), sheet.cell(due, count)]
        sheet.append(cells, row_height(line_count(name, widths[2])))
    bold = Look(bold=True, h="left", border=True, wrap=True)
    bold_n = Look(bold=True, h="center", border=True, fmt="#,##0")
    for label, numbers in (
        ("Số đơn vị đã báo cáo", [len(r) for r in reported]),
        ("Số đơn vị chưa báo cáo", [len(cf.missing) for cf in result.forms]),
        ("Số đơn vị phải báo cáo", [len(e) for e in expected]),
    ):
        r = sheet.append(
            [sheet.cell(label, bold), sheet.cell(None, bold), sheet.cell(None, bold)]
            + [sheet.cell(n, bold_n) for n in numbers]
            + [sheet.cell(None, bold), sheet.cell(None, bold)],
            row_height(1),
        )
        sheet.merge(r, 1, r, 3)
    sheet.banner(
        f"«{REPORTED_TEXT}»: đã báo cáo; «{MISSING_TEXT}»: chưa báo cáo; ô xám: đơn vị không "
        "phải báo cáo biểu đó.",
        Look(italic=True, h="left", wrap=True),
        1,
        3,  # under the columns every page repeats
    )
    scale, breaks = sheet.columns_on_pages(keep=3)  # 25 forms: two pages wide, not one tiny
    sheet.page(title_rows=(top, top), title_cols="A:C", scale=scale, column_breaks=breaks)


def _turned_height(heads: list[str]) -> float:
    """Points for the row of turned headings: the longest on three lines of its column
    (2.5 taken: a line of words is never quite full)."""
    longest = max((text_width(h, bold=True, size=TURNED.size) for h in heads), default=10)
    return clamp(longest * 6 / 2.5 + 12, 90, 300)  # a width unit: a digit of 12 pt, 6 pt
