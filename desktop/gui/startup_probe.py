"""Start-up time probe: with `BAOCAO_STARTUP_PROBE` set, the app writes the seconds from the
moment the operating system created its process to the main window painted, then quits.
`benchmarks/bench_startup.py` runs the source and the frozen app this way.

`BAOCAO_STARTUP_PROBE=1` prints `startup_seconds=0.842` (the window's first paint done) and
`ready_seconds=0.913` (its first page built and shown) on stdout; any other value is a file
to append those lines to (the windowed BaoCao.exe has no stdout).  Without settings (a fresh
machine, CI) the probe uses a throw-away data folder with a unit clerk's settings, so the
first-run dialog never blocks it and the user's data is never touched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV = "BAOCAO_STARTUP_PROBE"


def process_age() -> float | None:
    """Seconds since this process was created, from the OS (not from Python's start)."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        k32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        creation, exit_, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
        k32.GetCurrentProcess.restype = wintypes.HANDLE
        ok = k32.GetProcessTimes(
            k32.GetCurrentProcess(),
            ctypes.byref(creation),
            ctypes.byref(exit_),
            ctypes.byref(kernel),
            ctypes.byref(user),
        )
        if not ok:
            return None
        k32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

        def ticks(ft) -> int:
            return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

        return (ticks(now) - ticks(creation)) / 1e7  # FILETIME counts 100 ns
    try:  # Linux: both figures count from boot
        stat = Path("/proc/self/stat").read_text()
        started = int(stat.rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started
    except (OSError, ValueError, IndexError):
        return None


class Probe:
    """Writes `startup_seconds=…` once the first paint of a window is done (the window as a
    person first sees it; a bare QMainWindow app is timed the same way), and with `ready`
    (the main window's `firstPageShown`) also `ready_seconds=…` when the first page is built
    and shown; then quits."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.waiting_for_ready = False
        self.painted = False

    def write(self, name: str) -> None:
        """`name=` the seconds since the process was created, and `name_cpu=` the CPU
        seconds it has used (all threads): the figure a busy machine disturbs less."""
        age, times = process_age(), os.times()
        line = f"{name}={age:.3f}" if age is not None else f"{name}=?"
        line += f"\n{name}_cpu={times.user + times.system:.3f}"
        if self.target == "1":
            print(line, flush=True)
        else:
            with open(self.target, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    def report_and_quit(self, app, window, ready=None) -> None:
        """Call after `window.show()`, before the event loop runs.  The paint is seen by an
        event filter on `window` alone: one on the whole application would hand every event
        of every widget to Python, which costs a window with children 70–100 ms more to its
        first paint than the bare one (the first events of each kind made Python objects)."""
        from PySide6.QtCore import QEvent, QObject, QTimer

        probe = self

        class FirstPaint(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    window.removeEventFilter(self)
                    QTimer.singleShot(0, painted)  # after the whole paint pass
                return False

        def painted() -> None:
            probe.write("startup_seconds")
            probe.painted = True
            if not probe.waiting_for_ready:
                app.quit()

        def first_page() -> None:
            probe.write("ready_seconds")
            probe.waiting_for_ready = False
            if probe.painted:
                app.quit()

        if ready is not None:
            self.waiting_for_ready = True
            ready.connect(first_page)
        self.filter = FirstPaint()
        window.installEventFilter(self.filter)


def start() -> Probe | None:
    """None unless the probe is asked for; then make sure the main window can open."""
    target = os.environ.get(ENV)
    if not target:
        return None
    from desktop.core.settings import Role, Settings, load_settings, save_settings

    if load_settings() is None:
        import atexit
        import shutil
        import tempfile

        tmp = tempfile.mkdtemp(prefix="baocao-probe-")
        atexit.register(shutil.rmtree, tmp, True)
        os.environ["BAOCAO_DATA_DIR"] = tmp
        save_settings(
            Settings(
                role=Role.UNIT,
                unit_code="178",
                unit_name="Thành phố Lạng Sơn",
                person_name="Đo thời gian khởi động",
            )
        )
    return Probe(target)
