"""The store's running totals add up scaled integers (storage/totals.py with
`accumulate_scaled`), the consolidation adds up Decimals (`accumulate`): over any units'
figures — every kind of accumulator, weighted ratios, figures beyond 64 bits, text,
contributions added and taken away — both give the same sums to the last digit.  And the
one-loop encoder of a submission's rows (`codec.value_rows`) writes exactly what `encode`
writes, refusing what it refuses with the same message."""

from __future__ import annotations

import shutil
from decimal import Context
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.consolidation.accumulate import accumulate, accumulate_scaled
from desktop.core.formdef.loader import load_pack
from desktop.core.storage import totals
from desktop.core.storage.codec import SCALE, encode, value_rows
from desktop.core.storage.errors import UnstorableValue

REPO = Path(__file__).resolve().parents[2]
FORM = """
id: moi_kieu
version: 1
title: "Biểu kiểm thử mọi kiểu cộng dồn"
bieu_so: "Biểu số 98"
domain: nong_lam_nghiep
period_types: [half_year]
measures: [th_ky, luy_ke, kh_nam, cung_ky, pct_kh, pct_ck]
sections:
  - title: "Chỉ tiêu"
    indicators:
      - {code: FL, label: "Dòng chảy", unit: ha}
      - {code: ST, label: "Tồn", unit: con, kind: integer, aggregation: stock}
      - {code: NU, label: "Tử số", unit: vu, kind: integer}
      - {code: DD, label: "Mẫu số", unit: vu, kind: integer}
      - {code: RA, label: "Tỷ lệ", unit: phan_tram, kind: percent, aggregation: ratio, numerator: NU, denominator: DD}
      - {code: WR, label: "Tỷ lệ theo quyền số", unit: phan_tram, kind: percent, aggregation: ratio, weight: FL}
      - {code: CU, label: "Xã đạt chuẩn", unit: xa, kind: integer, aggregation: count_of_units, total: TO}
      - {code: TO, label: "Tổng số xã", unit: xa, kind: integer, aggregation: stock}
      - {code: TEN, label: "Ghi chú", unit: don_vi, kind: text, aggregation: none, measures: [th_ky]}
"""
MEASURES = ["th_ky", "luy_ke", "kh_nam", "cung_ky", "pct_kh", "pct_ck"]
NUMERIC = ["FL", "ST", "NU", "DD", "RA", "WR", "CU", "TO"]


@pytest.fixture(scope="module")
def form_and_catalog(tmp_path_factory):
    forms = tmp_path_factory.mktemp("forms")
    shutil.copy(REPO / "forms" / "_catalog.yaml", forms / "_catalog.yaml")
    (forms / "moi_kieu.yaml").write_text(FORM, encoding="utf-8")
    pack = load_pack(forms)
    return Shown(pack.get("moi_kieu"), pack.catalog)


class Shown(tuple):
    """The form and its catalog, shown short in a failing example."""

    def __new__(cls, form, catalog):
        return super().__new__(cls, (form, catalog))

    def __repr__(self) -> str:
        return "<moi_kieu>"


# figures as a unit may store them: at most 6 places, some far beyond 64 bits once scaled
figure = st.one_of(
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False),
    st.integers(min_value=-(10**30), max_value=10**30).map(D),
    st.integers(min_value=-(10**25), max_value=10**25).map(lambda n: D(n).scaleb(-SCALE)),
)
unit_values = st.dictionaries(
    st.sampled_from([(i, m) for i in NUMERIC for m in MEASURES]), figure, max_size=30
).flatmap(
    lambda vals: st.sampled_from([None, "Thành phố", ""]).map(
        lambda text: {**vals, ("TEN", "th_ky"): text} if text is not None else vals
    )
)


def _as_decimal(acc, a: int, b: int, n: int):
    wide = Context(prec=200)  # exact for any of these sums
    places = 2 * SCALE if acc[0] == "w" else SCALE
    return (D(a).scaleb(-places, wide), D(b).scaleb(-SCALE, wide), n)


# at most 150 examples under the CI profile: each is cheap, but 500 cost ~18 s on a loaded
# 2-core machine, and the accumulators' cases are all met well before
@settings(max_examples=min(settings().max_examples, 150))
@given(units=st.lists(st.tuples(unit_values, st.sampled_from([1, 1, -1])), max_size=6))
def test_scaled_sums_equal_the_decimal_sums(form_and_catalog, units):
    form, catalog = form_and_catalog
    by_decimal: dict = {}
    by_integer: dict = {}
    for sid, (values, sign) in enumerate(units, start=1):
        accumulate(form, catalog, values, by_decimal, sign)
        rows = totals._scaled(value_rows(sid, values))  # as the store hands them over
        accumulate_scaled(form, catalog, rows, by_integer, sign)
    assert set(by_integer) == set(by_decimal)
    for acc, (a, b, n) in by_integer.items():
        assert _as_decimal(acc, a, b, n) == tuple(by_decimal[acc]), acc


hostile = st.one_of(
    figure,
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(places=9, min_value=-1, max_value=1),
    st.integers(min_value=-(10**60), max_value=10**60).map(D),
    st.sampled_from([D("-0"), D("0E-12"), D("1E+39"), D("1E+40"), D("-1E+40"), D("sNaN")]),
    st.text(max_size=5),
)


@given(value=hostile)
def test_value_rows_write_what_encode_writes(value):
    try:
        expected = [(7, "X", "th_ky", *encode(value))]
    except UnstorableValue as exc:
        with pytest.raises(UnstorableValue) as got:
            value_rows(7, {("X", "th_ky"): value})
        assert (got.value.message, got.value.code) == (exc.message, exc.code)
        return
    assert value_rows(7, {("X", "th_ky"): value}) == expected
