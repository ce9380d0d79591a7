"""Consolidation against hand-computed results, to the last digit: flows, stocks, a ratio,
count of units, percentages recomputed, a missing unit, a resubmission, a district made
from its communes, months combined into a half-year, and last year's figures."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.core.consolidation.engine import consolidate_period, result_to_json
from desktop.core.services import Services
from desktop.core.submission import Submission

REPO = Path(__file__).resolve().parents[2]

FORM = """
id: thu
version: 1
title: "Biểu kiểm thử tổng hợp"
bieu_so: "Biểu số 99"
domain: nong_lam_nghiep
period_types: [month, half_year]
measures: [th_ky, luy_ke, kh_nam, cung_ky, pct_kh, pct_ck]
sections:
  - title: "Chỉ tiêu"
    indicators:
      - {code: FL, label: "Dòng chảy", unit: ha}
      - {code: ST, label: "Tồn", unit: con, kind: integer, aggregation: stock}
      - {code: NU, label: "Tử số", unit: vu, kind: integer}
      - {code: DD, label: "Mẫu số", unit: vu, kind: integer}
      - {code: RA, label: "Tỷ lệ", unit: phan_tram, kind: percent, aggregation: ratio, numerator: NU, denominator: DD}
      - {code: CU, label: "Xã đạt chuẩn", unit: xa, kind: integer, aggregation: count_of_units, total: TO}
      - {code: TO, label: "Tổng số xã", unit: xa, kind: integer, aggregation: stock}
      - {code: TEN, label: "Ghi chú", unit: don_vi, kind: text, aggregation: none, measures: [th_ky]}
narratives:
  - {code: ket_qua, title: "Kết quả"}
"""


@pytest.fixture
def svc(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "thu.yaml").write_text(FORM, encoding="utf-8")
    return Services(db_path=tmp_path / "tinh.db", forms_dir=forms, today=dt.date(2026, 11, 23))


def put(svc, unit, period, values, narrative=None, status="final"):
    vals = {tuple(k.split(".")): (D(v) if k != "TEN.th_ky" else v) for k, v in values.items()}
    sub = Submission("thu", 1, unit, period, values=vals, narratives={"ket_qua": narrative} if narrative else {})
    return svc.repo.save(sub, form_hash=svc.pack.content_hash("thu"), unit_valid_from="", actor="t", status=status)


def rows(result):
    [form] = result.forms
    return form, {r.indicator.code: r for r in form.rows if r.indicator}


def test_province_h1_by_hand(svc):
    communes = svc.units.children(svc.units.get("182", dt.date(2023, 6, 30)), dt.date(2023, 6, 30))
    put(svc, "178", "2023-H1", {"FL.th_ky": "50"})  # revision 1, superseded below
    put(svc, "178", "2023-H1", {"FL.th_ky": "100.5", "FL.luy_ke": "300", "FL.kh_nam": "1000", "FL.cung_ky": "90",
                                "ST.th_ky": "40", "NU.th_ky": "3", "DD.th_ky": "10", "RA.th_ky": "30",
                                "CU.th_ky": "2", "TO.th_ky": "5", "TEN.th_ky": "Thành phố"}, "Thành phố tăng trưởng khá.")
    put(svc, "180", "2023-H1", {"FL.th_ky": "200", "FL.luy_ke": "500", "FL.kh_nam": "2000", "FL.cung_ky": "210",
                                "ST.th_ky": "60", "NU.th_ky": "7", "DD.th_ky": "20", "RA.th_ky": "35",
                                "CU.th_ky": "1", "TO.th_ky": "4"}, "Tràng Định ổn định.")
    put(svc, "181", "2023-H1", {"FL.th_ky": "0.25", "FL.luy_ke": "0.25", "NU.th_ky": "1", "DD.th_ky": "2",
                                "CU.th_ky": "0", "TO.th_ky": "3"})
    put(svc, communes[0].code, "2023-H1", {"FL.th_ky": "10", "ST.th_ky": "5", "NU.th_ky": "1", "DD.th_ky": "4"})
    put(svc, communes[1].code, "2023-H1", {"FL.th_ky": "20.5", "ST.th_ky": "6", "NU.th_ky": "2", "DD.th_ky": "4"})
    put(svc, "183", "2023-H1", {"FL.th_ky": "999"}, status="draft")  # a draft never counts

    form, r = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"]))
    assert r["FL"].values["th_ky"] == D("331.25")
    assert r["FL"].values["luy_ke"] == D("800.25")
    assert r["FL"].values["kh_nam"] == D("3000")
    assert r["FL"].values["cung_ky"] == D("300")
    assert r["FL"].values["pct_kh"] == D(800) / D(3000) * 100  # over the units that gave both
    assert r["FL"].values["pct_ck"] == D("300.5") / D(300) * 100
    # over 2 of the 4 units of th_ky: the row says so, the percentages are not the whole row's
    assert r["FL"].partial == ("pct_kh", "pct_ck")
    assert "% cùng kỳ tính trên 2/4 đơn vị" in r["FL"].note
    assert r["ST"].values["th_ky"] == D(111)
    assert r["NU"].values["th_ky"] == D(14) and r["DD"].values["th_ky"] == D(40)
    assert r["RA"].values["th_ky"] == D(35)  # 14 / 40 × 100, never 30 + 35 or their mean
    assert r["CU"].values["th_ky"] == D(3) and r["TO"].values["th_ky"] == D(12)
    assert r["TEN"].values["th_ky"] is None and "từng đơn vị" in r["TEN"].note
    assert [u.code for u in form.reported] == ["178", "180", "181", "182"]
    assert len(form.missing) == 7 and "183" in {u.code for u in form.missing}
    assert form.missing_note.startswith("Thiếu số liệu 7 đơn vị")
    assert any("tổng hợp từ 2/" in n for n in form.notes)
    assert r["FL"].by_unit[("178", "")]["th_ky"] == D("100.5")
    assert r["FL"].counts["th_ky"] == 4
    assert form.narratives[("178", "")]["ket_qua"] == "Thành phố tăng trưởng khá."
    js = result_to_json(consolidate_period(svc, "2023-H1", form_ids=["thu"]))
    row = next(x for x in js["forms"][0]["rows"] if x["code"] == "FL")
    assert row["values"]["th_ky"] == "331.25"
    assert len(js["forms"][0]["missing_units"]) == 7


def test_months_combine_into_half_year(svc):
    for m in range(1, 7):
        put(svc, "183", f"2023-{m:02d}", {"FL.th_ky": str(m), "FL.luy_ke": str(m * (m + 1) // 2), "FL.kh_nam": "100",
                                           "ST.th_ky": str(10 + m), "NU.th_ky": "1", "DD.th_ky": "2"})
    _, r = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"]))
    assert r["FL"].values["th_ky"] == D(21)  # flow: sum of months
    assert r["FL"].values["luy_ke"] == D(21)  # lũy kế: June's
    assert r["ST"].values["th_ky"] == D(16)  # stock: end of period
    assert r["RA"].values["th_ky"] == D(50)  # 6 / 12 × 100
    put_missing = consolidate_period(svc, "2023-H1", form_ids=["thu"]).forms[0]
    assert any("báo cáo tháng" in n for n in put_missing.notes)


def test_incomplete_months_are_missing_not_zero(svc):
    for m in (1, 2, 3, 5, 6):
        put(svc, "183", f"2023-{m:02d}", {"FL.th_ky": "1"})
    form, r = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"]))
    assert "183" in {u.code for u in form.missing}
    assert r["FL"].values["th_ky"] is None


def test_same_period_last_year_from_store(svc):
    put(svc, "181", "2022-H1", {"FL.th_ky": "0.2"})
    put(svc, "181", "2023-H1", {"FL.th_ky": "0.25"})
    form, r = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"]))
    assert r["FL"].values["cung_ky"] == D("0.2")
    assert r["FL"].values["pct_ck"] == D("125")
    assert any("năm trước" in n for n in form.notes)


def test_across_the_reform_full_and_partial(svc):
    # Phường Đông Kinh (05977 from 1/7/2025) = Vĩnh Trại + Đông Kinh + Mai Pha + Yên Trạch, all full
    before = dt.date(2024, 12, 31)
    new = svc.units.get("05977", dt.date(2025, 7, 1))
    for link in new.predecessors:
        svc.repo.save(Submission("thu", 1, link.code, "2024-H2", values={("FL", "th_ky"): D("1.5")}),
                      form_hash=svc.pack.content_hash("thu"), unit_valid_from="", actor="t", status="final")
    svc.repo.save(Submission("thu", 1, "05977", "2025-H2", values={("FL", "th_ky"): D("10")}),
                  form_hash=svc.pack.content_hash("thu"), unit_valid_from=new.key[1], actor="t", status="final")
    split = next(u for u in svc.units.valid_on(dt.date(2025, 7, 1), "commune")
                 if any(lk.type == "partial" for lk in u.predecessors))
    svc.repo.save(Submission("thu", 1, split.code, "2025-H2", values={("FL", "th_ky"): D("7")}),
                  form_hash=svc.pack.content_hash("thu"), unit_valid_from=split.key[1], actor="t", status="final")
    form, r = rows(consolidate_period(svc, "2025-H2", form_ids=["thu"]))
    assert r["FL"].by_unit[new.key]["cung_ky"] == D("1.5") * len(new.predecessors)
    assert "cung_ky" not in r["FL"].by_unit[split.key]
    assert any(split.name in n and "một phần" in n for n in form.notes)
    assert len(form.expected) == 65
    assert before  # the pre-reform communes were valid on that day


def test_large_run_from_running_totals_gives_the_same_totals(svc, monkeypatch):
    """The national route (running sums kept by the store) computes exactly what the unit-by-unit route does."""
    from desktop.core.consolidation import engine

    put(svc, "178", "2023-H1", {"FL.th_ky": "100.5", "FL.luy_ke": "300", "FL.kh_nam": "1000", "FL.cung_ky": "90",
                                "NU.th_ky": "3", "DD.th_ky": "10", "CU.th_ky": "2", "TO.th_ky": "5"})
    put(svc, "180", "2023-H1", {"FL.th_ky": "200", "FL.kh_nam": "2000", "FL.cung_ky": "210",
                                "NU.th_ky": "7", "DD.th_ky": "20", "CU.th_ky": "1", "TO.th_ky": "4"})
    put(svc, "181", "2023-H1", {"FL.th_ky": "0.25", "NU.th_ky": "1"})
    _, normal = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"]))
    monkeypatch.setattr(engine, "SHEET_UNITS", 0)
    form, large = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"]))
    for code in ("FL", "ST", "NU", "DD", "RA", "CU", "TO"):
        for m, v in normal[code].values.items():
            assert large[code].values.get(m) == v, (code, m)
    assert large["FL"].values["pct_kh"] == D(500) / D(3000) * 100  # 178: lũy kế 300; 180: TH kỳ 200
    assert len(form.missing) == 8


def test_as_of_uses_the_revisions_that_had_arrived(svc):
    import datetime as _dt

    first = put(svc, "178", "2023-H1", {"FL.th_ky": "10"})
    second = put(svc, "178", "2023-H1", {"FL.th_ky": "25"})
    with svc.repo.transaction():
        svc.db.execute("UPDATE submissions SET finalised_at = ? WHERE id = ?", ["2023-06-20T09:00:00+07:00", first.id])
        svc.db.execute("UPDATE submissions SET finalised_at = ? WHERE id = ?", ["2023-07-02T09:00:00+07:00", second.id])
    _, r = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"], as_of=_dt.date(2023, 6, 30)))
    assert r["FL"].values["th_ky"] == D(10)
    _, r = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"], as_of=_dt.date(2023, 7, 5)))
    assert r["FL"].values["th_ky"] == D(25)
    form, r = rows(consolidate_period(svc, "2023-H1", form_ids=["thu"], as_of=_dt.date(2023, 6, 1)))
    assert r["FL"].values["th_ky"] is None and "178" in {u.code for u in form.missing}


def test_a_rate_no_unit_gave_both_parts_of_says_why_it_is_empty(services):
    """Huyện Cao Lộc gave its farming sector's value and its typed share (17,96 %) but not
    the sectors' total (seed 004, Biểu số 01): the province's «Tỷ trọng nông, lâm nghiệp và
    thủy sản» cannot be recomputed and stood empty with no word, beside the unit's own
    17,96 on the «CT» sheet.  The cell says which two figures no unit had together; a rate
    of which nothing was reported says nothing (the table names who is missing)."""
    values = {("TH_GTSX_NLN", "th_ky"): D("634.7"), ("TH_TT_NLN", "th_ky"): D("17.96")}
    report = services.validate(Submission("kinh_te_tong_hop", 1, "183", "2023-H1", values=values))
    services.save_entry(report, final=True, actor="Lan")
    [table] = consolidate_period(services, "2023-H1", form_ids=["kinh_te_tong_hop"]).forms
    by_code = {r.indicator.code: r for r in table.rows if r.indicator}
    share = by_code["TH_TT_NLN"]
    assert share.values["th_ky"] is None  # never the unit's 17,96 passed off as the province's
    assert share.note == (
        "Chưa tính lại được: không đơn vị nào có đủ «Nông, lâm nghiệp và thủy sản» và "
        "«Tổng giá trị sản xuất các ngành kinh tế chủ yếu»"
    )
    assert by_code["TH_TT_DV"].note == ""
