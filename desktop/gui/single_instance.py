"""One BaoCao window per installation; a second start hands its files to the first.

Windows opens a double-clicked `.baocao` file with `BaoCao.exe "<path>"`: a new process every
time.  With a BaoCao window already open on the same data folder, that second process must
not open a second app on the same database.  It leaves the paths it was given as a small
request file in `<data folder>/mo-tep/` and exits; the running window watches that folder,
imports the files and comes to the front.

QtCore only (`QLockFile`, `QFileSystemWatcher`): no network module in the bundle.  The lock
is released by the OS when the process dies, so a crash never locks the user out.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, QTimer

log = logging.getLogger("baocao.gui")

LOCK_NAME = "baocao.lock"
REQUESTS = "mo-tep"
POLL_MS = 1000  # a fallback where file-system notifications do not arrive (network drives)


class InstanceGuard(QObject):
    """The lock on one data folder, and the request box beside it."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.requests = data_dir / REQUESTS
        data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._watcher: QFileSystemWatcher | None = None
        self._timer: QTimer | None = None
        self._callback: Callable[[list[Path]], None] | None = None

    def acquire(self) -> bool:
        """True when this process is the first one on the data folder."""
        return self._lock.tryLock(200)

    def release(self) -> None:
        self._lock.unlock()

    def hand_over(self, files: list[Path]) -> Path:
        """Leave `files` for the running window (an empty list only brings it to the front)."""
        import uuid  # a second start only: not on the first window's way

        self.requests.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        tmp = self.requests / f"{name}.dang-ghi"
        body = {"files": [str(Path(f).absolute()) for f in files]}
        tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        final = self.requests / f"{name}.json"
        os.replace(tmp, final)  # the watcher never sees a half-written request
        return final

    def listen(self, callback: Callable[[list[Path]], None]) -> None:
        """Call `callback(files)` for every request, those already waiting included."""
        self._callback = callback
        self.requests.mkdir(parents=True, exist_ok=True)
        self._watcher = QFileSystemWatcher([str(self.requests)], self)
        self._watcher.directoryChanged.connect(self.drain)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.drain)
        self._timer.start()
        QTimer.singleShot(0, self.drain)

    def drain(self, *_args) -> None:
        if self._callback is None or not self.requests.is_dir():
            return
        for request in sorted(self.requests.glob("*.json"), key=lambda p: p.stat().st_mtime_ns):
            files = _read_request(request)
            request.unlink(missing_ok=True)
            if files is not None:
                self._callback(files)


def _read_request(path: Path) -> list[Path] | None:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return [Path(f) for f in body["files"] if isinstance(f, str)]
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        log.warning("Bỏ qua yêu cầu mở tệp không đọc được %s: %s", path.name, exc)
        return None


def package_arguments(argv: list[str]) -> list[Path]:
    """The files the OS passed on the command line (file association, drag onto the icon)."""
    return [Path(a) for a in argv if a.lower().endswith(".baocao")]
