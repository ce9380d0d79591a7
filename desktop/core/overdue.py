"""Days late, for the status page: after a form's deadline, a unit that has not sent it is
overdue by the days since the deadline; one that sent it late, by the days it was late.

Works on a `StatusMatrix` (desktop/core/status.py) and the day it is today, so the page
and the CLI say the same thing.  Days are counted in Vietnam time, like the deadline.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.numbers import format_vn

VN_TIME = dt.timezone(dt.timedelta(hours=7))
LATE_STATUSES = ("late", "revised_late")
NOT_IN = ("missing", "draft")


def _day(stamp: str | None) -> dt.date | None:
    if not stamp:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return (when.astimezone(VN_TIME) if when.tzinfo else when).date()


def days_late(matrix, today: dt.date) -> dict[tuple[str, str], int]:
    """(unit code, form id) → days past the deadline, for the cells that are overdue (not
    in yet and the deadline passed) or were sent late.  On-time cells are absent."""
    out = {}
    for key, cell in matrix.cells.items():
        deadline = matrix.deadlines[cell.form_id]
        if cell.status in NOT_IN and today > deadline:
            out[key] = (today - deadline).days
        elif cell.status in LATE_STATUSES:
            day = _day(cell.submitted_at)
            if day is not None and day > deadline:
                out[key] = (day - deadline).days
    return out


def overdue_text(status: str, days: int) -> str:
    """How the status page's narrow cells say it: «quá 12 ngày» (not in, 12 days past the
    deadline), «trễ 3 ngày» (came in 3 days late); «quá 1.253 ngày», grouped as figures are."""
    shown = format_vn(Decimal(days))
    return f"quá {shown} ngày" if status in NOT_IN else f"trễ {shown} ngày"
