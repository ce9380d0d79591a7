"""The province's inbox says what can be dropped on it: packages (*.baocao) and key enrolment
requests (*.baocao-dangky), which it takes (dropped, a request opens the enrolment dialog);
the hint named packages only."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402


def test_inbox_hint_names_requests_and_a_dropped_request_opens(qtbot, tmp_path, monkeypatch):
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.services import Services
    from desktop.core.trust.enrolment import write_request
    from desktop.gui.demo import make_province
    from desktop.gui.pages.inbox import InboxPage

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, _settings, _packages = make_province(tmp_path)
    unit = Services(db_path=tmp_path / "trang_dinh" / "baocao.db", today=dt.date(2023, 7, 1))
    request = write_request(
        SigningKey.load_or_create(unit.key_dir),
        unit.units.get("180", dt.date(2023, 6, 30)),
        "Hoàng Văn Nam",
        tmp_path / "đăng ký Tràng Định.baocao-dangky",
    )
    page = InboxPage(svc, "Trần Văn Minh")
    qtbot.addWidget(page)
    page.show()
    hint = " ".join(page.drop.text().split())
    assert "(*.baocao)" in hint and "yêu cầu đăng ký khóa (*.baocao-dangky)" in hint, hint

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(request))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    # QApplication delivers a drop only to the target of a drag in progress (a real mouse
    # drag): the page's handler is given the real event
    page.dropEvent(drop)
    qtbot.waitUntil(lambda: getattr(page, "enrolment_dialog", None) is not None)
    assert page.enrolment_dialog.windowTitle() == "Yêu cầu đăng ký khóa — Huyện Tràng Định"
    page.enrolment_dialog.reject()
