"""The province's key screen, clicked: units with their pinned fingerprints, first seen and
last package; the officer types the fingerprint read out by phone and clicks «Xác nhận
khóa» (same key: verified; another key: replaced after «Có»; a typo: refused, nothing
changes) — each checked in the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.services import Services  # noqa: E402
from desktop.core.storage.exchange_tables import ImportLog, KeyStore  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

TODAY = dt.date(2026, 11, 23)
FP = "454D-FE1D-A9FA-8A89-2FAD-F741-181C-91CE"
NEW_FP = "0123-4567-89AB-CDEF-0123-4567-89AB-CDEF"


def province(root: Path) -> Services:
    """A province database where unit 178's key was pinned when its first package came."""
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    log = ImportLog(svc.db)
    with svc.repo.transaction():
        KeyStore(svc.db).pin("178", "", FP, None, source="tofu")
        for name in ("goi_178_2023-H1.baocao", "goi_178_2023-H2.baocao"):
            log.add(
                file_name=name,
                file_sha256=name,
                outcome="new",
                message=f"Đã nhận {name}",
                unit_code="178",
                period=name[8:15],
            )
    return svc


def keys_page(qtbot, svc):
    from desktop.gui.pages.keys_page import KeysPage

    page = KeysPage(svc, "Hà")
    qtbot.addWidget(page)
    page.resize(1166, 600)
    page.show()
    return page


def pick_row(qtbot, page, unit_code: str) -> None:
    row = next(i for i, k in enumerate(page.model.items) if k.unit_code == unit_code)
    rect = page.view.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_fingerprint(qtbot, page, text: str) -> None:
    qtbot.mouseClick(page.fingerprint, Qt.MouseButton.LeftButton)
    page.fingerprint.selectAll()
    qtbot.keyClicks(page.fingerprint, text)


def test_keys_listed_confirmed_and_replaced(qtbot, tmp_path, dialogs):
    svc = province(tmp_path)
    page = keys_page(qtbot, svc)
    m = page.model
    assert [m.data(m.index(0, c)) for c in range(3)] == ["178", "Thành phố Lạng Sơn", FP]
    assert m.data(m.index(0, 3)) == "tự ghi nhận ở gói đầu tiên"
    assert m.data(m.index(0, 3), Qt.ItemDataRole.BackgroundRole) is not None  # not verified
    first = m.data(m.index(0, 4))
    assert len(first) == 16 and first[2] == "/" and first[5] == "/"  # 30/11/2026 10:31
    assert m.data(m.index(0, 5)).startswith("goi_178_2023-H2.baocao (")

    # the unit reads its fingerprint out: typed without dashes, lower case → confirmed
    pick_row(qtbot, page, "178")
    type_fingerprint(qtbot, page, FP.replace("-", "").lower())
    click(qtbot, button(page, "Xác nhận khóa"))
    key = KeyStore(svc.db).get("178", "")
    assert key.fingerprint == FP and key.source == "manual" and "Đã xác nhận" in page.message.text()
    assert not dialogs.asked  # nothing to ask when the key is the same
    assert m.data(m.index(0, 3), Qt.ItemDataRole.BackgroundRole) is None

    # a typo: a clear message, nothing changes
    pick_row(qtbot, page, "178")
    type_fingerprint(qtbot, page, "454D-FE1D")
    click(qtbot, button(page, "Xác nhận khóa"))
    assert "32 chữ số" in page.message.text()
    assert KeyStore(svc.db).get("178", "").fingerprint == FP

    # another key (the unit reinstalled): asked first; «Không» keeps the old key
    pick_row(qtbot, page, "178")
    type_fingerprint(qtbot, page, NEW_FP)
    dialogs.answer("Không")
    click(qtbot, button(page, "Xác nhận khóa"))
    assert dialogs.asked[-1][0] == "choose" and "Thay khóa" in dialogs.asked[-1][1]
    assert KeyStore(svc.db).get("178", "").fingerprint == FP
    dialogs.answer("Có")
    click(qtbot, button(page, "Xác nhận khóa"))
    key = KeyStore(svc.db).get("178", "")
    assert key.fingerprint == NEW_FP and key.trusted_by == "Hà"
    assert "Đã thay khóa" in page.message.text() and m.data(m.index(0, 2)) == NEW_FP


def test_keys_page_in_the_province_window(qtbot, tmp_path):
    from desktop.core.settings import Role, Settings
    from desktop.gui.main_window import MainWindow
    from tests.gui.conftest import click_nav

    svc = province(tmp_path)
    settings = Settings(
        role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn", person_name="Hà"
    )
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    click_nav(qtbot, window, "Khóa đơn vị")
    assert window.stack.currentWidget() is window.keys_page
    assert [k.fingerprint for k in window.keys_page.model.items] == [FP]
