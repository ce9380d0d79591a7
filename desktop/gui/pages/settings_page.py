"""Settings: role, unit and name (changed through the first-run dialog), the data folder,
this installation's key fingerprint, backup / restore (the signing key in the backup only
encrypted with a passphrase the person types, desktop/core/backup.py), and at the province
how its consolidated workbook is shown: money in tỷ đồng, and who signs."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.core.errors import BaoCaoError
from desktop.core.exchange.signing import SigningKey
from desktop.core.settings import Role, save_settings
from desktop.gui.dialogs import ask
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.workers import run_in_background


def unit_shown(units, settings) -> str:
    """«Xã Đoàn Kết (mã 06001, từ 01/07/2025)»: a code reused after 1/7/2025 names two
    units, told apart by the dates the catalog gives the one of these settings."""
    key = (settings.unit_code, settings.unit_valid_from)
    when = next((u.validity for u in units.all() if u.key == key), "")
    return f"{settings.unit_name} (mã {settings.unit_code}{', ' + when if when else ''})"


class SettingsPage(QWidget):
    settingsChanged = Signal(object)
    restored = Signal(str)  # what to say on the rebuilt page (MainWindow.reload)

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
        try:  # a damaged key file is told here, where «Khôi phục…» mends it
            shown = SigningKey.load_or_create(svc.key_dir).fingerprint
        except BaoCaoError as exc:
            shown = exc.message
        self.fingerprint = QLabel(shown)
        self.fingerprint.setWordWrap(True)
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
        self.display = DisplayOptions(self)
        self.display.save_button.clicked.connect(self.save_display)
        layout.addWidget(self.display)
        layout.addStretch(1)
        self.show_settings(settings)

    def show_settings(self, settings) -> None:
        self.settings = settings
        self.role.setText(settings.role.label)
        self.unit.setText(unit_shown(self.svc.units, settings))
        self.person.setText(settings.person_name)
        self.display.setVisible(settings.role is Role.PROVINCE)
        self.display.show_settings(settings)

    def save_display(self) -> None:
        """Save the province's display options with the rest of the settings; the next
        «Xuất Excel…» of Tổng hợp (and `baocao consolidate`) reads them."""
        update = self.display.values()
        if not update["signer_position"]:
            self.display.message.setText("Hãy nhập chức vụ người ký (ví dụ: PHÓ CHỦ TỊCH).")
            return
        settings = self.settings.model_copy(update=update)
        save_settings(settings)
        self.settings = settings
        self.display.message.setText(
            "Đã lưu cách trình bày; biểu tổng hợp xuất từ nay dùng thiết lập này."
        )

    def change(self) -> None:
        from desktop.gui.dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.svc, self.settings, self)
        if dialog.exec() and dialog.saved_settings:  # saved, the other settings kept
            settings = dialog.saved_settings
            self.show_settings(settings)
            self.settingsChanged.emit(settings)

    def backup(self, target: Path | None = None) -> None:
        if target is None:
            default = Path.home() / f"BaoCao_saoluu_{dt.date.today():%Y%m%d}.zip"
            target = ask.save_file(self, "Sao lưu dữ liệu", "Tệp sao lưu (*.zip)", default)
            if target is None:
                return
        passphrase = ask.passphrase(self, "Sao lưu dữ liệu", confirm=True)
        if passphrase is None:
            return
        from desktop.core.backup import make_backup

        db_path, data_dir = self.svc.db_path, paths.data_dir()
        said = (
            "khóa ký được mã hóa bằng mật khẩu đã nhập"
            if passphrase
            else "không kèm khóa ký; máy khác dùng bản này sẽ phải đăng ký khóa mới với tỉnh"
        )
        self.backup_button.setEnabled(False)
        run_in_background(
            lambda progress, cancelled: make_backup(
                db_path, data_dir, target, passphrase=passphrase or None
            ),
            on_success=lambda p: self.message.setText(f"Đã sao lưu vào {p} ({said})."),
            on_failure=lambda e, d: show_error(self, e, d, pack_of=lambda: self.svc.pack),
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
        from desktop.core.backup import holds_sealed_key, restore_backup

        passphrase = None
        if holds_sealed_key(Path(name)):
            passphrase = ask.passphrase(self, "Khôi phục khóa ký", confirm=False)
            if passphrase is None:
                return
        try:
            self.svc.close()
            restore_backup(Path(name), self.svc.db_path, paths.data_dir(), passphrase=passphrase)
        except Exception as exc:
            show_error(self, exc, pack_of=lambda: self.svc.pack)
            return
        self.restored.emit(
            f"Đã khôi phục từ {Path(name).name}, dữ liệu được nạp lại; dữ liệu trước khi khôi "
            f"phục được giữ trong {self.svc.db_path.name}.truoc-khoi-phuc."
        )


DISPLAY_FIELDS = ("sign_on_behalf", "sign_for", "signer_position", "signer_name")


class DisplayOptions(QGroupBox):
    """The province's consolidated workbook: money in tỷ đồng, and the signature block
    (desktop/core/excel/workbook_display.py)."""

    def __init__(self, parent=None) -> None:
        super().__init__("Trình bày biểu tổng hợp của tỉnh", parent)
        form = QFormLayout(self)
        self.billions = QCheckBox("Hiển thị số tiền bằng tỷ đồng (một chữ số thập phân)")
        form.addRow(self.billions)
        self.edits: dict[str, QLineEdit] = {}
        for field, label, example in (
            ("sign_on_behalf", "Thay mặt:", "TM. ỦY BAN NHÂN DÂN"),
            ("sign_for", "Ký thay:", "KT. CHỦ TỊCH (để trống nếu Chủ tịch ký)"),
            ("signer_position", "Chức vụ người ký:", "PHÓ CHỦ TỊCH"),
            ("signer_name", "Họ và tên người ký:", "Nguyễn Văn A"),
        ):
            edit = QLineEdit()
            edit.setPlaceholderText(example)
            edit.setMaximumWidth(480)  # a signature line, not the window's width
            self.edits[field] = edit
            form.addRow(label, edit)
        row = QHBoxLayout()
        self.save_button = QPushButton("Lưu cách trình bày")
        row.addWidget(self.save_button)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        form.addRow(row)

    def show_settings(self, settings) -> None:
        self.billions.setChecked(settings.money_in_billions)
        for field, edit in self.edits.items():
            edit.setText(getattr(settings, field))
        self.message.setText("")

    def values(self) -> dict:
        """The typed options (NFC, trimmed), as Settings fields."""
        got: dict = {
            f: unicodedata.normalize("NFC", e.text()).strip() for f, e in self.edits.items()
        }
        got["money_in_billions"] = self.billions.isChecked()
        return got
