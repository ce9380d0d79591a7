"""The form as it stands in one type of period: the one route saying «the measures (columns)
of form F in period P».

A form may keep a column for some types of period only (`measure_periods` in its YAML, e.g.
«du_toan_thang: [month]»: the month's allotment of the budget estimate means nothing in a
quarter or a year).  `form_for_period(form, period_type)` is the form without the columns
that period does not have: its `measures`, every indicator's own `measures`, the rules'
`measures`, and the rules whose expression names an absent column (they belong to the
periods that have it).  Everything downstream (the entry grid and its validation, the Excel
template, reading a submission or a package, the consolidation, the workbook, the draft)
is handed this form and lists `form.measures` / `form.measures_of(ind)` as before.

A form with no `measure_periods` (most of them), or a period with every column, gives the
very same form object back; the others are made once per form object and period type.
The form's content hash stays the loaded form's (`FormPack.content_hash`): the period's
form is a view of it, never a form of its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.core.formdef.models import FormDefinition, PeriodType, Rule

if TYPE_CHECKING:
    from desktop.core.periods import Period

PERIOD_TYPE_WORDS = {
    PeriodType.MONTH: "tháng",
    PeriodType.QUARTER: "quý",
    PeriodType.HALF_YEAR: "6 tháng",
    PeriodType.NINE_MONTHS: "9 tháng",
    PeriodType.YEAR: "năm",
}

# id(form) → (form, {period type: the period's form}); the form is kept so its id stays its own
_VIEWS: dict[int, tuple[FormDefinition, dict[PeriodType, FormDefinition]]] = {}
_MAX_VIEWS = 256  # forms of a few packs; a test run that loads thousands starts again


def form_for_period(form: FormDefinition, period: Period | PeriodType | str) -> FormDefinition:
    """`form` as it is filled, checked, sent and consolidated in `period`: a `Period`, a
    period's code («2023-Q1») or a type of period (`PeriodType`, «quarter»).  A code that is
    no period gives the whole form (the period is refused where it is read)."""
    if not form.measure_periods:
        return form
    ptype = _type_of(period)
    if ptype is None:
        return form
    entry = _VIEWS.get(id(form))
    if entry is None or entry[0] is not form:
        if len(_VIEWS) >= _MAX_VIEWS:
            _VIEWS.clear()
        entry = _VIEWS[id(form)] = (form, {})
    view = entry[1].get(ptype)
    if view is None:
        view = entry[1][ptype] = _view(form, ptype)
    return view


def _type_of(period: Period | PeriodType | str) -> PeriodType | None:
    if isinstance(period, PeriodType):
        return period
    if not isinstance(period, str):
        return period.type  # a Period
    try:
        return PeriodType(period)
    except ValueError:
        pass
    from desktop.core.periods import Period, PeriodError

    try:
        return Period.parse(period).type
    except PeriodError:
        return None


def measures_in(form: FormDefinition, period_type: PeriodType | str) -> list[str]:
    """The form's columns in a period of this type, in the form's order."""
    return list(form_for_period(form, period_type).measures)


def absent_in(form: FormDefinition, period_type: PeriodType | str) -> list[str]:
    """The form's columns a period of this type does not have."""
    return [m for m in form.measures if not form.in_period_type(m, PeriodType(period_type))]


def periods_phrase(form: FormDefinition, measure: str) -> str:
    """The types of period a column belongs to, in words: «kỳ tháng», «kỳ quý, năm»."""
    types = form.measure_periods.get(measure)
    if types is None:
        types = list(form.period_types)
    return "kỳ " + ", ".join(PERIOD_TYPE_WORDS[PeriodType(t)] for t in types)


def _view(form: FormDefinition, ptype: PeriodType) -> FormDefinition:
    absent = set(absent_in(form, ptype))
    if not absent:
        return form

    def keep(measures: list[str]) -> list[str]:
        return [m for m in measures if m not in absent]

    sections = [
        replace(
            s,
            indicators=[
                i if i.measures is None else replace(i, measures=keep(i.measures))
                for i in s.indicators
            ],
        )
        for s in form.sections
    ]
    return replace(
        form,
        measures=keep(form.measures),
        measure_periods={m: t for m, t in form.measure_periods.items() if m not in absent},
        sections=sections,
        rules=[r for r in (_rule(rule, absent) for rule in form.rules) if r is not None],
    )


def _rule(rule: Rule, absent: set[str]) -> Rule | None:
    """The rule in a period without the columns `absent`; None when it has nothing left to
    check there (every column it was given is absent, or its expression names one)."""
    from desktop.core.formdef.expr import ExprError, parse

    try:
        refs = parse(rule.expr).refs()
    except ExprError:  # (`forms check` refuses it; a loaded pack has none)
        refs = []
    if any(ref.measure in absent for ref in refs):
        return None
    if rule.measures is None:
        return rule
    kept = [m for m in rule.measures if m not in absent]
    if not kept:
        return None
    return rule if len(kept) == len(rule.measures) else replace(rule, measures=kept)
