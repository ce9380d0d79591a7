"""What a validation run looks at: the form, the submission and, when the store has them,
the same unit's figures for the previous period and the same period last year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.errors import Issue, Location, Severity
from desktop.core.formdef.models import Catalog, FormDefinition, Indicator
from desktop.core.formdef.period_form import form_for_period
from desktop.core.submission import Key, Submission
from desktop.core.validation.plan import plan_for


@dataclass
class History:
    """Earlier figures of the same unit and form, for plausibility checks."""

    previous: dict[Key, Decimal | str] = field(default_factory=dict)
    previous_label: str = "kỳ trước"
    last_year: dict[Key, Decimal | str] = field(default_factory=dict)
    last_year_label: str = "cùng kỳ năm trước"
    # the previous period is of the same year: its lũy kế counts from the same 1 January
    previous_same_year: bool = False
    # a quarter, half-year, 9 months or year: its last month's stored figures (same lũy kế)
    last_month: dict[Key, Decimal | str] = field(default_factory=dict)
    last_month_label: str = ""


@dataclass
class ValidationContext:
    """What the checks of one submission read: the form, the figures, history."""
    form: FormDefinition
    submission: Submission
    catalog: Catalog
    history: History = field(default_factory=History)
    filename: str | None = None
    errors_only: bool = False  # the checks may skip what can only warn (an import)
    # the rows the reporting unit answers for (a department: departments.answered_by);
    # None = every row.  A required row is required only of a unit that answers for it.
    answered: frozenset[str] | None = None
    # who answers for a row outside `answered` (the departments' names), for the message
    owner_of: Callable[[str], str] | None = None

    def __post_init__(self) -> None:
        # the form as it is in the submission's period: no check asks for an absent column
        self.form = form_for_period(self.form, self.submission.period)
        self.plan = plan_for(self.form, self.catalog)  # compiled once per form (plan.py)
        self.indicators = self.plan.indicators
        self.value_measures = self.plan.value_measures
        self.ratio_measures = self.plan.ratio_measures

    def num(self, indicator: str, measure: str) -> Decimal | None:
        return self.submission.number(indicator, measure)

    def label(self, ind: Indicator) -> str:
        """The indicator as a person knows it: its label.  The code stays in the issue's
        location (and the JSON), never in the sentence."""
        return f"«{ind.label}»"

    def cell(self, ind: Indicator, measure: str) -> str:
        """One cell of the grid: the indicator's label and the column's name."""
        return f"{self.label(ind)} (cột «{self.measure_label(measure)}»)"

    def measure_label(self, measure: str) -> str:
        md = self.catalog.measure(measure)
        return md.short if md else measure

    def unit_label(self, ind: Indicator) -> str:
        u = self.catalog.unit(ind.unit)
        return u.label if u else ind.unit

    def issue(
        self,
        severity: Severity,
        code: str,
        message: str,
        indicator: str | None = None,
        measure: str | None = None,
        narrative: str | None = None,
    ) -> Issue:
        return Issue(
            severity=severity,
            code=code,
            message=message,
            location=Location(
                file=self.filename,
                form=self.form.id,
                indicator=indicator,
                measure=measure,
                narrative=narrative,
            ),
        )
