"""How long a person waits for a short `baocao` command, against `python -c pass` measured
side by side (issue 14: a typical command within 5× of the bare interpreter).

    .venv/bin/python benchmarks/bench_cli_startup.py [--runs 7]

The commands take turns run by run, so a busy moment on the machine hits them alike; the
first round warms the disk cache and writes the bytecode (even under
PYTHONDONTWRITEBYTECODE) and is not counted.  Prints the minimum
and median wall time of each and its ratio to `python -c pass` (minimum over minimum), the
minimum CPU time (user + system) of each and its ratio, which a machine busy with other
work disturbs less than the wall time, and which heavy libraries `--help` and
`entry validate` loaded (they should load none).

The warm-up round also fills the form-pack cache (formdef/pack_cache.py), as the first
command after an installation or a form update does; `entry validate` is measured on an
installation without a database yet and on one holding the seed's figures (then the
history checks open the database through sqlite-utils).
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
HEAVY = ("pydantic", "sqlite_utils", "PySide6", "openpyxl", "yaml", "cryptography",
         "importlib.metadata")  # fmt: skip


def commands(db: Path, fresh: Path) -> dict[str, list[str]]:
    py = sys.executable
    baocao = [py, "-m", "desktop"]
    return {
        "python -c pass": [py, "-c", "pass"],
        "baocao --help": [*baocao, "--help"],
        "baocao entry validate seed": [*baocao, "entry", "validate", str(SEED), "--db", str(fresh)],
        "  … with a database": [*baocao, "entry", "validate", str(SEED), "--db", str(db)],
        "baocao units list": [*baocao, "units", "list", "--db", str(db)],
        "baocao forms list": [*baocao, "forms", "list", "--db", str(db)],
        "baocao status --period 2023-H1": [*baocao, "status", "--period", "2023-H1", "--db", str(db)],
        "baocao entry show": [*baocao, "entry", "show", "--unit", "178", "--period", "2023-H1",
                              "--form", "ngan_sach", "--db", str(db)],  # fmt: skip
        "baocao keys list": [*baocao, "keys", "list", "--db", str(db)],
    }


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, timeout=120, check=False)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]!r}")
    return took, _children_cpu() - cpu_before


def _children_cpu() -> float:
    """CPU time of the finished child processes (0 where the OS does not say: Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def heavy_modules_of(args: list[str], env: dict) -> list[str]:
    probe = (
        "import sys\nfrom desktop import cli\ntry:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n"
        f"    pass\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", probe, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    lines = proc.stderr.strip().splitlines()
    return [m for m in (lines[-1] if lines else "").split(",") if m]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="baocao-bench-cli-") as tmp:
        env = {**os.environ, "BAOCAO_DATA_DIR": str(Path(tmp) / "data")}
        # an installed BaoCao runs from bytecode (pip and PyInstaller compile it): let the
        # warm-up round write it, or every run would compile every module again
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        db, fresh = Path(tmp) / "baocao.db", Path(tmp) / "moi" / "baocao.db"
        subprocess.run([sys.executable, "-m", "desktop", "entry", "load", str(SEED), "--db", str(db)],
                       cwd=REPO, env=env, capture_output=True, timeout=120, check=True)  # fmt: skip
        cmds = commands(db, fresh)
        for cmd in cmds.values():
            run(cmd, env)  # warm-up
        got: dict[str, list[float]] = {label: [] for label in cmds}
        cpu: dict[str, list[float]] = {label: [] for label in cmds}
        for _ in range(args.runs):
            for label, cmd in cmds.items():
                wall, used = run(cmd, env)
                got[label].append(wall)
                cpu[label].append(used)
        base, cpu_base = min(got["python -c pass"]), min(cpu["python -c pass"]) or 1.0
        for label, times in got.items():
            print(
                f"{label:<30} min {min(times) * 1000:6.1f} ms  median "
                f"{statistics.median(times) * 1000:6.1f} ms  ratio {min(times) / base:4.1f}×  "
                f"cpu min {min(cpu[label]) * 1000:6.1f} ms  ratio {min(cpu[label]) / cpu_base:4.1f}×"
            )
        for label, args in (("--help", ["--help"]),
                            ("entry validate", ["entry", "validate", str(SEED), "--db", str(fresh)])):  # fmt: skip
            heavy = heavy_modules_of(args, env)
            print(f"{label} loaded: {', '.join(heavy) if heavy else 'none of ' + ', '.join(HEAVY)}")


if __name__ == "__main__":
    main()
