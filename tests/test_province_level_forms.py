"""A form no commune or district reports (Biểu số 22, «Chỉ tiêu kinh tế cấp tỉnh», which only
the province's departments report: `departments_only` in resources/units/responsibilities.json)
is neither listed on a commune's home nor counted against the communes as missing in the
reporting status (the CLI here; the board and the completeness chart read the same
`reporting_status`); the departments still have it.  One answer decides «does unit X report
form F»: Services.reports_form."""

from __future__ import annotations

import json

import pytest

from desktop.core.clerk_home import form_statuses
from desktop.core.periods import Period
from desktop.core.services import Services
from tests.conftest import run_cli

pytestmark = pytest.mark.usefixtures("warm_pack")

MONTH = "2025-09"


def test_communes_are_not_counted_for_a_province_level_form(tmp_path):
    db = tmp_path / "tinh.db"
    communes = json.loads(run_cli("status", "--period", MONTH, "--json", db=db).stdout)
    assert communes["level"] == "commune" and len(communes["units"]) == 65
    assert "kinh_te_tinh" not in {f["id"] for f in communes["forms"]}
    assert "kinh_te_tinh" not in communes["counts"]
    assert all(c["form"] != "kinh_te_tinh" for c in communes["cells"])
    assert "ngan_sach" in communes["counts"]  # lead_department too, but communes report it

    said = run_cli("status", "--period", MONTH, "--level", "department", "--json", db=db)
    departments = json.loads(said.stdout)
    assert sum(departments["counts"]["kinh_te_tinh"].values()) >= 4  # Thống kê, Sở Tài chính …


def test_a_communes_home_does_not_list_biểu_22_and_a_departments_does(tmp_path):
    svc = Services(db_path=tmp_path / "xa.db")
    month = Period.parse(MONTH)
    commune = svc.units.reporting_units(month, "commune")[0]
    listed = {s.form.id for s in form_statuses(svc, commune, month)}
    assert "kinh_te_tinh" not in listed and "ngan_sach" in listed
    statistics = svc.units.for_period("2063", month)  # Thống kê tỉnh
    assert "kinh_te_tinh" in {s.form.id for s in form_statuses(svc, statistics, month)}


def test_the_consolidated_biểu_22_expects_the_departments_not_the_districts(tmp_path):
    """Consolidation took Biểu số 22 as every district's form: the table (and the workbook,
    the CLI, the page) said «Thiếu số liệu 10 đơn vị: Huyện Tràng Định, …», districts that
    never report it, and a district's figures sent with it would be added.  The same
    answer as the status board (Services.reports_form): the departments that report it are
    the ones expected, and the province's figure is theirs."""
    from decimal import Decimal

    from desktop.core.consolidation.engine import consolidate_period
    from desktop.core.submission import Submission
    from tests.conftest import FIXTURES

    svc = Services(db_path=tmp_path / "tinh.db")
    bank = svc.validate_file(FIXTURES / "seed002" / "2034_kinh_te_tinh.json")
    svc.save_entry(bank, final=True, actor="Lan")
    district = svc.validate(
        Submission("kinh_te_tinh", 1, "178", "2023-01", values={("NH_HUY_DONG", "uoc_th"): Decimal(999)})
    )
    svc.save_entry(district, final=True, actor="Lan")
    [table] = consolidate_period(svc, "2023-01", form_ids=["kinh_te_tinh"]).forms
    assert {u.code for u in table.reported} == {"2034"}
    assert table.missing and all(u.code.startswith("20") and len(u.code) == 4 for u in table.missing)
    assert "Huyện" not in table.missing_note and "Cục Thống kê" in table.missing_note
    assert {u.code for u in table.expected} == {u.code for u in table.reported + table.missing}
    [row] = [r for r in table.rows if r.indicator and r.indicator.code == "NH_HUY_DONG"]
    assert row.values["uoc_th"] == Decimal(37160)  # the bank's, never the district's added
    assert not table.has_breakdown and table.figures is None  # no «CT 22», none to offer
