"""The inbox, a package signed with a key the province refused: the row names the unit and
the period it came for, as the other rows do — the officer calls that unit (found by L6:
«goi_2009.baocao  Bị từ chối» with the unit and period columns empty, although the package
was read and its unit known).  A file that is no package at all still has them empty."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402

ON = dt.date(2023, 6, 30)


def test_a_refused_keys_package_names_its_unit(qtbot, tmp_path):
    from desktop.core.exchange.service import export_package
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.trust.enrolment import refuse_key
    from desktop.gui.pages.inbox import InboxPage

    unit = Services(db_path=tmp_path / "cao_loc" / "baocao.db", today=dt.date(2023, 7, 10))
    sub = Submission(
        "ngan_sach",
        1,
        "183",
        "2023-H1",
        values={("NS_THU", "th_ky"): Decimal(256812), ("NS_CHI", "th_ky"): Decimal(1000)},
    )
    unit.save_entry(unit.validate(sub), final=True, actor="Lan")
    pkg = export_package(
        unit, unit_code="183", period_text="2023-H1", form_ids=None, out=tmp_path / "goi.baocao"
    )[0]
    junk = tmp_path / "nham.baocao"
    junk.write_text('{"format": "baocao-submission/1"}', encoding="utf-8")
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 11, 23))
    fingerprint = SigningKey.load_or_create(unit.key_dir).fingerprint
    refuse_key(province, province.units.get("183", ON), fingerprint, actor="Hà", reason="Sai số")

    page = InboxPage(province, "Trần Văn Minh")
    qtbot.addWidget(page)
    page.show()
    page.import_files([pkg, junk])
    qtbot.waitUntil(lambda: page.job is None and page.model.rowCount() == 2, timeout=30000)
    m = page.model
    rows = {m.data(m.index(r, 0)): [m.data(m.index(r, c)) for c in (1, 2, 3)] for r in range(2)}
    assert rows["goi.baocao"] == ["Bị từ chối", "Huyện Cao Lộc", "6 tháng đầu năm 2023"]
    assert rows["nham.baocao"] == ["Bị từ chối", "", ""]
    # «Chi tiết»: the reason first, not «Gói «goi.baocao» bị từ chối:» again
    reasons = {m.data(m.index(r, 0)): m.data(m.index(r, 4)) for r in range(2)}
    assert reasons["goi.baocao"].startswith("Gói cho Huyện Cao Lộc (mã 183) được ký bằng khóa")
    assert reasons["nham.baocao"].startswith("Không phải gói BaoCao"), reasons["nham.baocao"]


def test_a_reused_code_is_named_with_its_dates(qtbot, tmp_path):
    """06001 names Xã Đoàn Kết until 30/06/2025 and another Xã Đoàn Kết from 01/07/2025: the
    inbox's «Đơn vị» tells the two packages apart by their dates, as the key screen does
    (both rows read «Xã Đoàn Kết»), the column wide enough to read them."""
    from PySide6.QtGui import QFontMetrics

    from desktop.core.exchange.service import export_package
    from desktop.gui.pages.inbox import InboxPage

    files = []
    for period in ("2025-Q1", "2025-Q3"):
        unit = Services(db_path=tmp_path / period / "baocao.db", today=dt.date(2025, 10, 10))
        values = {("NS_THU", "th_ky"): Decimal(1200), ("NS_CHI", "th_ky"): Decimal(1000)}
        unit.save_entry(unit.validate(Submission("ngan_sach", 1, "06001", period, values=values)),
                        final=True, actor="Nam")  # fmt: skip
        out = tmp_path / f"goi_{period}.baocao"
        files.append(export_package(unit, unit_code="06001", period_text=period,
                                    form_ids=None, out=out)[0])  # fmt: skip
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 11, 23))
    page = InboxPage(province, "Trần Văn Minh")
    qtbot.addWidget(page)
    page.show()
    page.import_files(files)
    qtbot.waitUntil(lambda: page.job is None and page.model.rowCount() == 2, timeout=30000)
    m = page.model
    rows = {m.data(m.index(r, 0)): [m.data(m.index(r, c)) for c in (1, 2)] for r in range(2)}
    held = "Chờ xác nhận khóa (giữ lại, chưa tính)"
    assert rows == {
        "goi_2025-Q1.baocao": [held, "Xã Đoàn Kết (đến 30/06/2025)"],
        "goi_2025-Q3.baocao": [held, "Xã Đoàn Kết (từ 01/07/2025)"],
    }
    assert page.summary.text() == (  # and what the officer does about them
        "Xong: Chờ xác nhận khóa: 2. Gói «Chờ xác nhận khóa» được tính ngay khi khóa của đơn vị "
        "được xác nhận ở trang «Khóa đơn vị» (gọi điện cho đơn vị để đọc dấu vân tay); đơn vị "
        "không phải gửi lại."
    )
    for column, text in ((1, held), (2, "Xã Đoàn Kết (đến 30/06/2025)")):  # not cut
        needed = QFontMetrics(page.view.font()).horizontalAdvance(text)
        assert page.view.columnWidth(column) >= needed, (column, page.view.columnWidth(column))
