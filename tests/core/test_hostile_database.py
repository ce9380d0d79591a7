"""`--db` given a hostile file: an installation's real database damaged (fuzz_corpus.mutate:
bit flips in its pages, cut short, garbage, a zip …) or a sound SQLite file of another
program.  The real CLI (`desktop.cli.main`, in-process: 25 subprocesses would cost ~10 s)
answers a reading command with exit 0, or 1/2 and a Vietnamese message — never exit 3
(«Lỗi không mong đợi») nor a traceback; a file refused when opened is left as it was (a
browser's history is not given BaoCao's tables)."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from tests.conftest import warm_pack_cache
from tests.core.fuzz_corpus import mutate
from tests.core.package_tools import budget, finalise, installation
from tests.core.test_hostile_entry_file import vietnamese

COMMANDS = (
    ["status", "--period", "2023-H1"],
    ["entry", "show", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach"],
    ["keys", "list"],
)


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> bytes:
    warm_pack_cache(Path(os.environ["BAOCAO_DATA_DIR"]))
    svc = installation(tmp_path_factory.mktemp("goc"), "don_vi")
    finalise(svc, budget("178", "2023-H1", "209435"))
    svc.close()
    return svc.db_path.read_bytes()


def foreign() -> bytes:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE moz_places (url TEXT)")
    con.execute("INSERT INTO moz_places VALUES ('https://dichvucong.gov.vn')")
    return con.serialize()


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(which="foreign", command=0, rng=random.Random(0))  # migrated into, exit 0
@example(which="damaged", command=0, rng=random.Random(0))  # schema text not UTF-8: exit 3
@example(which="damaged", command=2, rng=random.Random(1362))  # a column's name flipped:
@example(which="damaged", command=2, rng=random.Random(1374))  # keys list exited 3 (trust)
@given(which=st.sampled_from(["damaged", "foreign"]), command=st.integers(0, len(COMMANDS) - 1),
       rng=st.randoms(use_true_random=False))  # fmt: skip
def test_a_hostile_database_file_is_read_or_refused_in_vietnamese(
    genuine, warm_pack, tmp_path_factory, capsys, which, command, rng
):
    """(Random again: a damaged schema reaching the trust and exchange tables' SQL
    exited 3 for about 1 damaged file in 200 (the two examples above), until SQL run
    through storage/connection.Database failed as the storage layer's StorageError; 800
    further damaged files × 3 commands gave no exit 3.)"""
    kind, data = mutate(genuine, rng) if which == "damaged" else (which, foreign())
    path = tmp_path_factory.mktemp("db") / "baocao.db"
    path.write_bytes(data)
    capsys.readouterr()
    rc = main([*COMMANDS[command], "--db", str(path)])
    out, said = capsys.readouterr()
    assert rc in (0, 1, 2) and "Traceback" not in said and "không mong đợi" not in said, (
        kind,
        rc,
        said,
    )
    if rc:
        assert vietnamese(said), (kind, said)
    if which == "foreign":
        assert rc == 1 and f"Không mở «{path}»" in said, said
    if f"Không mở «{path}»" in said:
        assert path.read_bytes() == data, kind


DAMAGED_SCHEMA = (  # (table, column dropped, command that reads it): each exited 3 before
    ("reviews", "period", COMMANDS[0]),  # trust_tables.reviews, via status's marks
    ("unit_keys", "public_key", COMMANDS[2]),
    ("held_packages", "period", COMMANDS[2]),
    ("province_pin", "public_key", COMMANDS[2]),
)


@pytest.mark.parametrize(("table", "column", "command"), DAMAGED_SCHEMA)
def test_a_database_missing_a_column_is_refused_in_vietnamese_naming_the_file(
    genuine, warm_pack, tmp_path, capsys, table, column, command
):
    """A real database with one column of a trust/exchange table gone (a file edited by
    another program, a damaged schema): the command ends with the storage layer's
    refusal, exit 1 and a Vietnamese message naming the file — not exit 3."""
    path = tmp_path / "baocao.db"
    path.write_bytes(genuine)
    con = sqlite3.connect(path)
    con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.commit()
    con.close()
    capsys.readouterr()
    rc = main([*command, "--db", str(path)])
    said = capsys.readouterr().err
    assert rc == 1, (rc, said)
    assert "không mong đợi" not in said and vietnamese(said), said
    assert f"«{path}»" in said and "bị hỏng" in said, said
