"""The homes seed 003's last figures got as data in forms/ (docs/seed-coverage/seed003.md,
«Homes given after the first pass»): a target range as two bounds checked by the form's own
rules, the fee counted since it took effect, and the province table built from the seed-003
fixtures: the rows add up where they are additive and the voters' shares per plan are never
added."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.consolidation.engine import consolidate_period
from desktop.core.services import Services
from desktop.core.submission import Submission
from desktop.core.validation.engine import validate_submission

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "fixtures" / "seed003"


def _codes(pack, form_id: str, values: dict) -> list[str]:
    form = pack.get(form_id)
    sub = Submission(form_id, form.version, "178", "2025-Q2", values=values)
    return [i.code for i in validate_submission(form, sub, pack.catalog) if i.is_error]


percent = st.decimals(min_value=0, max_value=40, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(low=percent, high=percent)
def test_a_growth_target_range_is_refused_exactly_when_its_bounds_are_reversed(pack, low, high):
    codes = _codes(
        pack,
        "kinh_te_tong_hop",
        {("TH_TANG_MT_TU", "kh_nam"): low, ("TH_TANG_MT_DEN", "kh_nam"): high},
    )
    assert ("TH_R05" in codes) == (low > high)
    assert "TH_R06" not in codes


def test_a_target_is_one_figure_or_a_range_never_both(pack):
    both = {
        ("TH_TANG_MT", "kh_nam"): D(10),
        ("TH_TANG_MT_TU", "kh_nam"): D(10),
        ("TH_TANG_MT_DEN", "kh_nam"): D(11),
    }
    assert "TH_R06" in _codes(pack, "kinh_te_tong_hop", both)
    assert _codes(pack, "kinh_te_tong_hop", {("TH_TANG_MT", "kh_nam"): D("10.5")}) == []


def test_the_rule_messages_are_vietnamese_and_name_the_rows(pack):
    form = pack.get("kinh_te_tong_hop")
    sub = Submission(
        "kinh_te_tong_hop",
        form.version,
        "178",
        "2025-Q2",
        values={("TH_TANG_MT_TU", "kh_nam"): D(11), ("TH_TANG_MT_DEN", "kh_nam"): D(10)},
    )
    [issue] = [i for i in validate_submission(form, sub, pack.catalog) if i.code == "TH_R05"]
    assert "Cận dưới" in issue.message and "«từ 10-11%» nhập 10" in issue.message


def test_the_fee_since_it_took_effect_below_the_months_collection_is_flagged(pack):
    form = pack.get("do_thi_xay_dung")

    def warnings(since, month):
        values = {("DTXD_VSMT_TIEN_AD", "th_ky"): D(since), ("DTXD_VSMT_TIEN", "th_ky"): D(month)}
        sub = Submission(form.id, form.version, "178", "2025-04", values=values)
        return [i.code for i in validate_submission(form, sub, pack.catalog)]

    assert "DTXD_R_VSMT" in warnings("300", "337.288")
    assert "DTXD_R_VSMT" not in warnings("1480.766", "337.288")  # seed 003, chú thích 2


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seed003")
    svc = Services(db_path=tmp / "tinh.db", today=dt.date(2026, 11, 23))
    for path in sorted(SEED.glob("*.json")):
        _, stored = svc.load_file(path, final=True)
        assert stored.status == "final", path.name
    return svc


def _rows(svc, period: str, form_id: str):
    [form] = consolidate_period(svc, period, form_ids=[form_id]).forms
    return {r.indicator.code: r for r in form.rows if r.indicator}


def test_the_new_homes_reach_the_province_table(province):
    rows = _rows(province, "2025-04", "noi_vu_cchc")
    assert rows["NV_KT_TT_CD_VH"].values["th_ky"] == D(21)
    assert rows["NV_KT_CN_CD_HDND"].values["th_ky"] == D(4)
    assert rows["NV_SX_LYK_NGAY"].by_unit[("178", "")]["th_ky"] == D(1)
    # a voters' share belongs to one plan of one unit: shown per unit, never added
    assert rows["NV_SX_LYK_PA1"].values["th_ky"] is None
    assert rows["NV_SX_LYK_PA1"].by_unit[("178", "")]["th_ky"] == D("99.63")
    rows = _rows(province, "2025-04", "tai_nguyen_dat_dai")
    assert (
        rows["TN_GPMB_KD_HO_GT"].values["th_ky"] + rows["TN_GPMB_KD_HO_TL"].values["th_ky"]
        == (rows["TN_GPMB_KD_HO"].values["th_ky"])
    )
    rows = _rows(province, "2025-04", "do_thi_xay_dung")
    assert rows["DTXD_VSMT_TIEN_AD"].values["th_ky"] == D("1480.766")
    rows = _rows(province, "2025-Q2", "kinh_te_tong_hop")
    assert rows["TH_TANG_MT_TU"].by_unit[("178", "")]["kh_nam"] == D(10)
    assert rows["TH_TANG_MT_DEN"].by_unit[("178", "")]["kh_nam"] == D(11)
