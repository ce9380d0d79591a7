"""The clerk's home list: every form that takes a period, with its status (empty, draft,
with errors, finished, sent), deadline and number of sends; and the periods a clerk may
report on now.  What the home page and the period picker show, before any form is opened
(desktop/core/entry_session.py is the open form), so it imports little: the form pack, the
database and validation are reached through `svc` only when the list is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.periods import Period

if TYPE_CHECKING:
    from desktop.core.formdef.models import FormDefinition

STATUS_LABELS = {
    "empty": "Chưa nhập",
    "draft": "Đang nhập",
    "errors": "Có lỗi",
    "final": "Hoàn thành",
    "sent": "Đã gửi",
}


@dataclass(frozen=True)
class FormStatus:
    form: FormDefinition
    status: str
    label: str
    deadline: object
    revision: int | None
    errors: int
    warnings: int
    sends: int = 0  # "Lần gửi": how many times the unit sent this form for the period


def form_statuses(svc, unit, period: Period) -> list[FormStatus]:
    """The clerk's home list: every form that takes this period, with its status."""
    from desktop.core.storage.sends import send_counts

    sends = send_counts(svc.repo, unit.code, unit.key[1], str(period)) if svc.db_exists() else {}
    out = []
    for form in sorted(svc.pack.forms.values(), key=lambda f: f.bieu_so):
        if period.type not in form.period_types:
            continue
        stored = (
            svc.repo.get(unit.code, unit.key[1], form.id, str(period)) if svc.db_exists() else None
        )
        errors = warnings = 0
        if stored is None:
            status = "empty"
        elif stored.status in ("final", "sent"):
            status = stored.status
        else:
            issues = svc.validate(stored.submission).issues
            errors = sum(i.is_error for i in issues)
            warnings = sum(i.severity == "warning" for i in issues)
            status = "errors" if errors else "draft"
        out.append(
            FormStatus(
                form,
                status,
                STATUS_LABELS[status],
                period.deadline(form.calendar, form.deadline_days),
                stored.revision if stored else None,
                errors,
                warnings,
                sends.get(form.id, 0),
            )
        )
    return out


def recent_periods(svc, today, count_months: int = 14) -> list[Period]:
    """Periods a clerk may report on now: recent months, quarters, halves, 9 months, years."""
    from desktop.core.formdef.models import Calendar, PeriodType

    current = Period.from_date(today, PeriodType.MONTH, Calendar.ADMINISTRATIVE)
    months = [current]
    while len(months) < count_months:
        months.append(months[-1].previous())
    longer: list[Period] = []
    for ptype in (
        PeriodType.QUARTER,
        PeriodType.HALF_YEAR,
        PeriodType.NINE_MONTHS,
        PeriodType.YEAR,
    ):
        p = Period.from_date(today, ptype, Calendar.ADMINISTRATIVE)
        for _ in range(3 if ptype in (PeriodType.QUARTER, PeriodType.HALF_YEAR) else 2):
            if not p.is_future(today):
                longer.append(p)
            p = p.previous()
    return [m for m in months if not m.is_future(today)] + sorted(
        longer, key=lambda p: (p.months[-1], p.type.value), reverse=True
    )
