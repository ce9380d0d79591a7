"""Many packages in one import batch (storage/receiving.py): each package all-or-nothing in
its own savepoint, the running totals written once for the batch and equal to a rebuild
from the stored figures, duplicates known from the import log before the file is opened."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.exchange import service
from desktop.core.exchange.service import import_packages
from desktop.core.storage import totals
from tests.core.package_tools import budget, export, finalise, installation
from tests.core.test_exchange import enrol

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

PERIOD = "2023-H1"
UNITS = ("178", "180", "181", "183", "184")
TOTALS = {"178": "209435", "180": "1500.25", "181": "7", "183": "98765.4321", "184": "0.5"}


@pytest.fixture(scope="session")  # shared by the import tests that import it
def sent(tmp_path_factory):
    """One package per unit, each from the unit's own installation (its own key)."""
    tmp = tmp_path_factory.mktemp("don_vi")
    units, files = {}, []
    for code in UNITS:
        svc = installation(tmp, f"don_vi_{code}")
        finalise(svc, budget(code, PERIOD, TOTALS[code]))
        files.append(export(svc, code, PERIOD, tmp / f"{code}.baocao"))
        units[code] = svc
    return units, files


def province_for(tmp: Path, name: str, units) -> object:
    province = installation(tmp, name)
    for code, svc in units.items():
        enrol(province, svc, code)
    return province


def fail_store_of(
    province, codes: tuple[str, ...], how: str = "ABORT", table: str = "vals"
) -> None:
    """A real failure half-way through storing these units' packages: their submission row
    is written, then SQLite refuses their first figure (`vals`) or, later, after the figures
    and their place in the running totals, the audit row (`audit`): a full disk, a broken
    file … ABORT undoes the statement; ROLLBACK ends the whole transaction."""
    listed = ", ".join(f"'{c}'" for c in codes) or "''"
    province.repo.conn.execute(
        f"CREATE TRIGGER hong BEFORE INSERT ON {table} WHEN (SELECT unit_code FROM submissions "
        f"WHERE id = NEW.submission_id) IN ({listed}) BEGIN SELECT RAISE({how}, 'hỏng'); END"
    )


def stored_units(province) -> set[str]:
    rows = province.repo.conn.execute("SELECT DISTINCT unit_code FROM submissions").fetchall()
    return {r[0] for r in rows}


def orphans(province) -> int:
    """Figures, narratives or audit rows of no stored submission."""
    conn = province.repo.conn
    return sum(
        conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE submission_id NOT IN (SELECT id FROM submissions)"
        ).fetchone()[0]
        for table in ("vals", "narratives", "audit")
    )


def assert_totals_current(province, expected_units: set[str]) -> None:
    """The sums written with the batch cover exactly the stored submissions and equal a
    rebuild from their figures, and the total is the hand sum."""
    conn, rules = province.repo.conn, province.repo.totals_rules
    kept = totals.read(conn, PERIOD, "ngan_sach", rules)
    if kept is None and not expected_units:
        return  # nothing counted, no sums kept: made (empty) when first read
    assert kept is not None, "the batch left the sums stale"
    sums, members = kept
    with province.repo.transaction():
        rebuilt, again = totals.rebuild(conn, PERIOD, "ngan_sach", rules)
    assert (sums, members) == (rebuilt, again)
    assert members == len(expected_units)
    hand = sum((Decimal(TOTALS[c]) for c in expected_units), Decimal(0))
    assert sums.get(("s", "NS_THU", "th_ky"), (Decimal(0),))[0] == hand


def test_a_package_failing_in_store_leaves_no_row_and_the_others_stay(sent, tmp_path):
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    fail_store_of(province, ("181",), table="audit")
    results = import_packages(province, files)
    assert [r.outcome for r in results] == ["new", "new", "rejected", "new", "new"]
    assert "181.baocao" in results[2].message and "lỗi không mong đợi" in results[2].message
    assert stored_units(province) == {"178", "180", "183", "184"}
    assert orphans(province) == 0
    assert_totals_current(province, {"178", "180", "183", "184"})
    # once the fault is gone the same file goes in, and the sums follow
    province.repo.conn.execute("DROP TRIGGER hong")
    [again] = import_packages(province, [files[2]])
    assert again.outcome == "new"
    assert_totals_current(province, set(UNITS))


def test_a_failure_that_ends_the_transaction_costs_the_others_nothing(sent, tmp_path):
    """SQLite rolls the whole batch back (RAISE(ROLLBACK), as a full disk can): the batch is
    imported again one file at a time, and only the failing file is refused."""
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    fail_store_of(province, ("180",), how="ROLLBACK")
    results = import_packages(province, files)
    assert [r.outcome for r in results] == ["new", "rejected", "new", "new", "new"]
    assert stored_units(province) == {"178", "181", "183", "184"}
    assert orphans(province) == 0
    assert_totals_current(province, {"178", "181", "183", "184"})


def test_a_log_row_refused_at_the_batch_end_refuses_only_its_file(sent, tmp_path):
    """The batch's import-log rows go in at its end (exchange/known.py): one refused there
    takes the batch again file by file, and only that file is refused, leaving no row."""
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    conn = province.repo.conn
    conn.execute(
        "CREATE TRIGGER hong BEFORE INSERT ON imports WHEN NEW.file_name = '181.baocao' "
        "BEGIN SELECT RAISE(ABORT, 'hỏng'); END"
    )
    results = import_packages(province, files)
    assert [r.outcome for r in results] == ["new", "new", "rejected", "new", "new"]
    assert "181.baocao" in results[2].message and "lỗi không mong đợi" in results[2].message
    assert stored_units(province) == {"178", "180", "183", "184"}
    assert orphans(province) == 0
    assert_totals_current(province, {"178", "180", "183", "184"})
    logged = conn.execute("SELECT file_name, outcome FROM imports ORDER BY id").fetchall()
    assert logged == [(f"{c}.baocao", "new") for c in ("178", "180", "183", "184")]


def test_batches_split_at_their_size_give_the_same_state(sent, tmp_path, monkeypatch):
    units, files = sent
    monkeypatch.setattr(service, "BATCH_FILES", 2)  # three transactions of ≤ 2 packages
    province = province_for(tmp_path, "tinh", units)
    fail_store_of(province, ("183",))
    outcomes = [r.outcome for r in import_packages(province, files)]
    assert outcomes == ["new", "new", "new", "rejected", "new"]
    assert_totals_current(province, {"178", "180", "181", "184"})


def test_progress_and_cancel_count_files(sent, tmp_path):
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    seen: list[tuple[int, int]] = []
    results = import_packages(
        province,
        files,
        progress=lambda n, total: seen.append((n, total)),
        cancelled=lambda: len(stored_units(province)) >= 2,
    )
    assert [r.outcome for r in results] == ["new", "new"]
    assert seen == [(1, 5), (2, 5)]
    assert_totals_current(province, {"178", "180"})


def test_a_known_file_is_a_duplicate_from_the_log(sent, tmp_path):
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    assert [r.outcome for r in import_packages(province, files[:1])] == ["new"]
    conn = province.repo.conn
    kept = conn.execute("SELECT manifest FROM imports WHERE outcome = 'new'").fetchone()[0]
    assert '"package_uuid"' in kept
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT manifest FROM imports WHERE file_sha256 = ? "
        "AND outcome IN ('new') AND manifest IS NOT NULL LIMIT 1",
        ("x",),
    ).fetchall()
    assert any("imports_by_file" in str(row) for row in plan), plan
    [dup] = import_packages(province, files[:1])
    assert (dup.outcome, dup.unit_code, dup.period) == ("duplicate", "178", PERIOD)
    assert [(f.form_id, f.revision, f.outcome) for f in dup.forms] == [
        ("ngan_sach", 1, "duplicate")
    ]
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM imports WHERE outcome = 'duplicate' AND manifest IS NULL"
        ).fetchone()[0]
        == 1
    )  # kept once, with the first


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    failing=st.sets(st.sampled_from(UNITS)),
    how=st.sampled_from(["ABORT", "ROLLBACK"]),
    size=st.integers(1, 6),
    table=st.sampled_from(["vals", "audit"]),
)
def test_any_failing_subset_leaves_exactly_the_others(sent, tmp_path, failing, how, size, table):
    units, files = sent
    home = tmp_path / f"p{len(list(tmp_path.iterdir()))}"
    province = province_for(home, "tinh", units)
    fail_store_of(province, tuple(sorted(failing)), how, table)
    old = service.BATCH_FILES
    service.BATCH_FILES = size
    try:
        results = import_packages(province, files)
    finally:
        service.BATCH_FILES = old
    expected = set(UNITS) - failing
    assert [r.outcome for r in results] == ["rejected" if c in failing else "new" for c in UNITS]
    assert stored_units(province) == expected
    assert orphans(province) == 0
    assert_totals_current(province, expected)
    province.close()
    shutil.rmtree(home, ignore_errors=True)


_STRINGS = st.text(st.characters(codec=None, categories=["L", "N", "P", "Zs", "Cs"]), max_size=8)


@settings(max_examples=200, deadline=None)
@given(
    obj=st.recursive(
        _STRINGS | st.integers(-(10**6), 10**6),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_STRINGS, inner, max_size=4),
        max_leaves=12,
    ),
    ascii_only=st.booleans(),
    upper=st.booleans(),
)
def test_package_json_is_refused_exactly_when_a_string_holds_a_lone_surrogate(
    obj, ascii_only, upper
):
    """`canonical.loads` walks the strings only when the text has a surrogate escape: the
    verdict is the same as walking every string."""
    import json

    from desktop.core import canonical

    text = json.dumps(obj, ensure_ascii=ascii_only)
    if upper:
        text = text.replace("\\u", "\\U").upper().replace("\\U", "\\u")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # not UTF-8: refused before any JSON is read
    parsed = json.loads(text)
    stack, holds = [parsed], False
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            holds = holds or any(0xD800 <= ord(c) <= 0xDFFF for c in item)
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    try:
        canonical.loads(data)
        refused = False
    except canonical.JsonRefused:
        refused = True
    assert refused == holds


def test_m008_upgrades_a_log_written_before_it(tmp_path):
    """A database from before m008 (its import log without the manifest column or the
    index) gets both when opened, and keeps its rows."""
    from desktop.core.storage.database import open_database

    path = tmp_path / "cu.db"
    db = open_database(path)
    db.execute(
        "INSERT INTO imports (at, file_name, file_sha256, outcome, message) "
        "VALUES ('2026-01-01', 'a.baocao', 'abc', 'new', 'Mới')"
    )
    db.execute("DROP INDEX imports_by_file")
    db.execute("ALTER TABLE imports DROP COLUMN manifest")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_imports_by_file'")
    db.conn.commit()
    db.conn.close()
    db = open_database(path)
    columns = {row[1] for row in db.execute("PRAGMA table_info(imports)").fetchall()}
    indexes = {row[1] for row in db.execute("PRAGMA index_list(imports)").fetchall()}
    assert "manifest" in columns and "imports_by_file" in indexes
    assert db.execute("SELECT file_name, manifest FROM imports").fetchall() == [("a.baocao", None)]
    db.conn.close()


def test_the_cycle_collector_is_paused_per_batch_and_restored(sent, tmp_path):
    """The collector is off while a batch goes in (it only walked short-lived figures) and
    on again afterwards — also after a batch whose transaction failed — unless the caller
    had it off already."""
    import gc

    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    fail_store_of(province, ("180",), how="ROLLBACK")
    during: list[bool] = []
    results = import_packages(
        province, files, progress=lambda n, total: during.append(gc.isenabled())
    )
    assert [r.outcome for r in results] == ["new", "rejected", "new", "new", "new"]
    assert during == [False] * 5 and gc.isenabled()
    gc.disable()
    try:
        again = import_packages(province, files[:1])
        assert again[0].outcome == "duplicate" and not gc.isenabled()
    finally:
        gc.enable()
