"""The sums of a consolidated table, one route for every size (engine.py calls it).

A table's cells are computed from a few sums over the units (accumulate.py).  Those sums
come from the database, never from per-unit bookkeeping in Python:

- the store's running totals (storage/totals.py) when they are current for what the table
  counts (the counted submissions of the period: no "as of" date, no acceptance filter),
  less the accumulators of the counted submissions that are not the table's units (the
  provincial bodies, units of another level) — computed in SQL;
- otherwise the accumulators of the table's own submissions, computed in SQL
  (storage/sums.py: exact integer `SUM` over the scaled figures).

Both give the same sums by construction (tests/core/test_consolidation_route.py checks
them against the plain Python sum).  Then, exactly as a unit's own figures would:
- a unit without its own submission that is combined from its months or its communes
  adds its contribution (its figures are in hand);
- a derived figure (cùng kỳ from last year's report, the previous month's figure) adds
  the difference it makes to the accumulators it feeds, computed on the unit's figures
  of the measures those accumulators read, not on its whole form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop.core.consolidation.accumulate import (
    Acc,
    AccKey,
    Values,
    accumulate,
    add_into,
    contributions,
    plan,
)
from desktop.core.consolidation.accumulate_plan import PerLivePair
from desktop.core.formdef.models import Catalog, FormDefinition
from desktop.core.storage import sums as stored

COUNTED = ("final", "sent", "received")
_SQL_PLANS = PerLivePair()  # per live (form, catalog): a dead form is not kept alive


def _sql_plan(form: FormDefinition, catalog: Catalog) -> tuple[dict, list, dict]:
    """The form's accumulators in the terms of storage/sums.py, and for each figure the
    measures of every accumulator it feeds (cached per form object, as `plan`)."""
    hit = _SQL_PLANS.get(form, catalog)
    if hit is not None:
        return hit  # type: ignore[return-value]
    p = plan(form, catalog)
    pairs = [
        stored.PairOp((op.kind, op.ind, op.measure), op.num, op.den, op.kind == "w")
        for ops in p.by_den.values()
        for op in ops
    ]
    feeds: dict[tuple[str, str], set[str]] = {}
    for key in p.single:
        feeds.setdefault(key, set()).add(key[1])
    for op in pairs:
        keys = [op.den, *op.nums]
        for key in keys:
            feeds.setdefault(key, set()).update(k[1] for k in keys)
    result = (dict(p.single), pairs, feeds)
    _SQL_PLANS.put(form, catalog, result)
    return result


def submissions_sums(conn, form: FormDefinition, catalog: Catalog, ids) -> dict[AccKey, Acc]:
    """The accumulators of these submissions, computed in SQL."""
    singles, pairs, _ = _sql_plan(form, catalog)
    return stored.accumulators(
        conn, list(ids), singles, pairs, lambda v, into: accumulate(form, catalog, v, into)
    )


def base_sums(
    svc,
    form: FormDefinition,
    period: str,
    own: Mapping[tuple[str, str], int],
    counted: Mapping[tuple[str, str], int] | None,
) -> tuple[dict[AccKey, Acc], bool]:
    """The sums over the table's own submissions (`own`: unit → submission id), and
    whether they came from the running totals.  `counted` is every counted submission of
    the period and form when the table counts exactly those of its units (module doc),
    else None."""
    conn = svc.repo.conn
    catalog = svc.pack.catalog
    if counted is not None:
        # `own` is drawn from `counted`: the others are what is left
        others = (
            []
            if len(own) == len(counted)
            else [sid for key, sid in counted.items() if key not in own]
        )
        # the running totals less the others, unless the others are most of them
        if len(others) < max(len(own), 1):
            covering = (len(counted), sum(counted.values()))  # read just now: not again
            got = svc.repo.counted_totals(period, form.id, covering)
            if got is not None and got[1] == len(counted):
                sums = dict(got[0])
                if others:
                    add_into(sums, submissions_sums(conn, form, catalog, others), -1)
                return sums, True
    return submissions_sums(conn, form, catalog, own.values()), False


def derived_measures(form: FormDefinition, catalog: Catalog, measures: Iterable[str]) -> list[str]:
    """The measures a unit's figures must be read in to know what a derived figure of
    these measures changes: its own, and those of every accumulator it feeds."""
    _, _, feeds = _sql_plan(form, catalog)
    wanted = set(measures)
    out = set(wanted)
    for key, ms in feeds.items():
        if key[1] in wanted:
            out |= ms
    return sorted(out)


def add_changes(
    form: FormDefinition,
    catalog: Catalog,
    sums: dict[AccKey, Acc],
    before: Mapping[tuple[str, str], Values],
    after: Mapping[tuple[str, str], Values],
    measures: Iterable[str],
) -> None:
    """sums += what each unit's derived figures (in `measures`) change: after − before,
    in place.  Only the figures of the measures every accumulator they feed reads are
    looked at (`derived_measures`): the other accumulators are the same before and
    after, and cancel out."""
    wanted = set(derived_measures(form, catalog, measures))
    for key, now in after.items():
        old = before.get(key, {})
        if len(now) == len(old):
            continue  # derivation only adds figures: nothing added, nothing changes
        now = {k: v for k, v in now.items() if k[1] in wanted}
        old = {k: v for k, v in old.items() if k[1] in wanted}
        add_into(sums, contributions(form, catalog, now))
        add_into(sums, contributions(form, catalog, old), -1)
