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
