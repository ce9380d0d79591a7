"""The province's review seen and used in the app, clicked (issue 12): a received
submission's «Xem xét» tab shows the revision chain and the cell that changed between
revisions; «Chấp nhận» marks it accepted; «Tình hình báo cáo» shows ✓ accepted / ? awaiting
with the word in the tooltip; «Tổng hợp» with «Chỉ tính báo cáo tỉnh đã chấp nhận» ticked
counts only the accepted unit, unticked counts both — each checked against the database or
the file written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

H1 = Period.parse("2023-H1")
TODAY = dt.date(2026, 11, 23)


def unit_install(root, code: str):
    from desktop.core.services import Services

    return Services(db_path=root / f"don_vi_{code}" / "baocao.db", today=TODAY)


def send(unit_svc, code: str, thu: str, out):
    """Save the unit's budget form final (a new revision if one was sent) and export it."""
    from desktop.core.exchange.service import export_package
    from desktop.core.submission import Submission

    sent = unit_svc.repo.get(code, "", "ngan_sach", "2023-H1")
    if sent is not None:
        unit_svc.repo.reopen(sent.id, actor="Lan")
    values = {("NS_THU", "th_ky"): Decimal(thu), ("NS_CHI", "th_ky"): Decimal("1000")}
    sub = Submission("ngan_sach", 1, code, "2023-H1", values=values)
    unit_svc.save_entry(unit_svc.validate(sub), final=True, actor="Lan")
    return export_package(
        unit_svc, unit_code=code, period_text="2023-H1", form_ids=["ngan_sach"], out=out
    )[0]


@pytest.fixture
def province(tmp_path, monkeypatch):
    """A province that enrolled 178 and 183, received 178's revisions 1 and 2 and 183's 1."""
    from desktop.core.exchange.service import import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.services import Services
    from desktop.core.trust.enrolment import accept_key

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    units = {code: unit_install(tmp_path, code) for code in ("178", "183")}
    for code, u in units.items():
        fp = SigningKey.load_or_create(u.key_dir).fingerprint
        accept_key(svc, svc.units.for_period(code, H1), fp, actor="Minh")
    packages = [
        send(units["178"], "178", "209435", tmp_path / "a1.baocao"),
        send(units["178"], "178", "219435", tmp_path / "a2.baocao"),
        send(units["183"], "183", "1000", tmp_path / "b1.baocao"),
    ]
    for pkg in packages:
        assert import_packages(svc, [pkg])[0].outcome in ("new", "new_revision")
    return svc


def test_revision_changes_accept_status_and_accepted_only_consolidation(
    qtbot, tmp_path, province, dialogs
):
    from desktop.core.trust.envelope import open_sealed
    from desktop.core.trust.review import Feedback, review_state
    from desktop.gui.dialogs.submission_view import SubmissionDialog
    from desktop.gui.pages.consolidation import ConsolidationPage
    from desktop.gui.pages.dashboard import DashboardPage

    svc = province
    unit, form = svc.units.for_period("178", H1), svc.pack.get("ngan_sach")
    dialog = SubmissionDialog(svc, unit, form, H1)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.review
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(dialog.tabs.count() - 1).center()
    )
    assert dialog.tabs.currentWidget() is panel
    assert "lần 1 (chờ xem xét), lần 2 (chờ xem xét)" in panel.chain.text()
    assert "Từ lần 1 sang lần 2: 1 ô thay đổi" in panel.chain.text()
    row = [panel.changes.item(0, c).text() for c in range(4)]
    # the indicator by its name, never its internal code (L6)
    assert row[0] == "Tổng thu ngân sách nhà nước trên địa bàn"
    assert row[2:] == ["209.435", "219.435"]

    target = tmp_path / "chap_nhan.baocao-phanhoi"
    dialogs.answer(target)
    click(qtbot, button(panel, "Chấp nhận"))
    assert review_state(svc.db, unit.key, "ngan_sach", "2023-H1", 2) == "accepted"
    body, _, _ = open_sealed(target, Feedback)
    assert (body.decision, body.revision) == ("accepted", 2)
    assert "lần 2 (đã chấp nhận)" in panel.chain.text()
    # decided once: no second acceptance file, the buttons say why (L8)
    for name in ("Chấp nhận", "Trả lại"):
        b = button(panel, name)
        assert not b.isEnabled()
        assert "đã được chấp nhận lúc" in b.toolTip() and "lần 2" in b.toolTip()
    again = tmp_path / "chap_nhan_2.baocao-phanhoi"
    dialogs.answer(again)
    qtbot.mouseClick(button(panel, "Chấp nhận"), Qt.MouseButton.LeftButton)
    assert not again.exists() and dialogs.answers == [again]  # not even asked where
    dialogs.answers.clear()

    dash = DashboardPage(svc)
    qtbot.addWidget(dash)
    dash.show()
    dash.select_period(H1)
    click(qtbot, button(dash, "Làm mới"))
    m = dash.model
    col = [f.id for f in m.matrix.forms].index("ngan_sach")
    rows = {u.code: r for r, u in enumerate(m.matrix.units)}
    accepted, awaiting = m.index(rows["178"], col), m.index(rows["183"], col)
    assert m.data(accepted).startswith("✓ ") and m.data(awaiting).startswith("? ")
    # the mark is seen however the cell's text is cut («trễ 438 ngày (l…» hid it, on Xvfb)
    from PySide6.QtGui import QFontMetrics

    width = dash.view.visualRect(accepted).width() - 8
    shown = QFontMetrics(dash.view.font()).elidedText(
        m.data(accepted) + " (lần 2) trễ 438 ngày", Qt.TextElideMode.ElideRight, width
    )
    assert shown.startswith("✓"), shown
    assert "Tỉnh xem xét: Đã chấp nhận" in m.data(accepted, Qt.ItemDataRole.ToolTipRole)
    assert "Tỉnh xem xét: Chờ xem xét" in m.data(awaiting, Qt.ItemDataRole.ToolTipRole)
    assert "✓ đã chấp nhận" in dash.review_legend.text()
    total = m.data(m.index(len(m.matrix.units), col), Qt.ItemDataRole.ToolTipRole)
    assert "Tỉnh xem xét — đã chấp nhận: 1" in total and "chờ xem xét: 1" in total

    page = ConsolidationPage(svc)
    qtbot.addWidget(page)
    page.show()
    page.period_box.select_period(H1)
    for i in range(page.form_list.count()):
        item = page.form_list.item(i)
        wanted = item.data(Qt.ItemDataRole.UserRole) == "ngan_sach"
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def run() -> list[str]:
        page.result = None
        click(qtbot, page.run_button)
        qtbot.waitUntil(lambda: page.result is not None and page.job is None, timeout=30000)
        [table] = page.result.forms
        return sorted(u.code for u in table.reported)

    click(qtbot, page.accepted_only)  # the box or its words
    assert page.accepted_only.isChecked()
    assert run() == ["178"]
    assert any("không tính: Huyện Cao Lộc" in n for n in page.result.forms[0].notes)
    click(qtbot, page.accepted_only)  # the box or its words
    assert not page.accepted_only.isChecked()
    assert run() == ["178", "183"]
