"""Where things are: the bundle root (source tree or PyInstaller's `sys._MEIPASS`), the
shipped `forms/` and `resources/`, and the per-user data directory.

Every other module asks this one; nothing else looks at `__file__` or `sys.frozen`.
Environment overrides (used by tests and by offices that keep data on a shared drive):
`BAOCAO_FORMS_DIR`, `BAOCAO_DATA_DIR`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "BaoCao"


def bundle_root() -> Path:
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    override = os.environ.get("BAOCAO_FORMS_DIR")
    return Path(override) if override else bundle_root() / "forms"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def units_catalog_path() -> Path:
    return resources_dir() / "units" / "lang_son.json"


def data_dir() -> Path:
    override = os.environ.get("BAOCAO_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "baocao.db"
