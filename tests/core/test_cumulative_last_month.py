"""A quarter's, half-year's, 9 months' or year's lũy kế counts from 1 January to the end of
its last month, as that month's lũy kế does: one typed differently from the month stored
for the same unit and form is warned about (Q3 500 while Tháng 9 has 450,5 gave nothing,
/tmp/l11/lk.py).  A warning only: an import (errors only) does not see it.  Real SQLite
through Services, the real pack, the real CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.errors import Severity
from desktop.core.numbers import format_vn
from desktop.core.services import Services
from desktop.core.submission import Submission
from tests.conftest import run_cli

THU, CODE = "NS_THU", "luy_ke_khac_thang_cuoi"
SEPT = Decimal("450.5")


def _sub(period: str, ytd: Decimal, th_ky: Decimal = Decimal(100)) -> Submission:
    values = {(THU, "th_ky"): th_ky, (THU, "luy_ke"): ytd}
    return Submission("ngan_sach", 1, "05977", period, values=values)


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    """Phường Đông Kinh with Tháng 8 and Tháng 9/2025 stored (lũy kế 300 and 450,5)."""
    s = Services(db_path=tmp_path_factory.mktemp("lk") / "baocao.db", today=dt.date(2026, 11, 23))
    for month, ytd in (("2025-08", Decimal(300)), ("2025-09", SEPT)):
        s.save_entry(s.validate(_sub(month, ytd)), final=False, actor="Nam")
    return s


def _warnings(svc, sub, **kw):
    return [i for i in svc.validate(sub, **kw).issues if i.code == CODE]


@settings(max_examples=30, deadline=None)
@given(
    ytd=st.one_of(
        st.just(SEPT),
        st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False, allow_infinity=False),
    )
)
def test_quarter_lũy_kế_against_its_last_month(svc, ytd):
    found = _warnings(svc, _sub("2025-Q3", ytd))
    if ytd == SEPT:
        assert found == []
        return
    assert len(found) == 1
    (w,) = found
    assert w.severity is Severity.WARNING
    assert (w.location.indicator, w.location.measure) == (THU, "luy_ke")
    assert f"là {format_vn(ytd)} triệu đồng" in w.message
    assert f"({format_vn(SEPT)} triệu đồng)" in w.message
    assert w.message.startswith("Lũy kế quý III năm 2025 của «")
    assert "khác lũy kế tháng 9 năm 2025 đã lưu" in w.message


def test_no_warning_without_a_stored_month_for_a_month_or_on_import(svc):
    assert _warnings(svc, _sub("2025-H2", Decimal(999))) == []  # Tháng 12 not stored
    assert _warnings(svc, _sub("2025-09", Decimal(999))) == []  # a month: itself
    assert _warnings(svc, _sub("2025-Q3", Decimal(999)), errors_only=True) == []  # an import
    assert len(_warnings(svc, _sub("2025-9M", Decimal(999)))) == 1  # 9 tháng ends in Tháng 9


def test_cli_entry_validate_shows_the_warning(tmp_path):
    db = tmp_path / "db.sqlite"

    def write(period: str, ytd: str):
        path = tmp_path / f"{period}.json"
        data = {"format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1,
                "unit": "05977", "period": period, "author": "Nam",
                "values": {THU: {"th_ky": "150", "luy_ke": ytd}}}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    r = run_cli("entry", "load", str(write("2025-09", "450,5")), db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_cli("entry", "validate", str(write("2025-Q3", "500")), db=db)
    out = r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert "là 500 triệu đồng, khác lũy kế tháng 9 năm 2025 đã lưu (450,5 triệu đồng)" in out, out
