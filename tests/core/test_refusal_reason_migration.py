"""Migration m009: a refused key keeps the officer's reason as data (`unit_keys.refusal_reason`)
instead of `keys list` reading it back out of the trust log's sentence.  A database made by
the migrations before m009, with refusals written as the earlier code wrote them (the key row
marked refused, the reason only in the log sentence «Từ chối khóa cho …: lý do»), is migrated
by the real `baocao keys list`, which shows what it showed before, table and JSON."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.exchange.signing import SigningKey
from desktop.core.storage.connection import Database, MigrationSet
from desktop.core.storage.database import open_database
from desktop.core.storage.migrations import migrations
from desktop.core.storage.trust_tables import TrustStore
from desktop.core.trust.policy import unit_label
from desktop.core.units import UnitCatalog
from tests.conftest import run_cli

UNITS = UnitCatalog.load()
CAO_LOC = UNITS.get("183", dt.date(2023, 6, 30)).key
LOC_BINH = UNITS.get("184", dt.date(2023, 6, 30)).key


def new_fingerprint() -> str:
    return SigningKey(Ed25519PrivateKey.generate()).fingerprint


def database_before_m009(path) -> Database:
    """A database file made by every migration released before m009 (m001 … m008)."""
    before = MigrationSet("baocao")
    for function in migrations._functions:  # the declared order, as open_database applies them
        if function.__name__ != "m009_refusal_reason":
            before()(function)
    db = Database(sqlite3.connect(str(path), isolation_level=None))
    before.apply(db)
    columns = [r[1] for r in db.execute("PRAGMA table_info(unit_keys)").fetchall()]
    assert "refusal_reason" not in columns
    return db


def refuse_as_before(db: Database, key: tuple[str, str], fp: str, reason: str) -> None:
    """What `refuse_key` wrote before m009: the key row refused, the reason in the log only."""
    db.execute(
        "INSERT INTO unit_keys (unit_code, unit_valid_from, fingerprint, status, decided_at, "
        "decided_by) VALUES (?, ?, ?, 'refused', '2025-01-02T03:04:05+00:00', 'Hà') "
        "ON CONFLICT (unit_code, unit_valid_from, fingerprint) DO UPDATE SET status = 'refused'",
        [*key, fp],
    )
    TrustStore(db).log(
        "refuse",
        f"Từ chối khóa cho {unit_label(UNITS, *key)}: {reason}",
        actor="Hà",
        unit_code=key[0],
        fingerprint=fp,
    )


def test_keys_list_migrates_an_older_database_and_shows_the_same_reasons(tmp_path):
    path = tmp_path / "baocao.db"
    db = database_before_m009(path)
    refused, twice, later_enrolled = new_fingerprint(), new_fingerprint(), new_fingerprint()
    refuse_as_before(db, CAO_LOC, refused, "Người gửi không phải cán bộ của huyện")
    # refused twice: the last reason is the one (a reason may itself hold «: »)
    refuse_as_before(db, LOC_BINH, twice, "gọi điện không được")
    refuse_as_before(db, LOC_BINH, twice, "Sai dấu vân tay: đọc qua điện thoại khác")
    # refused, then enrolled after a second call: no reason to show
    refuse_as_before(db, CAO_LOC, later_enrolled, "chưa xác minh")
    db.execute("UPDATE unit_keys SET status = 'enrolled' WHERE fingerprint = ?", [later_enrolled])
    db.conn.close()

    listed = run_cli("keys", "list", "--json", db=path)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    rows = {r["fingerprint"]: r for r in json.loads(listed.stdout)}
    assert {fp: (r["status"], r["reason"]) for fp, r in rows.items()} == {
        refused: ("refused", "Người gửi không phải cán bộ của huyện"),
        twice: ("refused", "Sai dấu vân tay: đọc qua điện thoại khác"),
        later_enrolled: ("enrolled", ""),
    }
    # the JSON rows carry the same fields as before m009, the reason last
    assert list(rows[refused]) == [
        "id", "unit_code", "unit_valid_from", "fingerprint", "public_key", "person", "status",
        "requested_at", "decided_at", "decided_by", "replaced_at", "reason",
    ]  # fmt: skip
    table = " ".join(run_cli("keys", "list", db=path).stdout.split())
    assert "bị từ chối (lý do: Người gửi không phải cán bộ của huyện)" in table
    assert "bị từ chối (lý do: Sai dấu vân tay: đọc qua điện thoại khác)" in table
    assert table.count("lý do:") == 2

    # the reason is now data in the key's row, read once by the migration
    with sqlite3.connect(path) as conn:
        stored = dict(conn.execute("SELECT fingerprint, refusal_reason FROM unit_keys").fetchall())
    assert stored == {
        refused: "Người gửi không phải cán bộ của huyện",
        twice: "Sai dấu vân tay: đọc qua điện thoại khác",
        later_enrolled: None,
    }


def test_refusal_stored_with_the_key_and_cleared_by_accepting(tmp_path):
    """Today's route: `refuse_key` keeps the reason in the key's row; accepting the same key
    afterwards clears it (a reason belongs to a refused key only)."""
    from desktop.core.services import Services
    from desktop.core.trust.enrolment import accept_key, refuse_key

    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2023, 7, 1))
    unit = svc.units.get("183", dt.date(2023, 6, 30))
    fp = new_fingerprint()
    refuse_key(svc, unit, fp, actor="Hà", reason="  Không đúng người  ")
    assert [(k.status, k.reason) for k in TrustStore(svc.db).keys()] == [
        ("refused", "Không đúng người")
    ]
    accept_key(svc, unit, fp, actor="Hà")
    assert [(k.status, k.reason) for k in TrustStore(svc.db).keys()] == [("enrolled", "")]
    row = svc.db.execute("SELECT refusal_reason FROM unit_keys").fetchone()
    assert row == (None,)


REASONS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(str.strip)


@pytest.fixture(scope="module")
def made_before_m009(tmp_path_factory):
    """One empty database file made by m001 … m008, copied for each example (making it is
    most of an example's time)."""
    path = tmp_path_factory.mktemp("before_m009") / "baocao.db"
    database_before_m009(path).conn.close()
    return path


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reasons=st.lists(REASONS, min_size=1, max_size=3))
def test_migrated_reason_is_the_last_refusals_reason(made_before_m009, tmp_path_factory, reasons):
    """Whatever the officer typed (Vietnamese, «: », spaces around), the migrated reason is
    the last refusal's, as the log sentence's reading gave it."""
    path = tmp_path_factory.mktemp("m009") / "baocao.db"
    shutil.copyfile(made_before_m009, path)
    db = Database(sqlite3.connect(str(path), isolation_level=None))
    fp = new_fingerprint()
    for reason in reasons:
        refuse_as_before(db, CAO_LOC, fp, reason.strip())
    db.conn.close()
    migrated = open_database(path)
    try:
        assert [k.reason for k in TrustStore(migrated).keys()] == [reasons[-1].strip()]
    finally:
        migrated.conn.close()
