"""`baocao template`: a fill-in workbook for a unit, form and period, with last year's
figures and this year's targets prefilled from the store, and current figures if any."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop import __version__
from desktop.core.excel.template_writer import write_template
from desktop.core.periods import Period


def make_template(svc, *, form_id: str, unit_code: str, period_text: str, out: Path) -> Path:
    period = Period.parse(period_text)
    form = svc.pack.get(form_id)
    if period.type not in form.period_types:
        from desktop.core.errors import BaoCaoError

        raise BaoCaoError(
            f"Biểu «{form.title}» không nhận kỳ {period.label}.", code="ky_khong_nhan"
        )
    unit = svc.units.for_period(unit_code, period)
    history = svc.history_for(unit, form.id, period)
    plan: dict = {}
    # this year's targets, as given in the latest earlier report of the same year
    if svc.db_exists():
        for earlier in reversed(period.year_start_months()[:-1]):
            stored = svc.repo.get(unit.code, unit.key[1], form.id, str(earlier))
            if stored is not None:
                plan = {
                    k: v
                    for k, v in stored.submission.values.items()
                    if k[1] in ("kh_nam", "du_toan_tinh", "du_toan_huyen")
                    and isinstance(v, Decimal)
                }
                break
    current = narratives = marks = None
    if svc.db_exists():
        stored = svc.repo.get(unit.code, unit.key[1], form.id, str(period))
        if stored is not None:
            current = dict(stored.submission.values)
            narratives = dict(stored.submission.narratives)
            marks = dict(stored.submission.marks)
    return write_template(
        form,
        svc.pack.catalog,
        unit_code=unit.code,
        unit_name=unit.name,
        period_code=str(period),
        period_label=period.label,
        form_hash=svc.pack.content_hash(form.id),
        out=Path(out),
        last_year=history.last_year or None,
        plan=plan or None,
        current=current,
        narratives=narratives,
        marks=marks,
        app_version=__version__,
    )
