"""«Từ chối» on the province's key screen, clicked (issue 12): a key that is not the unit's
(here a real impostor installation that sent a package «for» Huyện Cao Lộc before anyone
enrolled) is refused from the screen with a reason asked through the dialog seam; the
reason is in the trust log (screen tab and `keys log` rows), the held package is refused,
the genuine unit's pending request is untouched.  Cancelling or giving no reason changes
nothing; an enrolled key cannot be refused (the button is off)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.services import Services  # noqa: E402
from desktop.core.storage.trust_tables import TrustStore  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

TODAY = dt.date(2026, 11, 23)
REASON = "Không phải máy của Huyện Cao Lộc (đã gọi điện xác minh)"


def sent_for_183(root, name: str) -> tuple[Services, object]:
    """An installation that finalised Cao Lộc's budget form and exported the package."""
    from desktop.core.exchange.service import export_package
    from desktop.core.submission import Submission

    svc = Services(db_path=root / name / "baocao.db", today=TODAY)
    values = {("NS_THU", "th_ky"): Decimal("999"), ("NS_CHI", "th_ky"): Decimal("1000")}
    svc.save_entry(
        svc.validate(Submission("ngan_sach", 1, "183", "2023-H1", values=values)),
        final=True,
        actor=name,
    )
    pkg = export_package(
        svc, unit_code="183", period_text="2023-H1", form_ids=["ngan_sach"],
        out=root / f"goi_{name}.baocao",
    )[0]  # fmt: skip
    return svc, pkg


def pick(qtbot, page, fingerprint: str) -> None:
    row = next(i for i, k in enumerate(page.model.items) if k.fingerprint == fingerprint)
    rect = page.view.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def statuses(svc) -> dict[str, str]:
    return {k.fingerprint: k.status for k in TrustStore(svc.db).keys()}


def test_officer_refuses_a_key_from_the_key_screen(qtbot, tmp_path, dialogs):
    from desktop.core.exchange.service import import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.trust.audit import log_rows
    from desktop.core.trust.enrolment import receive_request, write_request
    from desktop.gui.pages.keys_page import KeysPage

    impostor, fake = sent_for_183(tmp_path, "ke_gian")
    genuine, _real = sent_for_183(tmp_path, "cao_loc")
    bad_fp = SigningKey.load_or_create(impostor.key_dir).fingerprint
    good_key = SigningKey.load_or_create(genuine.key_dir)
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    assert import_packages(province, [fake])[0].outcome == "held"
    cao_loc = province.units.for_period("183", Period.parse("2023-H1"))
    request = write_request(good_key, cao_loc, "Nguyễn Thị Lan", tmp_path / "dk.baocao-dangky")
    receive_request(province.db, province.units, request)

    page = KeysPage(province, "Hà")
    qtbot.addWidget(page)
    page.resize(1166, 600)
    page.show()
    refuse = button(page, "Từ chối")
    assert not refuse.isEnabled()  # nothing selected
    pick(qtbot, page, bad_fp)
    assert refuse.isEnabled()

    # cancelled, then no reason: nothing changes
    click(qtbot, refuse)
    assert dialogs.asked[-1][:2] == ("text", "Từ chối khóa") and bad_fp in dialogs.asked[-1][2]
    dialogs.answer("   ")
    click(qtbot, refuse)
    assert "Cần ghi lý do" in page.message.text()
    assert statuses(province) == {good_key.fingerprint: "pending"}
    assert len(TrustStore(province.db).held()) == 1

    # the reason given: refused, logged with the reason, the held package refused
    dialogs.answer(REASON)
    click(qtbot, refuse)
    assert page.message.text().startswith(f"Đã từ chối khóa {bad_fp} của Huyện Cao Lộc")
    assert "Gói đang giữ bị từ chối: 1" in page.message.text()
    assert statuses(province) == {good_key.fingerprint: "pending", bad_fp: "refused"}
    assert TrustStore(province.db).held() == []
    assert province.repo.get("183", cao_loc.key[1], "ngan_sach", "2023-H1") is None
    [entry] = [e for e in log_rows(province.db, province.units) if e["what"] == "Từ chối khóa"]
    assert (entry["actor"], entry["fingerprint"]) == ("Hà", bad_fp)
    assert entry["detail"].endswith(REASON)
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    shown = [page.log_table.item(0, c).text() for c in range(6)]  # newest first
    assert shown[1:3] == ["Hà", "Từ chối khóa"] and REASON in shown[5]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert not refuse.isEnabled()  # the list was refreshed, nothing selected
    pick(qtbot, page, bad_fp)
    assert not refuse.isEnabled()  # already refused

    # the genuine key is enrolled from the same screen; an enrolled key is not refused
    pick(qtbot, page, good_key.fingerprint)
    qtbot.mouseClick(page.fingerprint, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.fingerprint, good_key.fingerprint)
    click(qtbot, button(page, "Xác nhận khóa"))
    assert statuses(province)[good_key.fingerprint] == "enrolled"
    pick(qtbot, page, good_key.fingerprint)
    assert not refuse.isEnabled()
    assert [a for a in dialogs.asked if a[0] == "text"] == [dialogs.asked[0]] * 3


def test_the_real_text_question_typed_and_cancelled(qtbot):
    """ask.text's real dialog (QInputDialog, Vietnamese buttons): what is typed comes back
    on «Đồng ý», None on «Hủy»."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QPushButton

    from desktop.gui.dialogs.ask import QtDialogs
    from tests.gui.conftest import type_text

    def answer(label: str, typed: str = "") -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
            QTimer.singleShot(10, lambda: answer(label, typed))  # not shown yet
            return
        assert dialog.windowTitle() == "Từ chối khóa" and dialog.labelText() == "Lý do:"
        if typed:
            type_text(dialog.findChild(QLineEdit), typed)
        [push] = [b for b in dialog.findChildren(QPushButton) if b.text() == label]
        qtbot.mouseClick(push, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, lambda: answer("Đồng ý", REASON))
    assert QtDialogs().text(None, "Từ chối khóa", "Lý do:") == REASON
    QTimer.singleShot(0, lambda: answer("Hủy", "bỏ"))
    assert QtDialogs().text(None, "Từ chối khóa", "Lý do:") is None
