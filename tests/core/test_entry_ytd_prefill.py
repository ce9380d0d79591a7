"""Lũy kế of a quarter, a half-year or a year counts from 1 January to the same day as the
lũy kế of its last month: opening Quý III/2025 after Tháng 9/2025 was entered shows that
month's lũy kế greyed in the quarter's «Lũy kế» column (a figure typed wins; nothing is
stored until typed), so the quarter's lũy kế agrees with the months' (L11, found on Xvfb:
the quarter opened empty, /tmp/l11/shots/j2_e_q3.png).  Real SQLite, the real pack."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.entry_session import EntrySession
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.submission import Submission

THU, CHI = "NS_THU", "NS_CHI"


def _session(svc, period: str) -> EntrySession:
    p = Period.parse(period)
    unit = svc.units.for_period("05977", p)  # Phường Đông Kinh, from 1/7/2025
    return EntrySession(svc, unit=unit, form=svc.pack.get("ngan_sach"), period=p, actor="Nam")


def test_quarter_half_and_year_show_the_lũy_kế_of_their_last_month(tmp_path):
    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2026, 11, 23))
    for month, th_ky, ytd in (("2025-08", "200", "300"), ("2025-09", "150.5", "450.5")):
        values = {(THU, "th_ky"): Decimal(th_ky), (THU, "luy_ke"): Decimal(ytd)}
        sub = Submission("ngan_sach", 1, "05977", month, values=values)
        svc.save_entry(svc.validate(sub), final=False, actor="Nam")

    q3 = _session(svc, "2025-Q3")
    assert q3.prefill(THU, "luy_ke") == Decimal("450.5")  # Tháng 9's, the same 1/1–30/9
    assert q3.prefill(CHI, "luy_ke") is None  # none entered for September
    assert q3.prefill(THU, "th_ky") is None  # the period's own figure is never carried
    assert q3.value(THU, "luy_ke") is None  # shown, not stored
    assert _session(svc, "2025-09").prefill(THU, "luy_ke") is None  # a month: itself
    assert _session(svc, "2025-H2").prefill(THU, "luy_ke") is None  # Tháng 12 not entered
    assert _session(svc, "2025-Q2").prefill(THU, "luy_ke") is None

    assert q3.set_cell(THU, "luy_ke", "460").ok  # typed wins
    assert _session(svc, "2025-Q3").value(THU, "luy_ke") == Decimal("460")
