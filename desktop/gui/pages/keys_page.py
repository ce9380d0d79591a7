"""Khóa đơn vị (province): every key a unit presented — fingerprint, state (chờ xác nhận,
đã đăng ký, bị từ chối, đã thay, chưa đăng ký), packages held for it, first seen, last
package — and the officer's one action on a key: type the fingerprint the unit reads out
over the phone and «Xác nhận khóa», which enrols it (another key of the unit is replaced,
after a warning) and counts the packages held for it; or «Từ chối» a key that is not the
unit's (a reason is asked and logged; the packages held for it are refused).  Both go through
`desktop.core.key_registry`; the tab «Nhật ký tin cậy» lists the audit of trust decisions
(core/trust/audit.py, as `baocao keys log`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.signing import normalise_fingerprint
from desktop.core.key_registry import confirm_key, refuse_key_of, unit_keys
from desktop.gui.dialogs import ask
from desktop.gui.models.base import ListTableModel

VN_TIME = dt.timezone(dt.timedelta(hours=7))


def shown_time(stamp: str | None) -> str:
    """ISO time stamp → «18/06/2023 07:00» in Vietnam time."""
    if not stamp:
        return ""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone(VN_TIME)
    return f"{when:%d/%m/%Y %H:%M}"


STATE_COLOURS = {  # the Tình trạng cell: what still needs the officer stands out
    "pending": "#fff6d6",
    "unknown": "#fff6d6",
    "refused": "#f6c9c9",
    "replaced": "#e0e0e0",
}
REFUSABLE = ("pending", "unknown")  # an enrolled key is replaced, never refused
LOG_HEADERS = ["Lúc", "Người", "Việc", "Đơn vị", "Dấu vân tay", "Nội dung"]


class KeysModel(ListTableModel):
    HEADERS = [
        "Mã",
        "Đơn vị",
        "Dấu vân tay",
        "Tình trạng",
        "Gói đang giữ",
        "Lần đầu thấy",
        "Gói gần nhất",
    ]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        k = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            last = f"{k.last_package} ({shown_time(k.last_at)})" if k.last_package else ""
            return [
                k.unit_code,
                k.unit_name,
                k.fingerprint,
                # when it was decided; a replaced key says when it was replaced instead
                k.state + (f" {shown_time(k.decided_at)}" if k.status not in ("unknown", "replaced") else ""),
                str(k.held) if k.held else "",
                shown_time(k.first_seen),
                last,
            ][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 3:
            colour = STATE_COLOURS.get(k.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            who = [f"Người đề nghị: {k.person}"] if k.person else []
            who += [f"Người quyết định: {k.decided_by}"] if k.decided_by else []
            who += [f"Lý do từ chối: {k.reason}"] if k.reason else []
            return "\n".join(who) or None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6 and k.last_package:
            # the name whole first: a package's name (BaoCao_06001_Xa-Doan-Ket_2026-11.baocao)
            # is cut in the last column at 1366 (seen on Xvfb), then what became of it
            shown = f"{k.last_package} ({shown_time(k.last_at)})"
            return "\n".join(x for x in (shown, k.last_outcome) if x)
        if role == Qt.ItemDataRole.FontRole and index.column() == 2:
            from PySide6.QtGui import QFontDatabase

            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        return None


class KeysPage(QWidget):
    keysChanged = Signal()

    def __init__(self, svc, actor: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.svc, self.actor = svc, actor
        outer = QVBoxLayout(self)
        outer.addWidget(QLabel("<h2>Khóa của các đơn vị</h2>"))
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        keys_tab = QWidget()
        layout = QVBoxLayout(keys_tab)
        self.tabs.addTab(keys_tab, "Khóa")
        hint = QLabel(
            "Mỗi đơn vị ký gói số liệu bằng khóa của máy mình; gói chỉ được tính khi khóa đã "
            "đăng ký. Gọi điện cho đơn vị, nhờ đọc dấu vân tay (Cài đặt → Khóa của máy này), "
            "gõ vào ô dưới rồi bấm «Xác nhận khóa». Nền vàng: khóa chờ xác nhận, gói của nó "
            "đang được giữ (chưa tính, không mất)."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = KeysModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in ((0, 50), (1, 170), (2, 310), (3, 210), (4, 90), (5, 125)):
            header.resizeSection(col, width)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.selected = QLabel("Chọn một đơn vị trong danh sách.")
        row.addWidget(self.selected)
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText("Dấu vân tay đơn vị đọc qua điện thoại: XXXX-XXXX-…")
        self.fingerprint.returnPressed.connect(self.confirm)
        row.addWidget(self.fingerprint, 1)
        self.confirm_button = QPushButton("Xác nhận khóa")
        self.confirm_button.setEnabled(False)
        self.confirm_button.clicked.connect(lambda: self.confirm())
        row.addWidget(self.confirm_button)
        self.refuse_button = QPushButton("Từ chối")
        self.refuse_button.setToolTip("Từ chối khóa đang chọn (không phải máy của đơn vị)")
        self.refuse_button.setEnabled(False)
        self.refuse_button.clicked.connect(lambda: self.refuse())
        row.addWidget(self.refuse_button)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.replacing = QLabel("")  # the selected request would replace the unit's key
        self.replacing.setWordWrap(True)
        self.replacing.setStyleSheet("color: #b00020; font-weight: bold")
        self.replacing.setVisible(False)
        layout.addWidget(self.replacing)
        self.log_table = QTableWidget(0, len(LOG_HEADERS))
        self.log_table.setHorizontalHeaderLabels(LOG_HEADERS)
        self.log_table.verticalHeader().setVisible(False)
        self.log_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.log_table, "Nhật ký tin cậy")
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.refresh()

    def refresh(self) -> None:
        from desktop.core.trust.audit import log_rows

        there = self.svc.db_exists()
        self.model.set_items(unit_keys(self.svc.db, self.svc.units) if there else [])
        # the unit read whole: a reused code's two units differ only at the end of the name
        # («Xã Đoàn Kết (đến 30/06/2025)» was cut to «Xã Đoàn Kết (đến …»)
        self.view.horizontalHeader().resizeSection(1, max(170, self.view.sizeHintForColumn(1)))
        self.confirm_button.setEnabled(False)
        self.refuse_button.setEnabled(False)
        entries = list(reversed(log_rows(self.svc.db, self.svc.units))) if there else []
        self.log_table.setRowCount(len(entries))  # newest first
        for r, e in enumerate(entries):
            shown = [e["when"], e["actor"] or "", e["what"], e["unit"], e["fingerprint"] or ""]
            for c, text in enumerate([*shown, e["detail"]]):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.log_table.setItem(r, c, item)
        for col in range(len(LOG_HEADERS) - 1):  # the content column takes the rest
            self.log_table.resizeColumnToContents(col)
        self.tabs.setTabText(1, f"Nhật ký tin cậy ({len(entries)})")

    def current(self):
        idx = self.view.currentIndex()
        return self.model.items[idx.row()] if idx.isValid() else None

    def _selected(self, *_args) -> None:
        k = self.current()
        self.confirm_button.setEnabled(k is not None)
        self.refuse_button.setEnabled(k is not None and k.status in REFUSABLE)
        if k is not None:
            self.selected.setText(f"<b>{k.unit_name}</b>:")
            self.fingerprint.clear()
            self.fingerprint.setFocus()
            # a second key waiting for a unit that has one: confirming it replaces that one
            note = ""
            if k.status == "pending":
                from desktop.core.trust.enrolment import replacing

                note = replacing(
                    self.svc.db, self.svc.units, (k.unit_code, k.unit_valid_from), k.fingerprint
                )
            self.replacing.setText(note)
            self.replacing.setVisible(bool(note))

    def confirm(self) -> None:
        k = self.current()
        if k is None:
            return
        typed = self.fingerprint.text().strip()
        if not typed:
            self._say("Hãy gõ dấu vân tay đơn vị đọc qua điện thoại.", error=True)
            return
        try:
            fp = normalise_fingerprint(typed)  # a typo is refused before anything is asked
        except BaoCaoError as exc:
            self._say(exc.message, error=True)
            return
        same = fp == k.fingerprint
        if not same and k.status in REFUSABLE:  # the phone check failed: as EnrolmentDialog
            self._say(
                f"Dấu vân tay vừa gõ ({fp}) khác khóa {k.fingerprint} mà {k.unit_name} đã gửi: "
                "không xác nhận. Hãy đọc lại từng nhóm với đơn vị; khóa của máy khác được xác "
                "nhận trên dòng của khóa đó.",
                error=True,
            )
            return
        if not same and not ask.confirm(
            self,
            "Thay khóa của đơn vị",
            f"Dấu vân tay vừa gõ khác khóa đã chọn của {k.unit_name} ({k.fingerprint}). "
            "Chỉ thay khi đơn vị đã cài lại máy hoặc đổi máy. Thay bằng khóa mới?",
        ):
            return
        try:
            text = confirm_key(self.svc, k.unit_code, k.unit_valid_from, typed, actor=self.actor)
        except BaoCaoError as exc:
            self._say(exc.message, error=True)
            return
        self._say(text)
        self.refresh()
        self.keysChanged.emit()

    def refuse(self) -> None:
        """Refuse the selected key (one still waiting, or only seen on held packages),
        with a reason asked for and written to the trust log."""
        k = self.current()
        if k is None or k.status not in REFUSABLE:
            return
        reason = ask.text(
            self,
            "Từ chối khóa",
            f"Lý do từ chối khóa {k.fingerprint} của {k.unit_name} (ghi vào nhật ký tin cậy):",
        )
        if reason is None:
            return
        try:
            text = refuse_key_of(
                self.svc, k.unit_code, k.unit_valid_from, k.fingerprint, reason, actor=self.actor
            )
        except BaoCaoError as exc:
            self._say(exc.message, error=True)
            return
        self._say(text)
        self.refresh()
        self.keysChanged.emit()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(f"<span style='color:#b00020'>{text}</span>" if error else text)
