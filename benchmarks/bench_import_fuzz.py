"""The import fuzz batch, timed: 3 genuine packages and 300 corrupted variants of one of
them (tests/core/fuzz_corpus.py) in ONE batch, in-process and through the real CLI.
Prints the times (expected well under 30 s); asserts nothing.

    .venv/bin/python benchmarks/bench_import_fuzz.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["BAOCAO_DATA_DIR"] = str(tmp / "data")
        from desktop.core.exchange.service import import_packages
        from tests.core.fuzz_corpus import Corpus
        from tests.core.package_tools import installation
        from tests.core.test_import_fuzz import batch, genuine_set

        in_process, by_cli = installation(tmp, "tinh"), installation(tmp, "tinh_cli")
        start = time.perf_counter()
        genuine, key_dir = genuine_set(tmp, [in_process, by_cli])
        files = batch(genuine, Corpus(genuine[0], key_dir).write(tmp / "bien_the"))
        print(f"corpus: {len(files)} files ({len(files) - 3} corrupted) in {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        results = import_packages(in_process, files)
        took = time.perf_counter() - start
        print(f"import_packages, one batch: {took:.2f} s ({1000 * took / len(files):.1f} ms per file)")
        print("  outcomes:", dict(Counter(r.outcome for r in results)))

        start = time.perf_counter()
        cmd = [sys.executable, "-m", "desktop", "--db", str(by_cli.db_path), "package", "import",
               *map(str, files), "--json"]
        run = subprocess.run(cmd, capture_output=True, cwd=REPO, env={**os.environ})
        print(f"baocao package import (whole process): {time.perf_counter() - start:.2f} s, "
              f"exit code {run.returncode}")


if __name__ == "__main__":
    main()
