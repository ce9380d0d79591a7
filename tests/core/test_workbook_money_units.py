"""Money in tỷ đồng on every sheet of the consolidated workbook (issue 10 × 14): when the
provincial tables show tỷ đồng, the by-unit breakdown ("CT …") and the reconciliation
("Đối chiếu") do too — the exact value ÷ 1.000 in the cell, one decimal shown, the unit
named in the row and in the sheet's subtitle — and figures of other units stay as they are.

The result is built by hand from the real `dau_tu_cong` form (disbursement in triệu đồng,
projects counted in dự án), written to a real .xlsx and read back with openpyxl and
python-calamine.
"""

from __future__ import annotations

import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from desktop.core.consolidation.model import (
    ConsolidatedForm,
    ConsolidatedRow,
    ConsolidationResult,
    Reconciliation,
    UnitRef,
)
from desktop.core.excel.workbook import sheet_names_for, write_consolidated_workbook
from desktop.core.formdef.layout import form_rows

FORM = "dau_tu_cong"
MONEY, COUNT = "DT_GN", "DT_DA"  # giải ngân (triệu đồng); dự án bố trí vốn (dự án)
UNITS = [UnitRef("178", "Thành phố Lạng Sơn"), UnitRef("181", "Huyện Cao Lộc")]
DEPARTMENT = UnitRef("9002", "Sở Tài chính")


def _result(pack, money: list[Decimal], count: list[Decimal], dept: Decimal) -> ConsolidationResult:
    form = pack.get(FORM)
    figures = {MONEY: money, COUNT: count}
    rows = []
    for r in form_rows(form):
        if r.indicator is None:
            rows.append(ConsolidatedRow(r.stt, 0, r.section.title, None))
            continue
        code = r.indicator.code
        if code not in figures:
            continue
        by_unit = {u.key: {"th_ky": v} for u, v in zip(UNITS, figures[code], strict=True)}
        unit = pack.catalog.unit(r.indicator.unit)
        rows.append(
            ConsolidatedRow(
                r.stt,
                r.level,
                r.indicator.label,
                r.indicator,
                unit.label,
                {"th_ky": sum(figures[code], Decimal(0))},
                by_unit,
                {"th_ky": len(UNITS)},
            )
        )
    units_sum = sum(money, Decimal(0))
    line = Reconciliation(
        indicator=MONEY,
        label="Giải ngân vốn đầu tư công",
        unit_label="triệu đồng",
        measure="th_ky",
        source="lead_department",
        body=DEPARTMENT.name,
        department=dept,
        units=units_sum,
        used=dept,
        difference=dept - units_sum,
    )
    counted = Reconciliation(
        indicator=COUNT,
        label="Dự án được bố trí kế hoạch vốn trong năm",
        unit_label="dự án",
        measure="th_ky",
        source="units",
        body=DEPARTMENT.name,
        department=Decimal(7),
        units=sum(count, Decimal(0)),
        used=sum(count, Decimal(0)),
        difference=None,
    )
    cf = ConsolidatedForm(
        form=form,
        period="2023-01",
        period_label="Tháng 01 năm 2023",
        expected=list(UNITS),
        reported=list(UNITS),
        missing=[],
        measures=["th_ky"],
        rows=rows,
        provincial=[DEPARTMENT],
        reconciliation=[line, counted],
    )
    return ConsolidationResult(
        period="2023-01",
        period_label="Tháng 01 năm 2023",
        level="province",
        as_of="2023-02-03T08:00:00",
        issuer="UBND TỈNH LẠNG SƠN",
        area_name="Tỉnh Lạng Sơn",
        forms=[cf],
    )


def _row(ws, code: str):
    [row] = [r for r in ws.iter_rows() if code in [c.value for c in r[:3]]]
    return row


def _texts(ws) -> list[str]:
    return [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]


MONEY_FIGURES = [Decimal("418100"), Decimal("12345.678")]
COUNTS = [Decimal(3), Decimal(4)]


def test_every_sheet_shows_money_in_billions_with_one_decimal(pack, tmp_path):
    result = _result(pack, MONEY_FIGURES, COUNTS, Decimal("431000.5"))
    out = write_consolidated_workbook(
        result, pack.catalog, tmp_path / "ty.xlsx", money_in_billions=True
    )
    wb = openpyxl.load_workbook(out)
    main, detail = (names[0] for names in sheet_names_for([result.forms[0].form]))
    # the summary table (as before) and the breakdown: tỷ đồng in the row's unit column
    for name, col in ((main, 4), (detail, 6)):
        ws = wb[name]
        money = _row(ws, MONEY)
        assert money[3].value == "tỷ đồng", name
        assert Decimal(str(money[col].value)) == Decimal("430.445678"), name  # exact ÷ 1.000
        assert money[col].number_format == "#,##0.0", name
        count = _row(ws, COUNT)
        assert count[3].value == "dự án" and count[col].value == 7, name
    ct = wb[detail]
    money = _row(ct, MONEY)
    assert [Decimal(str(c.value)) for c in money[4:6]] == [Decimal("418.1"), Decimal("12.345678")]
    assert all(c.number_format == "#,##0.0" for c in money[4:7])
    assert any("số tiền tính bằng tỷ đồng" in t for t in _texts(ct))
    # the reconciliation: the department's figure, the units', the one used, the difference
    dc = wb["Đối chiếu"]
    money = _row(dc, MONEY)
    assert money[3].value == "tỷ đồng"
    assert [Decimal(str(c.value)) for c in money[7:11]] == [
        Decimal("431.0005"),
        Decimal("430.445678"),
        Decimal("431.0005"),
        Decimal("0.554822"),
    ]
    assert all(c.number_format == "#,##0.0" for c in money[7:11])
    count = _row(dc, COUNT)
    assert count[3].value == "dự án" and [c.value for c in count[7:10]] == [7, 7, 7]
    assert any("số tiền tính bằng tỷ đồng" in t for t in _texts(dc))


def test_without_the_option_every_sheet_keeps_trieu_dong(pack, tmp_path):
    result = _result(pack, MONEY_FIGURES, COUNTS, Decimal("431000.5"))
    out = write_consolidated_workbook(result, pack.catalog, tmp_path / "trieu.xlsx")
    wb = openpyxl.load_workbook(out)
    _, detail = (names[0] for names in sheet_names_for([result.forms[0].form]))
    money = _row(wb[detail], MONEY)
    assert money[3].value == "triệu đồng"
    assert [Decimal(str(c.value)) for c in money[4:7]] == [
        Decimal("418100"),
        Decimal("12345.678"),
        Decimal("430445.678"),
    ]
    assert money[4].number_format == "#,##0.000"  # the row's own decimals, as before
    line = _row(wb["Đối chiếu"], MONEY)
    assert line[3].value == "triệu đồng" and Decimal(str(line[7].value)) == Decimal("431000.5")
    for ws in wb.worksheets:
        assert not any("tỷ đồng" in t for t in _texts(ws)), ws.title


def _excel_15(value: Decimal) -> Decimal:
    """What a number cell holds: the value to 15 significant digits, rounded half-up as
    Excel rounds (and `number_value`): 1000000052.752225 → 1000000052.75223."""
    if not value:
        return Decimal(0)
    step = Decimal(1).scaleb(value.adjusted() - 14)
    return value.quantize(step, rounding=ROUND_HALF_UP).normalize()


figures = st.decimals(
    min_value=Decimal("-999999999999"),
    max_value=Decimal("999999999999"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)


@settings(max_examples=30, deadline=None)
@given(a=figures, b=figures, dept=figures)
def test_billions_read_back_exactly_on_every_sheet(pack, tmp_path_factory, a, b, dept):
    result = _result(pack, [a, b], COUNTS, dept)
    out = write_consolidated_workbook(
        result, pack.catalog, tmp_path_factory.mktemp("ty") / "ty.xlsx", money_in_billions=True
    )
    book = CalamineWorkbook.from_path(str(out))
    main, detail = (names[0] for names in sheet_names_for([result.forms[0].form]))
    k = Decimal(1000)

    def cells(sheet: str, code: str) -> list:
        [row] = [r for r in book.get_sheet_by_name(sheet).to_python() if code in r[:3]]
        return row

    def same(cell, want: Decimal) -> bool:
        return _excel_15(Decimal(repr(cell))) == _excel_15(want)

    assert same(cells(main, MONEY)[4], (a + b) / k)
    ct = cells(detail, MONEY)
    assert [same(ct[4], a / k), same(ct[5], b / k), same(ct[6], (a + b) / k)] == [True] * 3
    dc = cells("Đối chiếu", MONEY)
    assert same(dc[7], dept / k) and same(dc[8], (a + b) / k)
    assert same(dc[10], (dept - a - b) / k)


NEGATIVE_ZERO = re.compile(r"<v>-0(\.0*)?(E[-+]?\d+)?</v>")
wide = st.decimals(
    min_value=Decimal("-999999999999999999"),
    max_value=Decimal("999999999999999999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
) | st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("0.000"), Decimal("-0.00")])


@settings(max_examples=40, deadline=None)
@given(a=wide, b=wide)
def test_breakdown_figures_read_back_as_excel_keeps_them(pack, tmp_path_factory, a, b):
    """Each unit's figure in triệu đồng, as stored: exact within 15 significant digits,
    rounded half-up beyond (as Excel would), never -0; the row's decimals show them."""
    result = _result(pack, [a, b], COUNTS, Decimal(1))
    out = write_consolidated_workbook(
        result, pack.catalog, tmp_path_factory.mktemp("ct") / "ct.xlsx"
    )
    _, detail = (names[0] for names in sheet_names_for([result.forms[0].form]))
    ws = openpyxl.load_workbook(out)[detail]
    row = _row(ws, MONEY)
    for cell, want in ((row[4], a), (row[5], b), (row[6], a + b)):
        assert cell.data_type == "n"
        assert _excel_15(Decimal(repr(cell.value))) == _excel_15(want), (cell.value, want)
        assert cell.number_format.startswith("#,##0")
    with zipfile.ZipFile(out) as z:  # no negative zero in any cell
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not NEGATIVE_ZERO.search(z.read(name).decode("utf-8")), name


def test_garbage_collection_is_on_again_after_writing_or_failing(pack, tmp_path):
    """The writer pauses cyclic garbage collection while it builds the book; a finished
    write and a refused one (a folder where the file should go) both turn it back on."""
    import gc

    from desktop.core.errors import BaoCaoError

    result = _result(pack, MONEY_FIGURES, COUNTS, Decimal(1))
    assert gc.isenabled()
    write_consolidated_workbook(result, pack.catalog, tmp_path / "a.xlsx")
    assert gc.isenabled()
    (tmp_path / "b.xlsx").mkdir()
    try:
        write_consolidated_workbook(result, pack.catalog, tmp_path / "b.xlsx")
    except BaoCaoError:
        pass
    else:
        raise AssertionError("a folder in place of the workbook was not refused")
    assert gc.isenabled()


def _places_of_format(fmt: str) -> int:
    return len(fmt.partition(".")[2])


def test_a_small_sum_in_billions_never_reads_zero(pack, tmp_path):
    """8,5 triệu đồng (Giá trị tài sản thiệt hại, seed 000) is 0,0085 tỷ đồng: the sheets
    showed it «0,0» at one place (seen rendered with soffice).  A row with such a figure
    gets the places that show it, on every sheet; the others keep one."""
    result = _result(pack, [Decimal("8.5"), Decimal(3)], COUNTS, Decimal("8.5"))
    out = write_consolidated_workbook(
        result, pack.catalog, tmp_path / "nho.xlsx", money_in_billions=True
    )
    wb = openpyxl.load_workbook(out)
    main, detail = (names[0] for names in sheet_names_for([result.forms[0].form]))
    cells = [*_row(wb[main], MONEY)[4:5], *_row(wb[detail], MONEY)[4:7]]
    cells += _row(wb["Đối chiếu"], MONEY)[7:11]
    for c in cells:
        if c.value:
            shown = round(Decimal(str(c.value)), _places_of_format(c.number_format))
            assert shown != 0, (c.coordinate, c.value, c.number_format)
    assert _row(wb[main], MONEY)[4].number_format == "#,##0.000"  # «0,012»: two digits seen


@settings(max_examples=50, deadline=None)
@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3))
def test_billion_places_show_every_figure_but_zero_as_not_zero(trieu):
    from desktop.core.excel.workbook_display import BILLION_DECIMALS, billion_places

    ty = trieu / 1000
    p = billion_places([ty])
    assert BILLION_DECIMALS <= p <= 6
    assert (round(ty, p) != 0) == (trieu != 0)
    if abs(ty) >= Decimal("0.05"):
        assert p == BILLION_DECIMALS  # «418,1 tỷ đồng», as the seeds print
