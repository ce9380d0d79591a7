"""The consolidated workbook, written to a real .xlsx and read back with openpyxl.

The result is built by hand from the real `ngan_sach` form: three expected units, one of
them missing, section headings, percentages recomputed from the totals, a None cell, a
note and narratives (one of them a formula-injection attempt).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop.core.consolidation.model import (
    ConsolidatedForm,
    ConsolidatedRow,
    ConsolidationResult,
    UnitRef,
)
from desktop.core.excel.workbook import (
    place_name,
    sheet_names_for,
    vn_date_line,
    write_consolidated_workbook,
)
from desktop.core.excel.workbook_styles import number_value
from desktop.core.formdef.layout import form_rows

MEASURES = ["th_ky", "luy_ke", "du_toan_tinh", "cung_ky", "pct_dt_tinh", "pct_ck"]
VALUE_MEASURES = MEASURES[:4]
TP = UnitRef("178", "Thành phố Lạng Sơn", "")
CAO_LOC = UnitRef("181", "Huyện Cao Lộc", "")
VAN_LANG = UnitRef("182", "Huyện Văn Lãng", "")  # expected, never reported
INJECTION = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'

# unit → indicator → measure → figure (None = the unit left it empty)
FIGURES: dict[str, dict[str, dict[str, Decimal | None]]] = {
    "178": {
        "NS_THU": dict(
            th_ky=Decimal("209435.5"),
            luy_ke=Decimal("1209435.25"),
            du_toan_tinh=Decimal("2100000"),
            cung_ky=Decimal("198000"),
        ),
        "NS_THU_ND": dict(
            th_ky=Decimal("200000"),
            luy_ke=Decimal("1100000"),
            du_toan_tinh=Decimal("2000000"),
            cung_ky=Decimal("190000"),
        ),
        "NS_THU_ND_KSDD": dict(
            th_ky=Decimal("150000"),
            luy_ke=Decimal("800000"),
            du_toan_tinh=Decimal("1500000"),
            cung_ky=Decimal("140000"),
        ),
        "NS_THU_SDD": dict(
            th_ky=Decimal("50000"),
            luy_ke=Decimal("300000"),
            du_toan_tinh=Decimal("500000"),
            cung_ky=None,
        ),
        "NS_CHI": dict(
            th_ky=Decimal("5832661500"),
            luy_ke=Decimal("15832661500"),
            du_toan_tinh=Decimal("30000000000"),
            cung_ky=Decimal("5000000000"),
        ),
        "NS_CHI_DTPT": dict(
            th_ky=Decimal("1000.125"),
            luy_ke=Decimal("3000.5"),
            du_toan_tinh=Decimal("8000"),
            cung_ky=Decimal("900"),
        ),
        "NS_CHI_TX": dict(
            th_ky=Decimal("4000"),
            luy_ke=Decimal("12000"),
            du_toan_tinh=Decimal("24000"),
            cung_ky=Decimal("3900"),
        ),
    },
    "181": {
        "NS_THU": dict(
            th_ky=Decimal("57300"),
            luy_ke=Decimal("300000"),
            du_toan_tinh=Decimal("600000"),
            cung_ky=Decimal("50000"),
        ),
        "NS_THU_ND": dict(
            th_ky=Decimal("57000"),
            luy_ke=Decimal("290000"),
            du_toan_tinh=Decimal("590000"),
            cung_ky=Decimal("49000"),
        ),
        "NS_THU_ND_KSDD": dict(
            th_ky=Decimal("40000"),
            luy_ke=Decimal("200000"),
            du_toan_tinh=Decimal("400000"),
            cung_ky=Decimal("35000"),
        ),
        "NS_THU_SDD": dict(
            th_ky=Decimal("17000"),
            luy_ke=Decimal("90000"),
            du_toan_tinh=Decimal("190000"),
            cung_ky=None,
        ),
        "NS_CHI": dict(
            th_ky=Decimal("123456789.75"),
            luy_ke=Decimal("323456789.75"),
            du_toan_tinh=Decimal("700000000"),
            cung_ky=Decimal("100000000"),
        ),
        "NS_CHI_DTPT": dict(
            th_ky=Decimal("0.1"),
            luy_ke=Decimal("0.3"),
            du_toan_tinh=Decimal("1"),
            cung_ky=Decimal("0.2"),
        ),
        "NS_CHI_TX": dict(
            th_ky=Decimal("3000"),
            luy_ke=Decimal("9000"),
            du_toan_tinh=Decimal("18000"),
            cung_ky=Decimal("2800"),
        ),
    },
}
NOTE = "Số liệu của 1/2 đơn vị đã báo cáo"


def _total(code: str, measure: str) -> Decimal | None:
    got = [FIGURES[u][code][measure] for u in FIGURES]
    got = [g for g in got if g is not None]
    return sum(got, Decimal(0)) if got else None


def _pct(code: str, nums: list[str], den: str) -> Decimal | None:
    num_total, den_total = Decimal(0), Decimal(0)
    for unit in FIGURES.values():
        num = next((unit[code][n] for n in nums if unit[code][n] is not None), None)
        d = unit[code][den]
        if num is None or d is None:
            continue
        num_total += num
        den_total += d
    return num_total / den_total * 100 if den_total else None


def expected_values(code: str) -> dict[str, Decimal | None]:
    values = {m: _total(code, m) for m in VALUE_MEASURES}
    values["pct_dt_tinh"] = _pct(code, ["luy_ke", "th_ky"], "du_toan_tinh")
    values["pct_ck"] = _pct(code, ["th_ky"], "cung_ky")
    return values


def make_result(pack, *, label_override: dict[str, str] | None = None) -> ConsolidationResult:
    form = pack.get("ngan_sach")
    catalog = pack.catalog
    rows = []
    for r in form_rows(form):
        if r.indicator is None:
            rows.append(ConsolidatedRow(r.stt, 0, r.section.title, None))
            continue
        code = r.indicator.code
        if code not in FIGURES["178"]:
            continue  # the test's figures cover the budget form's core rows, not every indicator
        unit = catalog.unit(r.indicator.unit)
        rows.append(
            ConsolidatedRow(
                r.stt,
                r.level,
                (label_override or {}).get(code, r.indicator.label),
                r.indicator,
                unit.label,
                expected_values(code),
                {u.key: dict(FIGURES[u.code][code]) for u in (TP, CAO_LOC)},
                {m: 2 for m in MEASURES},
                NOTE if code == "NS_THU_SDD" else "",
            )
        )
    cf = ConsolidatedForm(
        form=form,
        period="2023-H1",
        period_label="6 tháng đầu năm 2023",
        expected=[TP, CAO_LOC, VAN_LANG],
        reported=[TP, CAO_LOC],
        missing=[VAN_LANG],
        measures=list(MEASURES),
        rows=rows,
        narratives={
            TP.key: {"ket_qua": INJECTION, "han_che": "Tiến độ giải ngân còn chậm."},
            CAO_LOC.key: {"ket_qua": "Thu ngân sách đạt 50% dự toán.\n\nChi đúng tiến độ."},
        },
        notes=["Huyện Cao Lộc: cộng từ các báo cáo tháng."],
    )
    return ConsolidationResult(
        period="2023-H1",
        period_label="6 tháng đầu năm 2023",
        level="province",
        as_of="2023-06-20T08:30:00",
        issuer="UBND TỈNH LẠNG SƠN",
        area_name="Tỉnh Lạng Sơn",
        forms=[cf],
    )


@pytest.fixture
def written(pack, tmp_path):
    calls: list[tuple[int, int]] = []
    out = write_consolidated_workbook(
        make_result(pack),
        pack.catalog,
        tmp_path / "tong_hop.xlsx",
        progress=lambda d, t: calls.append((d, t)),
    )
    return out, openpyxl.load_workbook(out), calls


def _texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _find(ws, text: str):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c
    raise AssertionError(f"{text!r} not in {ws.title}")


MAIN, DETAIL = "Biểu 05 Thu, chi ngân sách nhà", "CT 05 Thu, chi ngân sách nhà"


def test_sheet_names_and_progress(written):
    out, wb, calls = written
    assert out.exists()
    assert wb.sheetnames == [MAIN, DETAIL, "Thuyết minh", "Tình hình báo cáo"]
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_sheet_names_are_legal_and_unique(pack):
    form = pack.get("ngan_sach")
    odd = form.model_copy(update={"title": "Thu/chi [thử]: a*b? c\\d " + "x" * 40})
    main, detail = sheet_names_for([form, form, odd])
    for name in main + detail:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
    assert len({n.casefold() for n in main + detail}) == 6


def test_header_block(written):
    _, wb, _ = written
    ws = wb[MAIN]
    assert ws["A1"].value == "UBND TỈNH LẠNG SƠN" and ws["A1"].font.b
    assert ws["A2"].value == "Số:      /BC-UBND"
    motto = _find(ws, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert motto.row == 1 and motto.font.b
    assert _find(ws, "Độc lập - Tự do - Hạnh phúc").font.u == "single"
    texts = _texts(ws)
    for text in (
        "Biểu số 05",
        "TỔNG HỢP THU, CHI NGÂN SÁCH NHÀ NƯỚC",
        "6 tháng đầu năm 2023",
        "(Kèm theo Báo cáo số      /BC-UBND ngày    /    /      )",
        "NGƯỜI LẬP BIỂU",
        "TM. ỦY BAN NHÂN DÂN",  # a UBND's table is signed for the committee (issue 10)
        "KT. CHỦ TỊCH",
        "(Ký, ghi rõ họ tên)",
        "Lạng Sơn, ngày      tháng      năm        ",
        "Thiếu số liệu 1 đơn vị: Huyện Văn Lãng.",
        "Huyện Cao Lộc: cộng từ các báo cáo tháng.",
    ):
        assert text in texts, text
    title = _find(ws, "TỔNG HỢP THU, CHI NGÂN SÁCH NHÀ NƯỚC")
    assert title.font.b and title.font.sz >= 13 and title.alignment.horizontal == "center"
    assert _find(ws, "Thiếu số liệu 1 đơn vị: Huyện Văn Lãng.").font.i


def test_report_number_and_date(pack, tmp_path):
    out = write_consolidated_workbook(
        make_result(pack),
        pack.catalog,
        tmp_path / "a.xlsx",
        report_no="583",
        report_date=dt.date(2023, 6, 5),
    )
    texts = _texts(openpyxl.load_workbook(out)[MAIN])
    assert "(Kèm theo Báo cáo số 583/BC-UBND ngày 05/06/2023)" in texts
    assert "Số: 583/BC-UBND" in texts
    assert "Lạng Sơn, ngày 05 tháng 6 năm 2023" in texts
    assert vn_date_line("Lạng Sơn", dt.date(2024, 2, 1)) == "Lạng Sơn, ngày 01 tháng 02 năm 2024"
    assert place_name("Huyện Cao Lộc") == "Cao Lộc"


def test_column_headers_and_numbered_row(written):
    _, wb, _ = written
    ws = wb[MAIN]
    top = _find(ws, "STT").row
    assert top == 9
    head = [c.value for c in ws[top]]
    assert head[:9] == [
        "STT", "Chỉ tiêu", "Mã số", "Đơn vị tính",
        "TH kỳ báo cáo", "Lũy kế", "DT tỉnh giao", "Cùng kỳ", "So sánh (%)",
    ]  # fmt: skip
    assert head[10] == "Ghi chú"
    assert [c.value for c in ws[top + 1]][8:10] == ["DT tỉnh", "Cùng kỳ"]
    numbered = [c.value for c in ws[top + 2]]
    assert numbered == [
        "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)",
        "(9)=(6)/(7)", "(10)=(5)/(8)", "(11)",
    ]  # fmt: skip
    merged = {str(r) for r in ws.merged_cells.ranges}
    for col in "ABCDEFGHK":
        assert f"{col}{top}:{col}{top + 1}" in merged
    assert f"I{top}:J{top}" in merged
    assert all(c.border.left.style == "thin" for c in ws[top + 2])


def _data_rows(ws):
    first = _find(ws, "(1)").row + 1
    for row in ws.iter_rows(min_row=first):
        if row[0].value is None:
            return
        yield row


def test_values_are_exact_numbers(written):
    _, wb, _ = written
    ws = wb[MAIN]
    rows = list(_data_rows(ws))
    assert [r[0].value for r in rows] == ["I", "1", "1.1", "a", "b", "II", "1", "1.1", "1.2"]
    seen, pct_formats = 0, set()
    for row in rows:
        code = row[2].value
        if code is None:  # section heading: no figures
            assert all(c.value is None for c in row[4:10])
            continue
        want = expected_values(code)
        for cell, m in zip(row[4:10], MEASURES, strict=True):
            expected = number_value(want[m], percent=m.startswith("pct_"))
            if expected is None:
                assert cell.value is None, (code, m)
                continue
            assert cell.data_type == "n"
            assert Decimal(str(cell.value)) == expected, (code, m, cell.value)
            assert "#,##0" in cell.number_format
            if m.startswith("pct_"):  # the places it has, up to 2, as the page: «5,1» not «5,10»
                shown = expected.normalize().as_tuple().exponent
                want_fmt = "#,##0" + ("." + "0" * -shown if shown < 0 else "")
                assert cell.number_format == want_fmt, (code, m, expected)
                pct_formats.add(cell.number_format)
            seen += 1
    assert seen == 7 * 6 - 2  # NS_THU_SDD has no cùng kỳ, hence no % cùng kỳ either
    assert len(pct_formats) >= 2, pct_formats  # the figures have different places
    # the exact value for a big figure and a small one, not a float approximation
    chi = next(r for r in rows if r[2].value == "NS_CHI")
    assert Decimal(str(chi[4].value)) == Decimal("5956118289.75")
    dtpt = next(r for r in rows if r[2].value == "NS_CHI_DTPT")
    assert Decimal(str(dtpt[4].value)) == Decimal("1000.225")
    assert dtpt[4].number_format == "#,##0.000"


def test_percent_shows_its_own_places_up_to_two():
    """«5,1», «37,6», «5», «5,12» in the workbook as on the page, never «5,10» (L10)."""
    from desktop.core.excel.workbook_styles import number_format, percent_places

    shown = {
        t: number_format(percent_places(number_value(Decimal(t), percent=True)))
        for t in ("5.10", "37.6", "5", "5.123", "100.00")
    }
    assert shown == {
        "5.10": "#,##0.0", "37.6": "#,##0.0", "5": "#,##0", "5.123": "#,##0.00", "100.00": "#,##0"
    }  # fmt: skip


def test_columns_are_wide_enough_for_their_figures(written):
    """No ### in Excel: each column is wider than its longest figure as displayed."""
    _, wb, _ = written
    for ws in (wb[MAIN], wb[DETAIL]):
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "n" or c.value is None:
                    continue
                decimals = c.number_format.partition(".")[2].count("0")
                shown = f"{Decimal(str(c.value)):,.{decimals}f}"
                width = ws.column_dimensions[c.column_letter].width
                assert width >= len(shown) * 1.08 + 1, (ws.title, c.coordinate, shown, width)


def test_number_value_rules():
    assert number_value(Decimal("57.345"), percent=True) == Decimal("57.35")
    assert number_value(Decimal("2") / Decimal("3") * 100, percent=True) == Decimal("66.67")
    assert number_value(Decimal("209435")) == Decimal("209435")
    assert number_value(Decimal("0.125")) == Decimal("0.125")  # figures are not rounded
    # beyond Excel's 15 significant digits, rounded as Excel would
    assert number_value(Decimal("1234567890.1234567")) == Decimal("1234567890.12346")
    assert (
        number_value(Decimal("-0")) == Decimal("0") and not number_value(Decimal("-0")).is_signed()
    )
    assert number_value(None) is None and number_value(Decimal("NaN")) is None


def test_row_layout(written):
    _, wb, _ = written
    ws = wb[MAIN]
    rows = {r[2].value or r[1].value: r for r in _data_rows(ws)}
    heading = rows["THU NGÂN SÁCH NHÀ NƯỚC"]
    assert heading[0].value == "I" and heading[1].font.b
    assert rows["NS_THU"][1].alignment.indent == 0 and rows["NS_THU"][1].font.b
    assert rows["NS_THU_ND"][1].alignment.indent == 1
    assert rows["NS_THU_SDD"][1].alignment.indent == 2
    assert rows["NS_THU_SDD"][1].value == "Thu tiền sử dụng đất"  # no padding spaces
    assert rows["NS_THU_SDD"][3].value == "triệu đồng"
    assert rows["NS_THU_SDD"][10].value == NOTE
    assert rows["NS_THU"][1].alignment.wrap_text


def test_fonts_are_times_new_roman(written):
    _, wb, _ = written
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    assert c.font.name == "Times New Roman", (ws.title, c.coordinate)
    assert wb._named_styles["Normal"].font.name == "Times New Roman"  # the default font


def test_print_settings_and_panes(written):
    _, wb, _ = written
    ws = wb[MAIN]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows.replace("$", "") == "9:11"
    assert ws.freeze_panes == "E12"
    assert ws.page_margins.top == pytest.approx(2 / 2.54)
    assert ws.page_margins.left == pytest.approx(3 / 2.54)
    assert "&P" in ws.oddFooter.center.text
    for other in wb.worksheets:
        assert other.page_setup.orientation == "landscape"
        assert int(other.page_setup.paperSize) == 9
        assert other.freeze_panes
    assert wb[DETAIL].sheet_properties.pageSetUpPr.fitToPage  # 3 units: one page wide
    # every sheet freezes right under its column headers
    for title, col in (("Thuyết minh", "A"), ("Tình hình báo cáo", "D"), (DETAIL, "E")):
        ws = wb[title]
        head = _find(ws, "STT").row
        below = head + (2 if title == DETAIL else 1)
        assert ws.freeze_panes == f"{col}{below}", title


def test_breakdown_sheet(written):
    _, wb, _ = written
    ws = wb[DETAIL]
    head_cell = _find(ws, "STT")
    head = [c.value for c in ws[head_cell.row]]
    assert head[4:] == [
        "Thành phố Lạng Sơn",
        "Huyện Cao Lộc",
        "Huyện Văn Lãng\n(chưa báo cáo)",
        "Tổng cộng",
    ]
    assert ws.freeze_panes == f"E{head_cell.row + 2}"
    for row in ws.iter_rows(min_row=head_cell.row + 2):
        code = row[2].value
        if code is None:
            continue
        assert Decimal(str(row[4].value)) == FIGURES["178"][code]["th_ky"]
        assert Decimal(str(row[5].value)) == FIGURES["181"][code]["th_ky"]
        assert row[6].value is None  # the missing unit: an empty column, never zero
        assert Decimal(str(row[7].value)) == _total(code, "th_ky")
        assert row[4].data_type == "n" and "#,##0" in row[4].number_format


def test_narratives_collated_and_formula_injection_is_text(written):
    _, wb, _ = written
    ws = wb["Thuyết minh"]
    cell = _find(ws, INJECTION)
    assert cell.data_type == "s" and cell.value.startswith("=")
    assert ws.cell(cell.row, 2).value == "Thành phố Lạng Sơn"
    assert ws.cell(cell.row, 3).value == "Kết quả thu, chi ngân sách"
    rows = [[c.value for c in r] for r in ws.iter_rows() if r[1].value in (TP.name, CAO_LOC.name)]
    assert [r[1:3] for r in rows] == [
        [TP.name, "Kết quả thu, chi ngân sách"],
        [CAO_LOC.name, "Kết quả thu, chi ngân sách"],
        [CAO_LOC.name, "Kết quả thu, chi ngân sách"],
        [TP.name, "Hạn chế, khó khăn, nguyên nhân"],
    ]
    assert [r[3] for r in rows[1:3]] == ["Thu ngân sách đạt 50% dự toán.", "Chi đúng tiến độ."]
    assert _find(ws, INJECTION).alignment.wrap_text


def test_label_and_text_starting_with_formula_characters_stay_text(pack, tmp_path):
    result = make_result(pack, label_override={"NS_CHI_TX": "-abc", "NS_CHI_DTPT": "@SUM(A1)"})
    out = write_consolidated_workbook(result, pack.catalog, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(out)
    for text in ("-abc", "@SUM(A1)"):
        cell = _find(wb[MAIN], text)
        assert cell.data_type == "s" and cell.quotePrefix
    # the raw XML has no formula element at all
    import zipfile

    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8")


def test_completeness_sheet(written):
    _, wb, _ = written
    ws = wb["Tình hình báo cáo"]
    by_name = {r[2].value: [c.value for c in r] for r in ws.iter_rows() if r[2].value}
    assert by_name["Thành phố Lạng Sơn"][3:] == ["Đã", 1, 1]  # print: test_workbook_status_print
    assert by_name["Huyện Văn Lãng"][3:] == ["Chưa", 0, 1]
    counts = {
        r[0].value: r[3].value
        for r in ws.iter_rows()
        if r[0].value and str(r[0].value).startswith("Số đơn vị")
    }
    assert counts == {
        "Số đơn vị đã báo cáo": 2,
        "Số đơn vị chưa báo cáo": 1,
        "Số đơn vị phải báo cáo": 3,
    }


def test_vietnamese_text_is_nfc(pack, tmp_path):
    nfd = unicodedata.normalize("NFD", "Chi thường xuyên (đã điều chỉnh)")
    result = make_result(pack, label_override={"NS_CHI_TX": nfd})
    out = write_consolidated_workbook(result, pack.catalog, tmp_path / "n.xlsx")
    texts = _texts(openpyxl.load_workbook(out)[MAIN])
    assert "Chi thường xuyên (đã điều chỉnh)" in texts
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_missing_unit_only_and_empty_narratives(pack, tmp_path):
    """A form nobody reported: empty figures, every unit missing, no crash."""
    result = make_result(pack)
    cf = result.forms[0]
    empty_rows = [
        dataclasses.replace(r, values={}, by_unit={}, counts={}, note="") for r in cf.rows
    ]
    cf2 = dataclasses.replace(
        cf,
        reported=[],
        missing=list(cf.expected),
        rows=empty_rows,
        narratives={},
        measures=["th_ky"],
    )
    result = dataclasses.replace(result, forms=[cf2])
    out = write_consolidated_workbook(result, pack.catalog, tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(out)
    assert "Chưa có đơn vị nào gửi thuyết minh." in _texts(wb["Thuyết minh"])
    assert "Thiếu số liệu 3 đơn vị: Thành phố Lạng Sơn, Huyện Cao Lộc, Huyện Văn Lãng." in _texts(
        wb[MAIN]
    )


# ---------------------------------------------------------------- rendering (LibreOffice)


def _pdf_pages_and_size(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    return pages, (float(size[2]), float(size[4]))


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_renders_as_a4_landscape_pdf(pack, tmp_path):
    if not (shutil.which("pdftoppm") and shutil.which("pdfinfo")):
        pytest.skip("poppler-utils (pdftoppm, pdfinfo) are not installed")
    xlsx = write_consolidated_workbook(make_result(pack), pack.catalog, tmp_path / "tong_hop.xlsx")
    outdir = tmp_path / "pdf"
    profile = (tmp_path / "lo_profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = outdir / "tong_hop.pdf"
    assert pdf.exists()
    pages, (w, h) = _pdf_pages_and_size(pdf)
    assert pages >= 1
    assert abs(w - 842) <= 2 and abs(h - 595) <= 2, (w, h)  # A4 landscape, in points
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert pngs and pngs[0].stat().st_size > 0


def test_a_title_that_says_tổng_hợp_says_it_once(pack, tmp_path):
    """Biểu số 01 «Tổng hợp kinh tế» read «TỔNG HỢP TỔNG HỢP KINH TẾ» on its sheet (seen
    rendered with soffice); the others keep «TỔNG HỢP» before their title."""
    result = make_result(pack)
    [cf] = result.forms
    named = dataclasses.replace(cf, form=cf.form.model_copy(update={"title": "Tổng hợp kinh tế"}))
    out = write_consolidated_workbook(
        dataclasses.replace(result, forms=[named]), pack.catalog, tmp_path / "a.xlsx"
    )
    texts = _texts(openpyxl.load_workbook(out).worksheets[0])
    assert "TỔNG HỢP KINH TẾ" in texts
    assert not [t for t in texts if "TỔNG HỢP TỔNG HỢP" in t]


def test_a_long_narrative_row_is_as_tall_as_its_wrapped_lines():
    """Huyện Cao Lộc's «Hạn chế» (seed 004, Biểu số 18) in the 95-wide «Thuyết minh»
    column: LibreOffice wraps it on 4 lines (rendered with soffice --convert-to pdf), the
    row was made for 3 and its last words («chưa cao») were cut off the printed page."""
    import json

    from desktop.core.excel.workbook_styles import line_count

    seed = Path(__file__).parents[1] / "fixtures" / "seed004" / "noi_vu_cchc.json"
    said = json.loads(seed.read_text("utf-8"))["narratives"].values()
    [text] = [p for n in said for p in n.split("\n") if p.startswith("Công tác giải quyết")]
    assert line_count(text, 95.0) == 4
