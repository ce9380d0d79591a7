"""The entry grid's marks (desktop/core/entry_marks.py): a required row the clerk has no
figure for is marked «chưa có số liệu» with a reason, or «không phát sinh» (a true 0),
instead of a made-up number — saved at once in the real database, read back by a later
session, undone with the figure it set, and enough for «Hoàn thành»."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.entry_session import EntrySession
from desktop.core.marks import CHUA_CO_SO_LIEU, KHONG_PHAT_SINH
from desktop.core.periods import Period

PERIOD = Period.parse("2023-H1")


def session(svc) -> EntrySession:
    unit = svc.units.for_period("178", PERIOD)
    form = svc.pack.get("ngan_sach")
    return EntrySession(svc, unit=unit, form=form, period=PERIOD, actor="Lan")


def test_required_rows_marked_instead_of_made_up_figures(services):
    s = session(services)
    assert s.set_cell("NS_THU", "th_ky", "209.435").ok
    assert s.set_cell("NS_CHI", "th_ky", "5").ok
    refused = s.set_mark("NS_CHI", CHUA_CO_SO_LIEU, "   ")
    assert not refused.ok and "lý do" in refused.message
    assert s.mark_of("NS_CHI") is None and s.value("NS_CHI", "th_ky") == Decimal(5)

    assert s.set_mark("NS_CHI", CHUA_CO_SO_LIEU, " Chờ số liệu Kho bạc ").ok
    assert s.value("NS_CHI", "th_ky") is None  # the guess is gone with the mark
    s.finalise()  # the required row is marked: nothing left
    again = session(services)  # a later session reads the mark back from the database
    assert again.stored.status == "final"
    assert (again.mark_of("NS_CHI").kind, again.mark_of("NS_CHI").reason) == (
        CHUA_CO_SO_LIEU,
        "Chờ số liệu Kho bạc",
    )

    assert again.set_mark("NS_THU_SDD", KHONG_PHAT_SINH).ok  # a new revision, a true 0
    assert again.stored.revision == 2 and again.value("NS_THU_SDD", "th_ky") == Decimal(0)
    assert again.undo() == ("NS_THU_SDD",)
    assert again.mark_of("NS_THU_SDD") is None and again.value("NS_THU_SDD", "th_ky") is None
    assert again.set_mark("NS_CHI", None).ok  # taken off: the row is required again
    assert again.mark_of("NS_CHI") is None
    assert any(i.location.indicator == "NS_CHI" for i in again.blockers())
