"""Backup and restore of an installation: the database (a consistent copy taken with
SQLite's online backup, safe while the app runs), the signing key and the settings, in one
ZIP file written owner-only (0600).  The key is never in the clear in a backup: it goes in
encrypted with a passphrase the person chooses, or not at all (trust/keystore.py); restore
writes it back owner-only.  Restore checks the archive and the database's integrity before replacing
anything, and keeps the replaced database as `*.truoc-khoi-phuc`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from pathlib import Path

from desktop import __version__, paths
from desktop.core.atomic import writing
from desktop.core.errors import BaoCaoError, InputFileError
from desktop.core.exchange.signing import KEY_FILE
from desktop.core.settings import load_settings
from desktop.core.trust.keystore import export_pem, import_pem, load_private, store_private

FORMAT = "baocao-backup/1"
MAX_BACKUP_BYTES = 4 * 1024 * 1024 * 1024
CLEAR_KEY = "keys/ed25519_private.pem"  # read from old backups only, never written
SEALED_KEY = "keys/ed25519_private.enc.pem"  # PKCS#8 encrypted with the person's passphrase


def make_backup(
    db_path: Path, data_dir: Path, out: Path, *, passphrase: str | None = None
) -> Path:
    """Without a passphrase the signing key is left out: restored elsewhere, the
    installation makes a new key to enrol with the province (docs/trust.md)."""
    out = Path(out)
    key = paths.key_dir(db_path) / KEY_FILE
    sealed_key = export_pem(load_private(key), passphrase) if passphrase and key.exists() else None
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "baocao.db"
        if Path(db_path).exists():
            from desktop.core.storage.database import busy_timeout_from_environment
            from desktop.core.storage.errors import storage_errors

            wait = busy_timeout_from_environment() / 1000  # as the app's own connection
            with storage_errors(db_path):  # busy or damaged: the storage message, not exit 3
                src = sqlite3.connect(db_path, timeout=wait)
                dst = sqlite3.connect(copy)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
                    src.close()
        with writing(out) as part, zipfile.ZipFile(
            part, "w", compression=zipfile.ZIP_DEFLATED
        ) as zf:
            os.chmod(part, 0o600)  # the figures and settings are the owner's only
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
            if sealed_key is not None:
                zf.writestr(SEALED_KEY, sealed_key)
            settings = Path(data_dir) / "settings.json"
            if settings.exists():
                zf.write(settings, "settings.json")
    return out


def holds_sealed_key(archive: Path) -> bool:
    """Whether a backup carries the signing key encrypted with a passphrase (so restoring it
    asks for that passphrase); False for anything that is not a readable ZIP (restore_backup
    then says what is wrong)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            return SEALED_KEY in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


# what a damaged archive raises while its members are read (zlib.error: a broken deflate
# stream; BadZipFile: a wrong CRC or header; EOFError: cut short; ValueError: the manifest
# is not JSON, UnicodeDecodeError among them; RecursionError: nested too deep)
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RecursionError)


def _database_problem(path: Path) -> str | None:
    """Why the backup's database may not replace this one: damaged, not a BaoCao database
    (a sound SQLite file of another program), or written by a newer BaoCao; else None."""
    from desktop.core.storage.connection import applied_migrations
    from desktop.core.storage.database import NEWER_DATABASE, _known_migrations

    conn = sqlite3.connect(path)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return "cơ sở dữ liệu trong bản sao lưu bị hỏng"
        applied = applied_migrations(conn)
    except sqlite3.DatabaseError:
        return "cơ sở dữ liệu trong bản sao lưu bị hỏng"
    finally:
        conn.close()
    if not applied:
        return "tệp cơ sở dữ liệu trong bản sao lưu không phải của BaoCao"
    if applied - _known_migrations():
        return NEWER_DATABASE.replace("này", "trong bản sao lưu")
    return None


def restore_backup(
    archive: Path, db_path: Path, data_dir: Path, *, passphrase: str | None = None
) -> None:
    """Replace the database, key and settings with those of a backup (the app must have
    closed its database connections first)."""
    archive = Path(archive)
    try:
        zf = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise InputFileError(
            f"«{archive.name}» không phải tệp sao lưu BaoCao (không đọc được ZIP)."
        ) from None
    with zf, tempfile.TemporaryDirectory() as tmp:
        names = set(zf.namelist())
        allowed = {"manifest.json", "baocao.db", CLEAR_KEY, SEALED_KEY, "settings.json"}
        if "manifest.json" not in names or not names <= allowed:
            raise InputFileError(f"«{archive.name}» không phải tệp sao lưu BaoCao.")
        if sum(i.file_size for i in zf.infolist()) > MAX_BACKUP_BYTES:
            raise InputFileError(f"«{archive.name}»: dung lượng giải nén quá lớn.")
        try:
            manifest = json.loads(zf.read("manifest.json"))
            staged = {}
            for name in names - {"manifest.json"}:
                target = Path(tmp) / name.replace("/", "_")
                with zf.open(name) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                staged[name] = target
        except _DAMAGED:
            raise InputFileError(
                f"«{archive.name}»: tệp sao lưu bị hỏng (không giải nén được); không khôi phục."
            ) from None
        if not isinstance(manifest, dict):
            raise InputFileError(f"«{archive.name}»: bản kê sao lưu hỏng.")
        if manifest.get("format") != FORMAT:
            raise InputFileError(
                f"«{archive.name}»: định dạng sao lưu không hỗ trợ ({manifest.get('format')})."
            )
        if "settings.json" in staged and load_settings(Path(tmp)) is None:
            raise InputFileError(
                f"«{archive.name}»: tệp thiết lập trong bản sao lưu bị hỏng; không khôi phục."
            )
        key_pem = None  # decrypted before anything is replaced: a wrong passphrase changes nothing
        if SEALED_KEY in staged:
            key_pem = import_pem(staged[SEALED_KEY].read_bytes(), passphrase, archive.name)
        elif CLEAR_KEY in staged:  # a backup made before keys were sealed
            key_pem = staged[CLEAR_KEY].read_bytes()
        if "baocao.db" in staged:
            problem = _database_problem(staged["baocao.db"])
            if problem:
                raise BaoCaoError(
                    f"«{archive.name}»: {problem}; không khôi phục.", code="sao_luu_hong"
                )
            db_path = Path(db_path)
            db_path.parent.mkdir(parents=True, exist_ok=True)
            if db_path.exists():
                shutil.copyfile(db_path, db_path.with_name(db_path.name + ".truoc-khoi-phuc"))
            for suffix in ("-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            shutil.copyfile(staged["baocao.db"], db_path)
        if key_pem is not None:
            store_private(paths.key_dir(db_path) / KEY_FILE, key_pem)
        if "settings.json" in staged:
            shutil.copyfile(staged["settings.json"], Path(data_dir) / "settings.json")
