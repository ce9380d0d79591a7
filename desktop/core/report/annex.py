"""The annex of the báo cáo: each form's figures as a Word table (STT, Chỉ tiêu, ĐVT and
the measures that have a figure), forms in the order of the consolidated workbook; or,
by option, one sentence pointing to the workbook sent with the report.
"""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from desktop.core.formdef.layout import form_rows
from desktop.core.formdef.models import Catalog, MeasureKind
from desktop.core.report.docx_parts import set_font
from desktop.core.report.layout import table_style_id
from desktop.core.report.phrases import in_billions, number, percent, ratio_of, to_billions
from desktop.core.report.sources import FormData

TABLE_SIZE = 10
TEXT_WIDTH = 16.5  # cm: A4 less the 30 and 15 mm margins
STT_WIDTH, UNIT_WIDTH, LABEL_MIN = 1.1, 1.8, 4.0
FIGURE_WIDTH = (1.9, 2.6)  # cm a figure column gets: «104.600.000» at 10 pt on one line


def _columns(data: FormData, catalog: Catalog) -> list[str]:
    given = {m for (_, m) in data.figures}
    cols = []
    for code in data.form.measures:
        m = catalog.measure(code)
        if m is None:
            continue
        if code in given:
            cols.append(code)
        elif m.kind is MeasureKind.RATIO and m.denominator in given:
            cols.append(code)
    return cols


def _cell(data: FormData, catalog: Catalog, code: str, measure: str, billion=False) -> str:
    m = catalog.measure(measure)
    if m is not None and m.kind is MeasureKind.RATIO:
        r = ratio_of(catalog, code, measure, data.figures)
        return "" if r is None else percent(r)
    v = data.figures.get((code, measure))
    if v is None:
        return ""
    return v if isinstance(v, str) else number(to_billions(v) if billion else v)


def _widths(n: int) -> list:
    """STT, Chỉ tiêu, ĐVT and `n` figure columns filling the text width: each figure
    column wide enough for a 9-digit figure on one line, the label taking the rest."""
    figure = max(
        FIGURE_WIDTH[0],
        min(FIGURE_WIDTH[1], (TEXT_WIDTH - STT_WIDTH - UNIT_WIDTH - LABEL_MIN) / max(1, n)),
    )
    label = max(LABEL_MIN, TEXT_WIDTH - STT_WIDTH - UNIT_WIDTH - n * figure)
    return [Cm(STT_WIDTH), Cm(label), Cm(UNIT_WIDTH)] + [Cm(figure)] * n


def _rows_with_figures(data: FormData):
    """The rows that have a figure and the rows above them (a part's total, even without a
    figure of its own, so «1.1» never stands under nothing), each section only where it has
    such rows; numbered afresh by the form's own scheme (`form_rows`: I, II / 1, 2 / 1.1 /
    a / -), so the annex reads I, 1, 2, 3 … as a reader counts, never 1, 3, 7 where the
    rows between had no figure."""
    by_code = data.form.indicator_map()
    keep: set[str] = set()
    for code, _ in data.figures:
        while code in by_code and code not in keep:
            keep.add(code)
            code = by_code[code].parent
    sections = [
        s.model_copy(update={"indicators": _tree_order([i for i in s.indicators if i.code in keep])})
        for s in data.form.sections
    ]
    shown = data.form.model_copy(update={"sections": [s for s in sections if s.indicators]})
    return form_rows(shown)


def _tree_order(indicators: list) -> list:
    """Each row followed by its parts, in the form's order: a form that lists two totals
    and then their parts interleaved (Biểu số 12: suất quà 1.1, giá trị 2.1, suất 1.2 …)
    reads 1, 1.1, 1.2, 2, 2.1 … in the annex, each part under its own total."""
    codes = {i.code for i in indicators}
    kids: dict[str | None, list] = {}
    for i in indicators:
        kids.setdefault(i.parent if i.parent in codes else None, []).append(i)
    out: list = []

    def add(parent: str | None) -> None:
        for i in kids.get(parent, []):
            out.append(i)
            add(i.code)

    add(None)
    return out


def _write(cell, text: str, style_id: str, *, bold=False) -> None:
    p = cell.paragraphs[0]
    p._p.get_or_add_pPr().style = style_id
    run = p.add_run(text)
    if bold:
        run.bold = True


def form_table(document, data: FormData, catalog: Catalog, *, billions: bool = False) -> bool:
    """One form's table; False (nothing written) when the form has no figure.  With
    `billions`, a row written in tỷ đồng in the text (`phrases.in_billions`) is so here."""
    if not data.figures:
        return False
    cols = _columns(data, catalog)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.keep_with_next = True
    set_font(title.add_run(f"{data.form.bieu_so}. {data.form.title}"), 13, bold=True)
    rows = _rows_with_figures(data)
    table = document.add_table(rows=1 + len(rows), cols=3 + len(cols))  # all rows at once
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    heads = ["STT", "Chỉ tiêu", "ĐVT"] + [catalog.measure(c).short for c in cols]
    left, centre, right = (
        table_style_id(document, a)
        for a in (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT)
    )
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        _write(cell, text, centre, bold=True)
    # the column heads again on every page a long table runs to (a biểu's header rows)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for r, row in zip(rows, table.rows[1:], strict=True):
        cells = row.cells
        _write(cells[0], r.stt, centre, bold=r.is_heading)
        if r.indicator is None:
            _write(cells[1], r.section.title, left, bold=True)
            continue
        uom = catalog.unit(r.indicator.unit)
        billion = billions and in_billions(r.indicator, data.figures)
        _write(cells[1], r.indicator.label, left, bold=r.level == 1)
        _write(cells[2], "tỷ đồng" if billion else (uom.label if uom else ""), centre)
        for cell, measure in zip(cells[3:], cols, strict=True):
            _write(cell, _cell(data, catalog, r.indicator.code, measure, billion), right)
    table.autofit = False
    for column, width in zip(table.columns, _widths(len(cols)), strict=True):
        column.width = width  # the grid: Word and LibreOffice lay the columns out from it
        for cell in column.cells:
            cell.width = width
    if data.missing_note and data.units_counted:
        note = document.add_paragraph()
        set_font(note.add_run(data.missing_note + "."), 11, italic=True)
    return True
