"""The Qt binding keeps Python's singletons alive.  PySide6 6.12.0 on Python 3.11 drops a
reference to None each time an empty Qt value (an invalid QVariant) comes back to Python —
`QModelIndex.data()`, `QListWidgetItem.data()`, `QComboBox.currentData()` — until None is
freed and the app aborts ("Fatal Python error: none_dealloc"), seen here while the
consolidation page ran.  pyproject.toml excludes that release; this test fails if it (or
a release with the same fault) is installed."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QComboBox, QListWidgetItem  # noqa: E402


def test_empty_qt_values_do_not_steal_none(qtbot):
    item = QListWidgetItem("x")
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("không có dữ liệu gắn kèm")
    model = QStandardItemModel(2, 2)
    before = sys.getrefcount(None)
    for _ in range(300):
        assert item.data(Qt.ItemDataRole.UserRole) is None
        assert combo.currentData() is None
        assert model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) is None
    assert sys.getrefcount(None) >= before - 5  # 900 lost references on 6.12.0
