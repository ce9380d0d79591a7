"""Input cells as Excel stores them, read through python-calamine plus the sheet's XML: an
error value, a formula with and without its cached value, an integer past 2**53 (which a
float cannot hold), each at its cell."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import openpyxl

from desktop.core.excel.template_reader import read_template
from tests.core.test_excel_template import cell_of, errors, make, meta_of

DATA_PART = "xl/worksheets/sheet1.xml"


def _with_cells(pack, tmp_path, cells: dict[tuple[str, str], str]):
    """The template with the given input cells' XML (attributes after r, and content)."""
    path = make(pack, tmp_path)
    meta = meta_of(openpyxl.load_workbook(path))
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts[DATA_PART].decode()
    where = {}
    for key, xml in cells.items():
        ref = where[key] = cell_of(meta, *key)
        sheet, n = re.subn(
            rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', f'<c r="{ref}"{xml}</c>', sheet, count=1
        )
        assert n == 1, ref
    parts[DATA_PART] = sheet.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    out = tmp_path / "da_dien.xlsx"
    out.write_bytes(buf.getvalue())
    return read_template(out, pack), where


def test_error_values_and_formulas_in_input_cells(pack, tmp_path):
    (sub, issues), where = _with_cells(
        pack,
        tmp_path,
        {
            ("NS_THU", "th_ky"): ' t="e"><v>#DIV/0!</v>',  # an error typed or computed
            ("NS_THU", "luy_ke"): "><f>E12*2</f><v>418870</v>",  # a formula with its value
            ("NS_CHI", "th_ky"): ' t="str"><f>1/0</f><v>#DIV/0!</v>',  # a formula's error
            ("NS_CHI", "luy_ke"): "><f>SUM(E1:E2)</f>",  # a formula never computed
        },
    )
    assert sub.values[("NS_THU", "luy_ke")] == Decimal(418870)
    by_cell = {e.location.cell: e for e in errors(issues)}
    assert set(by_cell) == {
        where[("NS_THU", "th_ky")],
        where[("NS_CHI", "th_ky")],
        where[("NS_CHI", "luy_ke")],
    }
    div = by_cell[where[("NS_THU", "th_ky")]]
    assert (
        div.code == "loi_cong_thuc"
        and "#DIV/0!" in div.message
        and "Tổng thu ngân sách" in div.render(pack)  # the place by the location, once
    )
    assert by_cell[where[("NS_CHI", "th_ky")]].code == "loi_cong_thuc"
    never = by_cell[where[("NS_CHI", "luy_ke")]]
    assert never.code == "cong_thuc_chua_tinh" and "Tổng chi ngân sách địa phương" in never.render(pack)
    assert ("NS_CHI", "luy_ke") not in sub.values and ("NS_THU", "th_ky") not in sub.values


def test_an_integer_past_two_to_the_53_is_read_from_its_digits(pack, tmp_path):
    big = 2**53 + 1  # a float would give 9007199254740992
    (sub, issues), _ = _with_cells(pack, tmp_path, {("NS_THU", "th_ky"): f' t="n"><v>{big}</v>'})
    assert errors(issues) == []
    assert sub.values[("NS_THU", "th_ky")] == Decimal(big)


def test_a_refused_text_gives_its_example_once(pack):
    from desktop.core.excel.template_cells import cell_value

    form = pack.get("nong_lam_nghiep")
    area = form.indicator_map()["NN_DT_LUA"]  # ha, a decimal figure
    _value, (_sev, code, said) = cell_value("1,5 nghìn", "General", area, False)
    assert code == "khong_phai_so" and said.count("ví dụ 1.234,5") == 1, said
    _value, (_sev, _code, said) = cell_value("57,3 phần trăm", "General", area, True)
    assert "ví dụ 57,3" in said  # a percentage column still says how a percentage is typed
