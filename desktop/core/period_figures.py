"""Figures a form holds in columns its period no longer has.

A form may keep a column for some types of period only (`measure_periods`,
formdef/period_form.py): Biểu 05's «DT tháng» is a month's column.  A quarter's, half-year's
or year's form saved before the column became a month's may still hold a figure in it.
The grid does not show that column (the clerk cannot clear it there), the consolidation
does not read it, and the province refuses a package carrying it
(`so_do_khong_co_trong_ky`).

`split_for_period` is the one route that parts such figures from the rest: the export
sends the rest, and says which figures it left out (`left_out_text`); `entry show` lists
them apart.  Nothing here deletes anything: the stored form keeps what the clerk typed
(removing it silently would lose a figure the clerk may still want, e.g. a month's
allotment to type into that month's form), it is just never sent or summed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from desktop.core.formdef.models import FormDefinition
from desktop.core.formdef.period_form import (
    PERIOD_TYPE_WORDS,
    absent_in,
    form_for_period,
    periods_phrase,
)
from desktop.core.numbers import format_vn, to_plain
from desktop.core.periods import Period
from desktop.core.record import record
from desktop.core.submission import Submission


@record
class LeftOut:
    """One figure (or text) in a column the submission's period does not have."""

    form_id: str
    indicator: str
    measure: str
    value: Decimal | str

    @property
    def shown(self) -> str:
        """As the clerk reads it: «50.000»."""
        return format_vn(self.value) if isinstance(self.value, Decimal) else self.value

    @property
    def plain(self) -> str:
        """As a submission file writes it: «50000»."""
        return to_plain(self.value) if isinstance(self.value, Decimal) else self.value


def split_for_period(sub: Submission, form: FormDefinition) -> tuple[Submission, list[LeftOut]]:
    """`sub` with only the figures and comments of the columns its period has, and the
    figures it held in the others (form's order of rows kept as stored).  The very same
    submission when it holds nothing outside its period's columns."""
    if form_for_period(form, sub.period) is form:
        return sub, []
    absent = set(absent_in(form, Period.parse(sub.period).type))
    left = [
        LeftOut(sub.form_id, ind, mea, value)
        for (ind, mea), value in sub.values.items()
        if mea in absent
    ]
    stray_comments = [key for key in sub.comments if key[1] in absent]
    if not left and not stray_comments:
        return sub, []
    kept = replace(
        sub,
        values={k: v for k, v in sub.values.items() if k[1] not in absent},
        comments={k: v for k, v in sub.comments.items() if k[1] not in absent},
        scaled={k: v for k, v in sub.scaled.items() if k[1] not in absent},
        notes=list(sub.notes),
    )
    return kept, left


def figure_line(form: FormDefinition, catalog, figure: LeftOut) -> str:
    """«Tổng thu ngân sách nhà nước trên địa bàn», cột «Dự toán tháng» (kỳ tháng): 50.000»."""
    ind = form.indicator_map().get(figure.indicator)
    name = ind.label if ind is not None else figure.indicator
    measure = catalog.measure(figure.measure)
    column = measure.label if measure is not None else figure.measure
    return (
        f"«{name}», cột «{column}» (chỉ có ở {periods_phrase(form, figure.measure)}): "
        f"{figure.shown}"
    )


def left_out_text(pack, names, unit_name: str, period: Period, left: list[LeftOut]) -> str:
    """What the clerk is told once when an export leaves figures out: which (form, row,
    column, figure) and why, and that they stay in this computer."""
    lines = []
    for form_id in dict.fromkeys(f.form_id for f in left):
        form = pack.get(form_id)
        for figure in (f for f in left if f.form_id == form_id):
            lines.append(f"  {names.form(form_id)}: {figure_line(form, pack.catalog, figure)}")
    return (
        f"Không gửi {len(left)} số liệu của {unit_name}, {period.phrase}: {apart_heading(period)}"
        "; tỉnh không nhận số liệu ở cột đó trong kỳ này. Số liệu vẫn giữ nguyên trong máy, "
        "không bị xóa:\n" + "\n".join(lines)
    )


def apart_heading(period: Period) -> str:
    """Why they are apart: «ở cột không có trong kỳ quý (biểu lưu từ trước khi cột chỉ dùng
    cho kỳ khác)»."""
    return (
        f"ở cột không có trong kỳ {PERIOD_TYPE_WORDS[period.type]} (biểu đã lưu từ trước khi "
        "cột đó chỉ dùng cho kỳ khác)"
    )
