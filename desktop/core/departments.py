"""Departments as reporting units: who reports which forms, and the catalog filtered by kind.

The departments themselves (sở, ban, ngành and the central agencies in the province) are
units of level "department" in the unit catalog (see `units.py`).  What each of them
reports is the responsibility matrix, data in `resources/units/responsibilities.json`:

    {"unit": "2003", "valid_from": "2025-03-01",          # one version of a department
     "reports": [{"form": "ngan_sach"},                   # the whole form
                 {"form": "kinh_te_tinh", "sections": ["Ngân hàng"]},        # part of it
                 {"form": "cong_thuong_dich_vu", "indicators": ["CT_TD_DU_NO"]}]}

`check_responsibilities` returns every problem at once (an unknown unit or form, a section
or indicator the form does not have) as Vietnamese messages; a test runs it on the shipped
files and the form pack.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from desktop import paths
from desktop.core.units import Unit, UnitCatalog


class Report(BaseModel):
    """One form (or part of it) a department reports."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    form: str
    sections: list[str] = Field(default_factory=list)  # section titles; empty = whole form
    indicators: list[str] = Field(default_factory=list)  # indicator codes; empty = whole form


class Responsibility(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: str
    valid_from: dt.date | None = None
    reports: list[Report]

    @property
    def key(self) -> tuple[str, str]:
        return (self.unit, self.valid_from.isoformat() if self.valid_from else "")


class ResponsibilityMatrix(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = ""
    # forms only departments report (a province-level form: no commune or district has
    # it); Services.reports_form reads it
    departments_only: list[str] = Field(default_factory=list)
    responsibilities: list[Responsibility]

    @classmethod
    def load(cls, path: Path | None = None) -> ResponsibilityMatrix:
        path = path or paths.units_catalog_path().with_name("responsibilities.json")
        return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))

    def of(self, unit: Unit) -> list[Report]:
        """What one version of a department reports (nothing if it has no entry)."""
        return next((r.reports for r in self.responsibilities if r.key == unit.key), [])

    def reports_indicator(self, unit: Unit, form, code: str) -> bool:
        """Whether one version of a department is responsible for an indicator of a form."""
        section = next(s.title for s in form.sections if any(i.code == code for i in s.indicators))
        return any(
            r.form == form.id
            and (not r.sections and not r.indicators or section in r.sections or code in r.indicators)
            for r in self.of(unit)
        )

    def answered_by(self, unit: Unit, form) -> frozenset[str] | None:
        """The indicator codes of `form` that `unit` answers for; None when it answers for
        the whole form (a commune, a district, the province office; a department given the
        whole form).  A department answers only for the sections and indicators the matrix
        gives it (none of a form it is not given): the rows other departments answer for
        are never required of it (validation/checks.py, check_required)."""
        if unit.level != "department":
            return None
        reports = [r for r in self.of(unit) if r.form == form.id]
        if any(not r.sections and not r.indicators for r in reports):
            return None
        return frozenset(
            i.code
            for s in form.sections
            for i in s.indicators
            if any(s.title in r.sections or i.code in r.indicators for r in reports)
        )

    def reporters(self, form_id: str, units: list[Unit]) -> list[Unit]:
        """The departments among `units` that report (part of) a form."""
        return [u for u in units if any(r.form == form_id for r in self.of(u))]


def check_responsibilities(matrix: ResponsibilityMatrix, catalog: UnitCatalog, pack) -> list[str]:
    """Every problem of the matrix against the catalog and the form pack, in Vietnamese."""
    problems: list[str] = []
    versions = {u.key: u for u in catalog.departments()}
    seen: set[tuple[str, str]] = set()
    for resp in matrix.responsibilities:
        where = f"đơn vị {resp.unit}" + (f" (từ {resp.valid_from:%d/%m/%Y})" if resp.valid_from else "")
        if resp.key in seen:
            problems.append(f"{where}: khai báo trách nhiệm hai lần.")
        seen.add(resp.key)
        if resp.key not in versions:
            problems.append(f"{where}: không có sở, ngành này trong danh mục đơn vị.")
        for report in resp.reports:
            form = pack.forms.get(report.form)
            if form is None:
                problems.append(f"{where}: không có biểu «{report.form}» trong bộ biểu mẫu.")
                continue
            titles = {s.title for s in form.sections}
            codes = set(form.indicator_map())
            problems += [
                f"{where}: biểu «{form.id}» không có mục «{t}»." for t in report.sections if t not in titles
            ]
            problems += [
                f"{where}: biểu «{form.id}» không có chỉ tiêu {c}." for c in report.indicators if c not in codes
            ]
    problems += [
        f"departments_only: không có biểu «{f}» trong bộ biểu mẫu."
        for f in matrix.departments_only
        if f not in pack.forms
    ]
    problems += [
        f"{u.name} ({u.code}) chưa được giao biểu nào trong ma trận trách nhiệm."
        for key, u in versions.items()
        if key not in seen
    ]
    return problems
