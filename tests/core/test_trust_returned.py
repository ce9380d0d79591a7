"""How long the province's return stays open on the unit's form (core/trust/returned.py),
on real SQLite files and the real signed files of both sides: open on the draft that
reopened from the return, on it finalised, and on a further revision the clerk opened by
editing after «Hoàn thành»; closed once a correcting revision is sent; a second return
(of that sent revision) opens again with its own comments only; an acceptance opens none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.entry_session import EntrySession
from desktop.core.exchange.service import export_package, import_packages
from desktop.core.exchange.signing import SigningKey
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.submission import Submission
from desktop.core.trust.enrolment import accept_key, import_decision, write_decision
from desktop.core.trust.returned import import_feedback, province_comments
from desktop.core.trust.review import review_submission

TODAY = dt.date(2026, 11, 23)
H1 = Period.parse("2023-H1")


class World:
    def __init__(self, root) -> None:
        self.root = root
        self.unit = Services(db_path=root / "don_vi" / "baocao.db", today=TODAY)
        self.province = Services(db_path=root / "tinh" / "baocao.db", today=TODAY)
        self.key = SigningKey.load_or_create(self.province.key_dir)
        self.ref = self.province.units.for_period("178", H1)
        fp = SigningKey.load_or_create(self.unit.key_dir).fingerprint
        accept_key(self.province, self.ref, fp, actor="Minh")
        decision = write_decision(self.key, self.ref, fp, "accepted", root / "xn.baocao-xacnhan")
        import_decision(self.unit.db, fp, decision)
        self.sent = 0

    def send(self) -> None:
        self.sent += 1
        [pkg, _] = export_package(
            self.unit, unit_code="178", period_text="2023-H1", form_ids=["ngan_sach"],
            out=self.root / f"goi_{self.sent}.baocao",
        )  # fmt: skip
        assert import_packages(self.province, [pkg])[0].outcome in ("new", "new_revision")

    def decide(self, decision: str, cells: dict) -> None:
        path, _ = review_submission(
            self.province, self.key, unit_code="178", period="2023-H1", form_id="ngan_sach",
            decision=decision, out=self.root / f"{decision}_{self.sent}.baocao-phanhoi",
            cells=cells, comment="" if cells else "Đồng ý.", actor="Minh",
        )  # fmt: skip
        import_feedback(self.unit, path)

    def session(self) -> EntrySession:
        return EntrySession(self.unit, unit=self.ref, form=self.unit.pack.get("ngan_sach"),
                            period=H1, actor="Lan")  # fmt: skip

    def open_cells(self) -> list[tuple[str, str, str]]:
        s = self.session()
        return [
            (i.location.indicator, i.location.measure, i.message.split(": ", 1)[1])
            for i in province_comments(self.unit.db, self.unit.repo, s.stored)
        ]


def test_return_open_until_the_correcting_revision_is_sent(tmp_path):
    w = World(tmp_path)
    values = {("NS_THU", "th_ky"): Decimal("209435"), ("NS_CHI", "th_ky"): Decimal("1000")}
    sub = Submission("ngan_sach", 1, "178", "2023-H1", values=values)
    w.unit.save_entry(w.unit.validate(sub), final=True, actor="Lan")
    w.send()
    assert w.open_cells() == []  # sent, nothing said yet
    w.decide("returned", {("NS_THU", "th_ky"): "Kho bạc ghi 219.435"})
    first = [("NS_THU", "th_ky", "Kho bạc ghi 219.435")]
    assert w.open_cells() == first  # revision 2, draft

    s = w.session()
    assert s.set_cell("NS_THU", "th_ky", "219.435").ok
    s.finalise()
    assert (s.stored.revision, s.stored.status) == (2, "final")
    assert w.open_cells() == first
    assert s.set_cell("NS_CHI", "th_ky", "1.200").ok  # edited after «Hoàn thành»: revision 3
    assert (s.stored.revision, s.stored.status) == (3, "draft")
    assert w.open_cells() == first
    s.finalise()
    w.send()  # revision 3 leaves: the return is history
    assert w.session().stored.status == "sent" and w.open_cells() == []

    w.decide("returned", {("NS_CHI", "th_ky"): "Chi lương chưa đủ"})  # of revision 3
    assert w.session().stored.revision == 4
    assert w.open_cells() == [("NS_CHI", "th_ky", "Chi lương chưa đủ")]
    s = w.session()
    s.finalise()
    w.send()
    w.decide("accepted", {})
    assert w.open_cells() == []
    assert w.session().stored.status == "sent"
