"""Backup and restore of an installation: the database (a consistent copy taken with
SQLite's online backup, safe while the app runs), the signing key and the settings, in one
ZIP file.  Restore checks the archive and the database's integrity before replacing
anything, and keeps the replaced database as `*.truoc-khoi-phuc`.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from desktop import __version__
from desktop.core.atomic import writing
from desktop.core.errors import BaoCaoError, InputFileError

FORMAT = "baocao-backup/1"
MAX_BACKUP_BYTES = 4 * 1024 * 1024 * 1024


def make_backup(db_path: Path, data_dir: Path, out: Path) -> Path:
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "baocao.db"
        if Path(db_path).exists():
            src = sqlite3.connect(db_path)
            dst = sqlite3.connect(copy)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
        with writing(out) as part, zipfile.ZipFile(
            part, "w", compression=zipfile.ZIP_DEFLATED
        ) as zf:
            zf.writestr(
                "manifest.json",
                json.dumps(
                    {
                        "format": FORMAT,
                        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "app_version": __version__,
                    },
                    ensure_ascii=False,
                ),
            )
            if copy.exists():
                zf.write(copy, "baocao.db")
            key = Path(data_dir) / "keys" / "ed25519_private.pem"
            if key.exists():
                zf.write(key, "keys/ed25519_private.pem")
            settings = Path(data_dir) / "settings.json"
            if settings.exists():
                zf.write(settings, "settings.json")
    return out


def restore_backup(archive: Path, db_path: Path, data_dir: Path) -> None:
    """Replace the database, key and settings with those of a backup (the app must have
    closed its database connections first)."""
    archive = Path(archive)
    try:
        zf = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile):
        raise InputFileError(
            f"«{archive.name}» không phải tệp sao lưu BaoCao (không đọc được ZIP)."
        ) from None
    with zf, tempfile.TemporaryDirectory() as tmp:
        names = set(zf.namelist())
        allowed = {"manifest.json", "baocao.db", "keys/ed25519_private.pem", "settings.json"}
        if "manifest.json" not in names or not names <= allowed:
            raise InputFileError(f"«{archive.name}» không phải tệp sao lưu BaoCao.")
        if sum(i.file_size for i in zf.infolist()) > MAX_BACKUP_BYTES:
            raise InputFileError(f"«{archive.name}»: dung lượng giải nén quá lớn.")
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except ValueError:
            raise InputFileError(f"«{archive.name}»: bản kê sao lưu hỏng.") from None
        if manifest.get("format") != FORMAT:
            raise InputFileError(
                f"«{archive.name}»: định dạng sao lưu không hỗ trợ ({manifest.get('format')})."
            )
        staged = {}
        for name in names - {"manifest.json"}:
            target = Path(tmp) / name.replace("/", "_")
            with zf.open(name) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            staged[name] = target
        if "baocao.db" in staged:
            conn = sqlite3.connect(staged["baocao.db"])
            try:
                ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                ok = False
            finally:
                conn.close()
            if not ok:
                raise BaoCaoError(
                    f"«{archive.name}»: cơ sở dữ liệu trong bản sao lưu bị hỏng; không khôi phục.",
                    code="sao_luu_hong",
                )
            db_path = Path(db_path)
            db_path.parent.mkdir(parents=True, exist_ok=True)
            if db_path.exists():
                shutil.copyfile(db_path, db_path.with_name(db_path.name + ".truoc-khoi-phuc"))
            for suffix in ("-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            shutil.copyfile(staged["baocao.db"], db_path)
        if "keys/ed25519_private.pem" in staged:
            (Path(data_dir) / "keys").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(
                staged["keys/ed25519_private.pem"], Path(data_dir) / "keys" / "ed25519_private.pem"
            )
        if "settings.json" in staged:
            shutil.copyfile(staged["settings.json"], Path(data_dir) / "settings.json")
