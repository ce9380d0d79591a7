"""The review state per period (core/trust/accepted.py), without Qt: a submission entered at
the province counts under «accepted only» and has no review; a received one counts only once
its current revision is accepted — a later revision awaits again; status cells carry the
same state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.exchange.service import export_package, import_packages
from desktop.core.exchange.signing import SigningKey
from desktop.core.services import Services
from desktop.core.status import reporting_status
from desktop.core.submission import Submission
from desktop.core.trust.accepted import accepted_filter, review_states
from desktop.core.trust.enrolment import accept_key
from desktop.core.trust.review import review_submission

TODAY = dt.date(2026, 11, 23)
H1 = "2023-H1"


def budget(code: str, thu: str) -> Submission:
    values = {("NS_THU", "th_ky"): Decimal(thu), ("NS_CHI", "th_ky"): Decimal("1000")}
    return Submission("ngan_sach", 1, code, H1, values=values)


def send(unit: Services, code: str, thu: str, out):
    sent = unit.repo.get(code, "", "ngan_sach", H1)
    if sent is not None:
        unit.repo.reopen(sent.id, actor="Lan")
    unit.save_entry(unit.validate(budget(code, thu)), final=True, actor="Lan")
    return export_package(unit, unit_code=code, period_text=H1, form_ids=["ngan_sach"], out=out)[0]


def test_local_counts_received_counts_once_accepted(tmp_path):
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    province.key_dir = tmp_path / "tinh" / "keys"
    unit = Services(db_path=tmp_path / "cao_loc" / "baocao.db", today=TODAY)
    unit.key_dir = tmp_path / "cao_loc" / "keys"
    fp = SigningKey.load_or_create(unit.key_dir).fingerprint
    accept_key(province, province.units.get("183", dt.date(2023, 6, 30)), fp, actor="Minh")
    province.save_entry(province.validate(budget("178", "20")), final=True, actor="Minh")
    assert (
        import_packages(province, [send(unit, "183", "100", tmp_path / "a.baocao")])[0].outcome
        == "new"
    )

    admit = accepted_filter(province.repo, province.db, H1)
    assert admit(("178", ""), "ngan_sach") and not admit(("183", ""), "ngan_sach")
    assert not admit(("181", ""), "ngan_sach")  # nothing there at all
    cells = reporting_status(province, H1, form_ids=["ngan_sach"]).cells
    assert cells[("178", "ngan_sach")].review is None  # entered here: never reviewed
    assert cells[("183", "ngan_sach")].review_label == "Chờ xem xét"

    key = SigningKey.load_or_create(province.key_dir)
    common = dict(unit_code="183", period=H1, form_id="ngan_sach")
    review_submission(
        province, key, decision="accepted", out=tmp_path / "ok.baocao-phanhoi", **common
    )
    assert review_states(province.db, H1) == {("183", "", "ngan_sach", 1): "accepted"}
    assert accepted_filter(province.repo, province.db, H1)(("183", ""), "ngan_sach")

    # a new revision awaits review again, and stops counting until accepted
    assert (
        import_packages(province, [send(unit, "183", "105", tmp_path / "b.baocao")])[0].outcome
        == "new_revision"
    )
    assert not accepted_filter(province.repo, province.db, H1)(("183", ""), "ngan_sach")
    cell = reporting_status(province, H1, form_ids=["ngan_sach"]).cells[("183", "ngan_sach")]
    assert (cell.revision, cell.review) == (2, "awaiting")
    review_submission(
        province,
        key,
        decision="returned",
        comment="Chưa khớp.",
        out=tmp_path / "tl.baocao-phanhoi",
        **common,
    )
    assert not accepted_filter(province.repo, province.db, H1)(("183", ""), "ngan_sach")
    cell = reporting_status(province, H1, form_ids=["ngan_sach"]).cells[("183", "ngan_sach")]
    assert cell.review_label == "Bị trả lại"
