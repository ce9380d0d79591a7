"""A period's calendar window ends on its last month's last day (periods.py works it out
without the `calendar` module, whose import is a few ms of every command)."""

from __future__ import annotations

import calendar

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.formdef.models import Calendar
from desktop.core.periods import Period


@given(
    year=st.integers(1901, 2199),
    month=st.integers(1, 12),
    kind=st.sampled_from(["M", "Q", "H", "9M", "Y"]),
)
def test_the_calendar_window_ends_on_the_last_day_of_its_last_month(year, month, kind):
    text = {
        "M": f"{year}-{month:02d}",
        "Q": f"{year}-Q{(month - 1) // 3 + 1}",
        "H": f"{year}-H{1 if month <= 6 else 2}",
        "9M": f"{year}-9M",
        "Y": f"{year}",
    }[kind]
    period = Period.parse(text)
    start, end = period.window(Calendar.CALENDAR)
    last = period.last_month_index
    assert end == start.replace(month=last, day=calendar.monthrange(year, last)[1])
    assert start.day == 1 and start.month == period.first_month_index and end.year == year
