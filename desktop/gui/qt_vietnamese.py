"""Qt's own texts in Vietnamese: PySide6 ships no qtbase_vi.qm, so a small QTranslator
answers from resources/i18n/qt_vi.yaml (context → English text → Vietnamese).  Installed
once on the application by desktop/gui/app.py; covers the file dialogs, the message box
buttons and the right-click menu of text fields.  The table is read through the parsed-YAML
cache of desktop/core/formdef/cache.py, so a start does not import or run the YAML parser."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop import paths
from desktop.core.formdef.cache import cached_parse


def load_table(path: Path | None = None) -> dict[tuple[str, str], str]:
    path = path or paths.resources_dir() / "i18n" / "qt_vi.yaml"
    text = path.read_text(encoding="utf-8")
    data = cached_parse(text, lambda: _parse(text)) or {}
    return {
        (context, source): unicodedata.normalize("NFC", text)
        for context, texts in data.items()
        for source, text in texts.items()
    }


def _parse(text: str) -> object:
    import yaml

    return yaml.safe_load(text)


class VietnameseQtTranslator(QTranslator):
    def __init__(self, table: dict[tuple[str, str], str], parent=None) -> None:
        super().__init__(parent)
        self.table = table

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
        return self.table.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802
        return not self.table

    def language(self) -> str:
        return "vi"


_installed: VietnameseQtTranslator | None = None


def install(app: QCoreApplication) -> VietnameseQtTranslator:
    """Install (once) on the application; the translator stays alive with this module."""
    global _installed
    if _installed is None:
        _installed = VietnameseQtTranslator(load_table())
        app.installTranslator(_installed)
    return _installed
