"""Global options anywhere, the installation that `--db` picks, argparse in Vietnamese and a
quiet exit when the reader of the output goes away (`baocao … | head -1`).

Every subcommand is run with `--db` before and after it, by the real CLI in a subprocess;
the per-user default data folder must stay untouched."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop import paths
from tests.conftest import FIXTURES, REPO, run_cli, warm_pack_cache

SEED = FIXTURES / "seed000" / "ngan_sach.json"  # unit 178, 2023-H1, NS_THU th_ky 209.435
ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "optional arguments",
    "show this help",
    "error:",
    "required",
    "unrecognized",
    "invalid",
    "expected",
    "argument",
    "choose from",
    "program's version",
)


def leaf_commands() -> set[tuple[str, ...]]:
    from desktop.cli import _parser

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> set[tuple[str, ...]]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return {path}
        found: set[tuple[str, ...]] = set()
        for name, child in subs[0].choices.items():
            found |= walk(child, (*path, name))
        return found

    return walk(_parser(), ())


def submissions(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM submissions").fetchone()[0]


class Installation:
    """Runs `baocao` against one database with `--db` before or after the command."""

    def __init__(self, db: Path, placement: str, env: dict) -> None:
        self.db, self.placement, self.env = db, placement, env
        self.ran: set[tuple[str, ...]] = set()

    def __call__(self, *args: str, words: int = 2) -> subprocess.CompletedProcess:
        self.ran.add(tuple(args[:words]))
        argv = ["--db", str(self.db), *args] if self.placement == "before" else [*args, "--db", str(self.db)]
        return run_cli(*argv, env=self.env)


def test_every_subcommand_uses_the_database_given(tmp_path):
    """`--db` before every command and after it: two independent runs (each its own
    folders, databases and processes), run at the same time."""
    placements = ("before", "after")
    with ThreadPoolExecutor(len(placements)) as pool:
        runs = {p: pool.submit(every_subcommand, tmp_path / p, p) for p in placements}
    for placement, run in runs.items():
        try:
            run.result()
        except AssertionError as exc:
            pytest.fail(f"--db {placement} the command: {exc}")


def every_subcommand(tmp_path: Path, placement: str) -> None:
    default_home = tmp_path / "mac_dinh"
    # the data folder (the pack's cache) as after a first run; no database or key in it
    env = {"BAOCAO_DATA_DIR": str(warm_pack_cache(default_home))}
    unit = Installation(tmp_path / "don_vi" / "so_lieu.db", placement, env)
    prov = Installation(tmp_path / "tinh" / "baocao.db", placement, env)

    def ok(r: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
        assert r.returncode == 0, r.stdout + r.stderr
        return r

    ok(unit("forms", "list", "--json"))
    ok(unit("forms", "check"))
    ok(unit("forms", "schema"))
    ok(unit("entry", "schema"))
    ok(unit("units", "list", "--as-of", "2023-06-30"))
    ok(unit("entry", "validate", str(SEED)))
    ok(unit("entry", "load", str(SEED), "--final"))
    assert submissions(unit.db) == 1
    shown = json.loads(ok(unit("entry", "show", "--unit", "178", "--period", "2023-H1",
                               "--form", "ngan_sach", "--json")).stdout)
    assert shown["values"]["NS_THU"]["th_ky"] in ("209435", "209435.000000", 209435)
    ok(unit("template", "--form", "ngan_sach", "--unit", "178", "--period", "2023-H1",
            "--out", str(tmp_path / "bieu.xlsx"), words=1))
    fingerprint = ok(unit("keys", "show")).stdout.split(":")[-1].strip()
    # the key is the installation's: beside its database, not in the default data folder
    assert (paths.key_dir(unit.db) / "ed25519_private.pem").exists()
    assert paths.key_dir(unit.db) == unit.db.parent / "so_lieu.db.keys"
    pkg, request = tmp_path / "goi.baocao", tmp_path / "yeu_cau.baocao-dangky"
    ok(unit("package", "export", "--unit", "178", "--period", "2023-H1", "--out", str(pkg)))
    ok(unit("keys", "request", "--unit", "178", "--person", "Nguyễn Văn A", "--period", "2023-H1",
            "--out", str(request)))

    ok(prov("keys", "receive", str(request)))
    decision = tmp_path / "xac_nhan.baocao-xacnhan"
    ok(prov("keys", "trust", "178", fingerprint, "--period", "2023-H1", "--out", str(decision)))
    listed = json.loads(ok(prov("keys", "list", "--json")).stdout)
    listed = listed["keys"] if isinstance(listed, dict) else listed
    assert [k["fingerprint"] for k in listed] == [fingerprint]
    imported = json.loads(ok(prov("package", "import", str(pkg), "--json")).stdout)
    assert imported[0]["outcome"] == "new", imported
    assert submissions(prov.db) == 1 and submissions(unit.db) == 1
    status = json.loads(ok(prov("status", "--period", "2023-H1", "--form", "ngan_sach",
                                "--json", words=1)).stdout)
    cells = {(c["unit"], c["form"]): c["status"] for c in status["cells"]}
    assert cells[("178", "ngan_sach")] != "missing"
    out, js = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    ok(prov("consolidate", "--period", "2023-H1", "--form", "ngan_sach", "--out", str(out),
            "--json", str(js), words=1))
    rows = json.loads(js.read_text(encoding="utf-8"))["forms"][0]["rows"]
    assert next(r for r in rows if r["code"] == "NS_THU")["values"]["th_ky"] == "209435"
    # the province signed its decision with its own key, kept beside its database
    assert paths.key_dir(prov.db) == prov.db.parent / "keys"
    assert any(paths.key_dir(prov.db).iterdir())

    for listing in (("keys", "held"), ("keys", "log"), ("keys", "delegations")):
        ok(prov(*listing, "--json"))
    assert "05977" in ok(prov("keys", "delegate", "178", "05977", "--as-of", "2023-06-30")).stdout
    ok(prov("keys", "refuse", "178", "1A2B-3C4D-1A2B-3C4D-1A2B-3C4D-1A2B-3C4D", "--period", "2023-H1",
            "--comment", "Không phải máy của đơn vị"))
    assert "178" in ok(prov("review", "list", "--period", "2023-H1", "--json")).stdout
    ok(prov("review", "changes", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach", "--json"))
    answer = tmp_path / "phan_hoi.baocao-phanhoi"
    ok(prov("review", "return", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach",
            "--comment", "Sửa số thu", "--out", str(tmp_path / "tra_lai.baocao-phanhoi")))
    ok(prov("review", "accept", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach",
            "--comment", "Đạt", "--out", str(answer)))
    ok(prov("report", "--period", "2023-H1", "--unit", "178", "--out", str(tmp_path / "bc.docx"), words=1))
    ok(unit("feedback", "import", str(decision)))  # pins the province's key
    ok(unit("feedback", "import", str(answer)))
    assert "Đạt" in ok(unit("feedback", "show", "--unit", "178", "--period", "2023-H1",
                            "--form", "ngan_sach", "--json")).stdout

    refused = unit("selftest", words=1)  # runs on throw-away data: says so instead of ignoring --db
    assert refused.returncode == 1 and "--db" in refused.stderr

    ran = unit.ran | prov.ran
    assert leaf_commands() == ran, "a subcommand is not covered by this test"
    assert not default_home.exists() or not any(default_home.rglob("*.db")), "default database used"
    assert not (default_home / "keys").exists(), "default installation's key used"


def test_option_value_after_the_command_wins_over_before(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    r = run_cli("--db", str(first), "entry", "load", str(SEED), "--db", str(second))
    assert r.returncode == 0, r.stdout + r.stderr
    assert submissions(second) == 1 and not first.exists()


def _help_and_errors() -> list[tuple[list[str], int]]:
    cases = [([*path, "--help"], 0) for path in sorted(leaf_commands())]
    cases += [(["--help"], 0), (["entry", "--help"], 0), (["--version"], 0)]
    cases += [
        (["entry", "load"], 2),
        (["units", "list", "--as-of", "31/2/2023"], 2),  # no such day (30/6/2023 is read)
        (["status", "--period", "2023-H1", "--level", "tinh"], 2),
        (["status", "--period", "2023-H1", "--deadline-days", "mười"], 2),
        (["units", "list", "--khong-co"], 2),
        (["khong-co-lenh"], 2),
        (["entry"], 2),
        (["consolidate", "--period"], 2),
    ]
    return cases


@pytest.mark.parametrize("argv,code", _help_and_errors(), ids=lambda v: " ".join(v) if isinstance(v, list) else str(v))
def test_argparse_speaks_vietnamese(argv, code, capsys):
    from desktop.cli import main

    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert (stop.value.code or 0) == code
    text = capsys.readouterr()
    both = text.out + text.err
    assert both.strip()
    found = [w for w in ENGLISH if w in both.lower()]
    assert not found, f"English from argparse: {found}\n{both}"
    if code == 2:
        assert "Cách dùng: baocao" in text.err and "lỗi:" in text.err


def test_help_in_a_subprocess_is_vietnamese():
    r = run_cli("entry", "load", "--help")
    assert r.returncode == 0
    assert r.stdout.startswith("Cách dùng: baocao entry load") and "tùy chọn:" in r.stdout


@pytest.mark.parametrize("argv", [["units", "list"], ["forms", "schema"], ["--help"]])
def test_a_reader_that_goes_away_is_a_quiet_exit_0(argv, tmp_path):
    """The reader closes the pipe before anything is written: every write fails."""
    env = {**os.environ, "BAOCAO_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "desktop", *argv], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0, stderr
    assert stderr == ""
    assert not (tmp_path / "data" / "logs").exists(), "no crash log"


def test_head_minus_one_exits_0(tmp_path):
    script = f'"{sys.executable}" -m desktop units list --json | head -1; exit ${{PIPESTATUS[0]}}'
    r = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True,
                       env={**os.environ, "BAOCAO_DATA_DIR": str(tmp_path / "data")}, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "[\n" and r.stderr == ""
