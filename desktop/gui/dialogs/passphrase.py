"""The passphrase that protects the signing key inside a backup (desktop/core/backup.py):
asked at «Sao lưu…» (optional, typed twice; empty leaves the key out of the backup) and at
«Khôi phục…» when the backup holds an encrypted key.  Pages ask through
desktop/gui/dialogs/ask.py (`ask.passphrase`), never this dialog directly."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

MIN_LENGTH = 8  # as desktop/core/trust/keystore.export_pem requires
NEW_PROMPT = "Mật khẩu bảo vệ khóa ký (để trống: không sao lưu khóa)"
OLD_PROMPT = "Mật khẩu bảo vệ khóa ký trong bản sao lưu"


def passphrase_problem(first: str, second: str | None) -> str:
    """What is wrong with a typed passphrase ('' when it can be used); `second` is the
    confirmation (None when the dialog does not ask for one)."""
    if second is None:
        return "" if first else "Hãy nhập mật khẩu của khóa ký."
    if first != second:
        return "Hai lần nhập mật khẩu không giống nhau."
    if first and len(first) < MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự (hoặc để trống)."
    return ""


class PassphraseDialog(QDialog):
    def __init__(self, parent, title: str, confirm: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        prompt = QLabel(NEW_PROMPT if confirm else OLD_PROMPT + ":")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Mật khẩu:", self.first)
        self.second: QLineEdit | None = None
        if confirm:
            self.second = QLineEdit()
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow("Nhập lại:", self.second)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a30000")
        layout.addWidget(self.message)
        box = QDialogButtonBox()
        self.ok_button = box.addButton("Đồng ý", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = box.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.check)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def check(self) -> None:
        second = self.second.text() if self.second is not None else None
        problem = passphrase_problem(self.first.text(), second)
        self.message.setText(problem)
        if not problem:
            self.accept()

    def value(self) -> str:
        return self.first.text()
