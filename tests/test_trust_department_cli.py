"""`baocao consolidate --accepted-only` for a department's package (issue 12), end to end
with the real command and separate installations: Sở Tài chính (2003), the lead department
of the budget form, and Thành phố Lạng Sơn (178) each enrolled and sending.  While the
province has not accepted the department's submission, a consolidation restricted to
accepted submissions leaves it out (the province figure falls back to the units' sum and
the notes name the department); once accepted it is counted.  The default counts both."""

from __future__ import annotations

import json

from tests.test_trust_cli import PERIOD, Install, imported
from tests.test_trust_status_cli import decide, enrol

DEPARTMENT = "2003"  # Sở Tài chính, lead department of ngan_sach (valid until 28/02/2025)


def consolidated(province: Install, *extra: str) -> dict:
    """The province's ngan_sach table (consolidate --json) of the period."""
    out = province.root / "tong_hop.json"
    province.run(
        "consolidate", "--period", PERIOD, "--form", "ngan_sach",
        "--out", str(province.root / "tong_hop.xlsx"), "--json", str(out), *extra,
    )  # fmt: skip
    [form] = json.loads(out.read_text(encoding="utf-8"))["forms"]
    return form


def revenue(form: dict) -> str:
    [row] = [r for r in form["rows"] if r["code"] == "NS_THU"]
    return row["values"]["th_ky"]


def bodies(form: dict) -> list[str]:
    return [b["code"] for b in form["provincial_bodies"]]


def test_department_counted_under_accepted_only_once_accepted(tmp_path):
    province, so_tai_chinh, lang_son = (
        Install(tmp_path, n) for n in ("tinh", "so_tai_chinh", "lang_son")
    )
    enrol(province, so_tai_chinh, DEPARTMENT)
    enrol(province, lang_son, "178")
    results = imported(
        province,
        so_tai_chinh.send(DEPARTMENT, "5.000.000", "stc_1", chi="4.000.000"),
        lang_son.send("178", "20", "ls_1"),
    )
    assert [r["outcome"] for r in results] == ["new", "new"], results
    decide(province, "accept", "178")  # the department's submission awaits review
    states = {r["unit"]: r["state"] for r in province.json("review", "list", "--period", PERIOD)}
    assert states == {DEPARTMENT: "awaiting", "178": "accepted"}

    # default: everything received counts, the department's figure is the province's
    every = consolidated(province)
    assert bodies(every) == [DEPARTMENT]
    assert revenue(every) == "5000000"

    # accepted only: the department is left out and named; the units' sum stands in
    only = consolidated(province, "--accepted-only")
    assert bodies(only) == []
    assert revenue(only) == "20"
    assert any(
        "Chưa được tỉnh chấp nhận, không tính" in n and "Sở Tài chính" in n for n in only["notes"]
    ), only["notes"]

    # returned, still out; accepted, counted
    decide(province, "return", DEPARTMENT, "--comment", "Đề nghị đối chiếu với Kho bạc.")
    assert revenue(consolidated(province, "--accepted-only")) == "20"
    decide(province, "accept", DEPARTMENT)
    accepted = consolidated(province, "--accepted-only")
    assert bodies(accepted) == [DEPARTMENT]
    assert revenue(accepted) == "5000000"
    assert not any("Chưa được tỉnh chấp nhận" in n for n in accepted["notes"])
