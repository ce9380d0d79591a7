"""The month the province's status board («Tình hình báo cáo») opens on: the one the office
is collecting, not the month the calendar is in.

On 1 December the administrative month being filled in is Tháng 12 (its data run from 15
November to 14 December), due on 19 December: nobody has sent it yet, so a board opened
on it is all «chưa», while the reports the office is chasing are November's, due on 19
November.  The board opens on the newest month that
- is due within `NEAR_DAYS` days or is past its deadline (the earliest deadline of the
  monthly forms: Biểu 05 and most others are due 5 days after the 14th), or
- has packages from the units already, in the import log whatever became of them
  (stored, held for a key, refused): that is what is arriving.
Going back from the month `today` falls in, that is this month from about the 12th to the
19th and whenever packages for it have come, and last month otherwise.  A period the
officer chose (remembered by the window) still wins; docs/status-board.md says the same.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.formdef.models import Calendar, PeriodType
from desktop.core.periods import Period

NEAR_DAYS = 7  # a deadline a week away: the office is collecting that month


def period_collected(pack, imports, today: dt.date) -> Period:
    """The month the office is collecting on `today` (see the module's docstring);
    `imports` the ImportLog, None when there is no database yet (nothing has arrived)."""
    monthly = [f for f in pack.by_number() if PeriodType.MONTH in f.period_types]
    month = Period.from_date(today, PeriodType.MONTH, Calendar.ADMINISTRATIVE)
    if not monthly:
        return month
    for _ in range(3):  # this month, or the one before (whose deadline has passed)
        due = min(month.deadline(f.calendar, f.deadline_days) for f in monthly)
        near = due <= today + dt.timedelta(days=NEAR_DAYS)
        if near or (imports is not None and imports.arrived_for(str(month))):
            return month
        month = month.previous()
    return month
