"""A database whose pages are overwritten after the first of a table (a failing disk, a
sync tool writing into the file): SQLite reads a table's pages as the rows are stepped
through, so the error comes while the rows are fetched (`fetchall`, `for row in cursor`),
after `execute` has returned.  The real CLI refuses in Vietnamese naming the file, exit 1
as for every damaged database — never exit 3 («Lỗi không mong đợi») nor a traceback.

Before storage/connection.Cursor, `keys list` (unit_keys) and `status` (reviews) exited 3
on such a file, and the repository's refusals did not say which file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.periods import Period
from desktop.core.storage.database import transaction
from desktop.core.storage.trust_tables import TrustStore
from tests.conftest import run_cli, warm_pack_cache
from tests.core.package_tools import budget, finalise, installation
from tests.core.test_hostile_entry_file import vietnamese

UNITS = 60  # keys and reviews over three leaf pages, 20 finals' submissions over two


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> tuple[bytes, list[str]]:
    """A real installation: 20 finals, 60 units' enrolled keys and returned reviews."""
    warm_pack_cache(Path(os.environ["BAOCAO_DATA_DIR"]))
    svc = installation(tmp_path_factory.mktemp("goc"), "tinh")
    units = svc.units.reporting_units(Period.parse("2023-H1"), "commune")[:UNITS]
    for u in units[:20]:
        finalise(svc, budget(u.code, "2023-H1", "209435"))
    store = TrustStore(svc.db)
    with transaction(svc.db):
        for i, u in enumerate(units):
            store.upsert_key(u.code, str(u.valid_from), "-".join([f"{i:04X}"] * 8),
                             status="enrolled", public_key=f"{i:02x}" * 22, person="Nguyễn Thị Lan",
                             decided_by="Trần Văn Minh")  # fmt: skip
            store.add_review({"feedback_uuid": f"tra-lai-{i}", "origin": "sent", "unit_code": u.code,
                              "unit_valid_from": str(u.valid_from), "form_id": "ngan_sach",
                              "period": "2023-H1", "revision": 1, "decision": "returned",
                              "comment": "Đề nghị kiểm tra lại số thu ngân sách.", "cells": [],
                              "at": "2023-07-01T08:00:00+00:00", "actor": "Trần Văn Minh"})  # fmt: skip
    svc.close()
    return svc.db_path.read_bytes(), [u.code for u in units[:20]]


def damaged(genuine: bytes, table: str, path: Path) -> Path:
    """The file with every leaf page of `table` after its first overwritten (all of them,
    the only one too, for a table named «=table»: what is written there fails)."""
    whole = table.startswith("=")
    table = table.lstrip("=")
    path.write_bytes(genuine)
    con = sqlite3.connect(path)
    leaves = [p for (p,) in con.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path", [table])]  # fmt: skip
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    assert whole or len(leaves) >= 2, (table, leaves)  # else the error would come at execute
    data = bytearray(genuine)
    for page in leaves if whole else leaves[1:]:
        data[(page - 1) * size : page * size] = b"\x5a" * size
    path.write_bytes(bytes(data))
    return path


CASES = [  # (table damaged, command): the first two exited 3 before
    ("unit_keys", ["keys", "list"]),
    ("reviews", ["status", "--period", "2023-H1"]),
    ("submissions", ["review", "list", "--period", "2023-H1"]),
    ("submissions", ["package", "export", "--unit", "{last}", "--period", "2023-H1", "--out", "{out}"]),
    # the audit row written in export's transaction: storage/database.transaction's refusal
    # did not name the file
    ("=audit", ["package", "export", "--unit", "{last}", "--period", "2023-H1", "--out", "{out}"]),
]


@pytest.mark.parametrize(("table", "command"), CASES)
def test_a_page_damaged_mid_scan_is_refused_naming_the_file(
    genuine, warm_pack, tmp_path, capsys, table, command
):
    data, codes = genuine
    path = damaged(data, table, tmp_path / "baocao.db")
    args = [a.format(last=codes[-1], out=tmp_path / "goi.baocao") for a in command]
    capsys.readouterr()
    rc = main([*args, "--db", str(path)])
    said = capsys.readouterr().err
    assert rc == 1, (rc, said)
    assert "không mong đợi" not in said and "Traceback" not in said and vietnamese(said), said
    assert f"«{path}»" in said and "bị hỏng" in said and "Khôi phục" in said, said
    assert not (tmp_path / "goi.baocao").exists()


def test_keys_list_in_a_subprocess(genuine, tmp_path):
    path = damaged(genuine[0], "unit_keys", tmp_path / "baocao.db")
    r = run_cli("keys", "list", db=path)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert f"«{path}»" in r.stderr and "Tệp cơ sở dữ liệu bị hỏng" in r.stderr, r.stderr
