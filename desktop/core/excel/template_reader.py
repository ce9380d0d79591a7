"""Read a filled Excel template (written by `template_writer`) back into a Submission.

Order of checks, each failure an `InputFileError` with a Vietnamese message naming the file:

1. the file itself (`template_archive`): exists, at most 20 MB, a zip archive holding an
   Excel workbook, members whose declared uncompressed total is at most 100 MB (a zip bomb is
   refused before python-calamine opens anything; Python's zipfile never inflates a member
   beyond its declared size), at most 10 000 members.  The archive is never extracted, so
   member names such as "../evil" do not matter.  No part may declare a DTD or entity, nor
   hold more than 20 000 rows or 400 000 cells (refused before any XML parser).
2. the hidden metadata sheet "_baocao" (else: not a BaoCao template), its format, the form
   (known to the pack), its version and content hash (else: "Biểu mẫu đã thay đổi …").
3. the structure: every recorded indicator row still holds its code in the "Mã số" column,
   every recorded measure column still has its heading, every narrative row its title —
   otherwise the message says which row/column changed and where the code went.

Values come from python-calamine (`template_book`); the data sheet's XML is searched for the
cells holding a formula or an error, and asked for a number's digits and format only where
they matter (a percent column, an integer past 2**53).  Then every cell of the recorded map
is read (`template_cells`), and the rows' marks (`template_marks`).  A formula's cached value is used when the file has one (Excel
and LibreOffice store it on saving); otherwise the cell is an error.  Problems in cells are
Issues with file, sheet, cell, form, indicator and measure; their messages name the cell,
the indicator and the column as the sheet shows them.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl.utils import get_column_letter

from desktop.core.errors import Issue, Location, Severity
from desktop.core.excel.template_archive import _ZIP_ERRORS, _fail, _read_archive
from desktop.core.excel.template_book import BOOK_ERRORS, TemplateBook
from desktop.core.excel.template_cells import (
    EXACT_FLOAT_LIMIT,
    cell_value,
    display,
    raw_value,
    same,
)
from desktop.core.excel.template_layout import _check_structure, _layout, _sheet, _text
from desktop.core.excel.template_marks import (
    MARK_HEADER,
    check_mark_headers,
    mark_columns,
    mark_kind,
    read_mark_cells,
)
from desktop.core.excel.template_style import excel_number
from desktop.core.excel.template_writer import (
    DATA_SHEET,
    FORMAT,
    META_SHEET,
    NARRATIVE_SHEET,
    is_percent_column,
)
from desktop.core.formdef.loader import FormPack
from desktop.core.formdef.models import FormDefinition, ValueKind
from desktop.core.formdef.period_form import form_for_period, periods_phrase
from desktop.core.marks import MARK_LABELS, apply_marks
from desktop.core.submission import Submission

__all__ = ["META_SHEET", "excel_number", "read_template"]


def read_template(path: Path, pack: FormPack) -> tuple[Submission, list[Issue]]:
    """Read a filled template; return the submission and the cell issues (errors, notes)."""
    path = Path(path)
    archive = _read_archive(path)
    book = None
    try:
        book = TemplateBook(archive)
        return _read(path.name, book, pack)
    except (ParseError, KeyError, *_ZIP_ERRORS, *BOOK_ERRORS):
        # a damaged part shows only when it is parsed
        raise _fail(
            f"Tệp «{path.name}» bị hỏng, không đọc được nội dung trang tính (có phần của tệp "
            "không đúng định dạng Excel). Hãy mở bằng Excel, lưu lại, hoặc tải biểu mẫu mới từ "
            "BaoCao.",
            "tep_hong",
        ) from None
    finally:
        if book is not None:
            book.close()


# ------------------------------------------------------------------ the file


_META_KEYS = {
    "form": "mã biểu",
    "form_version": "phiên bản biểu",
    "form_hash": "dấu nội dung biểu",
    "unit": "mã đơn vị",
    "period": "kỳ báo cáo",
}


def _read_meta(name: str, wb) -> tuple[dict[str, str], dict[str, int]]:
    """The hidden sheet's entries (key in column A → value in B) and the row of each."""
    if META_SHEET not in wb.sheetnames:
        raise _fail(
            f"Tệp «{name}» không phải biểu mẫu BaoCao (thiếu trang thông tin ẩn «{META_SHEET}»). "
            "Hãy tải biểu mẫu Excel từ phần mềm BaoCao rồi nhập số liệu vào đó.",
            "khong_phai_bieu_baocao",
        )
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for n, line in enumerate(wb.sheet(META_SHEET).rows, start=1):
        key = line[0] if line else ""
        if key == "" or key is None:
            continue
        key = key.strip() if type(key) is str else _text(key)
        value = line[1] if len(line) > 1 else ""
        meta[key] = value.strip() if type(value) is str else _text(value)
        lines[key] = n
    fmt = meta.get("format")
    if fmt != FORMAT:
        raise _fail(
            f"Tệp «{name}»: trang thông tin ẩn «{META_SHEET}» (ô B{lines.get('format', '?')}) ghi định dạng "
            f"«{fmt or '(trống)'}», phần mềm này đọc «{FORMAT}». Hãy tải biểu mẫu mới từ BaoCao.",
            "khong_phai_bieu_baocao",
        )
    for key, what in _META_KEYS.items():
        if not meta.get(key):
            raise _fail(
                f"Tệp «{name}»: trang thông tin ẩn «{META_SHEET}» thiếu {what} (mục «{key}») — "
                "biểu mẫu đã bị sửa. Hãy tải biểu mẫu mới từ BaoCao.",
                "khong_phai_bieu_baocao",
            )
    return meta, lines


def _check_form(
    name: str, meta: dict[str, str], meta_lines: dict[str, int], pack: FormPack
) -> FormDefinition:
    def where(key: str) -> str:
        return f"trang thông tin ẩn «{META_SHEET}», ô B{meta_lines.get(key, '?')}"

    form_id = meta["form"]
    if form_id not in pack.forms:
        raise _fail(
            f"Tệp «{name}» ({where('form')}) là "
            f"biểu có mã «{form_id}», bộ biểu mẫu hiện dùng không có biểu này; các biểu đang "
            f"dùng: {', '.join(f'«{f.title}»' for f in pack.forms.values())}. Hãy tải biểu mẫu "
            "mới từ BaoCao.",
            "bieu_khong_ton_tai",
        )
    form = pack.forms[form_id]
    version = meta["form_version"]
    if version != str(form.version):
        raise _fail(
            f"Biểu mẫu đã thay đổi: tệp «{name}» theo phiên bản {version}, hiện dùng phiên bản "
            f"{form.version} của biểu «{form.title}» ({where('form_version')}) — hãy tải mẫu mới "
            "và nhập lại.",
            "bieu_da_thay_doi",
        )
    if meta["form_hash"] != pack.content_hash(form_id):
        raise _fail(
            f"Biểu mẫu đã thay đổi: tệp «{name}» được tạo từ nội dung khác của biểu «{form.title}» "
            f"(cùng phiên bản {form.version} nhưng chỉ tiêu hoặc cột đã sửa; {where('form_hash')}) "
            "— hãy tải mẫu mới.",
            "bieu_da_thay_doi",
        )
    return form


def _check_period_columns(name: str, meta: dict[str, str], meta_lines: dict[str, int],
                          whole: FormDefinition, form: FormDefinition, catalog) -> None:  # fmt: skip
    """A template has the columns of its own period's type (`form_for_period`): one with a
    column that period has not, or without one it has, is a template of another type of
    period (or its recorded period was edited).  Refused, saying which column and period."""
    if form is whole:
        return
    recorded = {v for k, v in meta.items() if k.startswith("col:")}
    extra = [m for m in whole.measures if m in recorded and m not in form.measures]
    lacking = [m for m in form.measures if m not in recorded and m in whole.measure_periods]
    if not extra and not lacking:
        return
    from desktop.core.periods import Period

    label = Period.parse(meta["period"]).label
    code = (extra or lacking)[0]
    short = md.short if (md := catalog.measure(code)) else code
    has = "có" if extra else "không có"
    raise _fail(
        f"Tệp «{name}» ghi kỳ {label} (trang thông tin ẩn «{META_SHEET}», ô "
        f"B{meta_lines.get('period', '?')}) nhưng {has} cột «{short}», cột chỉ có ở "
        f"{periods_phrase(whole, code)}: tệp là biểu mẫu của một loại kỳ khác, hoặc kỳ đã bị "
        f"sửa. Hãy tải biểu mẫu của {label} từ BaoCao rồi nhập lại.",
        "bieu_mau_ky_khac",
    )


# ------------------------------------------------------------------ values


def _read(name: str, book: TemplateBook, pack: FormPack) -> tuple[Submission, list[Issue]]:
    meta, meta_lines = _read_meta(name, book)
    whole = _check_form(name, meta, meta_lines, pack)
    form = form_for_period(whole, meta["period"])  # the period's columns (period_form.py)
    _check_period_columns(name, meta, meta_lines, whole, form, pack.catalog)
    sheet_name = meta.get("data_sheet") or DATA_SHEET
    narr_sheet = meta.get("narrative_sheet") or NARRATIVE_SHEET
    ws = _sheet(name, book, sheet_name)
    nws = book.sheet(narr_sheet) if narr_sheet in book.sheetnames else None
    rows, cols, heads, narrs, prefilled = _layout(name, meta, meta_lines, form, pack.catalog)
    _check_structure(name, sheet_name, meta, ws, nws, form, rows, cols, heads, narrs)
    marked = book.marked(sheet_name)  # cells holding a formula or an error

    sub = Submission(
        form_id=form.id,
        form_version=form.version,
        unit=meta["unit"],
        period=meta["period"],
        author=None,
    )
    issues: list[Issue] = []

    def say(severity: Severity, code: str, what: str, at=None) -> None:
        """An issue at the cell being read (the loop's coord, ind, mcode; or `at`, a mark's
        cell and indicator): the message says what is wrong; the place is said once, by the
        location (file, sheet, cell, form, indicator, column), which `Issue.render` names in
        full."""
        cell, row_ind, measure = (coord, ind, mcode) if at is None else (*at, None)
        where = Location(file=name, sheet=sheet_name, cell=cell, form=form.id,
                         indicator=row_ind.code, measure=measure)  # fmt: skip
        message = what[:1].upper() + what[1:]
        issue = Issue(severity=severity, code=code, message=message, location=where)
        (issues if severity is not Severity.INFO else sub.notes).append(issue)

    marks_at = mark_columns(meta)  # (a template written before marks has none)
    columns = []
    for col, mcode in sorted(cols.items()):
        measure = pack.catalog.measure(mcode)
        head = heads.get(col) or (measure.short if measure is not None else mcode)
        columns.append((col, get_column_letter(col), mcode, measure, head))
    values = sub.values
    for row, ind in sorted(rows.items()):
        line = ws.rows[row - 1] if row <= ws.max_row else []
        carried = set(form.measures_of(ind))
        for col, letter, mcode, measure, head in columns:
            value = line[col - 1] if col <= len(line) else ""
            coord = f"{letter}{row}"
            info = marked.get(coord)
            if info is None and (value == "" or value is None):
                continue  # an empty cell
            pct = measure is not None and is_percent_column(ind, measure)
            if info is None and type(value) is float and (pct or abs(value) >= EXACT_FLOAT_LIMIT):
                info = book.cell(sheet_name, coord)  # the number format, the exact digits
            raw = value if info is None else raw_value(None if value == "" else value, info)
            if info is not None and info.formula and (raw is None or raw == ""):
                say(Severity.ERROR, "cong_thuc_chua_tinh",
                    "ô chứa công thức chưa có giá trị; hãy nhập số (hoặc mở tệp bằng Excel và "
                    "lưu lại để công thức được tính).")  # fmt: skip
                continue
            if raw is None or (type(raw) is str and not raw.strip()):
                continue
            if mcode not in carried:
                say(Severity.ERROR, "so_do_khong_co",
                    f"chỉ tiêu này không có cột «{head}» (ô gạch xám); hãy xóa số ở ô này.")  # fmt: skip
                continue
            if marks_at is not None and type(raw) is str and ind.kind is not ValueKind.TEXT and (
                kind := mark_kind(raw)
            ):
                say(Severity.ERROR, "danh_dau_o_so_lieu",
                    f"«{raw.strip()}» là đánh dấu, không phải số: chọn «{MARK_LABELS[kind]}» ở ô "
                    f"{get_column_letter(marks_at[0])}{row} (cột «{MARK_HEADER}») và để trống ô "
                    "này.")  # fmt: skip
                continue
            value, said = cell_value(raw, info.number_format if info else "", ind, pct)
            if said is not None:
                say(said[0], said[1], said[2])
            if value is None:
                continue
            values[(ind.code, mcode)] = value
            before = prefilled.get(coord)
            if before is not None and same(value, before) is False:
                say(Severity.WARNING, "so_lieu_co_dinh_bi_sua",
                    f"số liệu đã có sẵn ({before}) nhưng đã bị sửa thành {display(value)}; "
                    "hãy kiểm tra lại.")  # fmt: skip
    if marks_at is not None:
        check_mark_headers(name, sheet_name, ws, int(meta["header_row"]), marks_at)

        def say_at(cell: str, row_ind, what: str) -> None:
            say(Severity.ERROR, "danh_dau_khong_hop_le", what, at=(cell, row_ind))

        sub.marks.update(read_mark_cells(ws, marks_at, rows, say_at))
        apply_marks(form, sub.values, sub.marks)  # the JSON format's route (marks.read_marks)
    places = sub.places  # where each cell is, for the validation's issues (engine.placed)
    for row, ind in rows.items():
        for i, (_, letter, mcode, _, _) in enumerate(columns):
            places[(ind.code, mcode)] = (sheet_name, f"{letter}{row}")
            if i == 0:
                places[(ind.code, None)] = (sheet_name, f"{letter}{row}")
    places.update({code: (narr_sheet, f"C{row}") for row, code in narrs.items()})
    if nws is not None:
        for row, code in sorted(narrs.items()):
            raw = nws.value(row, 3)  # a formula's cached value
            text = _text(raw) if not isinstance(raw, str) else raw.strip()
            if text:
                sub.narratives[code] = text
    return sub, issues + sub.notes
