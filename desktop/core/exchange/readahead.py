"""Packages read ahead of the import's checks and storing (exchange/service.py, issue 14).

While the import checks, validates and stores one package on the calling thread, one
worker thread reads the next few: the file read, the zip opened, the signature verified,
the payload's hash matched and the payload parsed (`package.open_package` and
`parse_payload`, which read nothing but the file's bytes).  Hashing, inflating, the file
reads and SQLite all let go of the GIL, so the two overlap.  The thread touches no
database and no service: it only turns files into `Read`s, which the import takes in the
files' order.  What it gives is exactly what the same two calls give on the calling
thread: a failure is kept in the `Read` and raised where the import would have met it
(`Read.signed`, `Read.package`), so every file keeps its outcome and its message.

Only the first file of each content not yet accepted in an earlier import is read ahead:
a known file is answered from the manifest the import log kept (exchange/known.py) and is
never opened unless it must go the whole route, and a second copy of the same bytes in a
batch is most often a duplicate of the first.  A file not read ahead is read when the
import asks for it, as before.  At most `DEPTH` files wait read, so a folder of thousands
of packages costs the memory of a few; leaving the `with` (the batch's end, a cancel, an
exception) cancels what is left and waits for the thread to finish the file in hand.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from desktop.core.exchange.package import Package, SignedPackage, open_package, parse_payload

DEPTH = 4  # files read ahead at most (a package is a few kB, at most 50 MB)


class Read:
    """One file as `open_package` and then `parse_payload` read it, or the exception
    either raised; a `Read` made on the calling thread parses its payload only when asked."""

    __slots__ = ("name", "_signed", "_error", "_package", "_package_error")

    def __init__(self, name: str, signed=None, error=None, package=None, package_error=None):
        self.name, self._signed, self._error = name, signed, error
        self._package, self._package_error = package, package_error

    def signed(self) -> SignedPackage:
        """The package with its signature verified, or what `open_package` raised."""
        if self._error is not None:
            raise self._error
        return self._signed

    def package(self) -> Package:
        """The payload parsed, or what `parse_payload` raised."""
        if self._package_error is not None:
            raise self._package_error
        if self._package is None:
            return parse_payload(self.name, self.signed())
        return self._package


def read_now(path: Path) -> Read:
    """A file opened on the calling thread, its payload parsed when asked (as before)."""
    return Read(path.name, open_package(path))


def _read(path: Path) -> Read:
    """A file read whole on the worker thread, every failure kept for the import to raise."""
    try:
        signed = open_package(path)
    except Exception as exc:  # noqa: BLE001 — raised again where the import opens it
        return Read(path.name, error=exc)
    try:
        return Read(path.name, signed, package=parse_payload(path.name, signed))
    except Exception as exc:  # noqa: BLE001 — raised again where the import parses it
        return Read(path.name, signed, package_error=exc)


class ReadAhead:
    """The files of one batch read ahead on one worker thread, taken in order (`take`).
    `wanted` are the files to read ahead, in the batch's order; none or one: no thread."""

    def __init__(self, wanted: Iterable[Path], depth: int = DEPTH) -> None:
        todo = list(wanted)
        self._todo = deque(todo if len(todo) > 1 else ())
        self._left = Counter(self._todo)  # read ahead (or to be), not yet taken
        self._depth = depth
        self._waiting: deque[tuple[Path, Future]] = deque()
        self._pool = ThreadPoolExecutor(1, "baocao-doc-truoc") if self._todo else None

    def __enter__(self) -> ReadAhead:
        self._fill()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Nothing more read: what waits is cancelled, the file in hand finished."""
        self._todo.clear()
        self._waiting.clear()
        self._left.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _fill(self) -> None:
        while self._todo and len(self._waiting) < self._depth:
            path = self._todo.popleft()
            self._waiting.append((path, self._pool.submit(_read, path)))

    def take(self, path: Path, now: Callable[[Path], Read] = read_now) -> Read:
        """The file `path` read ahead, or read now when it was not; the files read ahead
        before it and not asked for (answered without opening them) are let go."""
        if not self._left[path]:
            return now(path)
        while True:
            ahead, future = self._waiting.popleft()
            self._left[ahead] -= 1
            self._fill()
            if ahead == path:
                return future.result()
            future.cancel()
