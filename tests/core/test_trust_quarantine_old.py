"""Packages an older BaoCao refused under a mistyped key and left only in `quarantine/`
(no `held_packages` row, no `held/` copy: exchange/held_quarantine.py): enrolling the key
that signed them finds them and imports them as a fresh import would, once, in-process on
real databases and a real quarantine folder."""

from __future__ import annotations

import shutil
import sqlite3

from desktop.core.exchange.held_quarantine import original_name, quarantine_dir
from desktop.core.exchange.service import import_packages
from desktop.core.periods import Period
from desktop.core.trust.enrolment import accept_key, unseen
from tests.core.package_tools import resign
from tests.core.test_trust_policy import fp, installation, package


def mistyped(key: str) -> str:
    return ("0" if key[0] != "0" else "1") + key[1:]


def as_an_older_version_left_it(province) -> None:
    """What a province database and its folder looked like before 765c028: the refusal
    quarantined and logged, nothing in `held_packages`, no `held/` folder."""
    province.close()
    with sqlite3.connect(province.db_path) as conn:
        conn.execute("DELETE FROM held_packages")
    shutil.rmtree(province.db_path.parent / "held")


def test_enrolling_the_right_key_imports_what_an_older_version_quarantined(tmp_path):
    clerk, stranger = installation(tmp_path / "xa"), installation(tmp_path / "la")
    province = installation(tmp_path / "tinh")
    unit = province.units.for_period("178", Period.parse("2023-H1"))
    accept_key(province, unit, mistyped(fp(clerk)))  # the officer's slip
    genuine = package(clerk, "256812", tmp_path / "cao_loc_h1.baocao")
    # the same file arriving twice, and a stranger's package for the same unit
    fake = package(stranger, "999", tmp_path / "gia_mao.baocao")
    # and one the clerk signed whose form is not the province's: refused for that, not its key
    other_form = resign(genuine, tmp_path / "khac_bieu.baocao", clerk.key_dir, manifest=lambda m: {
        **m, "forms": [{**m["forms"][0], "form_hash": "0" * 64}]})  # fmt: skip
    results = import_packages(province, [genuine, genuine, fake, other_form])
    assert [r.outcome for r in results] == ["rejected"] * 4
    as_an_older_version_left_it(province)
    province = installation(tmp_path / "tinh")
    qdir = quarantine_dir(province.db_path)
    (qdir / "20240101-080000_00000000_hong.baocao").write_bytes(b"PK\x03\x04 not a package")
    [first] = [p for p in qdir.iterdir() if p.name.endswith("_cao_loc_h1.baocao")]
    shutil.copyfile(first, qdir / f"20240102-080000_{first.name.split('_')[1]}_cao_loc_h1.baocao")
    copies = sorted(p.name for p in qdir.iterdir() if not p.name.endswith(".ly-do.txt"))
    assert len(copies) == 5 and original_name(qdir / copies[0]) == "hong.baocao"

    assert unseen(province.db, province.units, unit.key, fp(clerk)) != ""  # the folder unread
    assert unseen(province.db, province.units, unit.key, fp(clerk), db_path=province.db_path) == ""
    assert province.repo.get("178", "", "ngan_sach", "2023-H1") is None

    before = set(qdir.iterdir())
    results = accept_key(province, unit, fp(clerk), actor="Minh")
    after = set(qdir.iterdir())  # kept: the quarantine's copies stay where they are
    assert before <= after and all(p.name.count("khac_bieu") for p in after - before)
    assert [(r.file, r.outcome) for r in results] == [
        ("cao_loc_h1.baocao", "new"), ("khac_bieu.baocao", "rejected")
    ]
    assert "nội dung biểu khác với biểu tỉnh đang dùng" in results[1].message
    stored = province.repo.get("178", unit.key[1], "ngan_sach", "2023-H1")
    assert stored is not None and stored.submission.values[("NS_THU", "th_ky")] == 256812
    # the same outcome as a fresh import: the file again is a duplicate of what was stored
    [again] = import_packages(province, [genuine])
    assert again.outcome == "duplicate", again.message
    # accepted again, nothing is imported twice; the stranger's package stays refused
    assert accept_key(province, unit, fp(clerk), actor="Minh") == []
    with sqlite3.connect(province.db_path) as conn:
        kept = conn.execute("SELECT file_name, fingerprint, outcome FROM held_packages").fetchall()
    assert sorted(kept) == [
        ("cao_loc_h1.baocao", fp(clerk), "new"), ("khac_bieu.baocao", fp(clerk), "rejected_content")
    ]
    assert set(qdir.iterdir()) == after  # the second acceptance quarantined nothing again
