"""The provincial office's day, clicked as a person clicks it: import a folder of packages,
open the status, consolidate, export the workbook with «Xuất Excel…», back up with
«Sao lưu…» and restore with «Khôi phục…»; each step checked on the file or database it made.
A slot that raises fails the test (pytest-qt's capture), and so does the error dialog
(tests/gui/conftest.py)."""

from __future__ import annotations

import sqlite3
import zipfile
from decimal import Decimal

import openpyxl
import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click, click_nav, type_period  # noqa: E402

H1 = Period.parse("2023-H1")


def _enrol(svc, unit_code: str, fingerprint: str) -> None:
    """The province accepts a unit's key (read back over the phone) before its packages count;
    an installation without enrolment (older core) trusts on first use."""
    try:
        from desktop.core.trust.enrolment import accept_key
    except ImportError:
        return
    accept_key(svc, svc.units.for_period(unit_code, H1), fingerprint, actor="Trần Văn Minh")


@pytest.fixture
def province(qtbot, tmp_path, monkeypatch):
    """Two units (the city, Cao Lộc) have sent their 2023-H1 packages to a folder; the
    provincial office has enrolled their keys and opens the app."""
    from desktop.core.exchange.service import export_package
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.settings import Role, Settings, save_settings
    from desktop.gui.demo import _installation, load_seed
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc = _installation(tmp_path / "tinh")
    (tmp_path / "hop_thu").mkdir()
    for seed, code in (("seed000", "178"), ("seed004", "183")):
        unit = _installation(tmp_path / f"don_vi_{code}")
        load_seed(unit, seed, final=True)
        export_package(unit, unit_code=code, period_text="2023-H1", form_ids=None, out=tmp_path / "hop_thu")
        _enrol(svc, code, SigningKey.load_or_create(unit.key_dir).fingerprint)
    settings = Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                        person_name="Trần Văn Minh", db_path=str(svc.db_path))
    save_settings(settings)  # the window's settings are those on disk, as after the first run
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, tmp_path


def _count(db, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_province_imports_consolidates_exports_backs_up_and_restores(qtbot, province, dialogs):
    window, root = province

    # Hộp thư: «Chọn thư mục…» answered with the folder of packages
    click_nav(qtbot, window, "Hộp thư")
    dialogs.answer(root / "hop_thu")
    click(qtbot, button(window.inbox, "Chọn thư mục…"))
    qtbot.waitUntil(lambda: window.inbox.job is None and window.inbox.model.rowCount() == 2, timeout=30000)
    assert [r.outcome for r in window.inbox.model.results] == ["new", "new"]
    assert dialogs.asked[-1][0] == "open_folder"

    # Tình hình báo cáo: type the period, both units have reported
    click_nav(qtbot, window, "Tình hình báo cáo")
    type_period(qtbot, window.dashboard.period_box, "2023-H1")
    assert str(window.dashboard.period_box.currentData()) == "2023-H1"
    cells = window.dashboard.model.matrix.cells
    assert cells[("183", "nong_lam_nghiep")].status != "missing"
    assert cells[("178", "ngan_sach")].status != "missing"

    # Tổng hợp: the period followed; «Tổng hợp» then «Xuất Excel…»
    click_nav(qtbot, window, "Tổng hợp")
    cons = window.consolidation
    assert str(cons.period_box.currentData()) == "2023-H1"
    click(qtbot, cons.run_button)
    qtbot.waitUntil(lambda: cons.result is not None and cons.job is None, timeout=60000)
    table = next(f for f in cons.result.forms if f.form.id == "ngan_sach")
    assert {u.code for u in table.reported} == {"178", "183"}
    out = root / "tong_hop.xlsx"
    dialogs.answer(out, "Đóng")
    click(qtbot, button(cons, "Xuất Excel…"))
    qtbot.waitUntil(lambda: cons.job is None and out.exists(), timeout=60000)
    assert ("save_file", "Xuất biểu tổng hợp", "TongHop_2023-H1.xlsx") in dialogs.asked
    assert dialogs.asked[-1] == ("choose", "Đã xuất biểu tổng hợp", ["Mở tệp", "Mở thư mục", "Đóng"])

    # the workbook holds the consolidated figures
    row = next(r for r in table.rows if r.indicator is not None and r.indicator.code == "NS_THU")
    expected = row.values[table.measures[0]]
    assert expected > 0
    book = openpyxl.load_workbook(out, read_only=True)
    found = []
    for sheet in book.worksheets:
        for values in sheet.iter_rows(values_only=True):
            if any(isinstance(v, str) and v.strip() == row.label.strip() for v in values):
                numbers = [Decimal(str(v)) for v in values if isinstance(v, int | float)]
                found.append((sheet.title, numbers))
    assert any(expected in numbers for _, numbers in found), (expected, found[:3])
    book.close()

    # Cài đặt: «Sao lưu…» answered with a file name
    click_nav(qtbot, window, "Cài đặt")
    backup = root / "sao_luu.zip"
    dialogs.answer(backup)
    click(qtbot, button(window.settings_page, "Sao lưu…"))
    qtbot.waitUntil(lambda: "Đã sao lưu" in window.settings_page.message.text(), timeout=30000)
    assert "baocao.db" in zipfile.ZipFile(backup).namelist()

    # figures lost after the backup come back with «Khôi phục…» («Có» to the question)
    db = window.svc.db_path
    before = _count(db, "SELECT COUNT(*) FROM vals")
    assert before > 0
    window.svc.close()
    con = sqlite3.connect(db)
    con.execute("DELETE FROM vals")
    con.commit()
    con.close()
    assert _count(db, "SELECT COUNT(*) FROM vals") == 0
    dialogs.answer(backup, "Có")
    click(qtbot, button(window.settings_page, "Khôi phục…"))
    assert dialogs.asked[-1] == ("choose", "Khôi phục", ["Có", "Không"])
    assert _count(db, "SELECT COUNT(*) FROM vals") == before
    assert window.dashboard.model.matrix.cells[("183", "nong_lam_nghiep")].status != "missing"
    assert str(window.dashboard.period_box.currentData()) == "2023-H1"  # not back to this month


def test_backup_cancelled_and_restore_declined_change_nothing(qtbot, province, dialogs):
    window, root = province
    click_nav(qtbot, window, "Cài đặt")
    click(qtbot, button(window.settings_page, "Sao lưu…"))  # no answer: the save dialog cancelled
    assert dialogs.asked[-1][0] == "save_file" and list(root.glob("*.zip")) == []
    db = window.svc.db_path
    before = _count(db, "SELECT COUNT(*) FROM vals")
    dialogs.answer(root / "sao_luu.zip")
    click(qtbot, button(window.settings_page, "Sao lưu…"))
    qtbot.waitUntil(lambda: (root / "sao_luu.zip").exists() and window.settings_page.backup_button.isEnabled(),
                    timeout=30000)
    dialogs.answer(root / "sao_luu.zip", "Không")
    click(qtbot, button(window.settings_page, "Khôi phục…"))
    assert _count(db, "SELECT COUNT(*) FROM vals") == before
    assert "khôi phục" not in window.settings_page.message.text().lower()


def test_export_before_consolidating_is_not_offered(qtbot, province, dialogs):
    window, _ = province
    click_nav(qtbot, window, "Tổng hợp")
    assert not window.consolidation.export_button.isEnabled()


def test_inbox_names_forms_by_number_and_title(qtbot, province, dialogs):
    window, root = province
    dialogs.answer(root / "hop_thu")
    click(qtbot, button(window.inbox, "Chọn thư mục…"))
    qtbot.waitUntil(lambda: window.inbox.job is None and window.inbox.model.rowCount() == 2, timeout=30000)
    model = window.inbox.model
    # «Chi tiết» said the 21 forms one by one (~1.500 characters in a cell): now the forms
    # that fared alike together; each form by number and title in the tooltip
    detail = model.data(model.index(0, 4))
    assert detail == "Biểu số 01–21 (21 biểu) lần 1: mới", detail
    full = model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)
    budget = window.svc.pack.get("ngan_sach")
    assert f"{budget.bieu_so} ({budget.title}) lần 1: mới" in full.splitlines()
    assert "ngan_sach" not in full and len(full.splitlines()) == 21
    assert model.data(model.index(0, 3)) == "6 tháng đầu năm 2023"


def test_preview_keeps_indicator_names_readable_when_switching_tables(qtbot, province, dialogs):
    window, root = province
    window.resize(1366, 698)
    dialogs.answer(root / "hop_thu")
    click(qtbot, button(window.inbox, "Chọn thư mục…"))
    qtbot.waitUntil(lambda: window.inbox.job is None and window.inbox.model.rowCount() == 2, timeout=30000)
    click_nav(qtbot, window, "Tổng hợp")
    cons = window.consolidation
    type_period(qtbot, cons.period_box, "2023-H1")
    click(qtbot, cons.run_button)
    qtbot.waitUntil(lambda: cons.result is not None and cons.job is None, timeout=60000)
    header = cons.view.horizontalHeader()
    widths = []
    for i in range(min(cons.table_box.count(), 6)):
        cons.table_box.setCurrentIndex(i)  # «Xem biểu»
        qtbot.wait(20)
        widths.append(header.sectionSize(1))
        assert cons.view.isColumnHidden(2)  # no internal "Mã số" codes on screen
        model = cons.model
        for r in range(model.rowCount()):
            shown = " ".join(str(model.data(model.index(r, c)) or "") for c in range(model.columnCount())
                             if not cons.view.isColumnHidden(c))
            codes = {ind for ind in model.table.form.indicator_map()}
            assert not any(code in shown.split() for code in codes), shown
    assert min(widths) >= 320, widths
    # a selected total lists each unit's figure
    cons.view.selectRow(1)
    assert cons.contrib.rowCount() >= 2


def test_status_cell_opens_the_submission_with_its_history_in_words(qtbot, province, dialogs):
    import re

    window, root = province
    dialogs.answer(root / "hop_thu")
    click(qtbot, button(window.inbox, "Chọn thư mục…"))
    qtbot.waitUntil(lambda: window.inbox.job is None and window.inbox.model.rowCount() == 2, timeout=30000)
    click_nav(qtbot, window, "Tình hình báo cáo")
    dash = window.dashboard
    type_period(qtbot, dash.period_box, "2023-H1")
    matrix = dash.model.matrix
    row = [u.code for u in matrix.units].index("178")
    col = [f.id for f in matrix.forms].index("ngan_sach")
    dash.view.scrollTo(dash.model.index(row, col))
    rect = dash.view.visualRect(dash.model.index(row, col))
    qtbot.mouseClick(dash.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dash.view.currentIndex() == dash.model.index(row, col)
    qtbot.keyClick(dash.view, Qt.Key.Key_Return)  # Enter opens it (as a double-click does)
    dialog = dash.submission_dialog
    qtbot.waitUntil(dialog.isVisible)
    history = dialog.history_table
    assert history.rowCount() >= 1
    status, stamp = history.item(0, 1).text(), history.item(0, 2).text()
    assert status in ("Đã nhận", "Đã gửi", "Hoàn thành"), status
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", stamp), stamp
    # «Xem xét»: the decision is signed in the officer's name (it was anonymous from here:
    # the unit read «Tỉnh trả lại lần 1 (01/12/2026 10:32)» without who)
    from desktop.core.trust.envelope import open_sealed
    from desktop.core.trust.review import Feedback

    dialog.tabs.setCurrentWidget(dialog.review)
    dialogs.answer(root / "chap_nhan.baocao-phanhoi")
    click(qtbot, button(dialog.review, "Chấp nhận"))
    body, _signer, _ = open_sealed(root / "chap_nhan.baocao-phanhoi", Feedback)
    assert (body.decision, body.decided_by) == ("accepted", "Trần Văn Minh")
    dialog.close()
