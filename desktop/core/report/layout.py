"""The administrative frame of the báo cáo (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4,
margins (top/bottom 20 mm, left 30 mm, right 15 mm), Times New Roman 13–14, the
two-column header (issuing body and số/ký hiệu on the left; the national motto, place and
date on the right), the title, the page number centred at the top from page 2, and the
"Nơi nhận" / signature block at the end.
"""

from __future__ import annotations

import datetime as dt

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from desktop.core.periods import Period
from desktop.core.report.docx_parts import FONT, add_page_field, add_rule, set_font
from desktop.core.report.phrases import padded_months

BODY_SIZE = 14
TEXT_WIDTH_CM = 16.5  # A4 210 mm − left 30 mm − right 15 mm
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def setup_page(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )
    _add_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on page 1
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(p, 13)


BODY_STYLE = "Nội dung báo cáo"
BODY_STYLE_ID = "Nộidungbáocáo"  # python-docx's id for the name: the name without spaces
TABLE_STYLES = {  # paragraph styles of the annex cells, by alignment
    WD_ALIGN_PARAGRAPH.LEFT: "Bảng chữ",
    WD_ALIGN_PARAGRAPH.CENTER: "Bảng giữa",
    WD_ALIGN_PARAGRAPH.RIGHT: "Bảng số",
}


def _add_styles(document) -> None:
    """Paragraph styles, so that thousands of runs and cells need no formatting of their own
    (formatting each run took most of the writing time)."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    body = styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = styles["Normal"]
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    assert body.style_id == BODY_STYLE_ID
    for align, name in TABLE_STYLES.items():
        cell = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = styles["Normal"]
        cell.font.size = Pt(10)
        cell.paragraph_format.alignment = align
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.space_before = Pt(0)


def table_style_id(document, align) -> str:
    return document.styles[TABLE_STYLES[align]].style_id


def date_line(place: str, day: dt.date) -> str:
    """ "Lạng Sơn, ngày 04 tháng 7 năm 2023": day < 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _cell_lines(cell, lines: list[tuple[str, float, bool, bool]], rule_cm: float = 0) -> None:
    for n, (text, size, bold, italic) in enumerate(lines):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        set_font(p.add_run(text), size, bold=bold, italic=italic)
    if rule_cm:
        add_rule(cell, cell.width.cm, rule_cm)


def header_block(document, agency: str, number: str, place: str, day: dt.date) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(6.0), Cm(10.5))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    top, bottom = table.rows
    _cell_lines(
        top.cells[0], [("ỦY BAN NHÂN DÂN", 13, True, False), (agency, 13, True, False)], 2.0
    )
    _cell_lines(top.cells[1], [(MOTTO[0], 13, True, False), (MOTTO[1], 14, True, False)], 5.8)
    _cell_lines(bottom.cells[0], [(f"Số: {number}", 13, False, False)])
    _cell_lines(bottom.cells[1], [(date_line(place, day), 14, False, True)])


def title_lines(period_label: str, area: str, tasks: str = "") -> list[str]:
    """«BÁO CÁO / Tình hình kinh tế - xã hội tháng 01, / nhiệm vụ trọng tâm tháng 02 năm 2023 /
    trên địa bàn …», as seed 002 heads it: the next period's tasks on a line of their own,
    the year said once when both periods are in it (seed 000: «… 6 tháng đầu năm, / Nhiệm vụ
    chủ yếu 6 tháng cuối năm 2023»), a month with its leading zero («tháng 01»)."""
    said = period_label[:1].lower() + period_label[1:]
    year = said.rsplit(" ", 1)[-1]
    if tasks and year.isdigit() and tasks.endswith(f"năm {year}") and said.endswith(f"năm {year}"):
        said = said.removesuffix(f" {year}")  # «6 tháng đầu năm», kept whole
        if said.startswith(("tháng ", "quý ")):
            said = said.removesuffix(" năm")  # «tháng 01», «quý I»
    lines = ["BÁO CÁO", f"Tình hình kinh tế - xã hội {padded_months(said)}{',' if tasks else ''}"]
    if tasks:
        lines.append(f"nhiệm vụ trọng tâm {padded_months(tasks)}")
    return [*lines, f"trên địa bàn {area}"]


def title_block(document, period_label: str, area: str, tasks: str = "") -> None:
    """The title (`title_lines`), bold 14, centred, a short rule under it."""
    for n, text in enumerate(title_lines(period_label, area, tasks)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.space_before = Pt(12 if n == 0 else 0)
        fmt.space_after = Pt(0)
        set_font(p.add_run(text), 14, bold=True)
    add_rule(document, TEXT_WIDTH_CM, 4.0)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def heading(document, text: str, *, level: int) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before, fmt.space_after = Pt(6), Pt(6)
    fmt.keep_with_next = True
    set_font(p.add_run(text), BODY_SIZE, bold=True, italic=level > 2)


def body_paragraph(document, lead: str | None = None):
    """A justified body paragraph (style «Nội dung báo cáo»), optionally led by a bold
    italic phrase (a unit's name)."""
    p = document.add_paragraph()
    p._p.get_or_add_pPr().style = BODY_STYLE_ID
    if lead:
        run = p.add_run(lead)
        run.bold = run.italic = True
    return p


def signature_block(
    document, recipients: list[str], signer: tuple[str, ...], name: str = ""
) -> None:
    document.add_paragraph().paragraph_format.space_after = Pt(0)  # a line before it
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for column, width in zip(table.columns, (Cm(8.0), Cm(8.5)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    p = left.paragraphs[0]
    set_font(p.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    p.paragraph_format.space_after = Pt(0)
    for line in recipients:
        q = left.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        set_font(q.add_run(line), 11)
    lines = [(text, 14, True, False) for text in signer] + [(" ", 14, False, False)] * 4
    if name:  # the signer's name under the space for the signature (seed 002)
        lines.append((name, 14, True, False))
    _cell_lines(right, lines)


def next_label(period_text: str) -> str:
    """The period the tasks of section IV are for, as the seeds head it: «tháng 2 năm
    2023» after January (seed 002), «6 tháng cuối năm 2023» after the first half (seeds
    000, 004), the next quarter, «3 tháng cuối năm» after nine months, the next year."""
    from desktop.core.formdef.models import PeriodType

    period = Period.parse(period_text)
    y, t, code = period.year, period.type, str(period)
    if t is PeriodType.MONTH:
        m = int(code[5:])
        text = f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}"
    elif t is PeriodType.QUARTER:
        q = int(code[-1])
        text = f"{y + 1}-Q1" if q == 4 else f"{y}-Q{q + 1}"
    elif t is PeriodType.HALF_YEAR and code.endswith("H1"):
        text = f"{y}-H2"
    elif t is PeriodType.NINE_MONTHS:
        return f"3 tháng cuối năm {y}"
    else:  # the second half or the whole year: the next year
        return f"năm {y + 1}"
    return Period.parse(text).phrase


def recipients(level: str, period: str, area: str) -> list[str]:
    """The draft's «Nơi nhận» by its level (seed 002's for the province)."""
    if level != "province":  # a unit's or a district's report goes up to the province
        return [
            "- UBND tỉnh (b/c);",
            f"- Thường trực HĐND {area};",
            "- Các phòng, ban, đơn vị;",
            "- Lưu: VT.",
        ]
    # seed 002's «Nơi nhận» (the province's monthly report goes to the province's own
    # bodies, not to Văn phòng Chính phủ); the districts until 30/6/2025, then the communes
    reform = dt.date(2025, 7, 1)
    below = (
        "UBND các xã, phường"
        if Period.parse(period).cutoff() >= reform
        else "UBND các huyện, thành phố"
    )
    return [
        "- Thường trực Tỉnh ủy;",
        "- Thường trực HĐND tỉnh;",
        "- Đoàn đại biểu Quốc hội tỉnh;",
        "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
        "- Ủy ban MTTQ và các đoàn thể tỉnh;",
        "- Các sở, ban, ngành;",
        f"- {below};",
        "- Lưu: VT.",
    ]
