"""Who may speak for a unit, in-process on real databases: a replaced key still counts for
what it signed before the replacement; a refused key is refused; a held file is held once
however often it arrives and is quarantined, not lost, when refused; keys pinned on first
use before enrolment existed are carried over as enrolled by migration m006."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import time
import zipfile
from decimal import Decimal
from pathlib import Path

from desktop.core.exchange.service import export_package, import_packages
from desktop.core.exchange.signing import SigningKey
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.storage.trust_tables import TrustStore, now
from desktop.core.submission import Submission
from desktop.core.trust.enrolment import accept_key, refuse_key

TODAY = dt.date(2026, 11, 23)


def installation(root: Path) -> Services:
    return Services(db_path=root / "baocao.db", today=TODAY)


def package(svc: Services, thu: str, out: Path, unit: str = "178") -> Path:
    sub = Submission(
        "ngan_sach",
        1,
        unit,
        "2023-H1",
        values={("NS_THU", "th_ky"): Decimal(thu), ("NS_CHI", "th_ky"): Decimal("1")},
    )
    svc.save_entry(svc.validate(sub), final=True, actor="Lan")
    return export_package(
        svc, unit_code=unit, period_text="2023-H1", form_ids=["ngan_sach"], out=out
    )[0]


def fp(svc: Services) -> str:
    return SigningKey.load_or_create(svc.key_dir).fingerprint


def created_at(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))["created_at"]


def test_replaced_key_counts_what_it_signed_before(tmp_path):
    old_pc, new_pc, province = (installation(tmp_path / n) for n in ("cu", "moi", "tinh"))
    unit = province.units.for_period("178", Period.parse("2023-H1"))
    accept_key(province, unit, fp(old_pc))
    before = package(old_pc, "100", tmp_path / "truoc.baocao")
    # the replacement dates from just after the first package: it still counts when it arrives late
    accept_key(province, unit, fp(new_pc), replace_from=created_at(before) + "Z")
    [r] = import_packages(province, [before])
    assert r.outcome == "new", r.message
    while now() <= created_at(before):  # times are to the second: the next one is later
        time.sleep(0.05)
    [r] = import_packages(province, [package(old_pc, "200", tmp_path / "sau.baocao")])
    assert r.outcome == "rejected" and "khóa cũ" in r.message
    # when it was signed as the office reads it (18/06/2023 07:00), not «2026-11-23»
    assert re.search(r"ký lúc \d\d/\d\d/\d{4} \d\d:\d\d bằng khóa cũ", r.message), r.message


def test_refused_key_refused_and_held_file_never_lost(tmp_path):
    stranger, province = installation(tmp_path / "la"), installation(tmp_path / "tinh")
    pkg = package(stranger, "999", tmp_path / "la.baocao")
    for _ in range(2):
        [r] = import_packages(province, [pkg])
        assert r.outcome == "held"
    store = TrustStore(province.db)
    [held] = store.held()
    assert Path(held["stored_path"]).read_bytes() == pkg.read_bytes()
    unit = province.units.for_period("178", Period.parse("2023-H1"))
    [r] = refuse_key(province, unit, fp(stranger), actor="Minh", reason="Không phải máy của đơn vị")
    assert r.outcome == "rejected" and Path(r.quarantine_path).read_bytes() == pkg.read_bytes()
    assert store.held() == []
    assert province.repo.get("178", "", "ngan_sach", "2023-H1") is None
    assert [e["action"] for e in store.log_entries()] == ["refuse"]


def test_keys_pinned_on_first_use_become_enrolled(tmp_path):
    unit_svc, province = installation(tmp_path / "don_vi"), installation(tmp_path / "tinh")
    province.db  # noqa: B018 — every migration applied
    province.close()
    with sqlite3.connect(province.db_path) as conn:  # as a database from before m006 was
        conn.execute("DELETE FROM unit_keys")
        conn.execute(
            "INSERT INTO trusted_keys VALUES ('178', '', ?, NULL, 'tofu', '2025-01-01', NULL)",
            [fp(unit_svc)],
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_trust'")
    again = installation(tmp_path / "tinh")
    assert [(k.unit_code, k.status) for k in TrustStore(again.db).keys()] == [("178", "enrolled")]
    [r] = import_packages(again, [package(unit_svc, "5", tmp_path / "a.baocao")])
    assert r.outcome == "new", r.message
