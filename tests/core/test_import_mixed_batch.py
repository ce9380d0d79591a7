"""One batch of every kind of file, interleaved (exchange/service.py): each keeps its own
outcome and message, in the files' order, and the import log lists them so; a file listed
and gone before it is read is a rejection saying so; when a file's manifest and payload are
both wrong, the manifest's check speaks first.  (Guards the import's order of checks for
any change of how files are read, e.g. a read-ahead.)"""

from __future__ import annotations

import pytest

from desktop.core.exchange.service import import_packages
from tests.core.package_tools import resign
from tests.core.test_exchange import enrol
from tests.core.test_import_batch import installation, sent  # noqa: F401 — a fixture

pytestmark = pytest.mark.usefixtures("warm_pack")


def province(tmp_path, units, codes):
    svc = installation(tmp_path, "tinh")
    for code in codes:
        enrol(svc, units[code], code)
    return svc


def changed(data: dict) -> dict:
    """The payload with one figure more than the manifest's content hash covers."""
    data["submissions"][0]["values"]["NS_THU"]["th_ky"] = "8"
    return data


def mixed_batch(tmp_path, units, files):
    """Good, broken, tampered, a second copy, held, vanished and future files, interleaved."""
    by = {f.stem: f for f in files}
    garbage = tmp_path / "rac.baocao"
    garbage.write_bytes(b"PK\x03\x04 not a package at all")
    tampered = resign(  # signed again by the unit, its figures no longer those hashed
        by["181"],
        tmp_path / "181_sua.baocao",
        units["181"].key_dir,
        data=changed,
    )
    future = resign(  # a period not begun: the manifest's check speaks before the payload's
        by["183"],
        tmp_path / "183_sau.baocao",
        units["183"].key_dir,
        manifest=lambda m: {**m, "period": "2027-H1"},
        data=changed,
    )
    vanished = tmp_path / "da_xoa.baocao"
    vanished.write_bytes(by["180"].read_bytes())
    batch = [
        by["178"],
        garbage,
        by["180"],
        tampered,
        by["178"],
        by["184"],
        vanished,
        future,
        by["183"],
    ]
    vanished.unlink()  # listed, then gone before it is read
    return batch


EXPECTED = [
    "new",
    "rejected",
    "new",
    "rejected",
    "duplicate",
    "held",
    "rejected",
    "rejected",
    "new",
]


def test_a_mixed_batch_keeps_every_outcome_message_and_row_in_order(sent, tmp_path):  # noqa: F811
    units, files = sent
    svc = province(tmp_path, units, ("178", "180", "181", "183"))  # 184's key not enrolled
    batch = mixed_batch(tmp_path, units, files)
    results = import_packages(svc, batch)
    assert [r.outcome for r in results] == EXPECTED
    assert [r.file for r in results] == [p.name for p in batch]
    said = [r.message for r in results]
    assert said[1].startswith("Gói «rac.baocao» bị từ chối:")
    assert (
        said[3]
        == "Gói «181_sua.baocao» bị từ chối: nội dung biểu «ngan_sach» không khớp mã băm trong bản kê."
    )
    assert said[6] == "Gói «da_xoa.baocao» bị từ chối: không tìm thấy hoặc không đọc được tệp."
    assert (
        said[7]
        == "Gói «183_sau.baocao»: kỳ 6 tháng đầu năm 2027 chưa bắt đầu — không thể có số liệu."
    )
    assert (results[3].unit_code, results[7].unit_code) == ("181", "183")  # whose, as claimed
    rows = svc.repo.conn.execute("SELECT file_name, outcome FROM imports ORDER BY id").fetchall()
    assert rows == [(p.name, o) for p, o in zip(batch, EXPECTED, strict=True)]
    stored = svc.repo.conn.execute("SELECT unit_code FROM submissions ORDER BY id").fetchall()
    assert stored == [("178",), ("180",), ("183",)]
    # again: the accepted ones are duplicates from the log, the others as before
    again = import_packages(svc, batch)
    assert [r.outcome for r in again] == [
        "duplicate",
        "rejected",
        "duplicate",
        "rejected",
        "duplicate",
        "held",
        "rejected",
        "rejected",
        "duplicate",
    ]
    assert [r.message for r in again][1::2][:2] == [said[1], said[3]]
