"""Short commands start quickly (issue 14): what each one loads, and that the cached pack
changes nothing a person sees.

- `--help` loads no pydantic, sqlite-utils, YAML, Qt, openpyxl, cryptography, and no
  importlib.metadata (pydantic's entry-point scan lives there);
- `entry validate` on a seed file, with the pack cached, loads none of them either;
- no command of the CLI loads Qt;
- every seed fixture validates to the same report from a cold and from a warm cache, and
  the same messages come out of the real CLI both times.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.cli_args import command_of
from tests.conftest import FIXTURES, REPO, run_cli

HEAVY = ("pydantic", "sqlite_utils", "yaml", "PySide6", "shiboken6", "openpyxl", "cryptography",
         "importlib.metadata", "hypothesis")  # fmt: skip
SEED = FIXTURES / "seed000" / "ngan_sach.json"
# what only writing needs (storage/writing.py imports it in the methods that write)
WRITE_PATH = ("desktop.core.storage.revisions", "desktop.core.storage.edits",
              "desktop.core.storage.totals")  # fmt: skip
# hashlib's OpenSSL: a cached pack is found by its files' stats and checked by a CRC-32
# (formdef/pack_stats.py, pack_cache.py); the files are hashed only when they changed
OPENSSL = ("_hashlib",)
# what reading one submission needs (its model, marks, pydantic's messages): status reads
# only what is stored about each (storage/receiving.py names Submission in annotations)
SUBMISSION = ("desktop.core.submission", "desktop.core.marks", "desktop.core.pydantic_vi")


def _loaded(
    args: list[str], env: dict | None = None, watch: tuple[str, ...] = HEAVY
) -> tuple[set[str], str]:
    """The heavy modules (or those of `watch`) `baocao ARGS` loaded (run in a fresh
    interpreter), and its stdout."""
    probe = (
        "import sys\nfrom desktop import cli\ntry:\n    code = cli.main(sys.argv[1:])\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        f"print('\\nLOADED', ','.join(m for m in {watch!r} if m in sys.modules))\n"
    )
    import os

    proc = subprocess.run([sys.executable, "-c", probe, *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})  # fmt: skip
    out, _, loaded = proc.stdout.rpartition("\nLOADED ")
    assert loaded, proc.stderr
    return {m for m in loaded.strip().split(",") if m}, out


def test_help_loads_nothing_heavy():
    loaded, out = _loaded(["--help"])
    assert loaded == set()
    assert "các lệnh" in out and "consolidate" in out


def test_validate_with_a_warm_cache_loads_nothing_heavy(tmp_path):
    db = tmp_path / "baocao.db"
    run_cli("entry", "validate", str(SEED), db=db)  # fills the pack cache
    loaded, out = _loaded(["entry", "validate", str(SEED), "--db", str(db)], watch=HEAVY + OPENSSL)
    assert loaded == set(), f"entry validate loaded {loaded}"
    assert "Tổng cộng: 0 lỗi" in out


def test_commands_that_open_a_database_load_no_sqlite_utils(tmp_path):
    """A database with everything migrated is opened with plain sqlite3: sqlite-utils (with
    click, dateutil, pluggy) is imported only when a migration is pending."""
    db = tmp_path / "baocao.db"
    assert run_cli("entry", "load", str(SEED), db=db).returncode == 0
    for args in (["entry", "validate", str(SEED)], ["status", "--period", "2023-H1"]):
        loaded, out = _loaded([*args, "--db", str(db)])
        assert "sqlite_utils" not in loaded and out.strip(), (args, loaded)
    assert "nháp" in out  # status read the stored draft through that connection


def test_short_commands_on_an_installation_in_use_load_nothing_heavy(tmp_path):
    """status, units list, forms list, entry show and keys list/held on a database holding
    figures (the pack cache warm): no pydantic, cryptography, YAML, openpyxl, sqlite-utils or
    Qt, and no entry-point scan (issue 14 point 5: the services import forms, periods and
    validation only in the methods that use them); none of them loads the write path or
    hashlib's OpenSSL."""
    db = tmp_path / "baocao.db"
    assert run_cli("entry", "load", str(SEED), db=db).returncode == 0
    for args, shown in (
        (["status", "--period", "2023-H1"], "nháp"),
        (["units", "list", "--as-of", "2025-07-01"], "Lạng Sơn"),
        (["forms", "list"], "ngan_sach"),
        (
            ["entry", "show", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach"],
            "Biểu số 05",
        ),
        (["keys", "list"], "0 khóa; 0 gói đang giữ"),  # stored rows: no signing, no pydantic
        (["keys", "held"], "0 gói đang giữ"),
    ):
        watch = HEAVY + WRITE_PATH + OPENSSL + (SUBMISSION if args[0] == "status" else ())
        loaded, out = _loaded([*args, "--db", str(db)], watch=watch)
        assert loaded == set() and shown in out, (args, loaded, out[-500:])
    # the unit catalog alone: no form definitions, submissions or validation behind it
    core = (
        "desktop.core.formdef.models",
        "desktop.core.submission",
        "desktop.core.validation.engine",
    )
    loaded, out = _loaded(["units", "list", "--db", str(db)], watch=core)
    assert loaded == set() and "Lạng Sơn" in out


@pytest.mark.parametrize(
    "args",
    [
        ["forms", "list"],
        ["units", "list", "--as-of", "2025-07-01"],
        ["entry", "validate", str(SEED), "--json"],
        ["status", "--period", "2023-H1"],
        ["keys", "list"],
        ["forms", "schema"],
        ["nope"],
    ],
)
def test_no_command_loads_qt(tmp_path, args):
    loaded, _ = _loaded([*args, "--db", str(tmp_path / "baocao.db")])
    assert not loaded & {"PySide6", "shiboken6"}


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["entry", "validate", "x"], "entry"),
        (["--db", "units", "units", "list"], "units"),
        (["--db=x.db", "status"], "status"),
        (["--forms-dir", "f", "forms", "list"], "forms"),
        (["--help"], ""),
        (["--db", "x.db"], ""),
        (["--", "entry"], "entry"),
    ],
)
def test_the_command_word_is_found_past_the_global_options(argv, word):
    assert command_of(argv) == word


def _reports(services_factory, *, cold: bool) -> dict[str, object]:
    """Every fixture's report.  Cold: the cache is emptied and one Services builds the pack
    from the YAML (as a cold `entry validate` does), then validates every fixture with it; a
    fixture's validation leaving anything behind in that pack shows as a difference from
    warm.  Warm: a fresh Services per fixture, each reading the cached pack (each form built
    from the cache when first used, as a warm `entry validate` does)."""
    import shutil

    from desktop.core.formdef import pack_cache

    if cold:
        shutil.rmtree(pack_cache.cache_dir(), ignore_errors=True)
        svc = services_factory()
    out = {}
    for path in sorted(FIXTURES.glob("*/*.json")) + sorted(FIXTURES.glob("*/*.xlsx")):
        if not cold:
            svc = services_factory()
        try:
            report = svc.validate_file(path)
            out[str(path)] = (report.ok, [i.render() for i in report.issues])
        except Exception as exc:  # a BaoCaoError is a result too
            out[str(path)] = (type(exc).__name__, getattr(exc, "message", str(exc)))
        # the pack validated with came from the YAML (cold) or from the cache (warm)
        assert isinstance(svc.pack.forms, pack_cache.CachedForms) is not cold, path
    return out


def test_every_seed_fixture_validates_the_same_cold_and_warm(tmp_path):
    import datetime as dt

    from desktop.core.formdef import pack_cache
    from desktop.core.services import Services

    def services():
        return Services(db_path=tmp_path / "none.db", today=dt.date(2026, 11, 23))

    assert not pack_cache.cache_dir().exists()
    cold = _reports(services, cold=True)
    assert len(list(pack_cache.cache_dir().glob("*.json"))) == 1
    warm = _reports(services, cold=False)
    assert warm == cold
    assert len(cold) >= 100


def test_the_cli_says_the_same_cold_and_warm(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "baocao-submission/1", "form": "ngan_sach",
                               "form_version": 1, "unit": "178", "period": "2023-H1",
                               "values": {"NS_THU": {"th_ky": "12a"}, "NS_KHONG": {"x": "1"}}}),
                   encoding="utf-8")  # fmt: skip
    targets = (SEED, bad, FIXTURES / "seed002" / "2003_ngan_sach.json")

    def cold_then_warm(n: int, target: Path):
        """Each target with a data folder of its own: its first run really is cold."""
        db, env = tmp_path / f"{n}.db", {"BAOCAO_DATA_DIR": str(tmp_path / f"data{n}")}
        cold = run_cli("entry", "validate", str(target), "--json", db=db, env=env)
        return cold, run_cli("entry", "validate", str(target), "--json", db=db, env=env)

    with ThreadPoolExecutor() as pool:  # the targets are independent processes and folders
        runs = list(pool.map(cold_then_warm, range(len(targets)), targets))
    for target, (cold, warm) in zip(targets, runs, strict=True):
        assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
        assert cold.returncode in (0, 1) and json.loads(cold.stdout)["file"] == target.name


def test_short_commands_leave_shutil_alone(tmp_path):
    """argparse asks `shutil.get_terminal_size()` for every argument it adds; importing shutil
    (with bz2 and lzma) was a few ms of every command: cli_args.Formatter reads the width."""
    db = tmp_path / "baocao.db"
    assert run_cli("entry", "load", str(SEED), db=db).returncode == 0
    for args in (["--help"], ["entry", "validate", str(SEED)], ["status", "--period", "2023-H1"]):
        loaded, out = _loaded([*args, "--db", str(db)], watch=("shutil", "bz2", "lzma"))
        assert loaded == set() and out.strip(), (args, loaded)


@pytest.mark.parametrize("columns", [None, "100", "37", "0", "-4", "rộng", ""])
def test_the_terminal_width_is_what_shutil_says(monkeypatch, columns):
    import shutil

    from desktop.cli_args import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
