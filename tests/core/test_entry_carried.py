"""Figures carried from earlier reports (desktop/core/entry_carried.py), real SQLite: in
Tháng 2 the year's «DT tỉnh giao» given in Tháng 1 is greyed, not stored; «Dùng số kỳ
trước» stores every greyed figure in one undo step through the typed figure's route; a
form finished shows none (what is shown is what it holds)."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.entry_carried import carried, use_all
from desktop.core.entry_session import EntrySession
from desktop.core.periods import Period
from tests.core.package_tools import budget

PLAN = ("NS_THU", "du_toan_tinh")


def _session(svc, period: str) -> EntrySession:
    p = Period.parse(period)
    unit = svc.units.for_period("183", p)
    return EntrySession(svc, unit=unit, form=svc.pack.get("ngan_sach"), period=p, actor="Lan")


def test_the_years_plan_is_carried_taken_at_once_and_undone_at_once(services):
    svc = services
    january = budget("183", "2023-01", "20000")
    january.values[PLAN] = Decimal("365000")
    svc.save_entry(svc.validate(january), actor="Lan")

    feb = _session(svc, "2023-02")
    assert carried(feb) == {PLAN: Decimal("365000")}
    assert feb.prefill(*PLAN) == Decimal("365000") and feb.value(*PLAN) is None
    assert feb.computed("NS_THU", "pct_dt_tinh") is None  # never a ratio of a greyed figure
    assert feb.set_cell("NS_THU", "th_ky", "21.000").ok
    assert feb.computed("NS_THU", "pct_dt_tinh") is None

    assert use_all(feb) == 1 and carried(feb) == {}
    assert _session(svc, "2023-02").value(*PLAN) == Decimal("365000")  # stored
    assert feb.computed("NS_THU", "pct_dt_tinh") is not None
    feb.undo()  # the taken figures back in one step; the typed one stays
    assert feb.value(*PLAN) is None and feb.value("NS_THU", "th_ky") == Decimal("21000")

    assert feb.set_cell("NS_CHI", "th_ky", "900").ok and feb.set_narrative("ket_qua", "Khá.").ok
    assert feb.blockers() == [], [i.message for i in feb.blockers()]
    feb.finalise()  # finished without it: shown no more
    assert feb.status == "final" and feb.prefill(*PLAN) is None and carried(feb) == {}
    svc.close()
