"""The one seam through which every page asks the person something: a file to open or save,
a folder, a yes/no, a choice among buttons, a line of text, or shows a message or an error.

Pages call the module functions (`ask.save_file(...)`, `ask.confirm(...)` …); they never
open QFileDialog or QMessageBox themselves.  The functions go to one backend object:
`QtDialogs` here (Qt's own widget dialogs, never the platform's native ones, so that the
Vietnamese labels of desktop/gui/qt_vietnamese.py apply everywhere), or a test double
installed with `use()` that answers with a given path or choice and records the question.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

YES, NO, OK = "Có", "Không", "Đồng ý"


class QtDialogs:
    """The real dialogs."""

    def _file_dialog(self, parent, title: str, filter_text: str, start) -> QFileDialog:
        dialog = QFileDialog(parent, title, str(start or Path.home()), filter_text)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        return dialog

    def open_file(self, parent, title, filter_text, start=None) -> Path | None:
        got = self.open_files(parent, title, filter_text, start, many=False)
        return got[0] if got else None

    def open_files(self, parent, title, filter_text, start=None, many=True) -> list[Path]:
        dialog = self._file_dialog(parent, title, filter_text, start)
        dialog.setFileMode(
            QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile
        )
        return [Path(f) for f in dialog.selectedFiles()] if dialog.exec() else []

    def open_folder(self, parent, title, start=None) -> Path | None:
        dialog = self._file_dialog(parent, title, "", start)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        return Path(dialog.selectedFiles()[0]) if dialog.exec() and dialog.selectedFiles() else None

    def save_file(self, parent, title, filter_text, suggested) -> Path | None:
        suggested = Path(suggested)
        dialog = self._file_dialog(parent, title, filter_text, suggested.parent)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
        dialog.selectFile(suggested.name)
        return Path(dialog.selectedFiles()[0]) if dialog.exec() and dialog.selectedFiles() else None

    def choose(self, parent, title, text, buttons, informative="", icon="question") -> str | None:
        box = QMessageBox(parent)
        box.setIcon(
            {
                "question": QMessageBox.Icon.Question,
                "info": QMessageBox.Icon.Information,
                "warn": QMessageBox.Icon.Warning,
            }[icon]
        )
        box.setWindowTitle(title)
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        made = {}
        for i, label in enumerate(buttons):
            role = (
                QMessageBox.ButtonRole.AcceptRole
                if i == 0
                else QMessageBox.ButtonRole.RejectRole
                if i == len(buttons) - 1
                else QMessageBox.ButtonRole.ActionRole
            )
            made[box.addButton(label, role)] = label
        box.exec()
        return made.get(box.clickedButton())

    def passphrase(self, parent, title: str, confirm: bool) -> str | None:
        from desktop.gui.dialogs.passphrase import PassphraseDialog

        dialog = PassphraseDialog(parent, title, confirm)
        return dialog.value() if dialog.exec() else None

    def text(self, parent, title: str, label: str, default: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(default)
        dialog.setOkButtonText(OK)
        dialog.setCancelButtonText("Hủy")
        return dialog.textValue() if dialog.exec() else None

    def error(self, parent, message: str, details: str = "") -> None:
        from desktop.gui.dialogs.error_dialog import ErrorDialog

        ErrorDialog(message, details, parent).exec()


_backend = QtDialogs()


def use(backend) -> object:
    """Install another backend (the tests' double); returns the previous one."""
    global _backend
    previous, _backend = _backend, backend
    return previous


def open_file(parent: QWidget | None, title: str, filter_text: str, start=None) -> Path | None:
    return _backend.open_file(parent, title, filter_text, start)


def open_files(parent: QWidget | None, title: str, filter_text: str, start=None) -> list[Path]:
    return _backend.open_files(parent, title, filter_text, start)


def open_folder(parent: QWidget | None, title: str, start=None) -> Path | None:
    return _backend.open_folder(parent, title, start)


def save_file(parent: QWidget | None, title: str, filter_text: str, suggested) -> Path | None:
    return _backend.save_file(parent, title, filter_text, suggested)


def choose(
    parent, title: str, text: str, buttons: list[str], informative: str = "", icon: str = "question"
) -> str | None:
    """Buttons by their Vietnamese labels, the first is the default, the last cancels;
    returns the label clicked (None if the box was closed).  icon: question, info or warn."""
    return _backend.choose(parent, title, text, buttons, informative, icon=icon)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    return _backend.choose(parent, title, text, [YES, NO]) == YES


def info(parent: QWidget | None, title: str, text: str) -> None:
    _backend.choose(parent, title, text, [OK], icon="info")


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _backend.choose(parent, title, text, [OK], icon="warn")


def passphrase(parent: QWidget | None, title: str, confirm: bool) -> str | None:
    """The passphrase protecting the signing key in a backup: with `confirm` (making a
    backup) typed twice and optional ('' leaves the key out); without, the one to open a
    backup's key.  None: cancelled."""
    return _backend.passphrase(parent, title, confirm)


def text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    """A line of text typed by the person (a reason, a name); None: cancelled."""
    return _backend.text(parent, title, label, default)


def error(parent: QWidget | None, message: str, details: str = "") -> None:
    """The error dialog (desktop/gui/dialogs/error_dialog.py decides what to say)."""
    _backend.error(parent, message, details)
