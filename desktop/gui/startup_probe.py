"""Start-up time probe: with `BAOCAO_STARTUP_PROBE` set, the app writes the seconds from the
moment the operating system created its process to the main window shown, then quits.
`benchmarks/bench_startup.py` runs the source and the frozen app this way.

`BAOCAO_STARTUP_PROBE=1` prints `startup_seconds=0.842` on stdout; any other value is a file
to append that line to (the windowed BaoCao.exe has no stdout).  Without settings (a fresh
machine, CI) the probe uses a throw-away data folder with a unit clerk's settings, so the
first-run dialog never blocks it and the user's data is never touched.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
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
    def __init__(self, target: str) -> None:
        self.target = target

    def report_and_quit(self, app) -> None:
        """Once the event loop has shown the window: write the figure, then quit."""
        from PySide6.QtCore import QTimer

        def done() -> None:
            age = process_age()
            line = f"startup_seconds={age:.3f}" if age is not None else "startup_seconds=?"
            if self.target == "1":
                print(line, flush=True)
            else:
                with open(self.target, "a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            app.quit()

        QTimer.singleShot(0, done)


def start() -> Probe | None:
    """None unless the probe is asked for; then make sure the main window can open."""
    target = os.environ.get(ENV)
    if not target:
        return None
    from desktop.core.settings import Role, Settings, load_settings, save_settings

    if load_settings() is None:
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
