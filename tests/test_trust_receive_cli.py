"""`baocao keys receive` over a folder of files the province was sent: each file gets its
own outcome, as `package import` does — the genuine requests are recorded (pending), a
corrupt, forged, tampered, oversized, wrong-kind or unreadable file is refused with its
reason, and none of them ends the batch or prints a traceback.  Exit 0 when every file
was recorded, 1 when any was refused."""

from __future__ import annotations

import datetime as dt
import json
import shutil

from desktop.core.exchange.signing import SigningKey
from desktop.core.storage.trust_tables import now
from desktop.core.trust.enrolment import EnrolmentRequest, UnitRef, write_decision
from desktop.core.trust.envelope import write_sealed
from desktop.core.units import UnitCatalog
from tests.test_trust_cli import Install


def hostile_folder(tmp_path, genuine: Install, other: Install):
    """A folder holding two genuine requests and every kind of bad file."""
    inbox = tmp_path / "hop_thu"
    inbox.mkdir()
    good_183 = genuine.request("183", "Nguyễn Thị Lan")
    good_178 = other.request("178", "Hoàng Văn Nam")
    shutil.copy(good_183, inbox / "1_cao_loc.baocao-dangky")
    shutil.copy(good_178, inbox / "2_lang_son.baocao-dangky")
    text = good_183.read_bytes()
    (inbox / "3_cut.baocao-dangky").write_bytes(text[: len(text) // 2])
    (inbox / "4_garbage.baocao-dangky").write_bytes(bytes(range(256)) * 8)
    env = json.loads(text)
    env["body"] = env["body"].replace('"183"', '"178"')  # signed text changed
    (inbox / "5_tampered.baocao-dangky").write_text(json.dumps(env), encoding="utf-8")
    (inbox / "6_nested.baocao-dangky").write_text("[" * 100_000, encoding="utf-8")
    (inbox / "7_huge.baocao-dangky").write_bytes(b" " * (2 * 1024 * 1024 + 1))
    (inbox / "8_folder.baocao-dangky").mkdir()
    key = SigningKey.load_or_create(tmp_path / "khoa_ke_gian")
    forged = EnrolmentRequest(  # signed by one key, claiming another's fingerprint
        unit=UnitRef(code="183", name="Huyện Cao Lộc", valid_from=""),
        person="Kẻ giả",
        fingerprint=genuine.fingerprint,
        created_at=now(),
        app_version="1",
    )
    write_sealed(forged, key, inbox / "9_forged.baocao-dangky")
    nowhere = forged.model_copy(
        update={"unit": UnitRef(code="99999", name="Xã Không Có"), "fingerprint": key.fingerprint}
    )
    write_sealed(nowhere, key, inbox / "10_no_unit.baocao-dangky")
    unit = UnitCatalog.load().get("178", dt.date(2023, 6, 30))
    write_decision(key, unit, key.fingerprint, "accepted", inbox / "11_decision.baocao-dangky")
    return inbox


def test_receive_folder_each_file_its_own_outcome(tmp_path):
    province, genuine, other = (Install(tmp_path, n) for n in ("tinh", "cao_loc", "lang_son"))
    inbox = hostile_folder(tmp_path, genuine, other)
    files = sorted(inbox.iterdir(), key=lambda p: int(p.name.split("_")[0]))
    r = province.run("keys", "receive", *map(str, files), "--author", "Minh", ok=False)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    lines = {ln.split("»")[0].lstrip("«"): ln for ln in r.stdout.splitlines() if ln.startswith("«")}
    assert list(lines) == [f.name for f in files]  # one line a file, in order
    assert genuine.fingerprint in lines["1_cao_loc.baocao-dangky"]
    assert "Hoàng Văn Nam" in lines["2_lang_son.baocao-dangky"]
    expected = {
        "3_cut": "không đúng định dạng",
        "4_garbage": "không đúng định dạng",
        "5_tampered": "chữ ký không hợp lệ",
        "6_nested": "không đúng định dạng",
        "7_huge": "tệp quá lớn",
        "8_folder": "không đọc được tệp",
        "9_forged": "khác khóa đã ký",
        "10_no_unit": "Tệp «10_no_unit.baocao-dangky»: không có đơn vị mã 99999",
        "11_decision": "đây là quyết định đăng ký khóa",
    }
    for stem, words in expected.items():
        line = lines[f"{stem}.baocao-dangky"]
        assert "KHÔNG NHẬN" in line and words in line, line
    assert r.stdout.rstrip().endswith("Tổng: đã nhận 2, không nhận 9.")

    keys = province.json("keys", "list")
    assert sorted((k["unit_code"], k["fingerprint"], k["status"]) for k in keys) == sorted(
        [("183", genuine.fingerprint, "pending"), ("178", other.fingerprint, "pending")]
    )
    assert [e["action"] for e in province.json("keys", "log")] == ["request", "request"]

    # the same two again, as JSON: recorded (idempotent), exit 0, the log unchanged
    r = province.run("keys", "receive", *map(str, files[:2]), "--json")
    got = json.loads(r.stdout)
    assert [(g["file"], g["outcome"]) for g in got] == [
        ("1_cao_loc.baocao-dangky", "received"),
        ("2_lang_son.baocao-dangky", "received"),
    ]
    assert got[0]["request"]["fingerprint"] == genuine.fingerprint
    assert len(province.json("keys", "log")) == 2
    # one bad file in JSON: its message, exit 1
    r = province.run("keys", "receive", str(files[4]), "--json", ok=False)
    assert r.returncode == 1
    [bad] = json.loads(r.stdout)
    assert bad["outcome"] == "refused" and "chữ ký không hợp lệ" in bad["message"]
