"""A column kept for some types of period only (`measure_periods`, formdef/period_form.py):
Biểu 05's «DT tháng» and its ratios are in a month and nowhere else.  `forms check` refuses
a list that cannot mean anything, naming the file and the column; the form of a period drops
the column everywhere (its rows and rules); a figure for it in a quarter's file, package or
template is refused saying why; the template, the consolidation and the province's workbook
of a quarter have no such column, a month's have it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.consolidation.engine import unit_report
from desktop.core.errors import InputFileError, Severity
from desktop.core.excel.template_reader import read_template
from desktop.core.excel.template_writer import DATA_SHEET, META_SHEET, write_template
from desktop.core.excel.workbook import write_consolidated_workbook
from desktop.core.formdef.models import PeriodType, Rule
from desktop.core.formdef.period_form import form_for_period, measures_in
from desktop.core.services import Services
from desktop.core.submission import Submission, SubmissionData, parse_submission
from tests.conftest import REPO, run_cli

MONTHLY = ["du_toan_thang", "pct_dt_thang", "pct_uoc_dt_thang"]
CODE_OF = {  # a period of each type
    PeriodType.MONTH: "2023-02",
    PeriodType.QUARTER: "2023-Q1",
    PeriodType.HALF_YEAR: "2023-H1",
    PeriodType.NINE_MONTHS: "2023-9M",
    PeriodType.YEAR: "2023",
}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_forms_check_names_the_file_and_the_column(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    for name in ("_catalog", "ngan_sach", "an_ninh_trat_tu", "kinh_te_tong_hop"):
        shutil.copy(REPO / "forms" / f"{name}.yaml", forms)
    _edit(forms / "ngan_sach.yaml", "  pct_dt_thang: [month]\n", "  pct_dt_thang: [month, quy]\n")
    # «tháng trước» kept in every period while its base is a month's only; a column the
    # form does not carry; a type the form is not reported for; no type at all
    _edit(forms / "an_ninh_trat_tu.yaml", "  pct_tt: [month]\n", "  khong_co: [month]\n")
    _edit(
        forms / "kinh_te_tong_hop.yaml",
        "measures: [th_ky, uoc_th, luy_ke, kh_nam, cung_ky, pct_kh, pct_ck]\n",
        "measures: [th_ky, uoc_th, luy_ke, kh_nam, cung_ky, pct_kh, pct_ck]\n"
        "measure_periods: {uoc_th: [month], cung_ky: []}\n",
    )
    got = run_cli("forms", "check", str(forms))
    out = got.stdout + got.stderr
    assert got.returncode == 1, out
    assert "Traceback" not in out
    lines = out.splitlines()

    def line(*words: str) -> str:
        found = [ln for ln in lines if all(w in ln for w in words)]
        assert len(found) == 1, (words, out)
        return found[0]

    line("ngan_sach.yaml", "Loại kỳ của số đo «pct_dt_thang» không hợp lệ", "'quy'", "'quarter'")
    line("an_ninh_trat_tu.yaml", "«khong_co», không có trong «measures»")
    line("an_ninh_trat_tu.yaml", "«pct_tt» (% tháng trước) có ở kỳ quý", "«th_tt» (Tháng trước)")
    line(
        "kinh_te_tong_hop.yaml",
        "«uoc_th» (Ước TH) ghi kỳ «month» (tháng)",
        "quý, 6 tháng, 9 tháng, năm",
    )
    line("kinh_te_tong_hop.yaml", "«cung_ky» (Cùng kỳ) phải có trong ít nhất một loại kỳ")


def test_the_form_of_a_period_drops_the_column_from_rows_and_rules(pack):
    form = pack.get("ngan_sach")
    assert form_for_period(form, "2023-06") is form  # a month: every column
    quarter = form_for_period(form, "2023-Q1")
    assert quarter is form_for_period(form, PeriodType.QUARTER)  # made once
    assert quarter.measures == [m for m in form.measures if m not in MONTHLY]
    assert measures_in(form, "year") == quarter.measures
    assert all(not set(MONTHLY) & set(quarter.measures_of(i)) for i in quarter.iter_indicators())
    assert pack.content_hash("ngan_sach") == pack.content_hash(quarter.id)  # a view, not a form
    assert form_for_period(pack.get("y_te"), "2023") is pack.get("y_te")  # no such column
    rules = [
        Rule(code="A", expr="NS_THU.du_toan_thang <= NS_THU.du_toan_tinh", message="a"),
        Rule(code="B", expr="NS_THU_ND <= NS_THU", message="b", measures=["du_toan_thang"]),
        Rule(
            code="C", expr="NS_THU_ND <= NS_THU", message="c", measures=["th_ky", "du_toan_thang"]
        ),
    ]
    with_rules = dataclasses.replace(form, rules=rules)
    kept = form_for_period(with_rules, "2023-H1").rules
    assert [(r.code, r.measures) for r in kept] == [("C", ["th_ky"])]
    assert form_for_period(with_rules, "2023-01").rules == rules


def _file(period: str, values: dict) -> SubmissionData:
    return SubmissionData(
        format="baocao-submission/1", form="ngan_sach", form_version=1, unit="178",
        period=period, values=values,
    )  # fmt: skip


@pytest.mark.parametrize("canonical", [False, True])  # a clerk's file; a package
def test_a_figure_for_a_month_only_column_in_a_quarter_is_refused_saying_why(pack, canonical):
    form = pack.get("ngan_sach")
    values = {"NS_THU": {"th_ky": "100", "du_toan_thang": "50"}}
    sub, issues = parse_submission(
        _file("2023-Q1", values), form, canonical_numbers=canonical, catalog=pack.catalog
    )
    [issue] = issues
    assert issue.severity is Severity.ERROR and issue.code == "so_do_khong_co_trong_ky"
    assert (issue.location.indicator, issue.location.measure) == ("NS_THU", "du_toan_thang")
    # the column by its heading as the grid and the template show it, never by its code
    said = "cột «Dự toán tháng» (DT tháng) chỉ có ở kỳ tháng, không có ở Quý I năm 2023"
    assert said in issue.message, issue.message
    assert "du_toan_thang" not in issue.message and "th_ky" not in issue.message
    assert "các cột của kỳ này: TH kỳ báo cáo, Ước TH, Lũy kế, DT tỉnh giao" in issue.message
    assert sub.values == {("NS_THU", "th_ky"): D(100)}
    month, issues = parse_submission(_file("2023-03", values), form, canonical_numbers=canonical)
    assert issues == [] and month.values[("NS_THU", "du_toan_thang")] == D(50)


def _template(pack, tmp_path: Path, period: str, label: str) -> Path:
    return write_template(
        pack.get("ngan_sach"), pack.catalog, unit_code="178", unit_name="UBND Thành phố Lạng Sơn",
        period_code=period, period_label=label, form_hash=pack.content_hash("ngan_sach"),
        out=tmp_path / f"{period}.xlsx",
    )  # fmt: skip


def _texts(ws) -> set[str]:
    return {str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None}


def test_a_quarter_template_has_no_month_column_and_a_month_one_read_as_a_quarter_is_refused(
    pack, tmp_path
):
    quarter = openpyxl.load_workbook(_template(pack, tmp_path, "2023-Q1", "Quý I năm 2023"))
    assert not {"DT tháng", "% DT tháng", "Ước % DT tháng"} & _texts(quarter[DATA_SHEET])
    assert not set(MONTHLY) & _texts(quarter[META_SHEET])
    path = _template(pack, tmp_path, "2023-02", "Tháng 2/2023")
    wb = openpyxl.load_workbook(path)
    assert {"DT tháng", "% DT tháng"} <= _texts(wb[DATA_SHEET])
    # the month's workbook with its hidden period changed to a quarter
    meta = wb[META_SHEET]
    row = next(r for r in meta.iter_rows() if r[0].value == "period")
    row[1].value = "2023-Q1"
    wb.save(path)
    with pytest.raises(InputFileError) as refused:
        read_template(path, pack)
    assert refused.value.code == "bieu_mau_ky_khac"
    message = str(refused.value)
    assert f"Tệp «{path.name}» ghi kỳ Quý I năm 2023" in message
    assert "có cột «DT tháng», cột chỉ có ở kỳ tháng" in message
    assert "Hãy tải biểu mẫu của Quý I năm 2023 từ BaoCao" in message


def _put(svc, period: str, values: dict) -> None:
    sub = Submission("ngan_sach", 1, "178", period, values=values)
    svc.repo.save(sub, form_hash=svc.pack.content_hash("ngan_sach"), unit_valid_from="",
                  actor="t", status="final")  # fmt: skip


def test_a_quarter_consolidated_from_months_its_workbook_and_draft_have_no_month_column(
    services, tmp_path
):
    """Summed from its three months, a quarter's table had «DT tháng» 240 and a draft saying
    «bằng 125% dự toán tháng» of a quarter; a month's keeps both."""
    from desktop.core.report.compose import form_paragraphs
    from desktop.core.report.sources import province_data

    for month in ("2023-01", "2023-02", "2023-03"):
        _put(services, month, {("NS_THU", "th_ky"): D(100), ("NS_THU", "du_toan_thang"): D(80),
                               ("NS_THU", "du_toan_tinh"): D(1200)})  # fmt: skip
    unit = services.units.get("178", dt.date(2023, 3, 31))
    for period, has in (("2023-Q1", False), ("2023-03", True)):
        result = unit_report(services, unit, period, ["ngan_sach"])  # the unit's own biểu
        [table] = result.forms
        row = next(r for r in table.rows if r.indicator and r.indicator.code == "NS_THU")
        assert row.values["th_ky"] == (D(300) if not has else D(100))  # months summed
        assert ("du_toan_thang" in table.measures) is has
        assert ("pct_dt_thang" in table.measures) is has
        out = write_consolidated_workbook(
            result, services.pack.catalog, tmp_path / f"{period}.xlsx"
        )
        sheets = openpyxl.load_workbook(out, read_only=True)
        shown = set().union(*(_texts(ws) for ws in sheets.worksheets))
        assert ("DT tháng" in shown) is has  # the column's heading (and «So sánh (%)»'s)
        [data] = province_data(result).forms  # the draft báo cáo's sentences of the form
        paragraphs = form_paragraphs(data.form, data.figures, services.pack.catalog, period)
        said = " ".join(s.text for p in paragraphs for s in p)
        assert ("Thu ngân sách nhà nước" in said) and ("dự toán tháng" in said) is has, said
    assert row.values["pct_dt_thang"] == D(125)  # March: 100 ÷ 80


PERIOD_LISTS = st.lists(st.sampled_from(list(PeriodType)), min_size=1, max_size=3, unique=True)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_a_period_s_form_is_its_columns_and_a_file_of_them_reads_back(pack, data):
    """Whatever columns are kept for whatever periods: the period's form has exactly the
    columns of that period, in the form's order, everywhere (rows, rules), made again it is
    the same; a file with a figure in each of them reads back whole, and a figure in an
    absent column is refused, named, alone."""
    base = pack.get("ngan_sach")
    limited = data.draw(st.lists(st.sampled_from(base.measures), unique=True, max_size=6))
    form = dataclasses.replace(
        base, measure_periods={m: data.draw(PERIOD_LISTS, label=m) for m in limited}
    )
    ptype = data.draw(st.sampled_from(list(PeriodType)), label="period type")
    view = form_for_period(form, ptype)
    expected = [
        m
        for m in form.measures
        if m not in form.measure_periods or ptype in form.measure_periods[m]
    ]
    assert view.measures == expected
    assert form_for_period(view, ptype) is view or form_for_period(view, ptype) == view
    for ind in view.iter_indicators():
        assert set(view.measures_of(ind)) <= set(expected)
    for rule in view.rules:
        assert rule.measures is None or (rule.measures and set(rule.measures) <= set(expected))
    ind = base.indicator_map()["NS_THU"]
    values = {m: str(n + 1) for n, m in enumerate(view.measures_of(ind))}
    sub, issues = parse_submission(_file(CODE_OF[ptype], {"NS_THU": values}), form)
    assert issues == []
    assert sub.values == {("NS_THU", m): D(v) for m, v in values.items()}
    absent = [m for m in form.measures if m not in expected]
    if absent:
        extra = {**values, absent[0]: "7"}
        again, issues = parse_submission(_file(CODE_OF[ptype], {"NS_THU": extra}), form)
        assert [(i.code, i.location.measure) for i in issues] == [
            ("so_do_khong_co_trong_ky", absent[0])
        ]
        assert again.values == sub.values


def test_a_package_with_a_figure_for_a_column_its_period_lacks_is_refused_naming_it(
    services, tmp_path
):
    """A quarter's Biểu 05 package carrying a «DT tháng» figure (as BaoCao sent a form typed
    before the column was a month's only; today's export leaves it out and says so,
    tests/test_period_figures_left_out.py): the province refuses the form, naming the column
    and the period, instead of keeping a figure nobody will see or sum."""
    from desktop.core.exchange.export import export_package
    from desktop.core.exchange.package import content_hash
    from desktop.core.exchange.service import import_one
    from desktop.core.submission import SubmissionFile
    from tests.core.package_tools import enrol, resign

    values = {("NS_THU", "th_ky"): D(900), ("NS_CHI", "th_ky"): D(700),
              ("NS_THU", "du_toan_thang"): D(250)}  # fmt: skip
    _put(services, "2023-Q1", values)
    out, _ = export_package(services, unit_code="178", period_text="2023-Q1",
                            form_ids=["ngan_sach"], out=tmp_path / "goi.baocao")  # fmt: skip
    sent = {}

    def with_month_figure(data):  # the package as it went out before the export left it out
        data["submissions"][0]["values"]["NS_THU"]["du_toan_thang"] = "250"
        sent.update(data["submissions"][0])
        return data

    def hashed(man):
        man["forms"][0]["content_hash"] = content_hash(SubmissionFile.model_validate(sent))
        return man

    out = resign(out, tmp_path / "goi_cu.baocao", services.key_dir, data=with_month_figure,
                 manifest=hashed)  # fmt: skip
    province = Services(db_path=tmp_path / "tinh.db", today=services.today)
    enrol(province, services, "178", "2023-Q1")
    got = import_one(province, out)
    assert got.outcome == "rejected", got
    # named as the clerk's grid and template name the column (one wording: it read
    # «du_toan_thang» at the province while the clerk read «Dự toán tháng»)
    assert "cột «Dự toán tháng» (DT tháng) chỉ có ở kỳ tháng, không có ở Quý I năm 2023" in (
        got.message
    ), got.message
    assert province.repo.get("178", "", "ngan_sach", "2023-Q1") is None  # nothing kept
