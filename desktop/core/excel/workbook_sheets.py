"""The working sheets of the consolidated workbook, after the summary tables:

- "CT …" per form: each expected unit's figure of the main measure (th_ky, else the first
  value measure), one column per unit — a unit that did not report keeps its column,
  empty and headed "(chưa báo cáo)" — then the total, which is the consolidated value;
- "Thuyết minh": every unit's narrative, one row per paragraph, collated by form and
  section (never merged into one text);
- "Tình hình báo cáo": units × forms, reported or missing, with counts.

Called by `excel.workbook.write_consolidated_workbook()`; cell looks and safe values come
from `excel.workbook_styles`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from desktop.core.consolidation.model import ConsolidatedForm, ConsolidationResult, UnitRef
from desktop.core.excel.workbook_styles import (
    CODE_LOOK,
    Look,
    SheetWriter,
    StyleBook,
    clamp,
    code_width,
    line_count,
    number_format,
    number_value,
    row_decimals,
    row_height,
    shown_width,
    text_width,
)
from desktop.core.formdef.models import Aggregation, Catalog, MeasureKind

NARRATIVES_SHEET = "Thuyết minh"
COMPLETENESS_SHEET = "Tình hình báo cáo"
NOT_REPORTED = "(chưa báo cáo)"
REPORTED_TEXT = "Đã báo cáo"
MISSING_TEXT = "Chưa báo cáo"
MISSING_FILL = "F2F2F2"
ALERT_FILL = "FCE4D6"
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
FIT_UNITS = 12  # a breakdown of up to this many units is printed one page wide
PARAGRAPH_CHARS = 1800  # a longer paragraph is split at sentence ends (rows cannot grow)

TOP_ROWS = 4
_HEAD = Look(bold=True, h="center", wrap=True, border=True)
_TITLE = Look(bold=True, h="center", wrap=True, size=14)
_SUBTITLE = Look(italic=True, h="center", wrap=True)
_ISSUER = Look(bold=True, h="center")


def main_measure(cf: ConsolidatedForm, catalog: Catalog) -> str | None:
    """The measure of the breakdown: th_ky, else the first value measure of the table."""
    values = [
        m for m in cf.measures if (md := catalog.measure(m)) is None or md.kind is MeasureKind.VALUE
    ]
    if "th_ky" in values:
        return "th_ky"
    if values:
        return values[0]
    form_values = [
        m
        for m in cf.form.measures
        if (md := catalog.measure(m)) is not None and md.kind is MeasureKind.VALUE
    ]
    return form_values[0] if form_values else None


def _is_ratio(row) -> bool:
    """A recomputed rate: written rounded to 2 places, like the percentage columns."""
    return row.indicator is not None and row.indicator.aggregation is Aggregation.RATIO


def _units_of(cf: ConsolidatedForm) -> list[UnitRef]:
    keys = {u.key for u in cf.expected}
    return [*cf.expected, *(u for u in cf.reported if u.key not in keys)]


def _top(sheet: SheetWriter, issuer: str, title: str, subtitle: str, span: int) -> None:
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


# ---------------------------------------------------------------- CT: breakdown by unit


def write_breakdown_sheet(
    wb,
    book: StyleBook,
    name: str,
    cf: ConsolidatedForm,
    result: ConsolidationResult,
    catalog: Catalog,
) -> None:
    measure = main_measure(cf, catalog)
    md = catalog.measure(measure) if measure else None
    units = _units_of(cf)
    reported = {u.key for u in cf.reported}
    rows = [r for r in cf.rows if not r.is_heading]

    def figure(row, unit: UnitRef):
        v = row.by_unit.get(unit.key, {}).get(measure) if measure else None
        if isinstance(v, Decimal):
            return number_value(v, percent=_is_ratio(row))
        return v if isinstance(v, str) and v.strip() else None

    widths = [
        6.0,
        40.0,
        code_width(r.indicator.code for r in rows),
        clamp(max((text_width(r.unit_label) for r in rows), default=4) + 2, 9, 13),
    ]
    figures = {id(r): [figure(r, u) for u in units] for r in rows}  # computed once
    totals = {
        id(r): number_value(r.values.get(measure), percent=_is_ratio(r)) if measure else None
        for r in rows
    }
    decimals = {
        id(r): row_decimals([v for v in [*figures[id(r)], totals[id(r)]] if isinstance(v, Decimal)])
        for r in rows
    }
    for i, unit in enumerate(units):
        shown = shown_width(
            [(v, decimals[id(r)]) for r in rows if isinstance(v := figures[id(r)][i], Decimal)]
        )
        word = max((text_width(w, bold=True) for w in unit.name.split()), default=4)
        widths.append(clamp(max(shown, word + 2), 12, 26))
    widths.append(
        clamp(shown_width([(t, decimals[i]) for i, t in totals.items() if t is not None]), 14, 26)
    )
    first_data = TOP_ROWS + 2 + 1  # two header rows: names, codes
    few = len(units) <= FIT_UNITS  # more units: one column each, printed over several pages
    sheet = SheetWriter(wb, book, name, widths, freeze=f"E{first_data}", fit_width=few)
    what = md.label if md else (measure or "")
    _top(
        sheet,
        result.issuer,
        f"CHI TIẾT THEO ĐƠN VỊ - {cf.form.bieu_so.upper()}: {cf.form.title.upper()}",
        f"{what} - {cf.period_label}",
        sheet.ncols if few else min(sheet.ncols, 8),
    )
    missing_head = Look(
        bold=True, italic=True, h="center", wrap=True, border=True, fill=MISSING_FILL
    )
    heads = ["STT", "Chỉ tiêu", "Mã số", "Đơn vị tính"]
    names = [
        (f"{u.name}\n{NOT_REPORTED}", missing_head) if u.key not in reported else (u.name, _HEAD)
        for u in units
    ]
    lines = max(
        (line_count(t, w, bold=True) for (t, _), w in zip(names, widths[4:], strict=False)),
        default=1,
    )
    top = sheet.append(
        [
            *(sheet.cell(h, _HEAD) for h in heads),
            *(sheet.cell(t, look) for t, look in names),
            sheet.cell("Tổng cộng", _HEAD),
        ],
        row_height(max(lines, 2)),
    )
    code_look = Look(italic=True, h="center", border=True, size=10)
    sheet.append(
        [
            *(sheet.cell(None, _HEAD) for _ in heads),
            *(sheet.cell(f"Mã {u.code}", code_look) for u in units),
            sheet.cell(None, _HEAD),
        ],
        row_height(1, 10),
    )
    for col in [1, 2, 3, 4, sheet.ncols]:
        sheet.merge(top, col, top + 1, col)
    s_missing = sheet.style(Look(border=True, fill=MISSING_FILL))
    text_look = Look(h="left", wrap=True, border=True)
    parents = {r.indicator.parent for r in rows if r.indicator.parent}
    for row in cf.rows:
        bold = row.is_heading or row.level == 1 and row.indicator.code in parents
        label = row.label.upper() if row.is_heading else row.label
        cells = [
            sheet.cell(row.stt, Look(bold=bold, h="center", border=True)),
            sheet.cell(
                label,
                Look(bold=bold, h="left", wrap=True, border=True, indent=max(0, row.level - 1)),
            ),
            sheet.cell(
                row.indicator.code if row.indicator else None,
                CODE_LOOK,
            ),
            sheet.cell(row.unit_label or None, Look(h="center", wrap=True, border=True)),
        ]
        if row.is_heading:
            values: list = [None] * len(units)
            total, places = None, 0
        else:
            values, total, places = figures[id(row)], totals[id(row)], decimals[id(row)]
        num = Look(bold=bold, h="right", border=True, fmt=number_format(places))
        # styles resolved once per row: this loop writes most cells of the workbook
        s_num, s_text = sheet.style(num), sheet.style(text_look)
        for unit, v in zip(units, values, strict=True):
            if unit.key not in reported:
                cells.append(sheet.styled(None, s_missing))
            else:
                cells.append(sheet.styled(v, s_text if isinstance(v, str) else s_num))
        cells.append(sheet.cell(total, Look(bold=True, h="right", border=True, fmt=num.fmt)))
        n = line_count(label, widths[1] - max(0, row.level - 1) * 1.8, bold=bold)
        sheet.append(cells, row_height(n))
    sheet.page(title_rows=(top, top + 1), title_cols=None if few else "A:B")


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
    _top(
        sheet,
        result.issuer,
        "THUYẾT MINH CỦA CÁC ĐƠN VỊ",
        f"{result.period_label} (mỗi đơn vị một dòng, giữ nguyên văn)",
        4,
    )
    top = sheet.append(
        [sheet.cell(h, _HEAD) for h in ("STT", "Đơn vị", "Nội dung", "Thuyết minh")],
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
        order = [u for u in _units_of(cf) if u.key in cf.narratives]
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
        for u in _units_of(cf):
            units.setdefault(u.key, u)
    expected = [{u.key for u in _units_of(cf)} for cf in result.forms]
    reported = [{u.key for u in cf.reported} for cf in result.forms]
    headers = [f"{cf.form.bieu_so}\n{cf.form.title}" for cf in result.forms]
    widths = [
        6.0,
        10.0,
        clamp(max((text_width(u.name) for u in units.values()), default=10) + 2, 22, 40),
        *(14.0 for _ in result.forms),
        11.0,
        11.0,
    ]
    sheet = SheetWriter(wb, book, COMPLETENESS_SHEET, widths, freeze=f"D{TOP_ROWS + 2}")
    _top(
        sheet,
        result.issuer,
        "TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ",
        result.period_label,
        min(sheet.ncols, 8),
    )
    heads = [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        *headers,
        "Số biểu đã báo cáo",
        "Số biểu phải báo cáo",
    ]
    lines = max(line_count(h, w, bold=True) for h, w in zip(heads, widths, strict=True))
    top = sheet.append([sheet.cell(h, _HEAD) for h in heads], row_height(min(lines, 6)))
    center = Look(h="center", border=True)
    left = Look(h="left", wrap=True, border=True)
    missing = Look(bold=True, italic=True, h="center", border=True, fill=ALERT_FILL)
    absent = Look(border=True, fill=MISSING_FILL)
    count = Look(h="center", border=True, fmt="#,##0")
    for i, (key, unit) in enumerate(units.items(), start=1):
        cells = [sheet.cell(i, center), sheet.cell(unit.code, center), sheet.cell(unit.name, left)]
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
        sheet.append(cells, row_height(line_count(unit.name, widths[2])))
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
    sheet.page(title_rows=(top, top))
