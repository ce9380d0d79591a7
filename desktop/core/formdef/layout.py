"""Row layout of a form: STT numbering (I / 1 / 1.1 / a / -), indentation level, and the
order in which rows are shown in the entry grid, the Excel template and the summary table.
"""

from __future__ import annotations

from desktop.core.formdef.models import FormDefinition, Indicator, Section
from desktop.core.record import record

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letter(n: int) -> str:
    """1 → a, 2 → b … (Vietnamese administrative lists skip no letters after z: aa, ab)."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


@record
class Row:
    """One row of a form's layout: a section heading or an indicator, with its STT and level."""
    stt: str
    level: int  # 0 = section heading, 1 = top indicator, 2 = child, …
    section: Section
    indicator: Indicator | None  # None for a section heading

    @property
    def is_heading(self) -> bool:
        return self.indicator is None


def form_rows(form: FormDefinition) -> list[Row]:
    rows: list[Row] = []
    for s_index, section in enumerate(form.sections, start=1):
        rows.append(Row(section.code or roman(s_index), 0, section, None))
        counters: dict[str | None, int] = {}
        numbers: dict[str, list[int]] = {}
        for ind in section.indicators:
            counters[ind.parent] = counters.get(ind.parent, 0) + 1
            path = (
                [*numbers.get(ind.parent, []), counters[ind.parent]]
                if ind.parent
                else [counters[None]]
            )
            numbers[ind.code] = path
            rows.append(Row(_stt(path), len(path), section, ind))
    return rows


def _stt(path: list[int]) -> str:
    if len(path) == 1:
        return str(path[0])
    if len(path) == 2:
        return f"{path[0]}.{path[1]}"
    if len(path) == 3:
        return letter(path[2])
    return "-"


def indicator_levels(form: FormDefinition) -> dict[str, int]:
    return {r.indicator.code: r.level for r in form_rows(form) if r.indicator is not None}
