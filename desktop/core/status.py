"""Who has reported: the units × forms matrix of a period (the dashboard's data).

Each cell is one of: `missing` (chưa báo cáo), `draft` (đang nhập, chưa gửi), `on_time`
(đúng hạn), `late` (trễ hạn), `revised_late` (đã sửa đổi sau hạn).  The deadline of a form
is its cut-off date (administrative 14th or calendar end, per the form's calendar) plus
the form's `deadline_days` (or the number given by the caller).

The time that counts is a fact the province controls: for an imported submission, when
its package arrived here (the import time, `received_at`); for one entered locally, when
it was finalised.  The unit's own stamp inside the package (`created_at`, which the unit
can set to anything before signing) is shown beside it as what the unit claims
(`unit_claimed_at`), never used to decide on time / late.

A received submission also carries the province's review of its current revision
(`review`: accepted / returned / awaiting, from core/trust/accepted.py); a submission
entered here or still a draft has none.

Level "department": the province's departments (sở, ban, ngành, docs/departments.md), each
only against the forms it reports (resources/units/responsibilities.json); a department
and a form it does not report have no cell, and the forms no department reports no column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path

from desktop.core.errors import BaoCaoError
from desktop.core.periods import Period
from desktop.core.record import record
from desktop.core.trust.accepted import review_of

STATUS_LABELS = {
    "missing": "Chưa báo cáo",
    "draft": "Đang nhập",
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "revised_late": "Sửa đổi sau hạn",
    "held": "Chờ xác nhận khóa",  # a package came, held for its key (trust/holding.py)
}
REVIEW_LABELS = {"accepted": "Đã chấp nhận", "returned": "Bị trả lại", "awaiting": "Chờ xem xét"}
REFORM_DATE = dt.date(2025, 7, 1)
MOST_DEADLINE_DAYS = 60  # days after the cut-off, as a form may set (formdef/models.py)
VN_TIME = dt.timezone(dt.timedelta(hours=7))


@record
class StatusCell:
    """Where one unit's form stands for the period in the reporting-status matrix."""

    unit_code: str
    form_id: str
    status: str
    revision: int | None = None
    submitted_at: str | None = None  # the time that counts (arrival here, or finalised)
    unit_claimed_at: str | None = None  # imported: the package's own creation stamp
    review: str | None = None  # received: accepted | returned | awaiting (REVIEW_LABELS)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def review_label(self) -> str | None:
        return REVIEW_LABELS[self.review] if self.review else None


@record
class StatusMatrix:
    """Who has reported what for a period: units × forms."""

    period: str
    period_label: str
    level: str
    units: list  # Unit objects, in catalog order
    forms: list  # FormHeader objects (id, title, bieu_so …; the form: pack.get(id))
    deadlines: dict[str, dt.date]
    cells: dict[tuple[str, str], StatusCell] = field(default_factory=dict)

    def expected(self, form_id: str) -> int:
        """How many units are to report the form (every unit, but for departments only
        those that report it)."""
        return sum(1 for (_, f) in self.cells if f == form_id)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {f.id: dict.fromkeys(STATUS_LABELS, 0) for f in self.forms}
        for cell in self.cells.values():
            out[cell.form_id][cell.status] += 1
        return out

    def review_counts(self) -> dict[str, dict[str, int]]:
        out = {f.id: dict.fromkeys(REVIEW_LABELS, 0) for f in self.forms}
        for cell in self.cells.values():
            if cell.review:
                out[cell.form_id][cell.review] += 1
        return out

    def overdue_lines(self, today: dt.date) -> list[str]:
        """Who is to be phoned: each unit with forms not in (or still a draft) after their
        deadline, «Sở Nội vụ — quá 1.411 ngày: Biểu 13, 18», in the units' order."""
        from desktop.core.form_runs import form_runs
        from desktop.core.overdue import days_late, overdue_text

        late = days_late(self, today)
        forms = {f.id: f.bieu_so.replace("Biểu số ", "Biểu ") for f in self.forms}
        lines = []
        for unit in self.units:
            by_days: dict[int, list[str]] = {}
            for form in self.forms:
                cell = self.cells.get((unit.code, form.id))
                days = late.get((unit.code, form.id))
                if cell is not None and days and cell.status in ("missing", "draft"):
                    by_days.setdefault(days, []).append(forms[form.id])
            for days, names in by_days.items():  # «Biểu 02–21, 23–25», not 23 names
                lines.append(f"{unit.name} — {overdue_text('missing', days)}: {form_runs(names)}")
        return lines

    def held_lines(self) -> list[str]:
        """Units whose package came and waits for its key to be confirmed, «Xã Đoàn Kết —
        Biểu 05, 07: gói đến 20/11/2026, chờ xác nhận khóa», in the units' order."""
        from desktop.core.form_runs import form_runs

        forms = {f.id: f.bieu_so.replace("Biểu số ", "Biểu ") for f in self.forms}
        lines = []
        for unit in self.units:
            cells = [self.cells.get((unit.code, f.id)) for f in self.forms]
            cells = [c for c in cells if c is not None and c.status == "held"]
            if cells:
                came = _shown_day(min(c.submitted_at or "" for c in cells))
                names = form_runs([forms[c.form_id] for c in cells])
                lines.append(f"{unit.name} — {names}: gói đến {came}, chờ xác nhận khóa")
        return lines

    def claim_lines(self) -> list[str]:
        """Imported cells whose unit-written stamp falls on another day than the arrival."""
        names = {u.code: u.name for u in self.units}
        forms = {f.id: f.bieu_so for f in self.forms}  # «Biểu số 05», never «ngan_sach»
        lines = []
        for c in self.cells.values():
            if not (c.unit_claimed_at and c.submitted_at):
                continue
            if _vn_day(c.unit_claimed_at) != _vn_day(c.submitted_at):
                lines.append(
                    f"{names.get(c.unit_code, c.unit_code)} — {forms.get(c.form_id, c.form_id)}: tỉnh nhận "
                    f"{_shown_day(c.submitted_at)}, đơn vị ghi {_shown_day(c.unit_claimed_at)}"
                )
        return lines

    def to_json(self) -> dict:
        return {
            "period": self.period,
            "period_label": self.period_label,
            "level": self.level,
            "forms": [
                {
                    "id": f.id,
                    "title": f.title,
                    "bieu_so": f.bieu_so,
                    "deadline": self.deadlines[f.id].isoformat(),
                }
                for f in self.forms
            ],
            "units": [{"code": u.code, "name": u.name, "valid_from": u.key[1]} for u in self.units],
            "cells": [
                {
                    "unit": c.unit_code,
                    "form": c.form_id,
                    "status": c.status,
                    "status_label": c.label,
                    "revision": c.revision,
                    "submitted_at": c.submitted_at,
                    "unit_claimed_at": c.unit_claimed_at,
                    "review": c.review,
                    "review_label": c.review_label,
                }
                for c in self.cells.values()
            ],
            "counts": self.counts(),
            "status_labels": STATUS_LABELS,
            "review_counts": self.review_counts(),
            "review_labels": REVIEW_LABELS,
        }


def _vn_day(stamp: str) -> dt.date | None:
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(VN_TIME)  # Vietnam time decides the day
    return when.date()


def _shown_day(stamp: str) -> str:
    day = _vn_day(stamp)
    return f"{day:%d/%m/%Y}" if day else f"«{stamp}»"


def _submitted_on(meta) -> tuple[str | None, dt.date | None]:
    for attr in (
        ("received_at",) if meta.origin == "imported" else ("finalised_at", "sent_at", "created_at")
    ):
        stamp = getattr(meta, attr, None)
        day = _vn_day(stamp) if stamp else None
        if day is not None:
            return stamp, day
    return None, None


def default_level(period: Period) -> str:
    from desktop.core.formdef.models import Calendar

    return "district" if period.window(Calendar.CALENDAR)[1] < REFORM_DATE else "commune"


def _duties(svc, units) -> dict:
    """Each department's forms (unit key → form ids), from the responsibility matrix."""
    matrix = svc.responsibilities
    if matrix is None:
        return {}
    return {u.key: {r.form for r in matrix.of(u)} for u in units}


def reporting_status(
    svc,
    period_text: str,
    *,
    form_ids: list[str] | None = None,
    level: str | None = None,
    deadline_days: int | None = None,
) -> StatusMatrix:
    period = Period.parse(period_text)
    if deadline_days is not None and not 0 <= deadline_days <= MOST_DEADLINE_DAYS:
        raise BaoCaoError(
            f"Hạn nộp: số ngày sau ngày chốt số liệu phải từ 0 đến {MOST_DEADLINE_DAYS}, "
            f"không phải {deadline_days}.",
            code="so_ngay_han_nop",
        )
    level = level or default_level(period)
    units = svc.units.reporting_units(period, level)
    forms = (  # headers: a cached pack builds no form for this
        [svc.pack.header(f) for f in form_ids] if form_ids else svc.pack.by_number()
    )
    forms = [f for f in forms if period.type in f.period_types]
    due = _duties(svc, units) if level == "department" else None
    if due is not None:  # a department against the forms it reports, and only those
        units = [u for u in units if due.get(u.key)]
        forms = [f for f in forms if any(f.id in d for d in due.values())]
    else:  # a form some unit of the level reports (not a province-level one)
        forms = [f for f in forms if any(svc.reports_form(u, f.id) for u in units)]
    deadlines = {
        f.id: period.deadline(
            f.calendar, f.deadline_days if deadline_days is None else deadline_days
        )
        for f in forms
    }
    matrix = StatusMatrix(str(period), period.label, level, units, forms, deadlines)
    metas, states, held = {}, {}, {}
    if svc.db_exists():
        from desktop.core.trust.accepted import review_states

        states = review_states(svc.db, str(period))
        held = _held(svc.db, str(period))
        for meta in svc.repo.list_for_period(str(period), [f.id for f in forms]):
            metas[(meta.unit_code, meta.unit_valid_from, meta.form_id)] = meta
    for unit in units:
        for form in forms:
            if due is not None and form.id not in due[unit.key]:
                continue
            meta = metas.get((unit.code, unit.key[1], form.id))
            waiting = _held_for(held.get(unit.key, ()), form.id)
            if meta is None and waiting:  # came, not counted until its key is confirmed
                cell = StatusCell(unit.code, form.id, "held", submitted_at=waiting)
            elif meta is None:
                cell = StatusCell(unit.code, form.id, "missing")
            elif meta.status == "draft":
                cell = StatusCell(unit.code, form.id, "draft", meta.revision)
            else:
                stamp, day = _submitted_on(meta)
                late = day is not None and day > deadlines[form.id]
                status = ("revised_late" if meta.revision > 1 else "late") if late else "on_time"
                claimed = meta.created_at if meta.origin == "imported" else None
                cell = StatusCell(
                    unit.code,
                    form.id,
                    status,
                    meta.revision,
                    stamp,
                    claimed,
                    review_of(meta, states),
                )
            matrix.cells[(unit.code, form.id)] = cell
    return matrix


def _held(db, period: str) -> dict[tuple[str, str], list[tuple[str, frozenset | None]]]:
    """The period's packages held for their key (trust/holding.py), by unit key: when each
    came and its forms (None when its file can no longer be read: every form).  A commune
    whose package waits for the officer's phone call is not «quá 12 ngày»."""
    from desktop.core.storage.trust_tables import TrustStore

    out: dict = {}
    for row in TrustStore(db).held():
        if row["period"] == period:
            key = (row["unit_code"], row["unit_valid_from"])
            out.setdefault(key, []).append((row["held_at"], _forms_in(row["stored_path"])))
    return out


def _forms_in(stored_path: str) -> frozenset | None:
    """The forms a held package carries (its signed manifest), None if it cannot be read;
    the package reader is loaded only when some package is held (`baocao status` stays
    quick)."""
    from desktop.core.exchange.package import open_package

    try:
        return frozenset(f.id for f in open_package(Path(stored_path)).manifest.forms)
    except (BaoCaoError, OSError):
        return None


def _held_for(packages, form_id: str) -> str | None:
    """When the first held package carrying `form_id` came, or None."""
    return next((at for at, forms in packages if forms is None or form_id in forms), None)
