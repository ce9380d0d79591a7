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


def test_a_draft_of_an_earlier_form_version_is_finished_under_todays(tmp_path, warm_pack):
    """Biểu 05 made version 2 (a real pack, its version raised): a draft saved under version
    1 is checked, shown and finished under version 2 in the grid; it was blocked by
    «sai_phien_ban_bieu … Hãy lấy mẫu mới và nhập lại», which a clerk cannot do in the grid."""
    import shutil

    from desktop.core.services import Services
    from tests.conftest import REPO

    forms = tmp_path / "forms"
    shutil.copytree(REPO / "forms", forms)
    text = (forms / "ngan_sach.yaml").read_text(encoding="utf-8")
    (forms / "ngan_sach.yaml").write_text(
        text.replace("\nversion: 1\n", "\nversion: 2\n", 1), encoding="utf-8"
    )
    svc = Services(db_path=tmp_path / "baocao.db", forms_dir=forms)
    assert svc.pack.get("ngan_sach").version == 2
    old = budget("183", "2023-H1", "209435")  # form_version 1
    unit = svc.units.for_period("183", Period.parse("2023-H1"))
    svc.repo.save(old, form_hash="truoc", unit_valid_from=unit.key[1], actor="Lan", status="draft")
    h1 = _session(svc, "2023-H1")
    assert h1.submission.form_version == 2 and h1.value("NS_THU", "th_ky") == Decimal("209435")
    assert not [i.code for i in h1.blockers()], [i.message for i in h1.blockers()]
    h1.finalise()
    kept = _session(svc, "2023-H1").stored
    assert kept.status == "final" and kept.submission.form_version == 2
    assert kept.form_hash == svc.pack.content_hash("ngan_sach")
    svc.close()
