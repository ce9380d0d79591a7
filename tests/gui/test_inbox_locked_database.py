"""The inbox while another program holds the province's database (another connection's
BEGIN EXCLUSIVE): «Chọn tệp…» clicked, the package picked, one clear Vietnamese message
box — no crash, no row «Bị từ chối», the package not quarantined, the database unchanged.
It used to quarantine the good package as «lỗi không mong đợi (StorageError)»."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402


def test_a_locked_database_stops_the_import_with_one_message(qtbot, tmp_path, dialogs, monkeypatch):
    from desktop.core.exchange.service import export_package
    from desktop.gui.pages.inbox import InboxPage

    unit = Services(db_path=tmp_path / "cao_loc" / "baocao.db", today=dt.date(2023, 7, 10))
    values = {("NS_THU", "th_ky"): Decimal(256812), ("NS_CHI", "th_ky"): Decimal(1000)}
    unit.save_entry(unit.validate(Submission("ngan_sach", 1, "183", "2023-H1", values=values)),
                    final=True, actor="Lan")  # fmt: skip
    pkg = export_package(
        unit, unit_code="183", period_text="2023-H1", form_ids=None, out=tmp_path / "goi.baocao"
    )[0]
    sent = pkg.read_bytes()
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 11, 23))
    page = InboxPage(province, "Trần Văn Minh")
    qtbot.addWidget(page)
    page.show()
    before = list(province.db.conn.iterdump())
    monkeypatch.setenv("BAOCAO_BUSY_TIMEOUT_MS", "200")  # the import's own connection waits 0.2 s
    other = sqlite3.connect(province.db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        dialogs.answer([pkg])
        click(qtbot, button(page, "Chọn tệp…"))
        qtbot.waitUntil(lambda: page.job is None, timeout=30000)
    finally:
        other.execute("ROLLBACK")
        other.close()
    [(message, details)] = dialogs.errors
    dialogs.errors.clear()  # checked here (the fixture fails a test that showed one unchecked)
    assert "đang được một chương trình khác (hoặc một cửa sổ BaoCao khác) sử dụng (bị khóa)" in message
    assert "Chưa nhập gói nào; các tệp vẫn ở nguyên chỗ cũ." in message and details == ""
    assert page.model.rowCount() == 0
    assert page.summary.text().startswith("Chưa nhập xong: Cơ sở dữ liệu")  # not «Đang nhập 1 tệp…»
    assert pkg.read_bytes() == sent and not (province.db_path.parent / "quarantine").exists()
    assert list(province.db.conn.iterdump()) == before
