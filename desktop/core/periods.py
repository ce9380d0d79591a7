"""Reporting periods: month `2023-06`, quarter `2023-Q2`, half-year `2023-H1`/`2023-H2`,
nine months `2023-9M`, year `2023`.

Vietnamese labels, the months a period contains, and its data window per calendar:
- administrative (Nghị định 09/2019/NĐ-CP): figures are cut off on the 14th; a month runs
  from the 15th of the previous month to the 14th; a longer period from the 15th of the
  month before its first month (15/12 of the previous year for H1, 9M and the year) to the
  14th of its last month;
- calendar (statistical reports): natural calendar dates.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache, total_ordering

from desktop.core.errors import BaoCaoError
from desktop.core.formdef.models import Calendar, PeriodType
from desktop.core.record import record

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), PeriodType.MONTH),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), PeriodType.QUARTER),
    (re.compile(r"^(\d{4})-[Hh]([12])$"), PeriodType.HALF_YEAR),
    (re.compile(r"^(\d{4})-9[Mm]$"), PeriodType.NINE_MONTHS),
    (re.compile(r"^(\d{4})$"), PeriodType.YEAR),
]
_ORDER = {
    PeriodType.MONTH: 0,
    PeriodType.QUARTER: 1,
    PeriodType.HALF_YEAR: 2,
    PeriodType.NINE_MONTHS: 3,
    PeriodType.YEAR: 4,
}


_QUARTER = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_LABEL = re.compile(
    r"^(?P<kind>thang|quy|6 thang dau|6 thang cuoi|9 thang|nam)"
    r"(?: (?P<n>\d{1,2}|i{1,3}|iv))?(?: ?[/-] ?| nam | )(?P<year>\d{4})$"
)


def _fold(text: str) -> str:
    """Lower case, no diacritics (đ as d), single spaces: how a label may be typed."""
    import unicodedata

    t = unicodedata.normalize("NFD", (text or "").casefold().replace("đ", "d"))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.split())


class PeriodError(BaoCaoError):
    code = "ky_khong_hop_le"


@total_ordering
@record
class Period:
    """A reporting period: a month, quarter, half-year, nine months or a year."""
    year: int
    type: PeriodType
    index: int = 1

    # ------------------------------------------------------------ parsing, text

    @classmethod
    def parse(cls, text: str) -> Period:
        t = (text or "").strip()
        for pattern, ptype in _PATTERNS:
            m = pattern.match(t)
            if not m:
                continue
            year = int(m.group(1))
            index = int(m.group(2)) if m.lastindex and m.lastindex >= 2 else 1
            if not 1900 <= year <= 2200:
                break
            if ptype is PeriodType.MONTH and not 1 <= index <= 12:
                raise PeriodError(f"Kỳ «{text}»: tháng phải từ 1 đến 12.")
            return cls(year, ptype, index)
        raise PeriodError(
            f"Kỳ báo cáo «{text}» không hợp lệ. Dùng: 2023-06 (tháng), 2023-Q2 (quý), 2023-H1 hoặc 2023-H2 "
            "(6 tháng), 2023-9M (9 tháng), 2023 (năm)."
        )

    # (only the text of this period's type is made: every import result asks for both)
    def __str__(self) -> str:
        t = self.type
        if t == PeriodType.MONTH:
            return f"{self.year}-{self.index:02d}"
        if t == PeriodType.QUARTER:
            return f"{self.year}-Q{self.index}"
        if t == PeriodType.HALF_YEAR:
            return f"{self.year}-H{self.index}"
        if t == PeriodType.NINE_MONTHS:
            return f"{self.year}-9M"
        if t == PeriodType.YEAR:
            return f"{self.year}"
        raise KeyError(t)

    @property
    def label(self) -> str:
        t = self.type
        if t == PeriodType.MONTH:
            return f"Tháng {self.index} năm {self.year}"
        if t == PeriodType.QUARTER:
            return f"Quý {_ROMAN.get(self.index, self.index)} năm {self.year}"
        if t == PeriodType.HALF_YEAR:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if t == PeriodType.NINE_MONTHS:
            return f"9 tháng năm {self.year}"
        if t == PeriodType.YEAR:
            return f"Năm {self.year}"
        raise KeyError(t)

    @property
    def short_label(self) -> str:
        """The label in a list of periods: «Tháng 10/2025», «Quý III/2025», «6 tháng đầu năm
        2025», «9 tháng năm 2025», «Năm 2025»."""
        t = self.type
        if t == PeriodType.MONTH:
            return f"Tháng {self.index}/{self.year}"
        if t == PeriodType.QUARTER:
            return f"Quý {_ROMAN.get(self.index, self.index)}/{self.year}"
        return self.label

    @classmethod
    def from_label(cls, text: str) -> Period | None:
        """The period a clerk's label names, in any case and spacing, with or without
        diacritics: «Tháng 3/2019», «thang 3 nam 2019», «Quý III/2025», «quy 3 - 2025»,
        «6 tháng đầu năm 2023», «6 thang cuoi 2023», «9 tháng 2024», «Năm 2022»; None if
        it names none."""
        t = _fold(text)
        m = _LABEL.match(t)
        if m is None:
            return None
        kind, number, year = m.group("kind"), m.group("n"), int(m.group("year"))
        if not 1900 <= year <= 2200:
            return None
        if kind == "thang" and number and 1 <= int(number) <= 12:
            return cls(year, PeriodType.MONTH, int(number))
        if kind == "quy" and number:
            q = _QUARTER.get(number)
            return cls(year, PeriodType.QUARTER, q) if q else None
        if kind in ("6 thang dau", "6 thang cuoi") and not number:
            return cls(year, PeriodType.HALF_YEAR, 1 if kind.endswith("dau") else 2)
        if kind == "9 thang" and not number:
            return cls(year, PeriodType.NINE_MONTHS, 1)
        if kind == "nam" and not number:
            return cls(year, PeriodType.YEAR, 1)
        return None

    @classmethod
    def read(cls, text: str) -> Period:
        """The period a person names, by its code («2023-Q2») or its label («Quý II/2023»,
        «6 thang dau nam 2023»); a PeriodError saying both ways when neither fits."""
        try:
            return cls.parse(text)
        except PeriodError as exc:  # the code's own reason, then the labels it may be named by
            found = cls.from_label(text)
            if found is None:
                raise PeriodError(
                    f"{exc.message} Hoặc ghi tên kỳ: «Tháng 6/2023», «Quý II/2023», «6 tháng đầu "
                    "năm 2023», «9 tháng năm 2023», «Năm 2023» (có hoặc không dấu)."
                ) from None
            return found

    @property
    def phrase(self) -> str:
        """The label inside a sentence: «tháng 8 năm 2025», «quý III năm 2025» (only the
        first letter lowered: never «quý iii»)."""
        label = self.label
        return label[:1].lower() + label[1:]

    def _key(self) -> tuple:
        return (self.year, self.last_month_index, self.first_month_index, _ORDER[self.type])

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    # ------------------------------------------------------------ months

    @property
    def first_month_index(self) -> int:
        return {
            PeriodType.MONTH: self.index,
            PeriodType.QUARTER: 3 * self.index - 2,
            PeriodType.HALF_YEAR: 6 * self.index - 5,
        }.get(self.type, 1)

    @property
    def last_month_index(self) -> int:
        return {
            PeriodType.MONTH: self.index,
            PeriodType.QUARTER: 3 * self.index,
            PeriodType.HALF_YEAR: 6 * self.index,
            PeriodType.NINE_MONTHS: 9,
            PeriodType.YEAR: 12,
        }[self.type]

    @property
    def months(self) -> tuple[Period, ...]:
        return tuple(
            Period(self.year, PeriodType.MONTH, m)
            for m in range(self.first_month_index, self.last_month_index + 1)
        )

    @property
    def last_month(self) -> Period:
        return Period(self.year, PeriodType.MONTH, self.last_month_index)

    def year_start_months(self) -> tuple[Period, ...]:
        """January to the period's last month: what lũy kế covers."""
        return tuple(
            Period(self.year, PeriodType.MONTH, m) for m in range(1, self.last_month_index + 1)
        )

    def contains(self, other: Period) -> bool:
        return (
            other.year == self.year
            and self.first_month_index <= other.first_month_index
            and other.last_month_index <= self.last_month_index
        )

    def sub_periods(self, ptype: PeriodType) -> tuple[Period, ...]:
        candidates = [
            Period(self.year, ptype, i)
            for i in range(
                1,
                {PeriodType.MONTH: 13, PeriodType.QUARTER: 5, PeriodType.HALF_YEAR: 3}.get(
                    ptype, 2
                ),
            )
        ]
        return tuple(p for p in candidates if self.contains(p))

    # ------------------------------------------------------------ dates

    def window(self, calendar: Calendar | str = Calendar.ADMINISTRATIVE) -> tuple[dt.date, dt.date]:
        """First and last day of the period in `calendar`; a period is an immutable value, so
        each (period, calendar)'s window is worked out once (an import asks it ~3 times a
        package: ~6 µs each to work out)."""
        return _window(self, Calendar(calendar))

    def _window(self, calendar: Calendar) -> tuple[dt.date, dt.date]:
        first, last = self.first_month_index, self.last_month_index
        if calendar is Calendar.CALENDAR:
            # the month's last day: the day before the next month's first (no `calendar`
            # module, whose import with `locale` is a few ms of every command)
            after = dt.date(self.year + 1, 1, 1) if last == 12 else dt.date(self.year, last + 1, 1)
            return dt.date(self.year, first, 1), after - dt.timedelta(days=1)
        start = dt.date(self.year - 1, 12, 15) if first == 1 else dt.date(self.year, first - 1, 15)
        if self.type in (PeriodType.NINE_MONTHS, PeriodType.YEAR):
            start = dt.date(self.year - 1, 12, 15)
        return start, dt.date(self.year, last, 14)

    def cutoff(self, calendar: Calendar | str = Calendar.ADMINISTRATIVE) -> dt.date:
        return self.window(calendar)[1]

    def deadline(self, calendar: Calendar | str, days: int) -> dt.date:
        return self.cutoff(calendar) + dt.timedelta(days=days)

    def is_future(self, today: dt.date) -> bool:
        """True when the period has not started yet on `today` (either calendar)."""
        return (
            min(self.window(Calendar.ADMINISTRATIVE)[0], self.window(Calendar.CALENDAR)[0]) > today
        )

    # ------------------------------------------------------------ neighbours

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.type, self.index)

    def previous(self) -> Period:
        if self.type is PeriodType.MONTH:
            return (
                Period(self.year, self.type, self.index - 1)
                if self.index > 1
                else Period(self.year - 1, self.type, 12)
            )
        if self.type is PeriodType.QUARTER:
            return (
                Period(self.year, self.type, self.index - 1)
                if self.index > 1
                else Period(self.year - 1, self.type, 4)
            )
        if self.type is PeriodType.HALF_YEAR:
            return (
                Period(self.year, self.type, 1)
                if self.index == 2
                else Period(self.year - 1, self.type, 2)
            )
        return Period(self.year - 1, self.type, self.index)

    @classmethod
    def from_date(
        cls, d: dt.date, ptype: PeriodType, calendar: Calendar | str = Calendar.ADMINISTRATIVE
    ) -> Period:
        """The period of `ptype` whose window contains `d`."""
        year, month = d.year, d.month
        if Calendar(calendar) is Calendar.ADMINISTRATIVE and d.day >= 15:
            month += 1
            if month == 13:
                year, month = year + 1, 1
        if ptype is PeriodType.MONTH:
            return cls(year, ptype, month)
        if ptype is PeriodType.QUARTER:
            return cls(year, ptype, (month - 1) // 3 + 1)
        if ptype is PeriodType.HALF_YEAR:
            return cls(year, ptype, 1 if month <= 6 else 2)
        return cls(year, ptype, 1)


def current_period(ptype: PeriodType, calendar: Calendar | str, today: dt.date) -> Period:
    """The period of that type whose data window contains today (the one being collected)."""
    return Period.from_date(today, ptype, calendar)


# Period.window's memo: a few dozen periods are asked in a session (bounded all the same)
_window = lru_cache(maxsize=4096)(Period._window)
