"""A second key's request for a unit that already has one, dropped on the inbox: before the
officer clicks, the dialog says in red which key the unit uses now and that accepting
replaces it (a new computer's request and an impostor's look alike; found by L6 — the
dialog read exactly as for a first enrolment).  A first enrolment says nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402

ON = dt.date(2023, 6, 30)


def test_a_second_key_is_said_to_replace_the_first(qtbot, tmp_path):
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.trust.enrolment import accept_key, write_request
    from desktop.gui.pages.inbox import InboxPage

    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 11, 23))
    unit = province.units.get("183", ON)
    old = SigningKey.load_or_create(tmp_path / "may_cu")
    new = SigningKey.load_or_create(tmp_path / "may_moi")
    first = write_request(old, unit, "Nguyễn Thị Lan", tmp_path / "lan_dau.baocao-dangky")
    second = write_request(new, unit, "Nguyễn Thị Lan", tmp_path / "may_moi.baocao-dangky")

    page = InboxPage(province, "Trần Văn Minh")
    qtbot.addWidget(page)
    page.show()
    page.import_files([first])
    assert not page.enrolment_dialog.replacing.isVisible()  # a first key: nothing to replace
    page.enrolment_dialog.close()
    accept_key(province, unit, old.fingerprint, actor="Trần Văn Minh")

    page.import_files([second])
    warning = page.enrolment_dialog.replacing
    assert warning.isVisible()
    text = warning.text()
    assert f"Huyện Cao Lộc (mã 183) đang dùng khóa {old.fingerprint}" in text
    assert "chấp nhận yêu cầu này là thay khóa" in text and new.fingerprint not in text


def test_the_keys_page_says_it_on_the_waiting_request(qtbot, tmp_path):
    """«Khóa đơn vị»: clicking the waiting second key's row says which key it would replace;
    the enrolled key's row says nothing of it."""
    from desktop.core.storage.trust_tables import TrustStore
    from tests.gui.test_keys_page import FP, NEW_FP, keys_page

    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2026, 11, 23))
    with svc.repo.transaction():
        store = TrustStore(svc.db)
        store.upsert_key("178", "", FP, status="enrolled", person="Lan", decided_by="Hà")
        store.upsert_key("178", "", NEW_FP, status="pending", person="Lan")
    page = keys_page(qtbot, svc)
    rows = [(k.fingerprint, k.status) for k in page.model.items]
    assert rows == [(FP, "enrolled"), (NEW_FP, "pending")]

    def click_row(n: int) -> None:
        from PySide6.QtCore import Qt

        rect = page.view.visualRect(page.model.index(n, 1))
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    click_row(1)
    assert page.replacing.isVisible()
    assert f"Thành phố Lạng Sơn (mã 178) đang dùng khóa {FP}" in page.replacing.text()
    click_row(0)
    assert not page.replacing.isVisible()
