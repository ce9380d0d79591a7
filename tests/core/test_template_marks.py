"""Marks in the Excel template (docs/excel-template.md): a clerk filling the workbook offline
says «không phát sinh» or «chưa có số liệu» (with a reason) in the «Đánh dấu» column, and the
reader gives back the same marks the entry grid sets.

- a property: the real template filled with figures and marks (each mark spelled as a clerk
  may: without diacritics, in capitals, spaced, shortened) reads back to the same figures
  and marks, and stores;
- a draft's marks written into the template read back unchanged;
- the real template filled by openpyxl as a clerk would: a loose spelling is taken, an
  ambiguous one («không có số liệu») is an error naming the sheet and the cell.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.excel.template_marks import MARK_HEADER, REASON_HEADER, mark_kind
from desktop.core.excel.template_reader import META_SHEET, read_template
from desktop.core.excel.template_style import DATA_SHEET
from desktop.core.excel.templates import make_template
from desktop.core.formdef.models import ValueKind
from desktop.core.marks import CHUA_CO_SO_LIEU, KHONG_PHAT_SINH, MARK_LABELS, Mark, actual_measure
from desktop.core.numbers import format_vn
from tests.core.package_tools import installation
from tests.core.test_roundtrip_properties import PERIOD, figures

FORM = "ngan_sach"


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    """(services, the blank template's path, its meta, the figure rows' codes)."""
    tmp = tmp_path_factory.mktemp("template_marks")
    svc = installation(tmp, "don_vi")
    path = make_template(svc, form_id=FORM, unit_code="178", period_text=PERIOD, out=tmp / "bieu.xlsx")
    wb = openpyxl.load_workbook(path)
    meta = {str(k): str(v) for k, v in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True) if k}
    form = svc.pack.get(FORM)
    codes = [i.code for i in form.iter_indicators() if i.kind is not ValueKind.TEXT]
    return svc, path, meta, codes


def _row(meta, code) -> int:
    return next(int(k.split(":")[1]) for k, v in meta.items() if k.startswith("row:") and v == code)


def _col(meta, measure) -> str:
    return next(k.split(":")[1] for k, v in meta.items() if k.startswith("col:") and v == measure)


def _strip_marks(text: str) -> str:
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c))


@st.composite
def spelled(draw, kind: str) -> str:
    """The mark as a clerk may type it: exact, without diacritics, capitals, spaces, shortened."""
    text = MARK_LABELS[kind]
    if draw(st.booleans()):
        text = _strip_marks(text)
    text = draw(st.sampled_from([text, text.upper(), text.title(), text.capitalize()]))
    if draw(st.booleans()):
        text = draw(st.sampled_from(["  ", " ", ""])).join(text.split())
    if draw(st.booleans()):  # shortened, still more than the first word's start
        text = text[: draw(st.integers(min(len(text), len(text.split()[0]) + 2), len(text)))]
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", "  "]))


REASONS = st.text(alphabet="abcdeghiklmnopqrstuvxyàáảãạăâđêôơưếốớứ ,.()0123456789KB", min_size=1, max_size=40).map(
    lambda t: " ".join(t.split())
).filter(bool)


@st.composite
def fillings(draw, codes):
    """Per row: a figure (typed the Vietnamese way), a mark as typed, or nothing."""
    chosen = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=8, unique=True))
    out = {}
    for code in chosen:
        what = draw(st.sampled_from(["figure", KHONG_PHAT_SINH, CHUA_CO_SO_LIEU]))
        if what == "figure":
            out[code] = ("figure", draw(figures(int_digits=12, places=3, signed=False)))
        elif what == KHONG_PHAT_SINH:
            out[code] = (what, draw(spelled(KHONG_PHAT_SINH)), "")
        else:
            out[code] = (what, draw(spelled(CHUA_CO_SO_LIEU)), draw(REASONS))
    return out


def _fill_xml(blank, cells: dict[str, str], out):
    """Type texts into empty cells as Excel stores them (inline strings), in the real file."""
    svc, path, meta, codes = blank
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, text in cells.items():
        body = f'<is><t xml:space="preserve">{escape(text)}</t></is>'
        pattern = rf'<c r="{cell}"( s="\d+")?( t="n")?>(</c>)?|<c r="{cell}"( s="\d+")?/>'
        typed = rf'<c r="{cell}"\g<1>\g<4> t="inlineStr">{body.replace(chr(92), chr(92) * 2)}</c>'
        sheet, n = re.subn(pattern, typed, sheet)
        assert n == 1, cell
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return read_template(out, svc.pack)


@settings(max_examples=30)
@given(st.data())
def test_figures_and_marks_read_back_as_the_grid_sets_them(blank, tmp_path_factory, data):
    svc, path, meta, codes = blank
    form = svc.pack.get(FORM)
    imap = form.indicator_map()
    filling = data.draw(fillings(codes))
    mark_col, reason_col = meta["mark_col"], meta["reason_col"]
    cells = {}
    for code, (what, *rest) in filling.items():
        row = _row(meta, code)
        if what == "figure":
            cells[f"{_col(meta, actual_measure(form, imap[code]))}{row}"] = format_vn(rest[0])
        else:
            cells[f"{mark_col}{row}"] = rest[0]
            if rest[1]:
                cells[f"{reason_col}{row}"] = rest[1]
    sub, issues = _fill_xml(blank, cells, tmp_path_factory.mktemp("f") / "da_dien.xlsx")
    assert not [i for i in issues if i.is_error], [i.render() for i in issues]
    expected_marks = {c: Mark(w, r[1]) for c, (w, *r) in filling.items() if w != "figure"}
    assert sub.marks == expected_marks
    for code, (what, *rest) in filling.items():
        m = actual_measure(form, imap[code])
        if what == "figure":
            assert sub.values[(code, m)] == rest[0]
        elif what == KHONG_PHAT_SINH:
            assert sub.values[(code, m)] == 0
        else:
            assert (code, m) not in sub.values
    report = svc.validate(sub)
    assert not [i for i in report.issues if i.code in ("thieu_ly_do", "danh_dau_mau_thuan")]


def test_a_drafts_marks_are_written_and_read_back(blank, tmp_path):
    svc, _, _, codes = blank  # (the draft is stored last: the other tests read the blank file)
    form = svc.pack.get(FORM)
    sub, _ = read_template(blank[1], svc.pack)
    sub.values[("NS_THU", "th_ky")] = Decimal("209435")
    sub.marks.update({"NS_CHI": Mark(CHUA_CO_SO_LIEU, "Chờ số liệu của Kho bạc"),
                      codes[-1]: Mark(KHONG_PHAT_SINH, "")})  # fmt: skip
    sub.values[(codes[-1], actual_measure(form, form.indicator_map()[codes[-1]]))] = Decimal(0)
    svc.save_entry(svc.validate(sub), final=False, actor="Lan")
    path = make_template(svc, form_id=FORM, unit_code="178", period_text=PERIOD, out=tmp_path / "nhap.xlsx")
    again, issues = read_template(path, svc.pack)
    assert not [i for i in issues if i.is_error]
    assert again.marks == sub.marks
    assert again.values == sub.values


def test_clerk_fills_marks_with_openpyxl_loose_and_ambiguous(blank, tmp_path):
    svc, path, meta, _ = blank
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA_SHEET]
    header_row = int(meta["header_row"])
    assert ws[f"{meta['mark_col']}{header_row}"].value == MARK_HEADER
    assert ws[f"{meta['reason_col']}{header_row}"].value == REASON_HEADER
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and "không phát sinh" in lists[0].formula1 and "chưa có số liệu" in lists[0].formula1
    thu, chi = _row(meta, "NS_THU"), _row(meta, "NS_CHI")
    ws[f"{meta['mark_col']}{thu}"] = "  KHONG  phat sinh "
    ws[f"{meta['mark_col']}{chi}"] = "Chua co"
    ws[f"{meta['reason_col']}{chi}"] = "chờ Kho bạc"
    wb.save(tmp_path / "loose.xlsx")
    sub, issues = read_template(tmp_path / "loose.xlsx", svc.pack)
    assert not [i for i in issues if i.is_error], [i.render() for i in issues]
    assert sub.marks == {"NS_THU": Mark(KHONG_PHAT_SINH, ""), "NS_CHI": Mark(CHUA_CO_SO_LIEU, "chờ Kho bạc")}

    ws[f"{meta['mark_col']}{thu}"] = "không có số liệu"  # nothing happened, or not known yet?
    ws[f"{meta['reason_col']}{chi}"] = None
    ws[f"{meta['mark_col']}{chi}"] = None
    ws[f"{meta['reason_col']}{chi}"] = "chờ Kho bạc"  # a reason with no mark
    wb.save(tmp_path / "mo_ho.xlsx")
    sub, issues = read_template(tmp_path / "mo_ho.xlsx", svc.pack)
    errors = {i.location.cell: i for i in issues if i.is_error}
    assert set(errors) == {f"{meta['mark_col']}{thu}", f"{meta['reason_col']}{chi}"}
    bad = errors[f"{meta['mark_col']}{thu}"]
    assert bad.location.sheet == DATA_SHEET
    text = bad.render()
    assert f"{meta['mark_col']}{thu}" in text and DATA_SHEET in text
    assert "«không có số liệu» không phải một đánh dấu" in text and "«chưa có số liệu»" in text
    assert f"ô {meta['mark_col']}{chi} chưa chọn" in errors[f"{meta['reason_col']}{chi}"].message
    assert sub.marks == {}

    ws[f"{meta['reason_col']}{chi}"] = None
    ws[f"{meta['mark_col']}{thu}"] = None
    ws[f"{_col(meta, 'th_ky')}{thu}"] = "Không phát sinh"  # typed where the figure goes
    wb.save(tmp_path / "o_so.xlsx")
    _, issues = read_template(tmp_path / "o_so.xlsx", svc.pack)
    (bad,) = [i for i in issues if i.is_error]
    assert bad.code == "danh_dau_o_so_lieu" and bad.location.cell == f"{_col(meta, 'th_ky')}{thu}"
    assert f"ở ô {meta['mark_col']}{thu} (cột «{MARK_HEADER}»)" in bad.message


def test_mark_texts():
    assert mark_kind("Không phát sinh") == KHONG_PHAT_SINH
    assert mark_kind("CHƯA CÓ SỐ LIỆU") == CHUA_CO_SO_LIEU
    assert mark_kind("chuacosolieu") == CHUA_CO_SO_LIEU
    assert mark_kind("kh") is None  # too short to say
    assert mark_kind("không có số liệu") is None
    assert mark_kind("0") is None
