"""A fingerprint mistyped at enrolment, with the real `baocao` command: the unit's package
is refused (another key is enrolled); correcting the enrolment counts it without the unit
sending it again, as held packages are counted when their key is accepted; enrolling a key
no request and no package named warns (the key asked for does not: tests/gui/test_keys_page)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_trust_cli import PERIOD, Install, counted, imported


def mistyped(fp: str) -> str:
    """The officer's slip: one hex digit wrong."""
    return ("0" if fp[0] != "0" else "1") + fp[1:]


@pytest.fixture
def pair(tmp_path):
    return Install(tmp_path, "tinh"), Install(tmp_path, "cao_loc")


def test_corrected_enrolment_counts_the_package_refused_under_the_mistyped_key(pair):
    province, unit = pair
    wrong = mistyped(unit.fingerprint)
    first = province.run("keys", "trust", "183", wrong, "--period", PERIOD)  # warned, not refused
    assert (
        f"CẢNH BÁO: Chưa từng nhận yêu cầu hay gói nào ký bằng khóa {wrong} của đơn vị "
        "Huyện Cao Lộc (mã 183); kiểm tra lại dấu vân tay." in first.stdout
    )
    pkg = unit.send("183", "256.812", "cao_loc_h1")
    [r] = imported(province, pkg)
    assert r["outcome"] == "rejected" and wrong in r["message"]
    assert counted(province, "183") == []
    # a second slip: only the key accepted brings its own packages back
    fp = unit.fingerprint
    other = fp[:-1] + ("0" if fp[-1] != "0" else "1")
    out = province.run("keys", "trust", "183", other, "--period", PERIOD).stdout
    assert (
        "Xử lý lại" not in out
        and f"CẢNH BÁO: Chưa từng nhận yêu cầu hay gói nào ký bằng khóa {other}" in out
    )
    assert counted(province, "183") == []

    fixed = province.run("keys", "trust", "183", unit.fingerprint, "--period", PERIOD)
    assert "Xử lý lại 1 gói" in fixed.stdout and pkg.name in fixed.stdout
    assert "CẢNH BÁO" not in fixed.stdout  # its refused package named this key
    assert counted(province, "183") == [(1, 256812 * 10**6)]  # not sent again
    with sqlite3.connect(province.db) as conn:
        kept = conn.execute(
            "SELECT fingerprint, outcome FROM held_packages WHERE unit_code = '183'"
        ).fetchall()
        keys = dict(
            conn.execute("SELECT fingerprint, status FROM unit_keys WHERE unit_code = '183'")
        )
    assert kept == [(unit.fingerprint, "new")]
    assert keys == {wrong: "replaced", other: "replaced", unit.fingerprint: "enrolled"}
    # a third decision re-imports nothing: the package is counted, no longer waiting
    again = province.run("keys", "trust", "183", unit.fingerprint, "--period", PERIOD)
    assert "Xử lý lại" not in again.stdout
