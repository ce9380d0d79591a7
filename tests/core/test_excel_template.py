"""The Excel fill-in template: written, filled the way a clerk fills it, read back.

Real xlsx files in tmp_path, the real form pack (`forms/`), openpyxl as the "clerk".
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from desktop.core.errors import InputFileError, Severity
from desktop.core.excel.template_reader import excel_number, read_template
from desktop.core.excel.template_writer import (
    DATA_SHEET,
    FORMAT,
    META_SHEET,
    NARRATIVE_SHEET,
    validation_formula,
    write_template,
)
from desktop.core.formdef.loader import FormPack, form_hash
from desktop.core.formdef.models import FormDefinition
from desktop.core.formdef.period_form import measures_in

UNIT = "20001"
PERIOD = "2023-H1"

LAST_YEAR = {
    ("NS_THU", "th_ky"): Decimal("180250"),
    ("NS_THU_ND", "th_ky"): Decimal("150000.5"),
    ("NS_CHI", "th_ky"): Decimal("95000"),
    ("NS_THU", "luy_ke"): Decimal("1"),  # not used: cùng kỳ comes from th_ky
}
PLAN = {
    ("NS_THU", "du_toan_tinh"): Decimal("400000"),
    ("NS_THU", "du_toan_huyen"): Decimal("420000"),
    ("NS_CHI", "du_toan_tinh"): Decimal("380000"),
    ("NS_THU", "th_ky"): Decimal("7"),  # not a plan measure: ignored
}


def make(pack, tmp_path: Path, form_id: str = "ngan_sach", name: str = "bieu.xlsx", **kw) -> Path:
    form = pack.get(form_id)
    return write_template(
        form,
        pack.catalog,
        unit_code=UNIT,
        unit_name="UBND Thành phố Lạng Sơn",
        period_code=PERIOD,
        period_label="6 tháng đầu năm 2023",
        form_hash=pack.content_hash(form_id),
        out=tmp_path / name,
        app_version="0.1.0-test",
        **kw,
    )


def meta_of(wb) -> dict[str, str]:
    return {
        str(k): ("" if v is None else str(v))
        for k, v in wb[META_SHEET].iter_rows(max_col=2, values_only=True)
        if k is not None
    }


def cell_of(meta: dict[str, str], indicator: str, measure: str) -> str:
    row = next(k.split(":")[1] for k, v in meta.items() if k.startswith("row:") and v == indicator)
    col = next(k.split(":")[1] for k, v in meta.items() if k.startswith("col:") and v == measure)
    return f"{col}{row}"


def narrative_cell(meta: dict[str, str], code: str) -> str:
    row = next(k.split(":")[1] for k, v in meta.items() if k.startswith("narr:") and v == code)
    return f"C{row}"


def fill(path: Path, values: dict[tuple[str, str], object], narratives: dict[str, str] = None,
         out: Path | None = None, number_formats: dict[tuple[str, str], str] | None = None) -> Path:  # fmt: skip
    """Fill the template as a clerk would, by cell, and save it (to `out` or in place)."""
    wb = openpyxl.load_workbook(path)
    meta = meta_of(wb)
    ws = wb[DATA_SHEET]
    for (ind, mea), v in values.items():
        ws[cell_of(meta, ind, mea)] = v
    for key, fmt in (number_formats or {}).items():
        ws[cell_of(meta, *key)].number_format = fmt
    for code, text in (narratives or {}).items():
        wb[NARRATIVE_SHEET][narrative_cell(meta, code)] = text
    target = out or path
    wb.save(target)
    return target


def errors(issues):
    return [i for i in issues if i.severity is Severity.ERROR]


# ------------------------------------------------------------------ writing


def test_openpyxl_parses_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_template_sheets_metadata_and_protection(pack, tmp_path):
    path = make(pack, tmp_path, last_year=LAST_YEAR, plan=PLAN)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [DATA_SHEET, NARRATIVE_SHEET, META_SHEET]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb[DATA_SHEET].sheet_state == "visible"
    assert wb.security.lockStructure
    meta = meta_of(wb)
    assert meta["format"] == FORMAT
    assert meta["form"] == "ngan_sach"
    assert meta["form_version"] == "1"
    assert meta["form_hash"] == pack.content_hash("ngan_sach")
    assert meta["unit"] == UNIT and meta["period"] == PERIOD
    assert meta["unit_name"] == "UBND Thành phố Lạng Sơn"
    assert meta["app_version"] == "0.1.0-test" and meta["created_at"]
    form = pack.get("ngan_sach")
    rows = {v: int(k.split(":")[1]) for k, v in meta.items() if k.startswith("row:")}
    assert list(rows) == [i.code for i in form.iter_indicators()]
    cols = [v for k, v in meta.items() if k.startswith("col:")]
    # a half-year's columns: the month's budget estimate and its ratios are not there
    assert cols == measures_in(form, PERIOD) == [
        m for m in form.measures if m not in ("du_toan_thang", "pct_dt_thang", "pct_uoc_dt_thang")
    ]
    assert meta["col:E"] == "th_ky"

    ws = wb[DATA_SHEET]
    assert ws.protection.sheet is True
    for code, row in rows.items():
        assert ws[f"C{row}"].value == code  # the Mã số column
        assert ws[f"C{row}"].protection.locked
        assert ws[f"B{row}"].protection.locked
    header_row = int(meta["header_row"])
    assert [ws.cell(header_row, c).value for c in range(1, 5)] == [
        "STT",
        "Chỉ tiêu",
        "Mã số",
        "Đơn vị tính",
    ]
    assert ws.cell(header_row, 5).value == "TH kỳ báo cáo"  # catalog short labels
    assert ws.cell(header_row, 4 + len(cols)).value == "% cùng kỳ"
    # section headings are locked
    assert ws.cell(rows["NS_THU"] - 1, 1).value == "I"
    assert ws.cell(rows["NS_THU"] - 1, 5).protection.locked
    # input cells: unlocked, yellow, typed as text, with a validation that allows text
    th = ws[cell_of(meta, "NS_THU", "th_ky")]
    pct = ws[cell_of(meta, "NS_THU", "pct_ck")]
    for c in (th, pct):
        assert c.protection.locked is False
        assert c.number_format == "@"
        assert c.fill.fgColor.rgb.endswith("FFF2CC")
    dvs = [dv for dv in ws.data_validations.dataValidation if th.coordinate in dv.sqref]
    assert len(dvs) == 1 and dvs[0].type == "custom" and dvs[0].errorStyle == "warning"
    assert "ISNUMBER" in dvs[0].formula1 and "SUBSTITUTE" in dvs[0].formula1
    # print layout
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.print_title_rows == f"${header_row}:${header_row + 1}"
    assert th.font.name == "Times New Roman" and ws["B" + str(rows["NS_THU"])].font.name == (
        "Times New Roman"
    )
    nws = wb[NARRATIVE_SHEET]
    assert nws.protection.sheet is True
    narr = narrative_cell(meta, "ket_qua")
    assert nws[narr].protection.locked is False and nws[narr].alignment.wrap_text
    assert nws["B" + narr[1:]].value == "Kết quả thu, chi ngân sách"
    assert nws["B" + narr[1:]].protection.locked


def test_prefilled_last_year_and_plan_cells_are_locked_with_the_numbers(pack, tmp_path):
    path = make(pack, tmp_path, last_year=LAST_YEAR, plan=PLAN)
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    ck = ws[cell_of(meta, "NS_THU", "cung_ky")]
    assert ck.value == 180250 and ck.protection.locked
    assert ck.fill.fgColor.rgb.endswith("D9D9D9")
    assert "năm trước" in ck.comment.text
    ck2 = ws[cell_of(meta, "NS_THU_ND", "cung_ky")]
    assert Decimal(str(ck2.value)) == Decimal("150000.5") and ck2.protection.locked
    dt = ws[cell_of(meta, "NS_THU", "du_toan_tinh")]
    assert dt.value == 400000 and dt.protection.locked and dt.comment is not None
    # not prefilled: stays an input cell
    assert ws[cell_of(meta, "NS_THU_SDD", "cung_ky")].protection.locked is False
    assert ws[cell_of(meta, "NS_THU", "th_ky")].value is None  # th_ky is never "plan"
    assert ws[cell_of(meta, "NS_THU", "th_ky")].protection.locked is False


def test_measures_an_indicator_does_not_carry_are_locked_and_hatched(pack, tmp_path):
    path = make(pack, tmp_path, "cong_thuong_dich_vu")
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    form = pack.get("cong_thuong_dich_vu")
    ind = form.indicator_map()["CT_IIP"]  # carries th_ky, uoc_th, luy_ke only
    for m in measures_in(form, PERIOD):  # (a half-year: no «tháng trước» columns)
        c = ws[cell_of(meta, "CT_IIP", m)]
        if m in ind.measures:
            assert c.protection.locked is False
        else:
            assert c.protection.locked and c.fill.fill_type == "lightUp"


def test_current_values_and_narratives_are_written_into_input_cells(pack, tmp_path):
    path = make(
        pack,
        tmp_path,
        current={("NS_THU", "th_ky"): Decimal("12.5"), ("NS_CHI", "luy_ke"): Decimal("70")},
        narratives={"ket_qua": "=Không phải công thức"},
    )
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    c = ws[cell_of(meta, "NS_THU", "th_ky")]
    assert c.value == 12.5 and c.protection.locked is False
    nc = wb[NARRATIVE_SHEET][narrative_cell(meta, "ket_qua")]
    assert nc.data_type == "s"  # text starting with "=" is never written as a formula
    sub, issues = read_template(path, pack)
    assert errors(issues) == []
    assert sub.values == {("NS_THU", "th_ky"): Decimal("12.5"), ("NS_CHI", "luy_ke"): Decimal(70)}
    assert sub.narratives == {"ket_qua": "=Không phải công thức"}


def test_validation_formula_is_locale_independent_text():
    f = validation_formula("E12", Decimal(0), None)
    assert f.startswith("IF(ISNUMBER(E12),AND(E12>=0),AND(ISNUMBER(-SUBSTITUTE(")
    assert 'LEFT(TRIM(E12),1)<>"-"' in f
    assert len(validation_formula("AB1234", Decimal(-5), Decimal(1000))) < 255


# ------------------------------------------------------------------ reading back


def test_roundtrip_as_a_clerk_fills_it(pack, tmp_path):
    path = make(pack, tmp_path, last_year=LAST_YEAR, plan=PLAN)
    fill(
        path,
        {
            ("NS_THU", "th_ky"): 209435,  # a number typed into Excel
            ("NS_THU", "luy_ke"): "1.234,5",  # Vietnamese text
            ("NS_THU", "uoc_th"): "5 832 661 500",
            ("NS_THU", "pct_dt_tinh"): "57,3",  # the % only
            ("NS_THU", "pct_ck"): "116,2 %",
            ("NS_THU_ND", "th_ky"): "209.435",  # ambiguous: thousands (noted)
            ("NS_THU_ND", "luy_ke"): 57.3,  # a float from Excel → exactly 57.3
            ("NS_THU_ND_KSDD", "th_ky"): 0.1,
            ("NS_THU_SDD", "th_ky"): "-1.234,5",
            ("NS_CHI", "th_ky"): 1e16,
            ("NS_CHI_DTPT", "th_ky"): "  ",  # blank: left out
            ("NS_CHI_TX", "du_toan_huyen"): "12,000",  # one comma: decimal mark
        },
        narratives={"ket_qua": "Thu ngân sách đạt 57,3% dự toán.\nChi đúng tiến độ."},
    )
    sub, issues = read_template(path, pack)
    assert errors(issues) == []
    assert (sub.form_id, sub.form_version, sub.unit, sub.period) == ("ngan_sach", 1, UNIT, PERIOD)
    assert sub.author is None and sub.comments == {}
    assert sub.values == {
        ("NS_THU", "th_ky"): Decimal("209435"),
        ("NS_THU", "luy_ke"): Decimal("1234.5"),
        ("NS_THU", "uoc_th"): Decimal("5832661500"),
        ("NS_THU", "pct_dt_tinh"): Decimal("57.3"),
        ("NS_THU", "pct_ck"): Decimal("116.2"),
        ("NS_THU_ND", "th_ky"): Decimal("209435"),
        ("NS_THU_ND", "luy_ke"): Decimal("57.3"),
        ("NS_THU_ND_KSDD", "th_ky"): Decimal("0.1"),
        ("NS_THU_SDD", "th_ky"): Decimal("-1234.5"),
        ("NS_CHI", "th_ky"): Decimal("10000000000000000"),
        ("NS_CHI_TX", "du_toan_huyen"): Decimal("12.000"),
        # prefilled, locked cells are part of the submission
        ("NS_THU", "cung_ky"): Decimal("180250"),
        ("NS_THU_ND", "cung_ky"): Decimal("150000.5"),
        ("NS_CHI", "cung_ky"): Decimal("95000"),
        ("NS_THU", "du_toan_tinh"): Decimal("400000"),
        ("NS_THU", "du_toan_huyen"): Decimal("420000"),
        ("NS_CHI", "du_toan_tinh"): Decimal("380000"),
    }
    for v in sub.values.values():
        assert isinstance(v, Decimal)
    assert str(sub.values[("NS_THU_ND", "luy_ke")]) == "57.3"
    assert sub.narratives == {"ket_qua": "Thu ngân sách đạt 57,3% dự toán.\nChi đúng tiến độ."}
    notes = [i for i in issues if i.severity is Severity.INFO]
    assert len(notes) == 1 and notes[0].code == "so_da_hieu"
    meta = meta_of(openpyxl.load_workbook(path))
    assert notes[0].location.cell == cell_of(meta, "NS_THU_ND", "th_ky")
    assert notes[0].location.sheet == DATA_SHEET and notes[0].location.indicator == "NS_THU_ND"
    assert "209.435" in notes[0].message


def test_float_conversion_is_exact_through_repr():
    assert excel_number(57.3) == Decimal("57.3") and str(excel_number(57.3)) == "57.3"
    assert excel_number(209435.0) == Decimal(209435) and str(excel_number(209435.0)) == "209435"
    assert excel_number(0.1) == Decimal("0.1")
    assert excel_number(12) == Decimal(12)


def test_text_that_is_not_a_number_is_an_error_with_its_cell(pack, tmp_path):
    path = fill(
        make(pack, tmp_path),
        {("NS_THU_ND", "th_ky"): "12a", ("NS_CHI", "luy_ke"): "1.23.456", ("NS_CHI", "th_ky"): 5},
    )
    sub, issues = read_template(path, pack)
    errs = errors(issues)
    assert len(errs) == 2
    meta = meta_of(openpyxl.load_workbook(path))
    e = next(i for i in errs if i.location.indicator == "NS_THU_ND")
    assert e.code == "khong_phai_so"
    assert e.location.file == "bieu.xlsx"
    assert e.location.sheet == "Biểu nhập liệu"
    assert e.location.cell == cell_of(meta, "NS_THU_ND", "th_ky")
    assert e.location.form == "ngan_sach" and e.location.measure == "th_ky"
    assert "12a" in e.message and "ví dụ" in e.message
    said = e.render(pack)  # the place once, by the location, in full
    assert said.count(e.location.cell) == 1 and "chỉ tiêu «Thu nội địa" in said
    assert sub.values == {("NS_CHI", "th_ky"): Decimal(5)}  # bad cells left out


def test_formula_without_cached_value_is_an_error(pack, tmp_path):
    path = make(pack, tmp_path)
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    coord = cell_of(meta, "NS_THU", "th_ky")
    ws[coord] = f"={cell_of(meta, 'NS_THU_ND', 'th_ky')}+1"
    wb.save(path)
    _, issues = read_template(path, pack)
    (e,) = errors(issues)
    assert e.code == "cong_thuc_chua_tinh" and e.location.cell == coord
    assert "công thức chưa có giá trị" in e.message and f"ô {coord}," in e.render(pack)


def test_percent_formatted_number_in_a_ratio_column_is_read_as_percent(pack, tmp_path):
    path = fill(
        make(pack, tmp_path),
        {("NS_THU", "pct_ck"): 0.573, ("NS_THU", "th_ky"): 0.5},
        number_formats={("NS_THU", "pct_ck"): "0.0%", ("NS_THU", "th_ky"): "0.0%"},
    )
    sub, issues = read_template(path, pack)
    assert errors(issues) == []
    assert sub.values[("NS_THU", "pct_ck")] == Decimal("57.3")
    assert sub.values[("NS_THU", "th_ky")] == Decimal("0.5")  # not a % column: as stored


def test_other_cell_types_are_errors(pack, tmp_path):
    import datetime as dt

    path = fill(
        make(pack, tmp_path),
        {("NS_THU", "th_ky"): dt.datetime(2023, 1, 2), ("NS_CHI", "th_ky"): True},
    )
    _, issues = read_template(path, pack)
    errs = errors(issues)
    assert {e.location.indicator for e in errs} == {"NS_THU", "NS_CHI"}
    assert all(e.code == "khong_phai_so" for e in errs)
    assert any("ngày tháng" in e.message for e in errs)


def test_a_changed_prefilled_cell_is_kept_with_a_warning(pack, tmp_path):
    path = make(pack, tmp_path, last_year=LAST_YEAR)
    fill(path, {("NS_THU", "cung_ky"): 180000})  # openpyxl ignores protection
    sub, issues = read_template(path, pack)
    assert sub.values[("NS_THU", "cung_ky")] == Decimal(180000)
    (w,) = [i for i in issues if i.severity is Severity.WARNING]
    assert w.code == "so_lieu_co_dinh_bi_sua" and "180250" in w.message


def test_text_kind_indicator_reads_text(pack, tmp_path):
    base = pack.get("ngan_sach")
    raw = base.model_dump(mode="json")
    raw["sections"][0]["indicators"].append(
        {
            "code": "NS_GHI_CHU",
            "label": "Ghi chú về nguồn thu",
            "unit": "don_vi",
            "kind": "text",
            "measures": ["th_ky", "luy_ke"],
        }  # fmt: skip
    )
    form = FormDefinition.model_validate(raw)
    tpack = FormPack(catalog=pack.catalog, forms={form.id: form}, hashes={form.id: form_hash(form)})
    path = make(tpack, tmp_path)
    fill(path, {("NS_GHI_CHU", "th_ky"): " Thu từ đất tăng ", ("NS_GHI_CHU", "luy_ke"): 12})
    sub, issues = read_template(path, tpack)
    assert errors(issues) == []
    assert sub.values == {
        ("NS_GHI_CHU", "th_ky"): "Thu từ đất tăng",
        ("NS_GHI_CHU", "luy_ke"): "12",
    }
    ws = openpyxl.load_workbook(path)[DATA_SHEET]
    meta = meta_of(openpyxl.load_workbook(path))
    assert ws[cell_of(meta, "NS_GHI_CHU", "uoc_th")].protection.locked  # not carried


# ------------------------------------------------------------------ changed structure / form


def test_an_inserted_row_is_refused_saying_which_row(pack, tmp_path):
    path = make(pack, tmp_path)
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    row = int(cell_of(meta, "NS_THU_ND", "th_ky")[1:])
    ws.insert_rows(row)
    wb.save(path)
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    msg = exc.value.message
    assert exc.value.code == "cau_truc_bi_sua"
    assert f"Hàng {row} phải là chỉ tiêu «Thu nội địa»" in msg
    assert "ô trống" in msg and f"nay ở hàng {row + 1}" in msg
    assert "bieu.xlsx" in msg and f"trang «{DATA_SHEET}», ô C{row}" in msg


def test_a_deleted_row_is_refused(pack, tmp_path):
    path = make(pack, tmp_path)
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    row = int(cell_of(meta, "NS_THU_ND", "th_ky")[1:])
    ws.delete_rows(row)
    wb.save(path)
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert f"Hàng {row} phải là chỉ tiêu «Thu nội địa»" in exc.value.message
    assert "«Thu nội địa không kể tiền sử dụng đất»" in exc.value.message


def test_a_deleted_column_is_refused_saying_which_column(pack, tmp_path):
    path = make(pack, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[DATA_SHEET].delete_cols(6)  # F = Ước TH
    wb.save(path)
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert "Cột F phải là cột «Ước TH» nhưng" in exc.value.message
    assert "«Lũy kế»" in exc.value.message


def test_an_inserted_column_before_the_codes_is_refused(pack, tmp_path):
    path = make(pack, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[DATA_SHEET].insert_cols(2)
    wb.save(path)
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert "Cột C" in exc.value.message and "nay ở cột D" in exc.value.message


def _edit_meta(path: Path, key: str, value: str | None) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[META_SHEET]
    for row in ws.iter_rows(max_col=2):
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


def test_a_changed_form_version_is_refused(pack, tmp_path):
    path = make(pack, tmp_path)
    _edit_meta(path, "form_version", "2")
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert exc.value.code == "bieu_da_thay_doi"
    msg = exc.value.message
    assert "Biểu mẫu đã thay đổi: tệp «bieu.xlsx» theo phiên bản 2, hiện dùng phiên bản 1" in msg
    assert "hãy tải mẫu mới" in msg


def test_a_changed_form_hash_is_refused(pack, tmp_path):
    path = make(pack, tmp_path)
    _edit_meta(path, "form_hash", "0" * 64)
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert exc.value.code == "bieu_da_thay_doi" and "hãy tải mẫu mới" in exc.value.message


def test_an_unknown_form_is_refused(pack, tmp_path):
    path = make(pack, tmp_path)
    _edit_meta(path, "form", "khong_co")
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert exc.value.code == "bieu_khong_ton_tai" and "«khong_co»" in exc.value.message


def test_a_workbook_without_metadata_is_not_a_baocao_template(tmp_path, pack):
    path = tmp_path / "tu_lam.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Thu ngân sách"
    wb.save(path)
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert "không phải biểu mẫu BaoCao" in exc.value.message and "tu_lam.xlsx" in exc.value.message


# ------------------------------------------------------------------ hostile and broken files


def _refused(path: Path, pack) -> InputFileError:
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert path.name in exc.value.message
    assert exc.value.exit_code == 2
    return exc.value


def test_a_text_file_is_refused(pack, tmp_path):
    path = tmp_path / "ghi_chu.xlsx"
    path.write_text("Không phải Excel", encoding="utf-8")
    assert "không phải tệp Excel" in _refused(path, pack).message


def test_an_empty_file_is_refused(pack, tmp_path):
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    assert "rỗng" in _refused(path, pack).message


def test_a_missing_file_is_refused(pack, tmp_path):
    with pytest.raises(InputFileError) as exc:
        read_template(tmp_path / "khong_co.xlsx", pack)
    assert "Không tìm thấy" in exc.value.message


def test_an_old_xls_file_is_refused(pack, tmp_path):
    path = tmp_path / "cu.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert ".xls" in _refused(path, pack).message


def test_a_truncated_xlsx_is_refused(pack, tmp_path):
    full = make(pack, tmp_path).read_bytes()
    path = tmp_path / "cat_cut.xlsx"
    path.write_bytes(full[: len(full) // 2])
    assert "không phải tệp Excel" in _refused(path, pack).message


def test_a_corrupted_member_is_refused(pack, tmp_path):
    src = make(pack, tmp_path)
    path = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = data[: len(data) // 2]  # broken XML
            zout.writestr(info, data)
    err = _refused(path, pack)
    assert err.code == "tep_hong" and "bị hỏng" in err.message


def test_a_zip_that_is_not_a_workbook_is_refused(pack, tmp_path):
    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("bao_cao.txt", "xin chào")
    assert "không phải tệp Excel" in _refused(path, pack).message


def test_a_zip_bomb_is_refused_before_opening(pack, tmp_path):
    path = tmp_path / "bom.xlsx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/workbook.xml", "w", force_zip64=True) as member:
            for _ in range(200):  # 200 MB of zeros, a few hundred KB compressed
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    err = _refused(path, pack)
    assert err.code == "tep_bat_thuong" and "100 MB" in err.message


def test_a_file_over_20_mb_is_refused(pack, tmp_path):
    path = tmp_path / "lon.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse
    err = _refused(path, pack)
    assert err.code == "tep_qua_lon" and "20 MB" in err.message


def test_a_member_named_dot_dot_does_not_crash(pack, tmp_path):
    src = fill(make(pack, tmp_path), {("NS_THU", "th_ky"): 5})
    path = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("../evil", "không được giải nén ra ngoài")
        zout.writestr("/abs/evil", "x")
    try:
        sub, _ = read_template(path, pack)
    except InputFileError as exc:
        assert exc.message
    else:
        assert sub.values == {("NS_THU", "th_ky"): Decimal(5)}
    assert not (tmp_path.parent / "evil").exists()


def test_an_xml_entity_bomb_is_refused(pack, tmp_path):
    src = make(pack, tmp_path)
    path = tmp_path / "entity.xlsx"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;'
        "</workbook>"
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = bomb.encode() if info.filename == "xl/workbook.xml" else zin.read(info)
            zout.writestr(info, data)
    assert _refused(path, pack).code == "tep_hong"


# ------------------------------------------------------------------ LibreOffice round trip


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_resaved_by_libreoffice_with_formula_cached_values(pack, tmp_path):
    """A clerk who saves with LibreOffice Calc: metadata survives, formulas get values."""
    path = make(pack, tmp_path, last_year=LAST_YEAR)
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    ws[cell_of(meta, "NS_THU_ND", "th_ky")] = 100
    ws[cell_of(meta, "NS_THU_SDD", "th_ky")] = 23.5
    ws[cell_of(meta, "NS_THU", "th_ky")] = (
        f"={cell_of(meta, 'NS_THU_ND', 'th_ky')}+{cell_of(meta, 'NS_THU_SDD', 'th_ky')}"
    )
    ws[cell_of(meta, "NS_CHI", "th_ky")] = "1.234,5"
    wb.save(path)
    outdir = tmp_path / "lo"
    outdir.mkdir()
    profile = (tmp_path / "lo_profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    resaved = outdir / path.name
    sub, issues = read_template(resaved, pack)
    assert errors(issues) == []
    assert sub.values[("NS_THU", "th_ky")] == Decimal("123.5")
    assert sub.values[("NS_CHI", "th_ky")] == Decimal("1234.5")
    assert sub.values[("NS_THU", "cung_ky")] == Decimal("180250")
    assert openpyxl.load_workbook(resaved)[META_SHEET].sheet_state in ("veryHidden", "hidden")


def test_the_template_bytes_are_a_normal_xlsx(pack, tmp_path):
    data = make(pack, tmp_path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "xl/workbook.xml" in zf.namelist()
    assert not list(tmp_path.glob("*.tmp"))
    assert get_column_letter(5) == "E"


def test_an_external_entity_in_any_part_is_refused_before_parsing(pack, tmp_path):
    src = make(pack, tmp_path)
    path = tmp_path / "xxe.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/styles.xml":
                data = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data
            zout.writestr(info, data)
    err = _refused(path, pack)
    assert err.code == "tep_hong" and "xl/styles.xml" in err.message and "DOCTYPE" in err.message
