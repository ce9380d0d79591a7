"""Known files (exchange/known.py): a re-imported file recognised from the import log gives
exactly what the whole route gives — the same outcome, message and fields, the same rows
in the database — whatever the batch mixes (new files, new revisions, duplicates, files
rejected or held before), in any order, any number of times, and whatever the officer
decided about keys in between (a held unit's key accepted, a key replaced from a date
before the files were signed).

The whole route is what a database whose import log kept no manifest (as before m008)
takes for every file: the same province run twice, once as it is and once with the
kept manifests cleared after every step, must end alike."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.exchange import service
from desktop.core.exchange.service import export_package, import_packages
from desktop.core.exchange.signing import SigningKey
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.submission import Submission
from desktop.core.trust.enrolment import accept_key
from tests.core.package_tools import TODAY

PERIOD = "2023-H1"
ENROLLED = ("178", "180", "181")
HELD = "183"  # its key is not enrolled when the rounds begin


def installation(root: Path) -> Services:
    return Services(db_path=root / "baocao.db", today=TODAY)


def fingerprint(svc: Services) -> str:
    return SigningKey.load_or_create(svc.key_dir).fingerprint


def send(svc: Services, unit: str, total: str, out: Path) -> Path:
    sub = Submission(
        "ngan_sach",
        1,
        unit,
        PERIOD,
        values={("NS_THU", "th_ky"): Decimal(total), ("NS_CHI", "th_ky"): Decimal("1")},
        narratives={"ket_qua": "Ổn định."},
    )
    svc.save_entry(svc.validate(sub), final=True, actor="Lan")
    return export_package(svc, unit_code=unit, period_text=PERIOD, form_ids=["ngan_sach"], out=out)[
        0
    ]


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    """Files of every kind: first packages, a second revision, a file whose bytes were
    changed after signing, a unit not yet enrolled; and a second machine's key."""
    tmp = tmp_path_factory.mktemp("goi")
    units = {code: installation(tmp / code) for code in (*ENROLLED, HELD)}
    files = [
        send(units[code], code, str(100 + n), tmp / f"{code}.baocao")
        for n, code in enumerate(units)
    ]
    files.append(send(units["178"], "178", "555.5", tmp / "178_lan2.baocao"))  # revision 2
    broken = bytearray(files[1].read_bytes())
    broken[len(broken) // 2] ^= 0x10
    (tmp / "180_hong.baocao").write_bytes(bytes(broken))
    files.append(tmp / "180_hong.baocao")
    other = installation(tmp / "may_moi")
    fingerprint(other)
    keys = {code: fingerprint(svc) for code, svc in units.items()} | {"moi": fingerprint(other)}
    return files, keys


def province(root: Path, keys: dict[str, str]) -> Services:
    svc = installation(root)
    for code in ENROLLED:
        accept_key(svc, svc.units.for_period(code, Period.parse(PERIOD)), keys[code])
    return svc


def shown(results) -> list[tuple]:
    return [
        (
            r.file,
            r.outcome,
            r.message,
            r.unit_code,
            r.unit_name,
            r.period,
            r.package_uuid,
            [(f.form_id, f.revision, f.outcome, f.supersedes) for f in r.forms],
            r.quarantine_path is not None,
        )
        for r in results
    ]


def state(svc: Services) -> dict[str, list]:
    conn = svc.repo.conn
    queries = {
        "submissions": "SELECT id, unit_code, form_id, period, revision, status, package_uuid, "
        "content_hash, is_current FROM submissions ORDER BY id",
        "vals": "SELECT * FROM vals ORDER BY submission_id, indicator, measure",
        "totals": "SELECT * FROM totals ORDER BY period, form_id, kind, indicator, measure",
        "totals_state": "SELECT period, form_id, spec, members, id_sum FROM totals_state",
        "imports": "SELECT file_name, file_sha256, package_uuid, unit_code, period, outcome, "
        "message, detail FROM imports ORDER BY id",
        "held": "SELECT file_sha256, file_name, unit_code, period, fingerprint FROM held_packages "
        "ORDER BY file_sha256",
    }
    return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def forget_manifests(svc: Services) -> None:
    """The log as a database from before m008 kept it: no file is known from it."""
    with svc.repo.transaction():
        svc.repo.conn.execute("UPDATE imports SET manifest = NULL")


def decide(svc: Services, event: str, keys: dict[str, str]) -> list:
    """The officer's decision between two rounds; returns what releasing held files gave."""
    if event == "accept_held":
        unit = svc.units.for_period(HELD, Period.parse(PERIOD))
        return accept_key(svc, unit, keys[HELD], actor="Minh")
    if event == "replace_before":  # 180's key replaced from a date before its files were signed
        unit = svc.units.for_period("180", Period.parse(PERIOD))
        return accept_key(svc, unit, keys["moi"], actor="Minh", replace_from="2000-01-01T00:00:00")
    return []


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rounds=st.lists(
        st.tuples(
            st.sampled_from(["", "", "accept_held", "replace_before"]),
            st.lists(st.integers(0, 5), min_size=1, max_size=9),
        ),
        min_size=2,
        max_size=4,
    ),
    size=st.integers(1, 4),
)
def test_known_files_end_as_the_whole_route_ends(pool, tmp_path, rounds, size):
    files, keys = pool
    home = tmp_path / f"p{len(list(tmp_path.iterdir()))}"
    fast, whole = province(home / "nhanh", keys), province(home / "day_du", keys)
    old = service.BATCH_FILES
    service.BATCH_FILES = size
    try:
        for event, picks in rounds:
            released = [shown(decide(svc, event, keys)) for svc in (fast, whole)]
            assert released[0] == released[1]
            forget_manifests(whole)
            batch = [files[i] for i in picks]
            got = shown(import_packages(fast, batch))
            assert got == shown(import_packages(whole, batch))
            forget_manifests(whole)
    finally:
        service.BATCH_FILES = old
    assert state(fast) == state(whole)
    for svc in (fast, whole):
        svc.close()
    shutil.rmtree(home, ignore_errors=True)


def test_the_log_keeps_the_files_order_and_one_row_per_attempt(pool, tmp_path):
    """Duplicates' rows are written together, yet the log lists every attempt in the order
    the files came, between the rows of the files that went the whole route."""
    files, keys = pool
    svc = province(tmp_path / "tinh", keys)
    import_packages(svc, [files[0], files[1]])
    batch = [files[0], files[2], files[1], files[5], files[0], files[3]]
    results = import_packages(svc, batch)
    assert [r.outcome for r in results] == [
        "duplicate",
        "new",
        "duplicate",
        "rejected",
        "duplicate",
        "held",
    ]
    rows = svc.repo.conn.execute(
        "SELECT file_name, outcome, manifest IS NULL FROM imports ORDER BY id"
    ).fetchall()[2:]
    assert rows == [
        (files[0].name, "duplicate", 1),
        (files[2].name, "new", 0),
        (files[1].name, "duplicate", 1),
        (files[5].name, "rejected", 1),
        (files[0].name, "duplicate", 1),
        (files[3].name, "held", 1),
    ]
