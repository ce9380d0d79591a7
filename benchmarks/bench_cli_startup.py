"""How long a person waits for a short `baocao` command, against `python -c pass` measured
side by side (issue 14: a typical command within 5× of the bare interpreter).

    .venv/bin/python benchmarks/bench_cli_startup.py [--runs 7]

The commands take turns run by run, so a busy moment on the machine hits them alike; the
first round warms the disk cache and the bytecode and is not counted.  Prints the minimum
and median wall time of each and its ratio to `python -c pass` (minimum over minimum), and
which heavy libraries `--help` loaded (it should load none).
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
SEED = REPO / "tests" / "fixtures" / "seed000" / "ngan_sach.json"
HEAVY = ("pydantic", "sqlite_utils", "PySide6", "openpyxl", "yaml", "cryptography")


def commands(db: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "python -c pass": [py, "-c", "pass"],
        "baocao --help": [py, "-m", "desktop", "--help"],
        "baocao forms list": [py, "-m", "desktop", "forms", "list", "--db", str(db)],
        "baocao entry validate seed": [py, "-m", "desktop", "entry", "validate", str(SEED), "--db", str(db)],
    }


def run(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, timeout=120, check=False)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]!r}")
    return took


def heavy_modules_of_help(env: dict) -> list[str]:
    probe = (
        "import sys\nfrom desktop import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n"
        f"    pass\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    lines = proc.stderr.strip().splitlines()
    return [m for m in (lines[-1] if lines else "").split(",") if m]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="baocao-bench-cli-") as tmp:
        env = {**os.environ, "BAOCAO_DATA_DIR": str(Path(tmp) / "data")}
        cmds = commands(Path(tmp) / "baocao.db")
        for cmd in cmds.values():
            run(cmd, env)  # warm-up
        got: dict[str, list[float]] = {label: [] for label in cmds}
        for _ in range(args.runs):
            for label, cmd in cmds.items():
                got[label].append(run(cmd, env))
        base = min(got["python -c pass"])
        for label, times in got.items():
            print(
                f"{label:<28} min {min(times) * 1000:7.1f} ms  median "
                f"{statistics.median(times) * 1000:7.1f} ms  ratio {min(times) / base:5.1f}×"
            )
        heavy = heavy_modules_of_help(env)
        print(f"--help loaded: {', '.join(heavy) if heavy else 'no pydantic, sqlite-utils, Qt, openpyxl, yaml'}")


if __name__ == "__main__":
    main()
