"""The key screen when a commune code names two units over time (06001: a Xã Đoàn Kết until
30/06/2025, another from 01/07/2025), clicked as the officer does: each row names its unit
with its dates and its own last package (the page showed «Xã Đoàn Kết» three times, each
with the newest package of either); a fingerprint read back wrong on a requested key is
refused, as the request dialog refuses it (it asked «Thay khóa…» and enrolled it); the right
one is enrolled, and the page says the other unit's package is still held."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402
from desktop.core.storage.exchange_tables import ImportLog  # noqa: E402
from desktop.core.storage.trust_tables import TrustStore  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_keys_page import keys_page, type_fingerprint  # noqa: E402

FP = "286B-8B2F-5E36-3724-49C1-81F3-055A-8B83"
MISREAD = "286B-8B2F-5E36-3724-49C1-81F3-055A-8B38"


def province(root) -> Services:
    svc = Services(db_path=root / "baocao.db", today=dt.date(2026, 11, 23))
    store, log = TrustStore(svc.db), ImportLog(svc.db)
    with svc.repo.transaction():
        store.upsert_key("06001", "2025-07-01", FP, status="pending", person="Hoàng Văn Nam")
        for name, period in (("q1.baocao", "2025-Q1"), ("q3.baocao", "2025-Q3")):
            log.add(file_name=name, file_sha256=name, outcome="held", message=name,
                    unit_code="06001", period=period)  # fmt: skip
        store.hold({"file_sha256": "q1.baocao", "file_name": "q1.baocao", "stored_path": "-",
                    "unit_code": "06001", "unit_valid_from": "", "period": "2025-Q1",
                    "fingerprint": FP})  # fmt: skip
    return svc


def test_a_reused_code_two_units_on_the_key_screen(qtbot, tmp_path, dialogs):
    svc = province(tmp_path)
    page = keys_page(qtbot, svc)
    m = page.model
    shown = [(m.data(m.index(r, 1)), m.data(m.index(r, 3)), m.data(m.index(r, 6))) for r in range(2)]
    assert [(name, state.split()[0], last.split()[0]) for name, state, last in shown] == [
        ("Xã Đoàn Kết (đến 30/06/2025)", "chưa", "q1.baocao"),
        ("Xã Đoàn Kết (từ 01/07/2025)", "chờ", "q3.baocao"),
    ]
    from PySide6.QtGui import QFontMetrics

    needed = max(QFontMetrics(page.view.font()).horizontalAdvance(n) for n, _, _ in shown)
    assert page.view.columnWidth(1) >= needed + 8, (page.view.columnWidth(1), needed)  # not cut
    new_row = page.view.visualRect(m.index(1, 1)).center()

    def pick_new() -> None:
        from PySide6.QtCore import Qt

        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=new_row)
        assert page.current().unit_valid_from == "2025-07-01"

    pick_new()
    type_fingerprint(qtbot, page, MISREAD)
    click(qtbot, button(page, "Xác nhận khóa"))
    assert "không xác nhận" in page.message.text() and MISREAD in page.message.text()
    assert not dialogs.asked
    assert [(k.fingerprint, k.status) for k in TrustStore(svc.db).keys()] == [(FP, "pending")]

    pick_new()
    type_fingerprint(qtbot, page, FP)
    click(qtbot, button(page, "Xác nhận khóa"))
    said = page.message.text()
    assert said.startswith(f"Đã xác nhận khóa {FP} của Xã Đoàn Kết."), said
    assert (
        "Lưu ý: Gói ký bằng khóa này cho đơn vị khác vẫn đang giữ, chưa tính: Xã Đoàn Kết "
        "(mã 06001, đến 30/06/2025) (Quý I năm 2025)." in said
    ), said
    assert [(k.unit_valid_from, k.status) for k in TrustStore(svc.db).keys()] == [
        ("2025-07-01", "enrolled")
    ]


def test_the_request_dialog_says_what_stays_held_for_the_other_unit(qtbot, tmp_path, dialogs):
    """The inbox's request dialog, accepted: the package the same key signed for the former
    Xã Đoàn Kết is named as still held, as on the key screen (it said nothing of it)."""
    from PySide6.QtCore import Qt

    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.trust.enrolment import write_request
    from desktop.gui.dialogs.enrolment import EnrolmentDialog

    svc = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 11, 23))
    key = SigningKey.load_or_create(tmp_path / "xa" / "keys")
    unit = svc.units.for_period("06001", Period.parse("2025-Q3"))
    request = write_request(key, unit, "Hoàng Văn Nam", tmp_path / "dk.baocao-dangky")
    with svc.repo.transaction():
        TrustStore(svc.db).hold({"file_sha256": "q1", "file_name": "q1.baocao", "stored_path": "-",
                                 "unit_code": "06001", "unit_valid_from": "", "period": "2025-Q1",
                                 "fingerprint": key.fingerprint})  # fmt: skip
    dialog = EnrolmentDialog(svc, request, "Minh")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.fingerprint, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.fingerprint, key.fingerprint)
    dialogs.answer(tmp_path / "xn.baocao-xacnhan")
    click(qtbot, button(dialog, "Chấp nhận"))
    said = dialog.message.text()
    assert said.startswith("Đã chấp nhận khóa của Xã Đoàn Kết; 0 gói đang giữ được tính."), said
    assert (
        "Lưu ý: Gói ký bằng khóa này cho đơn vị khác vẫn đang giữ, chưa tính: Xã Đoàn Kết "
        "(mã 06001, đến 30/06/2025) (Quý I năm 2025)." in said
    ), said
