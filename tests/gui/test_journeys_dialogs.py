"""The real dialogs behind desktop/gui/dialogs/ask.py speak Vietnamese (Qt's own labels
through desktop/gui/qt_vietnamese.py), and no button's clicked(bool) lands in a parameter."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeView,
)

from desktop.gui import qt_vietnamese  # noqa: E402
from desktop.gui.dialogs.ask import QtDialogs  # noqa: E402

GUI = Path(__file__).resolve().parents[2] / "desktop" / "gui"
ENGLISH = {"Look in:", "File name:", "Files of type:", "Save", "Open", "Cancel", "Yes", "No",
           "OK", "Choose", "Name", "Size", "Type", "Date Modified"}


def _texts(widget) -> set[str]:
    texts = {b.text().replace("&", "") for b in widget.findChildren(QPushButton)}
    texts |= {lbl.text().replace("&", "") for lbl in widget.findChildren(QLabel)}
    return {t for t in texts if t}


def _inspect_then_close(seen: dict, qtbot) -> None:
    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        seen["texts"] = _texts(dialog)
        if isinstance(dialog, QFileDialog):
            view = dialog.findChild(QLineEdit)
            seen["file_name"] = view.text() if view else None
            tree = dialog.findChild(QTreeView, "treeView")
            model = tree.model()
            seen["headers"] = {
                model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            }
        dialog.reject()

    QTimer.singleShot(50, look)


def test_save_dialog_in_vietnamese(qtbot, tmp_path):
    qt_vietnamese.install(QApplication.instance())
    seen: dict = {}
    _inspect_then_close(seen, qtbot)
    got = QtDialogs().save_file(None, "Xuất biểu tổng hợp", "Excel (*.xlsx)", tmp_path / "TongHop_2023-H1.xlsx")
    assert got is None  # cancelled
    assert {"Tìm trong:", "Tên tệp:", "Loại tệp:", "Lưu", "Hủy"} <= seen["texts"], seen["texts"]
    assert not (seen["texts"] & ENGLISH)
    assert seen["file_name"] == "TongHop_2023-H1.xlsx"
    assert {"Tên", "Kích thước", "Loại", "Ngày sửa"} <= seen["headers"]


def test_open_and_folder_dialogs_in_vietnamese(qtbot, tmp_path):
    qt_vietnamese.install(QApplication.instance())
    for call, expected in (
        (lambda d: d.open_file(None, "Khôi phục", "Tệp sao lưu (*.zip)", tmp_path), {"Mở", "Hủy"}),
        (lambda d: d.open_folder(None, "Chọn thư mục", tmp_path), {"Chọn", "Hủy", "Thư mục:"}),
    ):
        seen: dict = {}
        _inspect_then_close(seen, qtbot)
        assert call(QtDialogs()) in (None, [])
        assert expected <= seen["texts"], seen["texts"]
        assert not (seen["texts"] & ENGLISH)


def test_confirm_buttons_in_vietnamese(qtbot):
    qt_vietnamese.install(QApplication.instance())
    seen: dict = {}

    def click_yes():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_yes)
            return
        seen["texts"] = _texts(box)
        next(b for b in box.buttons() if b.text() == "Có").click()

    QTimer.singleShot(50, click_yes)
    assert QtDialogs().choose(None, "Khôi phục", "Tiếp tục?", ["Có", "Không"]) == "Có"
    assert {"Có", "Không"} <= seen["texts"]


def test_translation_table_is_nfc_and_covers_standard_buttons():
    table = qt_vietnamese.load_table()
    assert all(unicodedata.is_normalized("NFC", v) for v in table.values())
    for source in ("OK", "Cancel", "&Yes", "&No", "Save", "Open", "Close"):
        assert ("QPlatformTheme", source) in table


def test_no_clicked_signal_lands_in_an_optional_parameter():
    """clicked(bool) connected straight to `export(path=None)` gives path=False: the crash
    of «Xuất Excel…» and «Sao lưu…».  A bound method connected to clicked/triggered takes
    no optional parameter (a view's clicked(index) may fill a required one); anything else
    goes through a lambda."""
    offenders = []
    for path in GUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        methods = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect" and node.args):
                continue
            signal = node.func.value
            if not (isinstance(signal, ast.Attribute) and signal.attr in ("clicked", "triggered")):
                continue
            slot = node.args[0]
            if isinstance(slot, ast.Attribute) and isinstance(slot.value, ast.Name) \
                    and slot.value.id == "self" and slot.attr in methods:
                params = methods[slot.attr].args
                if params.defaults or params.vararg:
                    offenders.append(f"{path.name}:{node.lineno} {slot.attr}")
    assert not offenders, offenders
