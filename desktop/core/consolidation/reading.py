"""Where a unit's figures for a table come from, below the arithmetic of `engine.py`:
its current counted revision (or the one that had arrived by a date), its months combined
into a longer period, a district's communes, and the provincial bodies' figures
(`province.py`).  Reads the repository only; returns plain dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from desktop.core.consolidation.aggregate import aggregate_months, sum_over_units, value_measures
from desktop.core.consolidation.comparisons import fill_previous_month
from desktop.core.consolidation.model import UnitRef
from desktop.core.consolidation.province import Body
from desktop.core.formdef.models import Calendar, FormDefinition, PeriodType
from desktop.core.periods import Period
from desktop.core.storage import sums

VN_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # the office clock: Giờ Đông Dương
COUNTED = ("final", "sent", "received")


def last_day_of(period: Period) -> dt.date:
    """The period's last calendar day: which units exist is decided on that day."""
    return period.window(Calendar.CALENDAR)[1]


def ref(unit) -> UnitRef:
    return UnitRef(code=unit.code, name=unit.name, valid_from=unit.key[1], validity=unit.validity)


def months_values(svc, form: FormDefinition, units: list, period: Period) -> dict:
    """Units' figures for a long period combined from their reports of its months, else of
    its quarters (a half-year, nine months or a year), for the units with every one of
    them: unit → (figures, "tháng" or "quý").  One query per month or quarter, whatever
    the number of units."""
    out: dict = {}
    for ptype, word in ((PeriodType.MONTH, "tháng"), (PeriodType.QUARTER, "quý")):
        parts = period.sub_periods(ptype)
        if not units or ptype not in form.period_types or len(parts) < 2:
            continue
        keys = [u.key for u in units if u.key not in out]
        got = []
        for part in parts:
            if not keys:
                break
            values = svc.repo.values_by_unit(str(part), form.id, keys, statuses=COUNTED)
            keys = [k for k in keys if values.get(k)]
            got.append(values)
        catalog = svc.pack.catalog
        out.update({k: (aggregate_months(form, catalog, [g[k] for g in got]), word) for k in keys})
    return out


def bodies_values(svc, form, period: Period, bodies, statuses, as_of) -> list[Body] | None:
    """The provincial bodies' figures for this form (None below the province level)."""
    if bodies is None:
        return None
    if as_of is not None:
        got = values_as_of(svc, form, period, bodies, statuses, as_of)[0]
    else:
        keys = [b.key for b in bodies]
        got = svc.repo.values_by_unit(str(period), form.id, keys, statuses=statuses)
        fill_previous_month(svc, form, period, bodies, got)  # as for the units below
    office = svc.units.province.key
    return [Body(ref(b), got.get(b.key, {}), is_office=b.key == office) for b in bodies]


def _arrived_on(meta) -> dt.date | None:
    """The day a revision reached this database: received (imported) or finalised here."""
    stamp = meta.received_at or meta.finalised_at or meta.created_at
    if not stamp:
        return None
    when = dt.datetime.fromisoformat(stamp)
    return (when.astimezone(VN_TIME) if when.tzinfo else when).date()


def values_as_of(
    svc, form, period: Period, units: list, statuses, as_of: dt.date
) -> tuple[dict, dict]:
    """Figures as this office knew them at the end of `as_of`: per unit the newest revision
    that had arrived by then (later revisions are ignored, earlier ones stay valid)."""
    values, narratives = {}, {}
    for unit in units:
        for stored in svc.repo.history(unit.code, unit.key[1], form.id, str(period)):
            day = _arrived_on(stored)
            if stored.status in statuses and day is not None and day <= as_of:
                values[unit.key] = dict(stored.submission.values)
                narratives[unit.key] = dict(stored.submission.narratives)
                break
    return values, narratives


def ids_as_of(svc, form, period: Period, units: list, statuses, as_of: dt.date) -> dict:
    """As `values_as_of`, the revision that stands for each unit: unit key → its id."""
    wanted = {u.key for u in units}
    out: dict = {}
    for meta in sums.revisions(svc.repo.conn, str(period), form.id):  # newest first
        key = (meta.unit_code, meta.unit_valid_from)
        if key in wanted and key not in out and meta.status in statuses:
            day = _arrived_on(meta)
            if day is not None and day <= as_of:
                out[key] = meta.id
    return out


def from_communes(
    svc, form: FormDefinition, period: Period, district, notes: list[str]
) -> dict | None:
    """A district that sent nothing, made from its communes' figures for the period (their
    own reports, else their months or quarters combined); None when none of them has any."""
    on = last_day_of(period)
    communes = svc.units.children(district, on)
    if not communes:
        return None
    got = svc.repo.values_by_unit(str(period), form.id, [c.key for c in communes], statuses=COUNTED)
    rest = [c for c in communes if c.key not in got]  # a commune's quarters, months: combined
    got.update({k: v for k, (v, _) in months_values(svc, form, rest, period).items()})
    if not got:
        return None
    cells = sum_over_units(form, svc.pack.catalog, list(got.values()))
    missing = [c.name for c in communes if c.key not in got]
    note = f"{district.name}: tổng hợp từ {len(got)}/{len(communes)} xã"
    if missing:
        note += f" (thiếu: {', '.join(missing)})"
    notes.append(note + ".")
    return {
        k: c.value
        for k, c in cells.items()
        if c.value is not None and k[1] in value_measures(form, svc.pack.catalog)
    }


def default_cutoff(form: FormDefinition, period: Period) -> dt.date:
    """The day a form's figures run to by default: its calendar's cut-off, or for a year
    of a form whose year runs on (a year's investment plan, disbursed until 31/1 of the
    next year) that day of the next year."""
    if period.type is PeriodType.YEAR and form.year_cutoff:
        return dt.date.fromisoformat(f"{period.year + 1}-{form.year_cutoff}")
    return period.window(form.calendar)[1]


def data_cutoff(form: FormDefinition, period: Period, stated: Iterable[str]) -> tuple[str, str]:
    """«Số liệu tính đến ngày …» of a table: the latest date its units stated, else the
    form's calendar (the 14th for administrative reports, the month's end for statistical
    ones); a note when the units stated different dates."""
    days = sorted(set(stated))
    if not days:
        return default_cutoff(form, period).isoformat(), ""
    if len(days) == 1:
        return days[0], ""
    shown = ", ".join(dt.date.fromisoformat(d).strftime("%d/%m/%Y") for d in days)
    return days[-1], f"Các đơn vị chốt số liệu vào các ngày khác nhau: {shown}."
