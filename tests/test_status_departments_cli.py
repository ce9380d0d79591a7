"""`baocao status --level department`: the provincial office sees which sở, ban, ngành have
sent the forms they report (resources/units/responsibilities.json) — most of a provincial
report's figures are theirs (docs/departments.md) — and, at any level, who is overdue and
by how many days, to phone them (found by L6: the status showed the 11 districts only, and
no days at all on the command line)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SEED = Path(__file__).resolve().parent / "fixtures" / "seed002"


def test_departments_against_the_forms_they_report_and_who_is_overdue(tmp_path, warm_pack):
    db = tmp_path / "tinh.db"
    loaded = run_cli("entry", "load", str(SEED / "2003_ngan_sach.json"), "--final", db=db)
    assert loaded.returncode == 0, loaded.stderr
    got = run_cli("status", "--period", "2023-01", "--level", "department", "--json", db=db)
    assert got.returncode == 0, got.stderr
    matrix = json.loads(got.stdout)
    units = {u["code"]: u["name"] for u in matrix["units"]}
    assert units["2003"] == "Sở Tài chính" and units["2016"] == "Sở Y tế"
    assert not {"178", "183"} & set(units)  # departments, not districts
    cells = {(c["unit"], c["form"]): c["status"] for c in matrix["cells"]}
    assert cells[("2003", "ngan_sach")] != "missing"
    assert cells[("2016", "y_te")] == "missing"
    assert ("2003", "y_te") not in cells  # Sở Tài chính does not report health
    assert ("2016", "ngan_sach") not in cells
    for code in units:  # every department shown has something to report
        assert any(u == code for u, _ in cells), code

    text = run_cli("status", "--period", "2023-01", "--level", "department", db=db).stdout
    assert "Chưa nộp, đã quá hạn (tính đến ngày " in text
    [health] = [line for line in text.splitlines() if line.strip().startswith("Sở Y tế — quá ")]
    assert health.rstrip().endswith("ngày: Biểu 10"), health
    assert not any(line.strip().startswith("Sở Tài chính — quá") for line in text.splitlines())

    # the districts, overdue too, with their days
    text = run_cli("status", "--period", "2023-01", "--form", "ngan_sach", db=db).stdout
    overdue = text.split("Chưa nộp, đã quá hạn", 1)[1].split("\n\n", 1)[0]
    assert "Huyện Cao Lộc — quá " in overdue and "ngày: Biểu 05" in overdue
    assert overdue.count("Biểu 05") == 11  # every district; the department is not one of them
