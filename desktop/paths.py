"""Where things are: the bundle root (source tree or PyInstaller's `sys._MEIPASS`), the
shipped `forms/` and `resources/`, and the per-user data directory.

Every other module asks this one; nothing else looks at `__file__` or `sys.frozen`.
Environment overrides (used by tests and by offices that keep data on a shared drive):
`BAOCAO_FORMS_DIR`, `BAOCAO_DATA_DIR`.  An installation is its database and the signing
key kept beside it (`key_dir`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "BaoCao"
DB_FILE = "baocao.db"


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
    return platform_data_dir()


def platform_data_dir(layout: type | None = None) -> Path:
    """The OS's per-user data folder for BaoCao: `%LOCALAPPDATA%\\BaoCao` on Windows (no
    author level: the installer's «Xóa cả dữ liệu» removes exactly this folder),
    `~/.local/share/BaoCao` on Linux.  `layout` is a platformdirs class (tests pass the
    Windows one)."""
    if layout is None:
        from platformdirs import PlatformDirs as layout
    return Path(layout(APP_NAME, appauthor=False).user_data_dir)


def default_db_path() -> Path:
    return data_dir() / DB_FILE


def key_dir(db_path: Path | None = None) -> Path:
    """The signing key belongs to the installation whose database is used, so `--db` picks
    a whole installation.  The installation's own folder holds `baocao.db` and `keys/`
    beside it; a database with any other name gets its own `<name>.keys/` next to it, so
    two databases in one folder never share a key."""
    db_path = Path(db_path) if db_path else default_db_path()
    if db_path.name == DB_FILE:
        return db_path.parent / "keys"
    return db_path.parent / f"{db_path.name}.keys"
