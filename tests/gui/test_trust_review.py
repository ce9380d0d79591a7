"""«Xem xét» in a received submission's window, clicked: «Trả lại» without a comment is
refused with a message; with a form comment and a cell comment it writes the signed
feedback file (checked by its signature) and the submission shows «bị trả lại»; at the unit
the returned form reopens with the comments in its issues panel (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

H1 = Period.parse("2023-H1")


def test_officer_returns_a_submission_with_a_cell_comment(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.core.trust.envelope import open_sealed
    from desktop.core.trust.review import Feedback, review_state
    from desktop.gui.demo import make_province
    from desktop.gui.dialogs.submission_view import SubmissionDialog

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, _settings, _packages = make_province(tmp_path)
    unit, form = svc.units.for_period("178", H1), svc.pack.get("ngan_sach")
    dialog = SubmissionDialog(svc, unit, form, H1)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.review
    dialog.tabs.setCurrentWidget(panel)
    assert "chờ xem xét" in panel.state.text()

    target = tmp_path / "tra_lai.baocao-phanhoi"
    dialogs.answer(target)
    click(qtbot, button(panel, "Trả lại"))
    assert "cần ý kiến" in panel.message.text() and not target.exists()

    panel.indicator.setCurrentIndex(panel.indicator.findData("NS_THU"))
    panel.measure.setCurrentIndex(panel.measure.findData("th_ky"))
    qtbot.mouseClick(panel.cell_text, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.cell_text, "Kho bac ghi 265.812")
    click(qtbot, button(panel, "Thêm ý kiến ô"))
    assert panel.cell_table.rowCount() == 1
    qtbot.keyClicks(panel.comment, "Can doi chieu lai so thu")
    dialogs.answer(target)
    click(qtbot, button(panel, "Trả lại"))
    assert target.exists(), panel.message.text()
    assert "bị trả lại" in panel.state.text()
    assert review_state(svc.db, unit.key, "ngan_sach", "2023-H1", 1) == "returned"
    # returned once: not twice (the tooltip says when); it may still be accepted (L8)
    again = button(panel, "Trả lại")
    assert not again.isEnabled() and "đã bị trả lại lúc" in again.toolTip()
    assert button(panel, "Chấp nhận").isEnabled()
    body, _signer, _ = open_sealed(target, Feedback)
    assert [(c.indicator, c.measure, c.text) for c in body.cells] == [
        ("NS_THU", "th_ky", "Kho bac ghi 265.812")
    ]
    assert body.comment == "Can doi chieu lai so thu"


def test_unit_sees_the_returned_form_with_the_province_comments(
    qtbot, tmp_path, monkeypatch, dialogs
):
    """The unit imports the province's decision and its «Trả lại»: the form reopens as a draft
    of revision 2 and the issues panel of the entry page lists the comments, the cell one at
    its cell."""
    from decimal import Decimal

    from desktop.core.exchange.service import export_package, import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.services import Services
    from desktop.core.settings import Role, Settings
    from desktop.core.submission import Submission
    from desktop.core.trust.enrolment import accept_key, write_decision
    from desktop.core.trust.review import review_submission
    from desktop.core.vn_time import vn_datetime
    from desktop.gui.main_window import MainWindow

    today = dt.date(2026, 11, 23)
    unit_svc = Services(db_path=tmp_path / "don_vi" / "baocao.db", today=today)
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=today)
    sub = Submission(
        "ngan_sach",
        1,
        "178",
        "2023-H1",
        values={("NS_THU", "th_ky"): Decimal("209435"), ("NS_CHI", "th_ky"): Decimal("1000")},
    )
    unit_svc.save_entry(unit_svc.validate(sub), final=True, actor="Lan")
    pkg = export_package(
        unit_svc,
        unit_code="178",
        period_text="2023-H1",
        form_ids=["ngan_sach"],
        out=tmp_path / "goi.baocao",
    )[0]
    unit = province.units.for_period("178", H1)
    fp = SigningKey.load_or_create(unit_svc.key_dir).fingerprint
    accept_key(province, unit, fp, actor="Minh")
    prov_key = SigningKey.load_or_create(province.key_dir)
    decision = write_decision(prov_key, unit, fp, "accepted", tmp_path / "xn.baocao-xacnhan")
    assert import_packages(province, [pkg])[0].outcome == "new"
    back, sent = review_submission(
        province,
        prov_key,
        unit_code="178",
        period="2023-H1",
        form_id="ngan_sach",
        decision="returned",
        out=tmp_path / "tl.baocao-phanhoi",
        comment="Số thu chưa khớp Kho bạc.",
        cells={("NS_THU", "th_ky"): "Kho bạc ghi 219.435 triệu đồng"},
    )

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "don_vi"))
    settings = Settings(
        role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn", person_name="Lan"
    )
    window = MainWindow(unit_svc, settings)
    qtbot.addWidget(window)
    window.show()
    window.home.select_period(H1)
    statuses = {it.form.id: it.status for it in window.home.model.items}
    assert statuses["ngan_sach"] == "sent"
    dialogs.answer([decision, back])  # both files the province sent, picked at once
    click(qtbot, button(window.home, "Nhập phản hồi của tỉnh"))
    assert dialogs.asked[-1][:2] == ("choose", "Phản hồi của tỉnh")
    assert dialogs.shown[-1][2] == "info"  # both went in: news, not a warning
    # which period (a clerk has several open), one sentence (it read «lần 1: bị trả lại: đã …»)
    assert (
        "«tl.baocao-phanhoi»: biểu số 05 lần 1, 6 tháng đầu năm 2023: bị trả lại; đã mở lại "
        "thành bản nháp lần 2 để sửa." in dialogs.shown[-1][1]
    ), dialogs.shown[-1][1]
    statuses = {it.form.id: (it.status, it.correction) for it in window.home.model.items}
    assert statuses["ngan_sach"] == ("returned", "draft")  # reopened to correct
    page = window.open_form(unit_svc.pack.get("ngan_sach"), H1)
    assert page.session.stored.revision == 2 and page.session.stored.status == "draft"
    found = [
        (i.location.indicator, i.location.measure, i.message)
        for i in page.issues_model.issues
        if i.code == "tinh_tra_lai"
    ]
    assert [f[:2] for f in found] == [(None, None), ("NS_THU", "th_ky")]
    when = vn_datetime(sent.decided_at)  # who decided is not named: the officer gave no name
    assert [f[2] for f in found] == [
        f"Tỉnh trả lại lần 1 ({when}): Số thu chưa khớp Kho bạc.",
        f"Tỉnh trả lại lần 1 ({when}): Kho bạc ghi 219.435 triệu đồng",
    ]
