"""No file can break an import (issue 9): 300 corrupted variants of a genuine package and
3 genuine packages in ONE run of the real `baocao package import`.  The 3 are stored,
every variant gets its own outcome, nothing else in the database changes (compared with
a database that imported only the 3), and the exit code is 1, never 3.
The batch time is printed by benchmarks/bench_import_fuzz.py, not asserted here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desktop.core.exchange.service import import_packages
from tests.conftest import run_cli
from tests.core.fuzz_corpus import COUNT, Corpus
from tests.core.package_tools import budget, enrol, export, finalise, installation

PERIOD = "2023-H1"
UNITS = {"178": "144.505", "181": "209435", "182": "0.000001"}
SKIP_TABLES = {"imports", "audit", "trust_log", "_sqlite_migrations", "meta", "totals_state"}


def genuine_set(tmp: Path, provinces) -> tuple[list[Path], Path]:
    """Three units' genuine packages (keys enrolled at every province); returns the files
    and the key folder of the first unit (to sign hostile variants with)."""
    files = []
    for code, total in UNITS.items():
        unit = installation(tmp, f"don_vi_{code}")
        for province in provinces:
            enrol(province, unit, code, PERIOD)
        finalise(unit, budget(code, PERIOD, total))
        files.append(export(unit, code, PERIOD, tmp / "goc" / f"{code}.baocao"))
    return files, tmp / "don_vi_178" / "keys"


def batch(genuine: list[Path], variants: list[Path]) -> list[Path]:
    """Genuine packages first, in the middle and last."""
    half = len(variants) // 2
    return [genuine[0], *variants[:half], genuine[1], *variants[half:], genuine[2]]


def dump(db_path: Path) -> dict:
    """What the database holds, without ids, time stamps and the import log."""
    con = sqlite3.connect(db_path)
    out = {}
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if table in SKIP_TABLES:
            continue
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        keep = [c for c in cols if c not in ("id", "at", "submission_id", "stored_path") and not c.endswith("_at")]
        rows = con.execute(f'SELECT {", ".join(keep) or "1"} FROM "{table}"').fetchall()
        out[table] = sorted(map(repr, rows))
    con.close()
    return out


def test_three_genuine_and_300_corrupted_in_one_batch(tmp_path):
    fuzzed, reference = installation(tmp_path, "tinh"), installation(tmp_path, "doi_chieu")
    genuine, key_dir = genuine_set(tmp_path, [fuzzed, reference])
    variants = Corpus(genuine[0], key_dir).write(tmp_path / "bien_the")
    assert len(variants) == COUNT
    files = batch(genuine, variants)

    r = run_cli("package", "import", *map(str, files), "--json", db=fuzzed.db_path)
    assert r.returncode == 1, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    results = json.loads(r.stdout)
    assert [x["file"] for x in results] == [f.name for f in files]
    by_file = {x["file"]: x for x in results}
    for g in genuine:
        assert by_file[g.name]["outcome"] == "new", by_file[g.name]["message"]
    for v in variants:
        outcome = by_file[v.name]
        # a flip that leaves every member intact is the same package again: a duplicate
        assert outcome["outcome"] in ("rejected", "duplicate"), (v.name, outcome)
        if outcome["outcome"] == "rejected":
            assert outcome["message"].startswith(f"Gói «{v.name}»"), outcome["message"]
            assert "Input should" not in outcome["message"] and "Field required" not in outcome["message"]
            assert "không mong đợi" not in outcome["message"], outcome["message"]  # a known refusal
    rejected = sum(x["outcome"] == "rejected" for x in results)
    assert rejected >= COUNT - 30, rejected

    import_packages(reference, genuine)
    assert dump(fuzzed.db_path) == dump(reference.db_path)
    stored = {c: fuzzed.repo.get(c, "", "ngan_sach", PERIOD).submission.values[("NS_THU", "th_ky")]
              for c in UNITS}
    assert {c: str(v) for c, v in stored.items()} == UNITS
