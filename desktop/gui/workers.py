"""Run core work off the UI thread: one helper over QThreadPool with success / failure /
progress callbacks, delivered on the UI thread through queued signals.

Core functions take `progress(done, total)` and `cancelled()` callables; the worker turns
them into signals and a flag.  Database work opens its own `Services` in the worker
thread (sqlite3 connections are bound to their thread).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("baocao.gui")


class _Signals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)
    finished = Signal()


class Job(QRunnable):
    """fn(progress, cancelled) -> result, run on the pool."""

    def __init__(self, fn: Callable) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = False
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel = True

    def cancelled(self) -> bool:
        return self._cancel

    def run(self) -> None:  # runs in a pool thread
        try:
            result = self.fn(
                lambda done, total: self.signals.progress.emit(done, total), self.cancelled
            )
        except BaseException as exc:  # delivered to the UI thread, shown as a Vietnamese message
            log.exception("Lỗi trong tác vụ nền")
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


_running: set[Job] = set()


def run_in_background(
    fn: Callable,
    *,
    on_success: Callable[[object], None] | None = None,
    on_failure: Callable[[BaseException, str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_finished: Callable[[], None] | None = None,
) -> Job:
    job = Job(fn)
    if on_success:
        job.signals.succeeded.connect(on_success)
    if on_failure:
        job.signals.failed.connect(on_failure)
    if on_progress:
        job.signals.progress.connect(on_progress)
    job.signals.finished.connect(lambda: _running.discard(job))
    if on_finished:
        job.signals.finished.connect(on_finished)
    _running.add(job)
    QThreadPool.globalInstance().start(job)
    return job


def wait_for_all(timeout_ms: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def worker_services(svc):
    """Services of its own for a pool thread (an sqlite connection belongs to the thread
    that opened it): the same database, forms, catalog, day and keys as `svc`."""
    from desktop.core.services import Services

    worker = Services(
        db_path=svc.db_path, forms_dir=svc.forms_dir, units_path=svc.units_path, today=svc._today
    )
    worker.key_dir = svc.key_dir
    return worker
