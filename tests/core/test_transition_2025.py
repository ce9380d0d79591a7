"""The year across 1/7/2025 in the province's tables, against hand sums (real SQLite): the
11 districts report 2025's first half, the 65 new communes the second (by quarters), and
the year, nine months, H2 and Q3 are consolidated from both without a figure counted twice
or lost: flows add both parts, a stock is the communes' at the period's end, lũy kế carries
on from the districts' at 30/6, cùng kỳ is each part's own, and the reused code 06001
(Xã Đoàn Kết before and after) never mixes its two units.  docs/consolidation.md,
«Năm 2025: trước và sau 1/7»."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.consolidation.engine import consolidate_period
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.submission import Submission

REPO = Path(__file__).resolve().parents[2]
FORM = """
id: thu
version: 1
title: "Biểu kiểm thử năm 2025"
bieu_so: "Biểu số 98"
domain: nong_lam_nghiep
period_types: [month, quarter, half_year, nine_months, year]
measures: [th_ky, luy_ke, kh_nam, cung_ky, th_tt, pct_kh, pct_ck, pct_tt]
sections:
  - title: "Chỉ tiêu"
    indicators:
      - {code: FL, label: "Dòng chảy", unit: ha}
      - {code: ST, label: "Tồn", unit: con, kind: integer, aggregation: stock}
"""


def _province(root: Path) -> Services:
    """The province's installation in `root`, with the test form «thu» beside the catalog."""
    forms = root / "forms"
    forms.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "thu.yaml").write_text(FORM, encoding="utf-8")
    return Services(db_path=root / "tinh.db", forms_dir=forms, today=dt.date(2026, 1, 20))


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    """Districts i = 0..10: Q1 th_ky i+1, Q2 i+2 (lũy kế 2i+3), stock 5 then 6, plan 1000,
    2024-H1 th_ky 10, 2024-Q3 20 (stock 4), 2024 100 (stock 7); communes j = 0..64: Q3 th_ky 1, Q4 2 (their lũy kế since 1/7: 1, 3),
    stock 2 then 3, plan 50; June 2025 th_ky i+5 (districts), July 1 (communes).  Xã Đoàn Kết (06001) of Tràng Định also reported Q1 (7) before
    1/7, as one of Tràng Định's communes: never the new 06001's."""
    root = tmp_path_factory.mktemp("nam2025")
    svc = _province(root)
    for i, d in enumerate(svc.units.valid_on(dt.date(2025, 6, 30), "district")):
        put(svc, d.code, "2024-H1", {"FL.th_ky": "10"})
        put(svc, d.code, "2024-Q3", {"FL.th_ky": "20", "ST.th_ky": 4})
        put(svc, d.code, "2024", {"FL.th_ky": "100", "ST.th_ky": 7})
        put(svc, d.code, "2025-Q1", {"FL.th_ky": i + 1, "FL.luy_ke": i + 1, "ST.th_ky": 5, "FL.kh_nam": 1000})
        put(svc, d.code, "2025-Q2", {"FL.th_ky": i + 2, "FL.luy_ke": 2 * i + 3, "ST.th_ky": 6, "FL.kh_nam": 1000})
        put(svc, d.code, "2025-06", {"FL.th_ky": i + 5})
    put(svc, "06001", "2025-Q1", {"FL.th_ky": "7"})  # the former Xã Đoàn Kết
    for c in svc.units.valid_on(dt.date(2025, 7, 1), "commune"):
        put(svc, c.code, "2025-Q3", {"FL.th_ky": 1, "FL.luy_ke": 1, "ST.th_ky": 2, "FL.kh_nam": 50})
        put(svc, c.code, "2025-Q4", {"FL.th_ky": 2, "FL.luy_ke": 3, "ST.th_ky": 3, "FL.kh_nam": 50})
        put(svc, c.code, "2025-07", {"FL.th_ky": 1})
    # the new Xã Đoàn Kết's own year 2025 (from 1/7, as its quarters) and its 2026
    put(svc, "06001", "2025", {"FL.th_ky": 3, "FL.luy_ke": 3, "ST.th_ky": 3, "FL.kh_nam": 50})
    put(svc, "06001", "2026", {"FL.th_ky": 8})
    return svc


def put(svc, code, period, values):
    unit = svc.units.for_period(code, Period.parse(period))
    vals = {tuple(k.split(".")): D(str(v)) for k, v in values.items()}
    svc.repo.save(Submission("thu", 1, code, period, values=vals), form_hash=svc.pack.content_hash("thu"),
                  unit_valid_from=unit.key[1], actor="t", status="final")  # fmt: skip


def table(svc, period):
    [form] = consolidate_period(svc, period, form_ids=["thu"]).forms
    return form, {r.indicator.code: r.values for r in form.rows if r.indicator}


def row(form, code):
    return next(r for r in form.rows if r.indicator and r.indicator.code == code)


H1 = sum(D(i + 1) + D(i + 2) for i in range(11))  # 143: the districts' first half
H1_LUY_KE = sum(D(2 * i + 3) for i in range(11))  # 143, their lũy kế at 30/6


def test_the_year_2025_is_the_districts_first_half_and_the_communes_second(svc):
    form, r = table(svc, "2025")
    assert r["FL"]["th_ky"] == H1 + 65 * 3  # 338: no half lost, none twice
    assert r["FL"]["luy_ke"] == H1_LUY_KE + 65 * 3  # the districts' 30/6 + the communes' since 1/7
    assert r["ST"]["th_ky"] == 65 * 3  # the stock at 31/12: the communes' alone
    assert r["FL"]["kh_nam"] == 65 * 50  # the year's plan of the units at its end
    # cùng kỳ: the province's 2024 (the 11 districts' year), not a unit's; each unit's own
    # is its part's: a district's first half against its 2024-H1
    assert r["FL"]["cung_ky"] == 11 * 100 and r["ST"]["cung_ky"] == 11 * 7
    assert r["FL"]["pct_ck"] == (H1 + 65 * 3) / D(1100) * 100
    assert r["ST"]["pct_ck"] == D(195) / D(77) * 100
    assert row(form, "FL").by_unit[("178", "")]["cung_ky"] == D(10)
    assert "Năm 2024 của 11 đơn vị" in " ".join(form.notes)
    assert row(form, "ST").note == ""  # the 65 communes at 31/12 are all of the stock    assert len(form.expected) == 76 and not form.missing
    named = {(u.code, u.valid_from) for u in form.reported}
    assert ("06001", "") not in named and ("06001", "2025-07-01") in named
    assert ("178", "") in named  # Thành phố Lạng Sơn, for its first half


def test_nine_months_2025_is_the_first_half_and_q3(svc):
    _, r = table(svc, "2025-9M")
    assert r["FL"]["th_ky"] == H1 + 65 * 1
    assert r["FL"]["luy_ke"] == H1_LUY_KE + 65 * 1
    assert r["ST"]["th_ky"] == 65 * 2


def test_h2_is_the_communes_quarters_and_its_lũy_kế_runs_from_january(svc):
    form, r = table(svc, "2025-H2")
    assert r["FL"]["th_ky"] == 65 * 3
    assert r["ST"]["th_ky"] == 65 * 3
    assert r["FL"]["luy_ke"] == H1_LUY_KE + 65 * 3  # not restarted on 1/7
    assert len(form.expected) == 65 and not form.missing
    assert any("phần đến 30/06/2025 của 11/11 huyện" in n for n in form.notes)


def test_q3_lũy_kế_carries_the_districts_and_q2_is_the_districts_alone(svc):
    form, r = table(svc, "2025-Q3")
    assert r["FL"]["th_ky"] == 65 and r["FL"]["luy_ke"] == H1_LUY_KE + 65
    assert len(form.expected) == 65
    assert r["FL"]["cung_ky"] == 11 * 20 and r["FL"]["pct_ck"] == D(65) / D(220) * 100
    assert r["ST"]["cung_ky"] == 11 * 4 and r["ST"]["pct_ck"] == D(130) / D(44) * 100
    form, r = table(svc, "2025-Q2")
    assert r["FL"]["th_ky"] == sum(D(i + 2) for i in range(11)) and r["FL"]["luy_ke"] == H1_LUY_KE
    assert len(form.expected) == 11 and r["ST"]["th_ky"] == 66


def test_no_province_cùng_kỳ_from_an_incomplete_last_year(svc):
    form, r = table(svc, "2025-H2")  # 2024-H2: the districts gave Q3 2024, not Q4
    assert r["FL"].get("cung_ky") is None and r["FL"].get("pct_ck") is None
    assert "Chưa so sánh cùng kỳ toàn tỉnh: 6 tháng cuối năm 2024 còn thiếu 11 đơn vị." in form.notes
    form, r = table(svc, "2025-Q4")  # nothing at all of Q4 2024: nothing to compare, nothing said
    assert r["FL"].get("cung_ky") is None and not any("cùng kỳ toàn tỉnh" in n for n in form.notes)


def test_july_2025_against_june_is_the_province_against_the_province(svc):
    form, r = table(svc, "2025-07")
    june = sum(D(i + 5) for i in range(11))  # the districts' June
    assert r["FL"]["th_tt"] == june and r["FL"]["pct_tt"] == D(65) / june * 100
    assert "Số tháng trước toàn tỉnh là số liệu Tháng 6 năm 2025 của 11 đơn vị" in " ".join(form.notes)
    assert "th_tt" not in row(form, "FL").by_unit[("06001", "2025-07-01")]  # a commune's: none


amounts = st.decimals(min_value=0, max_value=D("999999999.999"), places=3)


@pytest.fixture(scope="module")
def few(tmp_path_factory):
    """A province where only Lạng Sơn city and Tràng Định (to 30/6) and the new Đông Kinh
    and Đoàn Kết (06001, from 1/7) report, each example sending them new revisions, and
    Bình Gia, silent, has two communes that sent their first two quarters."""
    root = tmp_path_factory.mktemp("it_don_vi")
    svc = _province(root)
    binh_gia = svc.units.get("181", dt.date(2025, 6, 30))
    for commune in svc.units.children(binh_gia, dt.date(2025, 6, 30))[:2]:  # quarters only
        put(svc, commune.code, "2025-Q1", {"FL.th_ky": 4})
        put(svc, commune.code, "2025-Q2", {"FL.th_ky": 6})
    return svc


@settings(max_examples=15)
@given(st.lists(st.tuples(amounts, amounts, amounts), min_size=4, max_size=4))
def test_the_year_2025_adds_each_figure_once_whatever_the_figures(few, drawn):
    """Any figures: the year's flow is every unit's every quarter once; its lũy kế the
    districts' at 30/6 plus the communes' at 31/12; its stock the communes' at 31/12."""
    districts, communes = ("178", "180"), ("05977", "06001")
    flow, luy_ke, stock = D(20), D(0), D(0)  # Bình Gia's first half: two communes' quarters
    for n, code in enumerate(districts + communes):
        q1, q2, herd = drawn[n]
        first, second = ("2025-Q1", "2025-Q2") if code in districts else ("2025-Q3", "2025-Q4")
        put(few, code, first, {"FL.th_ky": q1, "FL.luy_ke": q1, "ST.th_ky": herd})
        put(few, code, second, {"FL.th_ky": q2, "FL.luy_ke": q1 + q2, "ST.th_ky": herd})
        flow, luy_ke = flow + q1 + q2, luy_ke + q1 + q2
        stock += herd if code in communes else 0
    form, r = table(few, "2025")
    assert r["FL"]["th_ky"] == flow and r["FL"]["luy_ke"] == luy_ke
    assert r["ST"]["th_ky"] == stock
    assert {u.code for u in form.reported} == {*districts, *communes, "181"}
    assert len(form.missing) == 76 - 5  # each side's missing named with its part
    assert any(n.startswith("Thiếu số liệu 6 tháng đầu năm 2025: Huyện Văn Lãng,") for n in form.notes)
    assert any(n.startswith("Huyện Bình Gia: tổng hợp từ 2/") for n in form.notes)


def test_a_commune_formed_on_1_7_2025_has_no_cùng_kỳ_from_its_own_half_year(svc):
    form, _ = table(svc, "2026")  # its 2025 is 1/7–31/12: not the same period as 2026
    assert "cung_ky" not in row(form, "FL").by_unit[("06001", "2025-07-01")]
    assert any("thành lập từ 01/07/2025" in n and "Xã Đoàn Kết" in n for n in form.notes)


def test_no_district_board_after_1_7_2025(svc):
    from desktop.core.errors import BaoCaoError
    from desktop.core.status import reporting_status

    with pytest.raises(BaoCaoError) as refused:  # was an empty board, «0 đơn vị», exit 0
        reporting_status(svc, "2025-Q3", level="district")
    assert refused.value.message == (
        "Từ 01/07/2025 không còn cấp huyện: Quý III năm 2025 do các xã, phường báo cáo (cấp commune)."
    )
    assert len(reporting_status(svc, "2025-Q2", level="district").units) == 11
