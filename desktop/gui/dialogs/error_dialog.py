"""The one dialog for the unexpected: a Vietnamese message, details to copy, and the log
file's location.  Expected problems (BaoCaoError) show just their message."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BaoCaoError
from desktop.core.issues import naming_pack
from desktop.gui.dialogs import ask


class ErrorDialog(QDialog):
    def __init__(self, message: str, details: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Có lỗi")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        label = QLabel(message)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(bool(details))
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        if details:
            copy = QPushButton("Sao chép chi tiết")
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
            buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_error(
    parent: QWidget | None, exc: BaseException, details: str = "", *, pack_of=None
) -> None:
    """Show a failure: our own errors by their message, their issues' forms and indicators
    named from the form pack `pack_of()` gives (asked only when there are issues to name),
    anything else logged with details."""
    if isinstance(exc, BaoCaoError):
        text = exc.message
        if exc.issues:
            pack = naming_pack(exc, pack_of) if pack_of else None
            text += "\n\n" + "\n".join("• " + i.render(pack) for i in exc.issues[:12])
        ask.error(parent, text, "")
        return
    from desktop.crashlog import write_crash_log

    where = write_crash_log(exc)
    ask.error(
        parent,
        f"Đã xảy ra lỗi không mong đợi. Số liệu đã nhập trước đó vẫn được lưu.\nChi tiết đã ghi vào {where}.",
        details or f"{type(exc).__name__}: {exc}",
    )
