"""Settings: role, unit and name (changed through the first-run dialog), the data folder,
this installation's key fingerprint, and backup / restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.core.exchange.signing import SigningKey
from desktop.gui.dialogs import ask
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.workers import run_in_background


class SettingsPage(QWidget):
    settingsChanged = Signal(object)
    restored = Signal()

    def __init__(self, svc, settings, parent=None) -> None:
        super().__init__(parent)
        self.svc, self.settings = svc, settings
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Cài đặt</h2>"))
        form = QFormLayout()
        self.role = QLabel()
        self.unit = QLabel()
        self.person = QLabel()
        self.folder = QLabel(str(paths.data_dir()))
        self.db = QLabel(str(svc.db_path))
        self.fingerprint = QLabel(SigningKey.load_or_create(svc.key_dir).fingerprint)
        for label, widget in (
            ("Vai trò:", self.role),
            ("Đơn vị:", self.unit),
            ("Người nhập liệu:", self.person),
            ("Thư mục dữ liệu:", self.folder),
            ("Cơ sở dữ liệu:", self.db),
            ("Dấu vân tay khóa ký:", self.fingerprint),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        change = QPushButton("Đổi thiết lập…")
        change.clicked.connect(self.change)
        open_folder = QPushButton("Mở thư mục dữ liệu")
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))
        )
        self.backup_button = QPushButton("Sao lưu…")
        self.backup_button.clicked.connect(lambda: self.backup())  # not clicked(bool) → target
        self.restore_button = QPushButton("Khôi phục…")
        self.restore_button.clicked.connect(self.restore)
        for b in (change, open_folder, self.backup_button, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.show_settings(settings)

    def show_settings(self, settings) -> None:
        self.settings = settings
        self.role.setText(settings.role.label)
        self.unit.setText(f"{settings.unit_name} (mã {settings.unit_code})")
        self.person.setText(settings.person_name)

    def change(self) -> None:
        from desktop.gui.dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.svc, self.settings, self)
        if dialog.exec() and dialog.saved_settings:
            self.show_settings(dialog.saved_settings)
            self.settingsChanged.emit(dialog.saved_settings)

    def backup(self, target: Path | None = None) -> None:
        if target is None:
            default = Path.home() / f"BaoCao_saoluu_{dt.date.today():%Y%m%d}.zip"
            target = ask.save_file(self, "Sao lưu dữ liệu", "Tệp sao lưu (*.zip)", default)
            if target is None:
                return
        from desktop.core.backup import make_backup

        db_path, data_dir = self.svc.db_path, paths.data_dir()
        self.backup_button.setEnabled(False)
        run_in_background(
            lambda progress, cancelled: make_backup(db_path, data_dir, target),
            on_success=lambda p: self.message.setText(f"Đã sao lưu vào {p}."),
            on_failure=lambda e, d: show_error(self, e, d),
            on_finished=lambda: self.backup_button.setEnabled(True),
        )

    def restore(self) -> None:
        name = ask.open_file(self, "Khôi phục từ bản sao lưu", "Tệp sao lưu (*.zip)")
        if name is None:
            return
        if not ask.confirm(
            self,
            "Khôi phục",
            "Dữ liệu hiện tại sẽ được thay bằng bản sao lưu "
            "(bản hiện tại được giữ lại với đuôi .truoc-khoi-phuc). Tiếp tục?",
        ):
            return
        from desktop.core.backup import restore_backup

        try:
            self.svc.close()
            restore_backup(Path(name), self.svc.db_path, paths.data_dir())
        except Exception as exc:
            show_error(self, exc)
            return
        self.message.setText("Đã khôi phục. Dữ liệu được nạp lại.")
        self.restored.emit()
