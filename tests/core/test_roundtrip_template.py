"""A filled Excel template gives back exactly the figures the clerk put in (issue 9).

The real template (`make_template`) is filled per example: a text cell
typed the Vietnamese way («144,505», «1.234.567,5») and a number cell (what a paste of
values or an English-locale Excel gives), read back with the real reader and stored.
Text cells are exact at any length; a number cell holds what Excel holds, 15 significant
digits.  Profiles: tests/conftest.py (500 examples per path with CI=true).
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import example, given

from desktop.core.excel.template_reader import META_SHEET, read_template
from desktop.core.excel.templates import make_template
from desktop.core.numbers import format_vn
from tests.core.package_tools import installation
from tests.core.test_roundtrip_properties import PERIOD, figures

TEXT_CELL = ("NS_THU", "th_ky")
NUMBER_CELL = ("NS_CHI", "th_ky")


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    """(services, the blank template's bytes, {(indicator, measure): cell coordinate})."""
    tmp = tmp_path_factory.mktemp("template")
    svc = installation(tmp, "don_vi")
    path = make_template(svc, form_id="ngan_sach", unit_code="178", period_text=PERIOD, out=tmp / "bieu.xlsx")
    wb = openpyxl.load_workbook(path)
    meta = {str(k): str(v) for k, v in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True) if k}
    rows = {v: int(k.split(":")[1]) for k, v in meta.items() if k.startswith("row:")}
    cols = {v: k.split(":")[1] for k, v in meta.items() if k.startswith("col:")}
    where = {(i, m): f"{cols[m]}{rows[i]}" for i, m in (TEXT_CELL, NUMBER_CELL)}
    return svc, path.read_bytes(), where, tmp


def _fill(blank, text_value: Decimal, number_value: Decimal):
    """Type into the two cells the way Excel stores them: an inline string and a number
    (`<v>` holds the double's shortest repr), by editing the sheet part of the real file."""
    svc, data, where, tmp = blank
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for (cell, kind, content) in (
        (where[TEXT_CELL], "inlineStr", f"<is><t>{format_vn(text_value)}</t></is>"),
        (where[NUMBER_CELL], "n", f"<v>{float(number_value)!r}</v>"),
    ):
        sheet, n = re.subn(
            rf'<c r="{cell}"( s="\d+")? t="n"></c>', rf'<c r="{cell}"\1 t="{kind}">{content}</c>', sheet
        )
        assert n == 1, cell
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    out = tmp / "da_dien.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return read_template(out, svc.pack)


def _excel_15(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 14)).normalize() if value else Decimal(0)


@given(figures(int_digits=18, signed=False), figures(int_digits=12, signed=False, sig=15))
@example(Decimal("144.505"), Decimal("144.505"))
@example(Decimal("209435"), Decimal("256812000"))
@example(Decimal("123456789012345678.123456"), Decimal("999999999.999999"))
def test_template_text_and_number_cells_to_store(blank, text_value, number_value):
    svc = blank[0]
    sub, issues = _fill(blank, text_value, number_value)
    assert not [i for i in issues if i.is_error], [i.message for i in issues]
    assert sub.values[TEXT_CELL] == text_value
    assert _excel_15(sub.values[NUMBER_CELL]) == _excel_15(number_value)
    assert sub.values[NUMBER_CELL] == number_value  # ≤ 15 significant digits: exact
    report = svc.validate(sub)
    svc.save_entry(report, final=False, actor="Lan")
    stored = svc.repo.get("178", "", "ngan_sach", PERIOD).submission.values
    assert stored[TEXT_CELL] == text_value and stored[NUMBER_CELL] == number_value
