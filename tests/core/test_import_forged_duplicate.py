"""A duplicate is known by the SHA-256 of the whole file (exchange/known.py `duplicate`),
never by the hashes its manifest claims: a package re-signed with another key, or whose
figures were changed and signed again under the content hash the province stores, or
whose signed manifest was kept while the figures beside it were changed, is other bytes —
it goes the whole route and is refused or held, never answered «Trùng (đã có…)» from the
log, and the stored figures stay as they were.  The genuine file again, in the same batch,
is still the duplicate."""

from __future__ import annotations

from desktop.core.exchange.service import import_packages
from tests.core.package_tools import (
    budget,
    enrol,
    export,
    finalise,
    installation,
    members,
    resign,
    zip_members,
)

PERIOD = "2023-H1"


def _changed_figures(data: dict) -> dict:
    data["submissions"][0]["values"]["NS_THU"]["th_ky"] = "999999"
    return data


def _figures(svc) -> list:
    conn = svc.repo.conn
    return [
        conn.execute("SELECT * FROM vals ORDER BY 1, 2, 3").fetchall(),
        conn.execute("SELECT id, revision, content_hash FROM submissions ORDER BY id").fetchall(),
    ]


def test_a_forged_package_claiming_a_stored_content_hash_is_not_a_duplicate(tmp_path):
    unit = installation(tmp_path, "cao_loc")
    finalise(unit, budget("183", PERIOD, "256812"))
    sent = export(unit, "183", PERIOD, tmp_path / "goi.baocao")
    province = installation(tmp_path, "tinh")
    enrol(province, unit, "183", PERIOD)
    assert [r.outcome for r in import_packages(province, [sent])] == ["new"]
    thief = installation(tmp_path, "ke_gian")
    # the thief's key, the figures changed, the manifest's content hash kept
    other_key = resign(sent, tmp_path / "khoa_khac.baocao", thief.key_dir, data=_changed_figures)
    # the unit's own key signing changed figures under the stored content hash
    own_key = resign(sent, tmp_path / "cung_khoa.baocao", unit.key_dir, data=_changed_figures)
    # the genuine signed manifest and signature, the figures beside them changed
    parts = members(sent)
    kept = tmp_path / "ban_ke_that.baocao"
    changed = parts["data.json"].replace(b"256812", b"999999")
    assert changed != parts["data.json"]
    kept.write_bytes(zip_members([(n, changed if n == "data.json" else b) for n, b in parts.items()]))
    genuine = tmp_path / "goi_lai.baocao"
    genuine.write_bytes(sent.read_bytes())

    before = _figures(province)
    results = import_packages(province, [genuine, other_key, own_key, kept])

    assert [r.outcome for r in results] == ["duplicate", "rejected", "rejected", "rejected"]
    for forged in results[1:]:
        assert "Trùng" not in forged.message and forged.quarantine_path is not None
    assert "khóa" in results[1].message  # signed by a key not enrolled for Cao Lộc
    assert "không khớp mã băm trong bản kê" in results[2].message
    assert "không khớp" in results[3].message
    assert _figures(province) == before  # not a figure changed, not a revision added
    logged = province.repo.conn.execute(
        "SELECT file_name, outcome FROM imports ORDER BY id"
    ).fetchall()
    assert logged[-4:] == [
        ("goi_lai.baocao", "duplicate"),
        ("khoa_khac.baocao", "rejected"),
        ("cung_khoa.baocao", "rejected"),
        ("ban_ke_that.baocao", "rejected"),
    ]
