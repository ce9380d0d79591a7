"""Figures carried over from earlier reports into the form being typed.

An empty cell of the entry grid may show, greyed in italics, a figure the unit already
reported: last year's figure of the same period in «Cùng kỳ», this year's targets (dự toán,
kế hoạch năm) given in an earlier report of the year, and in a quarter, half-year or year
the lũy kế of its last month.  Such a figure is a suggestion: it is neither stored nor sent
until the clerk types it, or takes every one at once with «Dùng số kỳ trước» (`use_all`,
one undo step, through the same `EntrySession.store` as a typed figure).  «Hoàn thành» with
suggestions left asks which (desktop/gui/pages/entry_carried.py), and a finished or sent
form shows only what it holds, so nothing on screen looks like a figure of the period that
the package leaves out.  The Excel template writes the same figures into its locked cells,
which the reader stores (excel/template_rows.py).  docs/entry-grid.md says it for clerks.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.core.formdef.models import MeasureTime
from desktop.core.marks import actual_measure


def carried_figure(session, indicator: str, measure: str) -> Decimal | None:
    """The figure an earlier report gives this cell, or None (a form finished or sent
    shows none: what is shown is what it holds)."""
    if session.stored is not None and session.stored.status != "draft":
        return None
    history = session.history
    if measure == "cung_ky":
        v = history.last_year.get((indicator, "th_ky"))
        return v if isinstance(v, Decimal) else None
    md = session.catalog.measure(measure)
    if md is not None and md.time is MeasureTime.YEAR_TO_DATE:
        v = history.last_month.get((indicator, measure))  # the validation's History too
        return v if isinstance(v, Decimal) else None
    if (
        md is not None
        and md.time is MeasureTime.ANNUAL
        and session.period.previous().year == session.period.year
    ):
        v = history.previous.get((indicator, measure))
        return v if isinstance(v, Decimal) else None
    return None


def carried(session) -> dict[tuple[str, str], Decimal]:
    """Every greyed figure of the form: the cells a clerk types in (not a total, not another
    department's row, not where a row's mark is written) that are empty and have one."""
    out: dict[tuple[str, str], Decimal] = {}
    if session.stored is not None and session.stored.status != "draft":
        return out
    form = session.form
    for ind in form.iter_indicators():
        if session.answered is not None and ind.code not in session.answered:
            continue
        marked = actual_measure(form, ind) if session.mark_of(ind.code) else None
        for measure in form.measures_of(ind):
            if measure == marked or session.is_total(ind.code, measure):
                continue
            if session.value(ind.code, measure) is not None:
                continue
            v = carried_figure(session, ind.code, measure)
            if v is not None:
                out[(ind.code, measure)] = v
    return out


def use_all(session) -> int:
    """Store every greyed figure as the clerk's own (one undo step); how many."""
    figures = carried(session)
    with session.one_step():
        for (indicator, measure), value in figures.items():
            session.store(indicator, measure, value)
    return len(figures)
