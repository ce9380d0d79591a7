"""A required row is required only of a unit that answers for it (the responsibility matrix,
resources/units/responsibilities.json, with the real forms): Cục Thuế reports the budget
form's revenue, Kho bạc its spending; neither is made to fill or mark the other's row to
finish, while a commune and Sở Tài chính (given the whole form) still must fill both.
Through the real CLI (`entry load --final`), and for every department and form of the
matrix through the core's validation."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop.core.errors import BaoCaoError
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.submission import Submission
from tests.conftest import run_cli

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

H1 = "2023-H1"
THU, CHI = "«Tổng thu ngân sách nhà nước trên địa bàn»", "«Tổng chi ngân sách địa phương»"


def budget_file(tmp_path, unit: str, rows: dict[str, str]):
    path = tmp_path / f"ngan_sach_{unit}.json"
    doc = {
        "format": "baocao-submission/1",
        "form": "ngan_sach",
        "form_version": 1,
        "unit": unit,
        "period": H1,
        "values": {code: {"th_ky": v} for code, v in rows.items()},
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def finish(tmp_path, unit: str, rows: dict[str, str]):
    return run_cli(
        "entry", "load", str(budget_file(tmp_path, unit, rows)), "--final", "--author", "Lan",
        db=tmp_path / f"{unit}.db",
    )  # fmt: skip


def required_rows_missing(said: str) -> set[str]:
    return {
        label
        for label in (THU, CHI)
        if f"thieu_bat_buoc: {label} là chỉ tiêu bắt buộc" in " ".join(said.split())
    }


def test_labels_are_the_forms_own(tmp_path):
    form = Services(db_path=tmp_path / "x.db").pack.get("ngan_sach")
    labels = {i.code: f"«{i.label}»" for i in form.iter_indicators() if i.required}
    assert labels == {"NS_THU": THU, "NS_CHI": CHI}


def test_a_department_finishes_its_own_rows_only(tmp_path):
    tax = finish(tmp_path, "2031", {"NS_THU": "209.435"})  # Cục Thuế: revenue
    assert tax.returncode == 0, tax.stdout + tax.stderr
    assert "đã hoàn thành" in tax.stdout
    treasury = finish(tmp_path, "2035", {"NS_CHI": "1.000"})  # Kho bạc: spending
    assert treasury.returncode == 0, treasury.stdout + treasury.stderr

    # Kho bạc without its own row: only its own row is asked for
    said = finish(tmp_path, "2035", {"NS_THU": "5"})
    assert said.returncode == 1
    assert required_rows_missing(said.stdout + said.stderr) == {CHI}


def test_a_commune_and_a_department_given_the_whole_form_still_fill_both(tmp_path):
    for unit in ("178", "2003"):  # TP Lạng Sơn; Sở Tài chính (the whole budget form)
        said = finish(tmp_path, unit, {"NS_THU": "5"})
        assert said.returncode == 1, (unit, said.stdout)
        assert required_rows_missing(said.stdout + said.stderr) == {CHI}, unit
        said = finish(tmp_path, unit, {"NS_CHI": "5"})
        assert required_rows_missing(said.stdout + said.stderr) == {THU}, unit


def test_every_department_of_the_matrix_is_asked_for_its_own_required_rows_only(tmp_path):
    svc = Services(db_path=tmp_path / "x.db")
    matrix = svc.responsibilities
    checked = 0
    for unit in svc.units.departments():
        period = period_of(svc, unit)
        if period is None:
            continue  # (a version too short to own a quarter)
        for report in matrix.of(unit):
            form = svc.pack.get(report.form)
            required = {i.code for i in form.iter_indicators() if i.required}
            if not required or period.type not in form.period_types:
                continue
            sub = Submission(form.id, form.version, unit.code, str(period), values={})
            asked = {
                i.location.indicator for i in svc.validate(sub).issues if i.code == "thieu_bat_buoc"
            }
            whole = any(
                r.form == form.id and not r.sections and not r.indicators for r in matrix.of(unit)
            )
            mine = {c for c in required if whole or matrix.reports_indicator(unit, form, c)}
            assert asked == mine, (unit.code, unit.name, form.id)
            checked += 1
    assert checked >= 10  # the matrix gives departments forms with required rows


def period_of(svc, unit):
    """A quarter this version of the department reports for."""
    for text in ("2023-Q2", "2025-Q2", "2025-Q4"):
        period = Period.parse(text)
        try:
            if svc.units.for_period(unit.code, period).key == unit.key:
                return period
        except BaoCaoError:  # not valid then
            continue
    return None


def test_the_department_figure_is_stored_as_given(tmp_path):
    """(the part it answers for is kept exactly)"""
    finish(tmp_path, "2031", {"NS_THU": "209.435"})
    svc = Services(db_path=tmp_path / "2031.db")
    unit = svc.units.for_period("2031", Period.parse(H1))
    stored = svc.repo.get("2031", unit.key[1], "ngan_sach", H1)
    assert stored.status == "final"
    assert stored.submission.values == {("NS_THU", "th_ky"): Decimal("209435")}
