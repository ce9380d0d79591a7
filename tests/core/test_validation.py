"""Every validation rule, on a small form written for the test and the real catalog."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.core.formdef.loader import load_pack
from desktop.core.submission import Submission
from desktop.core.validation.context import History
from desktop.core.validation.engine import finalisation_blockers, validate_submission

REPO = Path(__file__).resolve().parents[2]

FORM = """
id: thu
version: 1
title: "Biểu kiểm thử"
bieu_so: "Biểu số 99"
domain: an_ninh_trat_tu
period_types: [month, half_year]
measures: [th_ky, luy_ke, kh_nam, cung_ky, pct_kh, pct_ck]
sections:
  - title: "Tai nạn giao thông"
    indicators:
      - {code: T_VU, label: "Số vụ tai nạn", unit: vu, kind: integer, min: 0, required: true, children: equal}
      - {code: T_VU_DB, label: "Đường bộ", unit: vu, kind: integer, min: 0, parent: T_VU}
      - {code: T_VU_DS, label: "Đường sắt", unit: vu, kind: integer, min: 0, parent: T_VU}
      - {code: T_CHET, label: "Số người chết", unit: nguoi, kind: integer, min: 0, children: at_most}
      - {code: T_CHET_TE, label: "Trong đó: trẻ em", unit: nguoi, kind: integer, min: 0, parent: T_CHET}
  - title: "Điều tra"
    indicators:
      - {code: T_XAY_RA, label: "Số vụ phạm tội xảy ra", unit: vu, kind: integer, min: 0}
      - {code: T_KHAM_PHA, label: "Số vụ điều tra khám phá", unit: vu, kind: integer, min: 0}
      - {code: T_TL_KP, label: "Tỷ lệ điều tra khám phá", unit: phan_tram, kind: percent,
         aggregation: ratio, numerator: T_KHAM_PHA, denominator: T_XAY_RA}
      - {code: T_XA_DAT, label: "Số xã đạt chuẩn an toàn", unit: xa, kind: integer, aggregation: count_of_units, total: T_XA}
      - {code: T_XA, label: "Tổng số xã", unit: xa, kind: integer, aggregation: stock}
      - {code: T_TIEN, label: "Tiền phạt", unit: trieu_dong, min: 0}
      - {code: T_GHI_CHU, label: "Tên chuyên đề", unit: don_vi, kind: text, aggregation: none, measures: [th_ky]}
rules:
  - {code: T_R1, expr: "T_KHAM_PHA <= T_XAY_RA", message: "Số vụ khám phá không thể lớn hơn số vụ xảy ra.", measures: [th_ky, luy_ke]}
  - {code: T_R2, expr: "T_TIEN.th_ky <= 1000", severity: warning, message: "Tiền phạt trên 1 tỷ đồng trong một kỳ: kiểm tra lại."}
narratives:
  - {code: ket_qua, title: "Kết quả", required: true}
"""


@pytest.fixture(scope="module")
def test_pack(tmp_path_factory):
    d = tmp_path_factory.mktemp("forms")
    shutil.copy(REPO / "forms" / "_catalog.yaml", d / "_catalog.yaml")
    (d / "thu.yaml").write_text(FORM, encoding="utf-8")
    return load_pack(d)


def run(test_pack, values, comments=None, narratives=None, history=None):
    sub = Submission("thu", 1, "178", "2023-06", values={k: (D(v) if isinstance(v, (int, str)) and k[0] != "T_GHI_CHU" else v) for k, v in values.items()},
                     comments=comments or {}, narratives={"ket_qua": "Ổn định."} if narratives is None else narratives)
    issues = validate_submission(test_pack.get("thu"), sub, test_pack.catalog, history=history)
    return sub, issues


def codes(issues):
    return sorted((i.code, i.location.indicator, i.location.measure) for i in issues)


GOOD = {("T_VU", "th_ky"): 5, ("T_VU_DB", "th_ky"): 4, ("T_VU_DS", "th_ky"): 1, ("T_VU", "luy_ke"): 30,
        ("T_XAY_RA", "th_ky"): 20, ("T_KHAM_PHA", "th_ky"): 17, ("T_TL_KP", "th_ky"): "85",
        ("T_XA_DAT", "th_ky"): 8, ("T_XA", "th_ky"): 10, ("T_GHI_CHU", "th_ky"): "Chuyên đề 1"}


def test_good_submission_has_no_issue(test_pack):
    _, issues = run(test_pack, GOOD)
    assert issues == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({("T_VU_DB", "th_ky"): 3}, ("tong_con_khac_cha", "T_VU", "th_ky")),
        ({("T_CHET", "th_ky"): 1, ("T_CHET_TE", "th_ky"): 2}, ("tong_con_vuot_cha", "T_CHET", "th_ky")),
        ({("T_VU", "luy_ke"): 4}, ("luy_ke_nho_hon_ky", "T_VU", "luy_ke")),
        ({("T_VU_DS", "th_ky"): "-1", ("T_VU", "th_ky"): 3}, ("nho_hon_toi_thieu", "T_VU_DS", "th_ky")),
        ({("T_XAY_RA", "th_ky"): "20.5"}, ("can_so_nguyen", "T_XAY_RA", "th_ky")),
        ({("T_TL_KP", "th_ky"): "120"}, ("lon_hon_toi_da", "T_TL_KP", "th_ky")),
        ({("T_KHAM_PHA", "th_ky"): 25, ("T_TL_KP", "th_ky"): "125"}, ("T_R1", "T_KHAM_PHA", "th_ky")),
        ({("T_XA_DAT", "th_ky"): 11}, ("dat_chuan_vuot_tong", "T_XA_DAT", "th_ky")),
        ({("T_TIEN", "th_ky"): "0.0000001"}, ("qua_nhieu_so_le", "T_TIEN", "th_ky")),
    ],
)
def test_errors(test_pack, changes, expected):
    _, issues = run(test_pack, {**GOOD, **changes})
    errors = [(i.code, i.location.indicator, i.location.measure) for i in issues if i.is_error]
    assert expected in errors, codes(issues)


def test_required_and_narrative(test_pack):
    values = {k: v for k, v in GOOD.items() if k[0] not in ("T_VU", "T_VU_DB", "T_VU_DS")}
    _, issues = run(test_pack, values, narratives={})
    found = {i.code for i in issues if i.is_error}
    assert {"thieu_bat_buoc", "thieu_thuyet_minh"} <= found


def test_warnings_need_justification(test_pack):
    values = {**GOOD, ("T_TIEN", "th_ky"): "1500", ("T_VU", "kh_nam"): 100, ("T_VU", "pct_kh"): "40"}
    sub, issues = run(test_pack, values)
    warnings = {(i.code, i.location.indicator, i.location.measure) for i in issues if not i.is_error}
    assert ("T_R2", "T_TIEN", "th_ky") in warnings
    assert ("ty_le_khong_khop", "T_VU", "pct_kh") in warnings  # 30/100 = 30 %, typed 40 %
    assert len(finalisation_blockers(issues, sub)) == 2
    sub.comments[("T_TIEN", "th_ky")] = "Phạt vụ vận chuyển hàng cấm lớn."
    sub.comments[("T_VU", "pct_kh")] = "KH điều chỉnh giữa năm."
    assert finalisation_blockers(issues, sub) == []


def test_ratio_indicator_must_match_its_parts(test_pack):
    _, issues = run(test_pack, {**GOOD, ("T_TL_KP", "th_ky"): "60"})
    assert ("ty_le_khong_khop", "T_TL_KP", "th_ky") in codes(issues)


def test_history_flags_unit_errors(test_pack):
    history = History(previous={("T_TIEN", "th_ky"): D("250")}, last_year={("T_VU", "th_ky"): D("7")})
    values = {**GOOD, ("T_TIEN", "th_ky"): "250000", ("T_VU", "cung_ky"): 6}
    _, issues = run(test_pack, values, history=history)
    found = codes(issues)
    assert ("chenh_lech_bat_thuong", "T_TIEN", "th_ky") in found
    assert ("cung_ky_khac_da_bao_cao", "T_VU", "cung_ky") in found
    # a normal change is not flagged
    _, issues = run(test_pack, {**GOOD, ("T_TIEN", "th_ky"): "900"}, history=history)
    assert "chenh_lech_bat_thuong" not in {i.code for i in issues}


def test_all_issues_at_once(test_pack):
    values = {**GOOD, ("T_VU_DB", "th_ky"): 3, ("T_XAY_RA", "th_ky"): "20.5", ("T_XA_DAT", "th_ky"): 11}
    _, issues = run(test_pack, values, narratives={})
    assert len([i for i in issues if i.is_error]) >= 4
    assert all(i.message and i.location.form == "thu" for i in issues)
