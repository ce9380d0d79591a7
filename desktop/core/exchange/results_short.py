"""An import's outcome in one short line, for a table: the inbox's «Chi tiết» column and
the rows `baocao package import` prints.  A package of 24 forms said form by form
(`results.forms_text`) is ~2.000 characters; here the forms that fared alike are said
together («Biểu số 01–21, 23–25 (24 biểu) lần 1: mới»).  The full text stays where a person
asks for it: the inbox's tooltip, `--json`, the import log."""

from __future__ import annotations

from desktop.core.exchange.results import (
    OUTCOME_LABELS,
    FormOutcome,
    ImportResult,
    detail,
    forms_text,
)
from desktop.core.form_runs import form_runs


def short_forms_text(forms: list[FormOutcome], pack) -> str:
    """`forms_text` when it names at most two forms; else one part per outcome (and
    revision), its forms as runs of numbers, one form alone by its title."""
    if len(forms) <= 2:
        return forms_text(forms, pack)
    groups: dict[tuple, list[FormOutcome]] = {}
    for f in sorted(forms, key=lambda f: _name(f, pack)):
        groups.setdefault((f.outcome, f.revision, f.supersedes), []).append(f)
    parts = []
    for (outcome, revision, supersedes), held in groups.items():
        if len(held) == 1:
            parts.append(forms_text(held, pack))
            continue
        text = f"{form_runs([_name(f, pack) for f in held])} ({len(held)} biểu) lần {revision}: "
        text += OUTCOME_LABELS[outcome].lower()
        if outcome == "new_revision" and supersedes:
            text += f" (thay lần {supersedes})"
        parts.append(text)
    return "; ".join(parts)


def _name(f: FormOutcome, pack) -> str:
    form = pack.forms.get(f.form_id)
    return form.bieu_so if form else f.form_id


def short_detail(result: ImportResult, pack) -> str:
    """The inbox's «Chi tiết» cell (unit and period have their own columns)."""
    return short_forms_text(result.forms, pack) if result.forms else detail(result, pack)


def short_message(result: ImportResult, pack, units) -> str:
    """The CLI's «Chi tiết» cell: unit (a reused code's with its dates, as the inbox names
    it), period and the short line; a refusal as it is."""
    if not (result.forms and result.unit_name):
        return result.message
    from desktop.core.key_registry import unit_shown
    from desktop.core.periods import Period, PeriodError

    try:
        period = Period.parse(result.period).label
    except (PeriodError, TypeError):  # a period we cannot read is shown as it came
        period = result.period or ""
    unit = unit_shown(units, result.unit_code, result.period, result.unit_name)
    return f"{unit}, {period} — {short_forms_text(result.forms, pack)}"
