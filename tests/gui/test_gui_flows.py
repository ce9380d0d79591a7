"""The real widgets, offscreen, through the main flows: first run; a clerk types figures
(Vietnamese numbers, paste from Excel), sees an error, fixes it, justifies a warning,
finalises and sends; the province imports, sees the dashboard change, consolidates and
exports; the app killed mid-entry loses nothing typed before."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QLineEdit  # noqa: E402

from desktop.core.exchange.package import read_package  # noqa: E402
from desktop.core.periods import Period  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.settings import Role, Settings, load_settings  # noqa: E402
from tests.gui.conftest import button, click, click_nav, type_text  # noqa: E402

TODAY = dt.date(2026, 11, 23)
H1 = Period.parse("2023-H1")


def installation(root: Path) -> Services:
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    svc.key_dir = root / "keys"
    return svc


def unit_window(qtbot, root: Path):
    from desktop.gui.main_window import MainWindow

    svc = installation(root)
    settings = Settings(role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn", person_name="Lan")
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    window.home.select_period(H1)
    return svc, window


def type_into(qtbot, table, index, text: str) -> None:
    table.setCurrentIndex(index)
    table.edit(index)
    editors = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)  # Qt commits on the next event loop turn


def test_first_run(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    from desktop.gui.dialogs.first_run import FirstRunDialog

    svc = installation(tmp_path)
    dialog = FirstRunDialog(svc)
    qtbot.addWidget(dialog)
    assert len(dialog.fingerprint) == 39
    qtbot.keyClicks(dialog.search, "dong kinh")
    assert dialog.unit_list.count() >= 1
    dialog.unit_list.setCurrentRow(0)
    dialog.ok_button.click()
    assert "họ và tên" in dialog.message.text()  # the name is required
    type_text(dialog.person, "Nguyễn Thị Lan")
    dialog.ok_button.click()
    saved = load_settings(tmp_path)
    assert saved is not None and saved.person_name == "Nguyễn Thị Lan" and saved.role is Role.UNIT
    assert "Đông Kinh" in saved.unit_name
    assert (svc.key_dir / "ed25519_private.pem").exists()


def test_clerk_enters_finalises_and_sends(qtbot, tmp_path, dialogs):
    svc, window = unit_window(qtbot, tmp_path)
    statuses = {it.form.id: it.status for it in window.home.model.items}
    assert statuses["ngan_sach"] == "empty"
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    model, table = page.model, page.table

    type_into(qtbot, table, model.index_of("NS_THU", "th_ky"), "209.435")
    assert page.session.value("NS_THU", "th_ky") == Decimal(209435)
    assert "209.435" in page.understood.text()  # the ambiguous dot is said back
    assert table.currentIndex().row() == model.index_of("NS_THU_ND", "th_ky").row()  # Enter moved down

    type_into(qtbot, table, model.index_of("NS_CHI", "th_ky"), "12a")
    assert "Không nhận" in page.message.text()
    assert page.session.value("NS_CHI", "th_ky") is None

    # paste a column block copied from Excel (two values, Vietnamese decimals)
    QGuiApplication.clipboard().setText("323.115\n100.000,5\n")
    table.setCurrentIndex(model.index_of("NS_CHI", "th_ky"))
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.session.value("NS_CHI", "th_ky") == Decimal(323115)
    assert page.session.value("NS_CHI_DTPT", "th_ky") == Decimal("100000.5")

    # an error: a part larger than the whole is red, listed, and jumps to its cell
    type_into(qtbot, table, model.index_of("NS_THU_ND", "th_ky"), "300.000")
    errors = [i for i in page.issues_model.issues if i.is_error]
    assert errors and errors[0].location.indicator in ("NS_THU", "NS_THU_ND")
    bg = model.data(model.index_of(errors[0].location.indicator, "th_ky"), Qt.ItemDataRole.BackgroundRole)
    assert bg is not None and bg.color().name() == "#f6c9c9"
    page.jump_to_issue(page.issues_model.index(0, 0))
    assert model.key_at(table.currentIndex())[0] == errors[0].location.indicator
    page.finish_button.click()
    assert "Chưa thể hoàn thành" in page.message.text()
    type_into(qtbot, table, model.index_of("NS_THU_ND", "th_ky"), "150.000")
    assert not any(i.is_error for i in page.issues_model.issues)

    # a warning (typed % disagrees with the figures) needs a justification
    type_into(qtbot, table, model.index_of("NS_THU", "du_toan_tinh"), "365.000")
    type_into(qtbot, table, model.index_of("NS_THU", "pct_dt_tinh"), "80")
    assert any(not i.is_error for i in page.issues_model.issues)
    page.finish_button.click()
    assert "cảnh báo" in page.message.text()
    table.setCurrentIndex(model.index_of("NS_THU", "pct_dt_tinh"))
    type_text(page.comment, "Tỷ lệ theo dự toán điều chỉnh.")
    page.save_comment()

    # undo the last figure, then redo it by typing
    type_into(qtbot, table, model.index_of("NS_CHI_TX", "th_ky"), "5")
    page.undo()
    assert page.session.value("NS_CHI_TX", "th_ky") is None

    page.tabs.setCurrentIndex(1)
    type_text(page.narratives["ket_qua"], "Thu ngân sách đạt khá.")
    assert page.session.submission.narratives["ket_qua"] == "Thu ngân sách đạt khá."
    page.finish_button.click()
    assert page.session.status == "final", page.message.text()
    assert page.send_button.isEnabled()
    # «Gửi báo cáo…» clicked: this form only, saved where the clerk says
    dialogs.answer("Chỉ biểu này", tmp_path / "goi.baocao")
    click(qtbot, page.send_button)
    out = tmp_path / "goi.baocao"
    assert out.exists() and not dialogs.errors
    package = read_package(out)  # signed, verified, parsed
    assert (package.manifest.unit.code, package.manifest.period) == ("178", "2023-H1")
    assert [f.id for f in package.manifest.forms] == ["ngan_sach"]
    assert page.session.status == "sent"
    # «Xuất Excel…» clicked: the workbook holds the figures typed above
    dialogs.answer(tmp_path / "bieu.xlsx")
    click(qtbot, page.excel_button)
    assert dialogs.asked[-1] == ("save_file", "Xuất biểu ra Excel", "ngan_sach_178_2023-H1.xlsx")
    book = openpyxl.load_workbook(tmp_path / "bieu.xlsx")
    figures = {
        str(row[2]): row[4:]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        if len(row) > 4
    }
    book.close()
    assert 209435 in figures["NS_THU"] and 323115 in figures["NS_CHI"], figures.get("NS_THU")
    window.show_page("home")
    assert {it.form.id: it.status for it in window.home.model.items}["ngan_sach"] == "sent"


def test_province_imports_and_consolidates(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.gui.demo import make_province
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, settings, packages = make_province(tmp_path)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    window.dashboard.select_period(H1)
    before = window.dashboard.model.matrix.cells[("183", "nong_lam_nghiep")].status
    assert before == "missing"
    dialogs.answer(packages)
    click(qtbot, button(window.inbox, "Chọn tệp…"))
    qtbot.waitUntil(lambda: window.inbox.job is None, timeout=30000)
    outcomes = sorted(r.outcome for r in window.inbox.model.results)
    assert outcomes == ["duplicate", "new"]
    qtbot.waitUntil(lambda: window.dashboard.model.matrix.cells[("183", "nong_lam_nghiep")].status != "missing")
    click_nav(qtbot, window, "Tổng hợp")
    cons = window.consolidation
    cons.period_box.select_period(H1)
    click(qtbot, button(cons, "Tổng hợp"))
    qtbot.waitUntil(lambda: cons.result is not None and cons.job is None, timeout=30000)
    table = cons.table_box.currentData()
    assert table is not None and len(table.reported) == 2 and len(table.missing) == 9
    assert "Thiếu số liệu 9 đơn vị" in cons.missing.text()
    dialogs.answer(tmp_path / "tong_hop.xlsx")  # then «Đóng» to the «Mở tệp» question
    click(qtbot, button(cons, "Xuất Excel…"))
    qtbot.waitUntil(lambda: cons.job is None and (tmp_path / "tong_hop.xlsx").exists(), timeout=60000)
    book = openpyxl.load_workbook(tmp_path / "tong_hop.xlsx")
    titles = book.sheetnames
    book.close()
    assert any(t.startswith("Biểu") for t in titles), titles


KILL_SCRIPT = textwrap.dedent("""
    import datetime as dt, os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit
    from desktop.core.periods import Period
    from desktop.core.services import Services
    from desktop.core.settings import Role, Settings
    from desktop.gui.main_window import MainWindow
    app = QApplication([])
    root = Path(sys.argv[1])
    svc = Services(db_path=root / "baocao.db", today=dt.date(2026, 11, 23))
    svc.key_dir = root / "keys"
    w = MainWindow(svc, Settings(role=Role.UNIT, unit_code="178", unit_name="TP", person_name="Lan"))
    w.show()
    page = w.open_form(svc.pack.get("ngan_sach"), Period.parse("2023-H1"))
    for code, text in (("NS_THU", "209.435"), ("NS_CHI", "323.115")):
        idx = page.model.index_of(code, "th_ky")
        page.table.setCurrentIndex(idx)
        page.table.edit(idx)
        editor = [e for e in page.table.viewport().findChildren(QLineEdit) if e.isVisible()][0]
        QTest.keyClicks(editor, text)
        QTest.keyClick(editor, Qt.Key.Key_Return)
        app.processEvents()
    idx = page.model.index_of("NS_CHI_TX", "th_ky")
    page.table.setCurrentIndex(idx)
    page.table.edit(idx)
    QTest.keyClicks([e for e in page.table.viewport().findChildren(QLineEdit) if e.isVisible()][0], "77")  # typed but never committed
    print("READY", flush=True)
    time.sleep(120)
""")


def test_killed_mid_entry_loses_nothing_typed_before(tmp_path):
    repo_root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                            cwd=repo_root, env={**os.environ, "BAOCAO_DATA_DIR": str(tmp_path)})
    try:
        line = proc.stdout.readline()
        assert line.strip() == "READY"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    svc = installation(tmp_path)
    stored = svc.repo.get("178", "", "ngan_sach", "2023-H1")
    assert stored.submission.values[("NS_THU", "th_ky")] == Decimal(209435)
    assert stored.submission.values[("NS_CHI", "th_ky")] == Decimal(323115)
    assert ("NS_CHI_TX", "th_ky") not in stored.submission.values
    assert [a.action for a in svc.repo.audit(stored.id)].count("set") >= 2
