"""How a province figure is formed per indicator (consolidation/province.py): the units
below, the lead department, or the lead's provincial part plus the units; the
reconciliation (đối chiếu); the province office's own entries; nothing counted twice."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.core.consolidation.engine import consolidate_period, result_to_json
from desktop.core.formdef.loader import check_pack
from desktop.core.services import Services
from desktop.core.submission import Submission
from tests.conftest import run_cli

REPO = Path(__file__).resolve().parents[2]

FORM = """
id: thu
version: 1
title: "Biểu kiểm thử nguồn số liệu cấp tỉnh"
bieu_so: "Biểu số 98"
domain: an_ninh_trat_tu
period_types: [month]
measures: [th_ky, kh_nam, cung_ky, pct_kh, pct_ck]
sections:
  - title: "Chỉ tiêu"
    indicators:
      - {code: TP, label: "Số vụ phạm pháp hình sự", unit: vu, kind: integer,
         province_source: lead_department, lead: ["9001"]}
      - {code: NS, label: "Thu ngân sách", unit: trieu_dong,
         province_source: department_plus_units, lead: ["9002"]}
      - {code: FL, label: "Diện tích gieo trồng", unit: ha}
      - {code: PO, label: "Chỉ tiêu chỉ cấp tỉnh có", unit: ha}
"""

DEPARTMENTS = [
    ("9001", "Công an tỉnh Lạng Sơn"),
    ("9002", "Cục Thuế tỉnh Lạng Sơn"),
    ("9003", "Sở Y tế"),
]


@pytest.fixture
def svc(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "thu.yaml").write_text(FORM, encoding="utf-8")
    units = tmp_path / "units"
    units.mkdir()
    shutil.copy(REPO / "resources" / "units" / "lang_son.json", units / "lang_son.json")
    extra = [
        {"code": c, "name": n, "level": "department", "kind": "Sở, ngành", "parent_code": "20"}
        for c, n in DEPARTMENTS
    ]
    (units / "lang_son_departments.json").write_text(
        json.dumps({"source": "kiểm thử", "units": extra}, ensure_ascii=False), encoding="utf-8"
    )
    return Services(
        db_path=tmp_path / "tinh.db",
        forms_dir=forms,
        units_path=units / "lang_son.json",
        today=dt.date(2026, 11, 23),
    )


def put(svc, unit, values, period="2023-01", status="final"):
    vals = {tuple(k.split(".")): D(v) for k, v in values.items()}
    sub = Submission("thu", 1, unit, period, values=vals)
    return svc.repo.save(
        sub, form_hash=svc.pack.content_hash("thu"), unit_valid_from="", actor="t", status=status
    )


def table(svc, period="2023-01"):
    [form] = consolidate_period(svc, period, form_ids=["thu"]).forms
    rows = {r.indicator.code: r for r in form.rows if r.indicator}
    recon = {(x.indicator, x.measure): x for x in form.reconciliation}
    return form, rows, recon


def test_a_crime_reported_by_the_police_and_a_district_is_counted_once(svc):
    put(svc, "9001", {"TP.th_ky": "10", "TP.cung_ky": "8"})  # the whole province
    put(svc, "178", {"TP.th_ky": "3", "TP.cung_ky": "2"})  # part of the same 10
    put(svc, "180", {"TP.th_ky": "2", "TP.cung_ky": "2"})
    form, rows, recon = table(svc)
    assert rows["TP"].values["th_ky"] == D(10)
    assert rows["TP"].values["pct_ck"] == D(125)  # 10 / 8, the police's own figures
    assert "Công an tỉnh Lạng Sơn" in rows["TP"].note
    assert "đơn vị đã báo cáo" not in rows["TP"].note  # not "1 of 2 units"
    r = recon[("TP", "th_ky")]
    assert (r.department, r.units, r.used, r.difference) == (D(10), D(5), D(10), D(5))
    assert r.body == "Công an tỉnh Lạng Sơn" and r.source == "lead_department"
    assert [u.code for u in form.provincial] == ["9001"]
    assert [u.code for u in form.reported] == ["178", "180"]  # departments are not units below


def test_the_lead_not_reported_shows_the_units_sum_as_provisional(svc):
    # the lead engineer's decision (issue 10): never empty, never silent
    put(svc, "178", {"TP.th_ky": "3"})
    put(svc, "180", {"TP.th_ky": "4"})
    put(svc, "9003", {"TP.th_ky": "99"})  # not the lead: never the province's figure
    _, rows, recon = table(svc)
    assert rows["TP"].values["th_ky"] == D(7)
    assert "Tạm tính từ 2 đơn vị; Công an tỉnh Lạng Sơn chưa báo cáo" in rows["TP"].note
    assert "đơn vị đã báo cáo" not in rows["TP"].note  # the provisional note says it once
    r = recon[("TP", "th_ky")]
    assert (r.units, r.department, r.used, r.difference) == (D(7), None, D(7), None)
    assert "Công an tỉnh Lạng Sơn chưa báo cáo" in r.note and "tạm tính từ 2 đơn vị" in r.note
    assert "Sở Y tế" in r.note


def test_another_department_reporting_the_same_indicator_is_named_not_added(svc):
    put(svc, "9001", {"TP.th_ky": "10"})
    put(svc, "9003", {"TP.th_ky": "4"})
    _, rows, recon = table(svc)
    assert rows["TP"].values["th_ky"] == D(10)
    assert "Cũng báo cáo (không cộng): Sở Y tế" in recon[("TP", "th_ky")].note


def test_department_part_plus_units_adds_both_and_recomputes_the_percentage(svc):
    put(svc, "9002", {"NS.th_ky": "100", "NS.kh_nam": "500"})
    put(svc, "178", {"NS.th_ky": "20", "NS.kh_nam": "60"})
    put(svc, "180", {"NS.th_ky": "30", "NS.kh_nam": "40"})
    _, rows, recon = table(svc)
    assert rows["NS"].values["th_ky"] == D(150)
    assert rows["NS"].values["kh_nam"] == D(600)
    assert rows["NS"].values["pct_kh"] == D(25)  # 150 / 600, not an average of rates
    r = recon[("NS", "th_ky")]
    assert (r.department, r.units, r.used, r.difference) == (D(100), D(50), D(150), None)


def test_units_source_reconciles_a_department_figure_and_uses_the_units(svc):
    put(svc, "178", {"FL.th_ky": "10.5"})
    put(svc, "180", {"FL.th_ky": "4"})
    put(svc, "20", {"FL.th_ky": "15"})  # the province office's own figure
    _, rows, recon = table(svc)
    assert rows["FL"].values["th_ky"] == D("14.5")
    r = recon[("FL", "th_ky")]
    assert (r.department, r.units, r.difference) == (D(15), D("14.5"), D("0.5"))
    assert r.body == "Tỉnh Lạng Sơn" or "Lạng Sơn" in r.body
    # 2 of the 11 districts: the row says its sum is theirs, beside a whole-province figure
    # (found on a realistic month: Sở NN&PTNT's 2.128 ha of vegetables, 3 districts' 1.330,5
    # under a total and siblings that are the department's, with no word on the row)
    assert rows["FL"].note == (
        "Tổng của 2/11 đơn vị; Tỉnh Lạng Sơn có số liệu toàn tỉnh (xem Đối chiếu)"
    ), rows["FL"].note


def test_a_draft_of_a_department_never_counts(svc):
    put(svc, "9001", {"TP.th_ky": "10"}, status="draft")
    put(svc, "178", {"TP.th_ky": "3"})
    _, rows, _ = table(svc)
    assert rows["TP"].values["th_ky"] == D(3)  # the units' sum, not the draft's 10
    assert "Công an tỉnh Lạng Sơn chưa báo cáo" in rows["TP"].note


def test_district_level_tables_ignore_the_departments(svc):
    on = dt.date(2023, 1, 31)
    communes = svc.units.children(svc.units.get("182", on), on)
    put(svc, "9001", {"TP.th_ky": "10"})
    put(svc, communes[0].code, {"TP.th_ky": "1"})
    put(svc, communes[1].code, {"TP.th_ky": "2"})
    res = consolidate_period(svc, "2023-01", form_ids=["thu"], level="district", unit_code="182")
    [form] = res.forms
    rows = {r.indicator.code: r for r in form.rows if r.indicator}
    assert rows["TP"].values["th_ky"] == D(3) and form.reconciliation == []


def test_json_carries_the_reconciliation(svc):
    put(svc, "9001", {"TP.th_ky": "10"})
    put(svc, "178", {"TP.th_ky": "3"})
    js = result_to_json(consolidate_period(svc, "2023-01", form_ids=["thu"]))
    [f] = js["forms"]
    [r] = [x for x in f["reconciliation"] if x["code"] == "TP"]
    assert (r["department"], r["units"], r["used"], r["difference"]) == ("10", "3", "10", "7")
    assert f["provincial_bodies"] == [{"code": "9001", "name": "Công an tỉnh Lạng Sơn"}]


def test_department_plus_units_on_a_ratio_is_refused_by_the_form_check(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    bad = FORM.replace(
        '- {code: PO, label: "Chỉ tiêu chỉ cấp tỉnh có", unit: ha}',
        '- {code: PO, label: "Tỷ lệ", unit: phan_tram, kind: percent, aggregation: ratio, '
        "weight: FL, province_source: department_plus_units}",
    )
    (forms / "thu.yaml").write_text(bad, encoding="utf-8")
    _, issues = check_pack(forms)
    assert [i.code for i in issues] == ["nguon_tinh_khong_cong_duoc"]
    assert issues[0].location.indicator == "PO"


def test_the_province_offices_own_entries_are_counted(tmp_path):
    """Entered as the province (unit 20) and finalised: `consolidate` shows them."""
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "thu.yaml").write_text(FORM, encoding="utf-8")
    env = {"BAOCAO_FORMS_DIR": str(forms)}
    db = tmp_path / "tinh.db"
    own = {
        "format": "baocao-submission/1",
        "form": "thu",
        "form_version": 1,
        "unit": "20",
        "period": "2023-01",
        "values": {"PO": {"th_ky": "1.234,5"}, "TP": {"th_ky": "17"}},
    }
    path = tmp_path / "tinh.json"
    path.write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    done = run_cli("entry", "load", str(path), "--final", db=db, env=env)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "tong_hop.json"
    xlsx = tmp_path / "tong_hop.xlsx"
    done = run_cli(
        "consolidate", "--period", "2023-01", "--out", str(xlsx), "--json", str(out), db=db, env=env
    )
    assert done.returncode == 0, done.stderr
    [f] = json.loads(out.read_text(encoding="utf-8"))["forms"]
    rows = {r["code"]: r for r in f["rows"] if r["code"]}
    assert rows["PO"]["values"]["th_ky"] == "1234.5"
    assert rows["TP"]["values"]["th_ky"] == "17"  # no lead reported: the office stands for it
    assert f["provincial_bodies"][0]["code"] == "20"


def test_the_workbook_has_a_reconciliation_sheet(svc, tmp_path):
    from python_calamine import CalamineWorkbook

    from desktop.core.excel.workbook import write_consolidated_workbook

    put(svc, "9001", {"TP.th_ky": "10"})
    put(svc, "178", {"TP.th_ky": "3"})
    put(svc, "180", {"TP.th_ky": "4.5"})
    result = consolidate_period(svc, "2023-01", form_ids=["thu"])
    out = write_consolidated_workbook(result, svc.pack.catalog, tmp_path / "th.xlsx")
    wb = CalamineWorkbook.from_path(str(out))
    assert "Đối chiếu" in wb.sheet_names
    rows = wb.get_sheet_by_name("Đối chiếu").to_python()
    [line] = [r for r in rows if r[1] == "TP"]
    assert line[6] == "Công an tỉnh Lạng Sơn"
    assert [line[7], line[8], line[9], line[10]] == [10, 7.5, 10, 2.5]
    main = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
    [tp] = [r for r in main if "TP" in r]
    assert 10 in tp and 17.5 not in tp  # the police's figure, not police + districts


def test_no_reconciliation_sheet_when_only_units_reported(svc, tmp_path):
    from python_calamine import CalamineWorkbook

    from desktop.core.excel.workbook import write_consolidated_workbook

    put(svc, "178", {"FL.th_ky": "3"})
    result = consolidate_period(svc, "2023-01", form_ids=["thu"])
    out = write_consolidated_workbook(result, svc.pack.catalog, tmp_path / "th.xlsx")
    assert "Đối chiếu" not in CalamineWorkbook.from_path(str(out)).sheet_names


def _texts(path, sheet=0):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_name(wb.sheet_names[sheet]).to_python()
    return rows, [c for r in rows for c in r if isinstance(c, str) and c]


def test_the_province_table_is_signed_for_the_committee_and_a_units_biểu_by_its_head(svc, tmp_path):
    from desktop.core.consolidation.engine import unit_report
    from desktop.core.excel.workbook import write_consolidated_workbook
    from desktop.core.excel.workbook_display import Signature

    put(svc, "178", {"FL.th_ky": "3"})
    result = consolidate_period(svc, "2023-01", form_ids=["thu"])
    signer = Signature(name="Đoàn Thu Hà")
    out = write_consolidated_workbook(
        result, svc.pack.catalog, tmp_path / "t.xlsx", signature=signer
    )
    _, texts = _texts(out)
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đoàn Thu Hà"):
        assert line in texts, line
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in texts
    unit = svc.units.get("178", dt.date(2023, 1, 31))
    own = unit_report(svc, unit, "2023-01", ["thu"])
    out = write_consolidated_workbook(own, svc.pack.catalog, tmp_path / "u.xlsx", signature=signer)
    _, texts = _texts(out)
    assert "THỦ TRƯỞNG ĐƠN VỊ" in texts and "TM. ỦY BAN NHÂN DÂN" not in texts


def test_money_may_be_shown_in_billions_exactly_with_one_decimal(svc, tmp_path):
    import openpyxl

    from desktop.core.excel.workbook import write_consolidated_workbook

    put(svc, "9002", {"NS.th_ky": "418100"})  # triệu đồng, as entered
    put(svc, "178", {"NS.th_ky": "12345.678", "FL.th_ky": "1500"})
    result = consolidate_period(svc, "2023-01", form_ids=["thu"])
    out = write_consolidated_workbook(
        result, svc.pack.catalog, tmp_path / "t.xlsx", money_in_billions=True
    )
    ws = openpyxl.load_workbook(out).worksheets[0]
    [ns] = [r for r in ws.iter_rows() if r[2].value == "NS"]
    [fl] = [r for r in ws.iter_rows() if r[2].value == "FL"]
    assert ns[3].value == "tỷ đồng" and fl[3].value == "ha"
    assert D(str(ns[4].value)) == D("430.445678")  # (418.100 + 12.345,678) / 1.000, exact
    assert ns[4].number_format == "#,##0.0"
    assert fl[4].value == 1500  # other units untouched
    js = result_to_json(result)  # the data stays in triệu đồng
    [row] = [r for r in js["forms"][0]["rows"] if r["code"] == "NS"]
    assert row["values"]["th_ky"] == "430445.678" and row["unit"] == "triệu đồng"


def test_the_cutoff_date_defaults_from_the_calendar_and_is_printed(svc, tmp_path):
    from desktop.core.excel.workbook import write_consolidated_workbook

    put(svc, "178", {"FL.th_ky": "3"})
    result = consolidate_period(svc, "2023-01", form_ids=["thu"])
    [form] = result.forms
    assert form.data_cutoff == "2023-01-14"  # administrative calendar: the 14th
    out = write_consolidated_workbook(result, svc.pack.catalog, tmp_path / "t.xlsx")
    assert "Số liệu tính đến ngày 14/01/2023." in _texts(out)[1]


def test_the_cutoff_date_a_unit_states_is_used_and_differing_dates_are_noted(svc):
    for unit, day in (("178", "2023-01-31"), ("180", "2023-01-15")):
        sub = Submission("thu", 1, unit, "2023-01", values={("FL", "th_ky"): D(1)})
        sub.data_cutoff = day
        svc.repo.save(
            sub,
            form_hash=svc.pack.content_hash("thu"),
            unit_valid_from="",
            actor="t",
            status="final",
        )
    [form] = consolidate_period(svc, "2023-01", form_ids=["thu"]).forms
    assert form.data_cutoff == "2023-01-31"
    assert "Các đơn vị chốt số liệu vào các ngày khác nhau: 15/01/2023, 31/01/2023." in form.notes


MONTHLY = """
id: thang
version: 1
title: "Biểu kiểm thử các cột của báo cáo tháng"
bieu_so: "Biểu số 96"
domain: ngan_sach
period_types: [month, quarter, year]
year_cutoff: "01-31"
measures: [th_ky, luy_ke, th_tt, pct_tt, du_toan_tw, du_toan_tinh, pct_dt_tw, pct_dt_tinh, kh_ky_toi]
sections:
  - title: "Thu ngân sách"
    indicators:
      - {code: THU, label: "Thu ngân sách nhà nước", unit: trieu_dong}
"""


@pytest.fixture
def monthly(tmp_path):
    forms = tmp_path / "forms_thang"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "thang.yaml").write_text(MONTHLY, encoding="utf-8")
    return Services(db_path=tmp_path / "thang.db", forms_dir=forms, today=dt.date(2026, 11, 23))


def put_thang(svc, unit, period, values):
    sub = Submission("thang", 1, unit, period, values={("THU", m): D(v) for m, v in values.items()})
    svc.repo.save(
        sub, form_hash=svc.pack.content_hash("thang"), unit_valid_from="", actor="t", status="final"
    )


def test_previous_month_both_estimates_and_next_target_columns(monthly):
    put_thang(monthly, "178", "2023-01", {"th_ky": "100"})
    put_thang(monthly, "180", "2023-01", {"th_ky": "50"})
    put_thang(
        monthly,
        "178",
        "2023-02",
        {
            "th_ky": "120",
            "luy_ke": "220",
            "du_toan_tw": "1000",
            "du_toan_tinh": "1100",
            "kh_ky_toi": "130",
        },
    )
    put_thang(
        monthly,
        "180",
        "2023-02",
        {
            "th_ky": "30",
            "th_tt": "40",
            "luy_ke": "80",
            "du_toan_tw": "500",
            "du_toan_tinh": "400",
            "kh_ky_toi": "35",
        },
    )
    [form] = consolidate_period(monthly, "2023-02", form_ids=["thang"]).forms
    [row] = [r for r in form.rows if r.indicator]
    v = row.values
    assert v["th_tt"] == D(140)  # 100 from Thành phố's January report + 40 typed by Tràng Định
    assert v["pct_tt"] == D(150) / D(140) * 100
    assert v["pct_dt_tw"] == D(300) / D(1500) * 100 and v["pct_dt_tinh"] == D(20)
    assert v["kh_ky_toi"] == D(165)
    assert any("tháng trước" in n and "Thành phố Lạng Sơn" in n for n in form.notes)
    assert form.measures.index("th_tt") < form.measures.index("pct_tt")


def test_a_quarter_made_of_months_has_no_previous_month_or_next_target(monthly):
    for m in ("01", "02", "03"):
        put_thang(monthly, "178", f"2023-{m}", {"th_ky": "10", "th_tt": "9", "kh_ky_toi": "11"})
    [form] = consolidate_period(monthly, "2023-Q1", form_ids=["thang"]).forms
    [row] = [r for r in form.rows if r.indicator]
    assert row.values["th_ky"] == D(30)
    assert row.values.get("th_tt") is None and row.values.get("kh_ky_toi") is None


def test_a_years_investment_plan_runs_to_31_january_of_the_next_year(monthly):
    put_thang(monthly, "178", "2022", {"th_ky": "10"})
    [form] = consolidate_period(monthly, "2022", form_ids=["thang"]).forms
    assert form.data_cutoff == "2023-01-31"
    [month] = consolidate_period(monthly, "2023-01", form_ids=["thang"]).forms
    assert month.data_cutoff == "2023-01-14"


def test_a_year_cutoff_that_is_no_date_is_refused(tmp_path):
    forms = tmp_path / "f"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "thang.yaml").write_text(MONTHLY.replace('"01-31"', '"02-30"'), encoding="utf-8")
    _, issues = check_pack(forms)
    assert [i.code for i in issues] == ["ngay_chot_nam_sai"]


def test_the_cli_signs_and_shows_money_as_the_settings_say(tmp_path):
    import os

    from desktop.core.settings import Role, Settings, save_settings

    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "thu.yaml").write_text(FORM, encoding="utf-8")
    data = Path(os.environ["BAOCAO_DATA_DIR"])
    save_settings(
        Settings(
            role=Role.PROVINCE,
            unit_code="20",
            unit_name="Tỉnh Lạng Sơn",
            person_name="Nguyễn Văn An",
            signer_name="Đoàn Thu Hà",
            signer_position="PHÓ CHỦ TỊCH THƯỜNG TRỰC",
            money_in_billions=True,
        ),
        data,
    )
    env = {"BAOCAO_FORMS_DIR": str(forms)}
    db = tmp_path / "tinh.db"
    own = {
        "format": "baocao-submission/1",
        "form": "thu",
        "form_version": 1,
        "unit": "20",
        "period": "2023-01",
        "values": {"NS": {"th_ky": "418100"}},
    }
    path = tmp_path / "tinh.json"
    path.write_text(json.dumps(own), encoding="utf-8")
    assert run_cli("entry", "load", str(path), "--final", db=db, env=env).returncode == 0
    xlsx = tmp_path / "th.xlsx"
    done = run_cli("consolidate", "--period", "2023-01", "--out", str(xlsx), db=db, env=env)
    assert done.returncode == 0, done.stderr
    rows, texts = _texts(xlsx)
    assert {"Đoàn Thu Hà", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "TM. ỦY BAN NHÂN DÂN"} <= set(texts)
    [ns] = [r for r in rows if len(r) > 4 and r[2] == "NS"]
    assert ns[3] == "tỷ đồng" and ns[4] == 418.1


def test_the_national_route_applies_the_same_rules(svc, monkeypatch):
    from desktop.core.consolidation import engine

    put(svc, "9001", {"TP.th_ky": "10"})
    put(svc, "9002", {"NS.th_ky": "100", "NS.kh_nam": "500"})
    put(svc, "178", {"TP.th_ky": "3", "NS.th_ky": "20", "NS.kh_nam": "100", "FL.th_ky": "2"})
    put(svc, "20", {"FL.th_ky": "2.5", "PO.th_ky": "9"})
    small = result_to_json(consolidate_period(svc, "2023-01", form_ids=["thu"]))
    monkeypatch.setattr(engine, "SHEET_UNITS", 0)
    large = result_to_json(consolidate_period(svc, "2023-01", form_ids=["thu"]))
    [a], [b] = small["forms"], large["forms"]
    assert [r["values"] for r in a["rows"]] == [r["values"] for r in b["rows"]]
    assert a["reconciliation"] == b["reconciliation"] and a["reconciliation"]
