"""First run (and "change" in Settings): role, unit (searchable, among the units that existed
in the chosen period: today's by default, a former district for a 2023 report), the person's
name; creates this installation's signing key and shows its fingerprint.  Changing them
keeps every other setting (the database, the province's display options)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.exchange.signing import SigningKey
from desktop.core.formdef.models import Calendar
from desktop.core.settings import Role, Settings, new_settings, save_settings
from desktop.gui.period_picker import PeriodPicker


class FirstRunDialog(QDialog):
    def __init__(self, svc, current: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc, self.current = svc, current
        self.saved_settings: Settings | None = None
        self.setWindowTitle("Thiết lập ban đầu" if current is None else "Đổi thiết lập")
        self.setMinimumSize(560, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Chào mừng đến với BaoCao. Hãy cho biết máy này dùng để làm gì."
            if current is None
            else "Đổi vai trò, đơn vị hoặc người nhập liệu của máy này."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.role_unit = QRadioButton(Role.UNIT.label + " (nhập số liệu, gửi báo cáo lên tỉnh)")
        self.role_province = QRadioButton(Role.PROVINCE.label + " (nhận gói, tổng hợp)")
        group = QButtonGroup(self)
        group.addButton(self.role_unit)
        group.addButton(self.role_province)
        layout.addWidget(self.role_unit)
        layout.addWidget(self.role_province)

        form = QFormLayout()
        self.period_box = PeriodPicker(svc)
        self.period_box.setToolTip(
            "Danh sách đơn vị như tại kỳ này (ví dụ 6 tháng đầu năm 2023: cả các huyện, "
            "thành phố đã sáp nhập sau đó). " + self.period_box.toolTip()
        )
        form.addRow("Đơn vị tại kỳ:", self.period_box)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Gõ tên đơn vị, có dấu hoặc không dấu (ví dụ: cao loc)")
        form.addRow("Tìm đơn vị:", self.search)
        layout.addLayout(form)
        self.unit_list = QListWidget()
        layout.addWidget(self.unit_list, 1)
        form2 = QFormLayout()
        self.person = QLineEdit()
        self.person.setPlaceholderText("Họ và tên người nhập liệu (ghi vào nhật ký thay đổi)")
        form2.addRow("Họ và tên:", self.person)
        layout.addLayout(form2)
        self.fingerprint = SigningKey.load_or_create(self.svc.key_dir).fingerprint
        self.key_label = key_label = QLabel(
            "Khóa ký của máy này đã sẵn sàng. Dấu vân tay:<br>"
            f"<nobr><b>{self.fingerprint}</b></nobr><br>"
            "(đọc cho văn phòng tỉnh qua điện thoại khi được hỏi để xác minh)."
        )
        key_label.setWordWrap(True)
        key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(key_label)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Lưu và bắt đầu" if current is None else "Lưu"
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept_settings)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        self.role_unit.toggled.connect(self.refresh_units)
        self.search.textChanged.connect(self.refresh_units)
        self.period_box.currentIndexChanged.connect(self.refresh_units)
        if current is not None:
            (self.role_province if current.role is Role.PROVINCE else self.role_unit).setChecked(
                True
            )
            self.person.setText(current.person_name)
        else:
            self.role_unit.setChecked(True)
        self.refresh_units()
        if current is not None:
            self.show_current_unit(current)
        # the role is already chosen: the keyboard starts in the search, where a clerk types
        # first (it started on the role's radio button, which took the typing for nothing)
        self.search.setFocus()

    def refresh_units(self) -> None:
        self.unit_list.clear()
        period = self.period_box.currentData()
        today = period.window(Calendar.CALENDAR)[1] if period is not None else self.svc.today
        today = min(today, self.svc.today)
        if self.role_province.isChecked():
            units = [self.svc.units.province]
        else:
            text = self.search.text().strip()
            units = self.svc.units.search(text, today) if text else self.svc.units.valid_on(today)
            units = [u for u in units if u.level != "province"]
        for u in units:
            item = QListWidgetItem(f"{u.name}  ({u.code})")
            item.setData(Qt.ItemDataRole.UserRole, u)
            self.unit_list.addItem(item)
        if self.unit_list.count() == 1 or self.role_province.isChecked():
            self.unit_list.setCurrentRow(0)

    def show_current_unit(self, current: Settings) -> None:
        """Select the unit saved; one of the former structure (closed on 30/6/2025) is listed
        as at the half-year it closed in, so that keeping it needs no search."""
        key = (current.unit_code, current.unit_valid_from)
        unit = next((u for u in self.svc.units.all() if u.key == key), None)
        if unit is not None and unit.valid_to is not None and unit.valid_to < self.svc.today:
            half = 1 if unit.valid_to.month <= 6 else 2
            self.period_box.select_period(f"{unit.valid_to.year}-H{half}")
        self.select_unit(current.unit_code)

    def select_unit(self, code: str) -> None:
        for row in range(self.unit_list.count()):
            if self.unit_list.item(row).data(Qt.ItemDataRole.UserRole).code == code:
                self.unit_list.setCurrentRow(row)
                return

    def accept_settings(self) -> None:
        item = self.unit_list.currentItem()
        if item is None:
            self.message.setText("Hãy chọn đơn vị trong danh sách.")
            return
        if not self.person.text().strip():
            self.message.setText("Hãy nhập họ và tên người nhập liệu.")
            return
        unit = item.data(Qt.ItemDataRole.UserRole)
        chosen = {
            "role": Role.PROVINCE if self.role_province.isChecked() else Role.UNIT,
            "unit_code": unit.code,
            "unit_valid_from": unit.key[1],
            "unit_name": unit.name,
            "person_name": self.person.text().strip(),
        }
        kept = self.current.model_dump() if self.current is not None else {}
        settings = new_settings(**{**kept, **chosen})
        save_settings(settings)
        self.saved_settings = settings
        self.accept()
