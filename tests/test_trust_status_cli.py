"""The province's review in `baocao status` and `baocao consolidate --accepted-only`, with
the real command and separate installations: Cao Lộc (183) returned, Lạng Sơn (178)
accepted; status shows each; a consolidation restricted to accepted submissions counts
only 178 until 183's next revision is accepted, while the default counts both."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_trust_cli import PERIOD, Install, imported


def enrol(province: Install, unit: Install, code: str) -> None:
    decision = province.root / f"xn_{code}.baocao-xacnhan"
    province.run(
        "keys", "trust", code, unit.fingerprint, "--period", PERIOD, "--out", str(decision)
    )
    unit.run("feedback", "import", str(decision))


def decide(province: Install, verb: str, code: str, *extra: str) -> Path:
    out = province.root / f"{verb}_{code}.baocao-phanhoi"
    province.run(
        "review", verb, "--unit", code, "--period", PERIOD, "--form", "ngan_sach",
        "--out", str(out), *extra,
    )  # fmt: skip
    return out


def province_run(province: Install, *extra: str) -> tuple[list[str], list[str]]:
    """The units counted in the province's ngan_sach table and its notes (consolidate --json)."""
    out = province.root / "tong_hop.json"
    province.run(
        "consolidate", "--period", PERIOD, "--form", "ngan_sach",
        "--out", str(province.root / "tong_hop.xlsx"), "--json", str(out), *extra,
    )  # fmt: skip
    [form] = json.loads(out.read_text(encoding="utf-8"))["forms"]
    return sorted(u["code"] for u in form["reported_units"]), form["notes"]


def test_status_and_accepted_only_consolidation(tmp_path):
    province, cao_loc, lang_son = (Install(tmp_path, n) for n in ("tinh", "cao_loc", "lang_son"))
    enrol(province, cao_loc, "183")
    enrol(province, lang_son, "178")
    imported(province, cao_loc.send("183", "100", "cl_1"), lang_son.send("178", "20", "ls_1"))

    cells = {
        c["unit"]: c
        for c in province.json("status", "--period", PERIOD, "--form", "ngan_sach")["cells"]
    }
    assert cells["183"]["review"] == cells["178"]["review"] == "awaiting"
    assert cells["181"]["review"] is None  # nothing received, nothing to review

    decide(province, "return", "183", "--comment", "Số thu chưa khớp Kho bạc.")
    decide(province, "accept", "178")
    got = province.json("status", "--period", PERIOD, "--form", "ngan_sach")
    cells = {c["unit"]: c for c in got["cells"]}
    assert (cells["183"]["review"], cells["183"]["review_label"]) == ("returned", "Bị trả lại")
    assert (cells["178"]["review"], cells["178"]["review_label"]) == ("accepted", "Đã chấp nhận")
    assert got["review_counts"]["ngan_sach"] == {"accepted": 1, "returned": 1, "awaiting": 0}
    text = province.run("status", "--period", PERIOD, "--form", "ngan_sach").stdout
    assert "trễ ↩" in text and "trễ ✓" in text and "Đã chấp nhận" in text

    assert province_run(province)[0] == ["178", "183"]  # default: all counted, as before
    only, notes = province_run(province, "--accepted-only")
    assert only == ["178"]
    assert any("Chưa được tỉnh chấp nhận, không tính: Huyện Cao Lộc" in n for n in notes)

    # 183 fixes and re-sends; until the province accepts revision 2 it still does not count
    cao_loc.run("feedback", "import", str(province.root / "return_183.baocao-phanhoi"))
    imported(province, cao_loc.send("183", "105", "cl_2"))
    assert province_run(province, "--accepted-only")[0] == ["178"]
    decide(province, "accept", "183")
    assert province_run(province, "--accepted-only")[0] == ["178", "183"]
