"""Start-up time: from process creation to the main window shown, for `python -m desktop`
(the source tree) and for the frozen PyInstaller bundle, beside a bare QMainWindow app
measured in the same run (issue 14: the main window within 2× of it).  Prints the minimum
(and median) of several alternating runs and the ratio.

    .venv/bin/python benchmarks/bench_startup.py                      # source, + dist/BaoCao if built
    .venv/bin/python benchmarks/bench_startup.py --build              # build the bundle in a temp dir first
    .venv/bin/python benchmarks/bench_startup.py --frozen dist/BaoCao/BaoCao.exe --runs 9

Each run sets BAOCAO_STARTUP_PROBE (desktop/gui/startup_probe.py): the app writes the
seconds since the OS created its process, measured when the event loop has painted the main
window (the bare app's too), and quits; BaoCao also writes when its first page (built just
after that paint, «Đang tải…» until then) was shown, printed as "first page built".  "to exit" is the wall time this script sees from launch to the
process's end (includes Qt's and Python's teardown).  Each variant has its own temporary
data folder for the whole measurement, holding a unit clerk's settings (Thành phố Lạng Sơn),
as a person's second start does: the first run of each variant warms the disk cache, the
bytecode (PYTHONPYCACHEPREFIX in the measurement's folder, PYTHONDONTWRITEBYTECODE
ignored) and the parsed form pack cache and is not counted.  The offscreen Qt platform
unless --native.  The variants take turns run by run, so a busy moment on the machine hits
them alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXE = "BaoCao.exe" if sys.platform == "win32" else "BaoCao"


def data_folder(root: Path) -> Path:
    """A data folder with a unit clerk's settings and database, so the main window opens at
    once and its home page reads the database as an installation in use does."""
    from desktop.core.services import Services
    from desktop.core.settings import Role, Settings, save_settings

    folder = root / "data"
    folder.mkdir(parents=True)
    save_settings(
        Settings(role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn",
                 person_name="Đo thời gian khởi động"),
        folder,
    )
    svc = Services(db_path=folder / "baocao.db")
    svc.repo  # noqa: B018 - creates the database file, migrated
    svc.close()
    return folder


def one_run(cmd: list[str], data: Path, *, native: bool) -> tuple[float, float, float, float]:
    with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmp:
        result = Path(tmp) / "probe.txt"
        env = {**os.environ, "BAOCAO_DATA_DIR": str(data)}
        env["BAOCAO_STARTUP_PROBE"] = str(result)
        # bytecode cached, as an installed app has it: written by the warm-up run into a
        # folder of this measurement (not the source tree), whatever the shell says
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(data.parent.parent / "pycache")
        if not native:
            env["QT_QPA_PLATFORM"] = "offscreen"
        start = time.perf_counter()
        proc = subprocess.run(
            cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        wall = time.perf_counter() - start
        if proc.returncode != 0 or not result.exists():
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        got = dict(line.split("=") for line in result.read_text(encoding="utf-8").split())
        shown = float(got["startup_seconds"])  # the first paint done
        ready = float(got.get("ready_seconds", shown))
        return shown, ready, wall, float(got["startup_seconds_cpu"])


# the anchor (issue 14: the main window within 2× of this): a bare QMainWindow app, shown,
# timed by the same probe from the OS's process creation
BARE = (
    "import os, sys\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "from desktop.gui.startup_probe import Probe\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow()\n"
    "w.show()\n"
    "Probe(os.environ['BAOCAO_STARTUP_PROBE']).report_and_quit(app, w)\n"
    "app.exec()\n"
)


def measure(variants: dict[str, list[str]], runs: int, native: bool, root: Path) -> None:
    """Round-robin over the variants, so a busy moment on the machine hits them alike."""
    data = {label: data_folder(root / f"v{i}") for i, label in enumerate(variants)}
    for label, cmd in variants.items():
        one_run(cmd, data[label], native=native)  # warm-up
    got: dict[str, list[tuple[float, float, float, float]]] = {label: [] for label in variants}
    for _ in range(runs):
        for label, cmd in variants.items():
            got[label].append(one_run(cmd, data[label], native=native))
    bare = got.get("bare QMainWindow app", [(float("nan"),) * 4])
    anchor, cpu_anchor = min(r[0] for r in bare), min(r[3] for r in bare)
    for label, results in got.items():
        inner, ready, wall, cpu = zip(*results, strict=True)
        print(f"{label:<28} window shown: min {min(inner):.3f} s = {min(inner) / anchor:.1f}× the bare app "
              "(target ≤ 2×)")
        print(
            f"{label:<28} window shown: median {statistics.median(inner):.3f} s "
            f"(min {min(inner):.3f}, max {max(inner):.3f});  to exit: median "
            f"{statistics.median(wall):.3f} s   [{runs} runs]"
        )
        print(
            f"{label:<28} CPU to the first paint: min {min(cpu):.3f} s = "
            f"{min(cpu) / cpu_anchor:.1f}× the bare app's"
        )
        if ready != inner:
            print(
                f"{label:<28} first page built: min {min(ready):.3f} s = "
                f"{min(ready) / anchor:.1f}× the bare app's window, "
                f"median {statistics.median(ready):.3f} s"
            )


def build(target: Path) -> Path:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(target / "dist"),
            "--workpath",
            str(target / "build"),
            str(REPO / "build.spec"),
        ],
        cwd=REPO,
        check=True,
    )
    print(f"built the bundle in {time.perf_counter() - start:.1f} s")
    return target / "dist" / "BaoCao" / EXE


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frozen", type=Path, help=f"the frozen app (default dist/BaoCao/{EXE})")
    ap.add_argument("--build", action="store_true", help="build the bundle in a temp dir first")
    ap.add_argument("--runs", type=int, default=7, help="counted runs per variant (at least 5)")
    ap.add_argument("--native", action="store_true", help="real platform instead of offscreen")
    args = ap.parse_args()
    if args.runs < 5:
        ap.error("--runs: at least 5 (issue 14 compares the minimum of ≥5 alternating runs)")

    with tempfile.TemporaryDirectory(prefix="baocao-bench-build-") as tmp:
        frozen = build(Path(tmp)) if args.build else args.frozen or REPO / "dist" / "BaoCao" / EXE
        variants = {
            "python -m desktop (source)": [sys.executable, "-m", "desktop"],
            "bare QMainWindow app": [sys.executable, "-c", BARE],
        }
        if frozen.exists():
            variants["frozen bundle"] = [str(frozen)]
        else:
            print(f"frozen bundle: {frozen} not found (build it, or pass --build)")
        measure(variants, args.runs, args.native, Path(tmp))


if __name__ == "__main__":
    main()
