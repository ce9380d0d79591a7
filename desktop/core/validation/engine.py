"""Validation engine: runs every check of `checks.CHECKS` and returns all issues at once.

Errors block finalising; a warning blocks it until the clerk writes a justification
(a comment on the same indicator and measure).  Info notes (how an ambiguous number was
read) never block.
"""

from __future__ import annotations

from desktop.core.errors import Issue, Severity
from desktop.core.formdef.models import Catalog, FormDefinition
from desktop.core.submission import Submission
from desktop.core.validation.checks import CHECKS
from desktop.core.validation.context import History, ValidationContext

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def validate_submission(
    form: FormDefinition,
    submission: Submission,
    catalog: Catalog,
    *,
    history: History | None = None,
    filename: str | None = None,
    errors_only: bool = False,
    answered: frozenset[str] | None = None,
    owner_of=None,
) -> list[Issue]:
    """Every issue, errors first.  `errors_only` (the import: a package is refused on
    errors alone) gives exactly the errors of the full list; the checks skip what can only
    warn (checks.py).  `answered`: the rows the unit answers for (None = all; context.py);
    `owner_of(code)`: who answers for another row, by name."""
    ctx = ValidationContext(
        form, submission, catalog, history or History(), filename, errors_only, answered, owner_of
    )
    issues: list[Issue] = []
    for check in CHECKS:
        issues.extend(check(ctx))
    if errors_only:
        return [i for i in issues if i.severity is Severity.ERROR]
    return sorted(issues, key=lambda i: _ORDER[i.severity])


def placed(issues: list[Issue], places: dict) -> list[Issue]:
    """The issues with the sheet and cell of what they are about, where the submission was
    read from a workbook (`Submission.places`: indicator and measure, or a narrative, to
    sheet and cell); an issue that has its cell, or is about no cell, stays as it is."""
    if not places:
        return issues
    out = []
    for i in issues:
        loc = i.location
        where = None
        if loc.cell is None and loc.sheet is None:
            key = loc.narrative if loc.narrative else (loc.indicator, loc.measure)
            where = places.get(key) or places.get((loc.indicator, None))
        if where is None:
            out.append(i)
        else:
            sheet, cell = where
            out.append(i.model_copy(update={"location": loc.model_copy(update={"sheet": sheet, "cell": cell})}))
    return out


def unexplained_warnings(issues: list[Issue], submission: Submission) -> list[Issue]:
    """Warnings with no justification typed for their indicator + measure."""
    out = []
    for i in issues:
        if i.severity is not Severity.WARNING:
            continue
        key = (i.location.indicator, i.location.measure)
        if key[0] is None or not submission.comments.get(key, "").strip():  # type: ignore[arg-type]
            out.append(i)
    return out


# errors that stop finalising but never saving a draft: a draft may be incomplete, and a
# required row is never forced to hold a made-up figure (issue 10, marks.py)
FINALISE_ONLY = frozenset({"thieu_bat_buoc", "thieu_thuyet_minh", "thieu_ly_do"})


def draft_blockers(issues: list[Issue]) -> list[Issue]:
    """The errors that stop even a draft from being saved."""
    return [i for i in issues if i.severity is Severity.ERROR and i.code not in FINALISE_ONLY]


def finalisation_blockers(issues: list[Issue], submission: Submission) -> list[Issue]:
    return [i for i in issues if i.severity is Severity.ERROR] + unexplained_warnings(
        issues, submission
    )
