"""GUI fixtures: the dialog seam's test double, and a guard that fails any GUI test in which
the error dialog was shown (an exception in a slot, a failed background job …).

pytest-qt's exception capture stays on (qt_no_exception_capture is not set), so an exception
raised inside a Qt slot or virtual method fails the test too."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from desktop.gui.dialogs import ask as ask_module  # noqa: E402


class AnsweringDialogs:
    """Answers the questions a page asks through desktop/gui/dialogs/ask.py.

    `answers` holds what to give back, in order: a Path (or list of Paths) for a file or
    folder question, a button label for a choice; an empty queue answers "cancel" for a
    file question and the last button for a choice.  Every question is recorded in `asked`
    as (kind, title, detail); error dialogs in `errors`; every message box's title, text
    and icon (question, info, warn) in `shown`."""

    def __init__(self) -> None:
        self.answers: list = []
        self.asked: list[tuple[str, str, object]] = []
        self.errors: list[tuple[str, str]] = []
        self.shown: list[tuple[str, str, str]] = []  # (title, text, icon) of every message box

    def answer(self, *values) -> AnsweringDialogs:
        self.answers.extend(values)
        return self

    def _next(self, default=None):
        return self.answers.pop(0) if self.answers else default

    def open_file(self, parent, title, filter_text, start=None) -> Path | None:
        self.asked.append(("open_file", title, filter_text))
        return self._next()

    def open_files(self, parent, title, filter_text, start=None) -> list[Path]:
        self.asked.append(("open_files", title, filter_text))
        got = self._next([])
        return list(got) if isinstance(got, list | tuple) else [got]

    def open_folder(self, parent, title, start=None) -> Path | None:
        self.asked.append(("open_folder", title, start))
        return self._next()

    def save_file(self, parent, title, filter_text, suggested) -> Path | None:
        self.asked.append(("save_file", title, Path(suggested).name))
        return self._next()

    def choose(self, parent, title, text, buttons, informative="", icon="question") -> str | None:
        self.asked.append(("choose", title, list(buttons)))
        self.shown.append((title, text, icon))
        got = self._next(buttons[-1])
        assert got in buttons, f"{got!r} is not one of the buttons {buttons}"
        return got

    def passphrase(self, parent, title, confirm) -> str | None:
        """A str answer is the passphrase typed; an empty queue answers '' (left empty)."""
        self.asked.append(("passphrase", title, confirm))
        got = self._next("")
        assert got is None or isinstance(got, str), f"{got!r} is not a passphrase"
        return got

    def text(self, parent, title, label, default="") -> str | None:
        """A str answer is the text typed; an empty queue answers None (cancelled)."""
        self.asked.append(("text", title, label))
        got = self._next()
        assert got is None or isinstance(got, str), f"{got!r} is not a text"
        return got

    def error(self, parent, message, details="") -> None:
        self.errors.append((message, details))


@pytest.fixture(autouse=True)
def _installed_once(warm_pack):
    """Every GUI test's data folder holds the pack's cache, as an installation that has run
    once: each installation a test opens reads the pack from it instead of checking the YAML
    (~0.6-0.9 s of CPU per test; the GUI tests run twice in CI).  First run is decided by the
    settings file, not the cache; a test of the cache makes a data folder of its own."""
    return warm_pack


@pytest.fixture(autouse=True)
def dialogs():
    """The dialog seam answered by the test (in every GUI test: a real modal dialog would
    wait forever offscreen); the test fails if an error dialog was shown (unless it empties
    `dialogs.errors` itself after checking them)."""
    double = AnsweringDialogs()
    previous = ask_module.use(double)
    try:
        yield double
    finally:
        ask_module.use(previous)
    assert not double.errors, f"the error dialog was shown: {double.errors}"


# ------------------------------------------------------------ clicking what people click


def button(widget, text: str):
    """The visible push button of `widget` labelled `text` (exactly one)."""
    from PySide6.QtWidgets import QPushButton

    found = [b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert len(found) == 1, f"{len(found)} buttons «{text}»"
    return found[0]


def click(qtbot, widget) -> None:
    from PySide6.QtCore import Qt

    assert widget.isVisible() and widget.isEnabled(), f"«{widget.text()}» cannot be clicked"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_nav(qtbot, window, title: str) -> None:
    """Click the page's name in the navigation list on the left."""
    from PySide6.QtCore import Qt

    items = window.nav.findItems(title, Qt.MatchFlag.MatchExactly)
    assert len(items) == 1, f"no page «{title}»"
    rect = window.nav.visualItemRect(items[0])
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.nav.currentItem() is items[0]


def type_period(qtbot, picker, text: str) -> None:
    """Type a period into a period picker and press Enter."""
    from PySide6.QtCore import Qt

    edit = picker.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def type_text(widget, text: str) -> None:
    """Type any Unicode text (Vietnamese) as key events; QTest's keyClicks only knows ASCII."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
