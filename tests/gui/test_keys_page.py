"""The province's key screen, clicked: the units' keys with their state (trust tables of
issue 12), first seen and last package; the officer types the fingerprint read out by phone
and clicks «Xác nhận khóa» (same key: stays enrolled; another key: enrolled after «Có», the
old one marked replaced; a typo: refused, nothing changes) — each checked in the database.
A package from a key nobody enrolled yet is held and shown; enrolling its key from the
screen counts it, and the «Nhật ký tin cậy» tab lists the decision."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.services import Services  # noqa: E402
from desktop.core.storage.exchange_tables import ImportLog  # noqa: E402
from desktop.core.storage.trust_tables import TrustStore  # noqa: E402
from desktop.core.vn_time import vn_datetime  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

TODAY = dt.date(2026, 11, 23)
FP = "454D-FE1D-A9FA-8A89-2FAD-F741-181C-91CE"
NEW_FP = "0123-4567-89AB-CDEF-0123-4567-89AB-CDEF"


def province(root: Path) -> Services:
    """A province database where unit 178 asked to enrol its key and sent two packages."""
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    log = ImportLog(svc.db)
    with svc.repo.transaction():
        TrustStore(svc.db).upsert_key("178", "", FP, status="pending", person="Lan")
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
    assert m.data(m.index(0, 3)) == "chờ xác nhận "
    assert m.data(m.index(0, 3), Qt.ItemDataRole.BackgroundRole) is not None  # not enrolled
    assert "Lan" in m.data(m.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    first = m.data(m.index(0, 5))
    assert len(first) == 16 and first[2] == "/" and first[5] == "/"  # 30/11/2026 10:31
    assert m.data(m.index(0, 6)).startswith("goi_178_2023-H2.baocao (")
    # the tooltip gives the name whole (cut in the last column at 1366), then its outcome
    tip = m.data(m.index(0, 6), Qt.ItemDataRole.ToolTipRole).splitlines()
    assert tip == [m.data(m.index(0, 6)), "Đã nhận goi_178_2023-H2.baocao"], tip

    # the unit reads its fingerprint out: typed without dashes, lower case → confirmed
    pick_row(qtbot, page, "178")
    type_fingerprint(qtbot, page, FP.replace("-", "").lower())
    click(qtbot, button(page, "Xác nhận khóa"))
    [key] = TrustStore(svc.db).keys_of_unit("178", "")
    assert (key.fingerprint, key.status, key.decided_by) == (FP, "enrolled", "Hà")
    assert "Đã xác nhận" in page.message.text()
    assert "Cảnh báo" not in page.message.text()  # the key the unit asked for (L9)
    assert not dialogs.asked  # nothing to ask when the key is the same
    assert m.data(m.index(0, 3), Qt.ItemDataRole.BackgroundRole) is None
    assert m.data(m.index(0, 3)).startswith("đã đăng ký ")

    # a typo: a clear message, nothing changes
    pick_row(qtbot, page, "178")
    type_fingerprint(qtbot, page, "454D-FE1D")
    click(qtbot, button(page, "Xác nhận khóa"))
    assert "32 chữ số" in page.message.text()
    assert [(k.fingerprint, k.status) for k in TrustStore(svc.db).keys()] == [(FP, "enrolled")]

    # another key (the unit reinstalled): asked first; «Không» keeps the old key
    pick_row(qtbot, page, "178")
    type_fingerprint(qtbot, page, NEW_FP)
    dialogs.answer("Không")
    click(qtbot, button(page, "Xác nhận khóa"))
    assert dialogs.asked[-1][0] == "choose" and "Thay khóa" in dialogs.asked[-1][1]
    assert [(k.fingerprint, k.status) for k in TrustStore(svc.db).keys()] == [(FP, "enrolled")]
    dialogs.answer("Có")
    click(qtbot, button(page, "Xác nhận khóa"))
    keys = {k.fingerprint: k for k in TrustStore(svc.db).keys_of_unit("178", "")}
    assert (keys[NEW_FP].status, keys[NEW_FP].decided_by) == ("enrolled", "Hà")
    assert keys[FP].status == "replaced" and keys[FP].replaced_at
    assert "Đã thay khóa" in page.message.text()
    # a key no request and no package ever named: enrolled, with a warning (L9)
    assert (
        f"Cảnh báo: Chưa từng nhận yêu cầu hay gói nào ký bằng khóa {NEW_FP} của đơn vị "
        "Thành phố Lạng Sơn (mã 178); kiểm tra lại dấu vân tay." in page.message.text()
    ), page.message.text()
    assert [m.data(m.index(r, 2)) for r in range(2)] == [FP, NEW_FP]
    # on the office clock, once: «đã thay từ 2026-11-30 01/12/2026 01:55» before (L5)
    replaced = vn_datetime(keys[FP].replaced_at)
    assert m.data(m.index(0, 3)) == f"đã thay từ {replaced}", m.data(m.index(0, 3))
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", replaced)


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


def test_held_package_enrolled_from_the_key_screen_and_logged(qtbot, tmp_path, dialogs):
    """A real unit installation sends a package before its key is enrolled: the province holds
    it, the screen shows the key «chưa đăng ký» with 1 held package; the officer types the
    fingerprint and clicks «Xác nhận khóa»: the package is counted, and the log tab shows
    «Chấp nhận khóa» for the unit at dd/mm/yyyy HH:MM."""
    import re
    from decimal import Decimal

    from desktop.core.exchange.service import export_package, import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.submission import Submission

    unit_svc = Services(db_path=tmp_path / "don_vi" / "baocao.db", today=TODAY)
    values = {("NS_THU", "th_ky"): Decimal("10"), ("NS_CHI", "th_ky"): Decimal("1000")}
    sub = Submission("ngan_sach", 1, "183", "2023-H1", values=values)
    unit_svc.save_entry(unit_svc.validate(sub), final=True, actor="Lan")
    pkg = export_package(
        unit_svc, unit_code="183", period_text="2023-H1", form_ids=["ngan_sach"],
        out=tmp_path / "goi_183.baocao",
    )[0]  # fmt: skip
    unit_fp = SigningKey.load_or_create(unit_svc.key_dir).fingerprint
    svc = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    assert import_packages(svc, [pkg])[0].outcome == "held"
    page = keys_page(qtbot, svc)
    m = page.model
    assert [(k.unit_code, k.fingerprint, k.status, k.held) for k in m.items] == [
        ("183", unit_fp, "unknown", 1)
    ]
    assert m.data(m.index(0, 3)) == "chưa đăng ký" and m.data(m.index(0, 4)) == "1"
    assert svc.repo.get("183", "", "ngan_sach", "2023-H1") is None  # held, not counted

    pick_row(qtbot, page, "183")
    type_fingerprint(qtbot, page, unit_fp)
    click(qtbot, button(page, "Xác nhận khóa"))
    assert "1 đã tính" in page.message.text(), page.message.text()
    assert svc.repo.get("183", "", "ngan_sach", "2023-H1").submission.values[
        ("NS_THU", "th_ky")
    ] == Decimal("10")
    assert [(k.status, k.held) for k in m.items] == [("enrolled", 0)]

    qtbot.mouseClick(
        page.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=page.tabs.tabBar().tabRect(1).center()
    )
    assert page.tabs.currentWidget() is page.log_table
    assert page.tabs.tabText(1) == "Nhật ký tin cậy (1)"
    cells = [page.log_table.item(0, c).text() for c in range(6)]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", cells[0]), cells[0]
    assert cells[1:5] == ["Hà", "Chấp nhận khóa", "Huyện Cao Lộc", unit_fp]
