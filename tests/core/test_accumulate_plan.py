"""The consolidation plan of a form (consolidation/accumulate_plan.py) is made once per
content: a second Services over the same pack (new form objects) reuses it, a changed form
or catalog gets its own, and the cache keeps no dead form alive."""

from __future__ import annotations

import dataclasses
import gc
import weakref

from desktop.core.consolidation import accumulate_plan
from desktop.core.consolidation.accumulate_plan import plan
from desktop.core.formdef.models import MeasureKind
from desktop.core.services import Services

FORM = "noi_vu_cchc"  # 146 indicators, value and ratio measures


def test_a_second_services_over_the_same_pack_reuses_the_plan(tmp_path, warm_pack):
    first = Services(db_path=tmp_path / "a.db").pack
    second = Services(db_path=tmp_path / "b.db").pack
    form, again = first.get(FORM), second.get(FORM)
    assert form is not again and first.catalog is not second.catalog  # new objects
    made = plan(form, first.catalog)
    assert plan(again, second.catalog) is made
    assert plan(form, first.catalog) is made


def test_a_changed_form_or_catalog_gets_its_own_plan(services):
    pack = services.pack
    form, catalog = pack.get(FORM), pack.catalog
    made = plan(form, catalog)
    fewer = dataclasses.replace(form, measures=form.measures[:1])  # one column left
    narrow = plan(fewer, catalog)
    assert narrow is not made and {m for _, m in narrow.single} == {form.measures[0]}
    # a ratio measure the catalog turns into a value measure: it now adds up
    ratio = next(m for m in catalog.measures if m.kind is MeasureKind.RATIO and m.code in form.measures)
    changed = dataclasses.replace(
        catalog,
        measures=[dataclasses.replace(m, kind=MeasureKind.VALUE, numerator=[], denominator=None)
                  if m is ratio else m for m in catalog.measures],  # fmt: skip
    )
    other = plan(form, changed)
    assert other is not made
    assert any(m == ratio.code for _, m in other.adds) and not any(m == ratio.code for _, m in made.adds)


def test_the_cache_keeps_no_dead_form_alive(services):
    catalog = services.pack.catalog
    form = dataclasses.replace(services.pack.get(FORM))  # an object no one else holds
    plan(form, catalog)
    assert accumulate_plan._BY_OBJECT.get(form, catalog) is plan(form, catalog)
    key = (id(form), id(catalog))
    gone = weakref.ref(form)
    del form
    gc.collect()
    # its own entry went (counting them all failed when other tests' forms died here too)
    assert gone() is None and key not in accumulate_plan._BY_OBJECT._entries


def test_the_consolidation_caches_keep_no_dead_form_alive(services):
    """The SQL route's and the table's plans (route.py, cells.py) are per live form too: a
    form made per Services would otherwise stay in memory for the process's life."""
    from desktop.core.consolidation import cells, route

    catalog = services.pack.catalog
    form = dataclasses.replace(services.pack.get(FORM))
    sql, table = route._sql_plan(form, catalog), cells._cell_plan(form, catalog)
    assert route._sql_plan(form, catalog) is sql and cells._cell_plan(form, catalog) is table
    gone = weakref.ref(form)
    del form, sql, table
    gc.collect()
    assert gone() is None


def _reference_plan(form, catalog) -> tuple:
    """Every form's plan as `_build_plan` made it before its inputs were read by
    attrgetter (issue 14, P1): kept here to compare, item by item and in order."""
    from desktop.core.consolidation.accumulate_plan import _Op, _value_kind
    from desktop.core.formdef.models import Aggregation

    vms, pcts_all = [], []
    for m in form.measures:
        md = catalog.measure(m)
        if md is not None and md.kind is MeasureKind.VALUE:
            vms.append(m)
        elif md is not None and md.kind is MeasureKind.RATIO and md.denominator:
            pcts_all.append((m, tuple(md.numerator), md.denominator))
    single, by_den = {}, {}
    for ind in form.iter_indicators():
        own = set(form.measures if ind.measures is None else ind.measures)
        values = [m for m in vms if m in own]
        pcts = [p for p in pcts_all if p[0] in own]
        parts = list(dict.fromkeys([*values, *(x for _, n, d in pcts for x in (*n, d))]))
        kind, code = _value_kind(ind), ind.code
        for m in parts if ind.aggregation is Aggregation.RATIO else values:
            if kind == "r":
                op = _Op("r", code, m, ((ind.numerator, m),), (ind.denominator, m))
            elif kind == "w":
                op = _Op("w", code, m, ((code, m),), (ind.weight, m))
            else:
                single[(code, m)] = (kind, (kind, code, m))
                continue
            by_den.setdefault(op.den, []).append(op)
        if kind == "s":
            for pm, nums, den in pcts:
                num = tuple((code, x) for x in nums)
                by_den.setdefault((code, den), []).append(_Op("p", code, pm, num, (code, den)))
    pairs = {k: tuple(v) for k, v in by_den.items()}
    feeds = {}
    for (i, m), (kind, acc) in single.items():
        feeds.setdefault(i, {})[m] = (kind, acc, ())
    for (i, m), ops in pairs.items():
        kind, acc, _ = feeds.setdefault(i, {}).get(m, (None, None, ()))
        feeds[i][m] = (kind, acc, ops)
    adds = {k: acc for k, (kind, acc) in single.items() if kind == "s" and k not in pairs}
    return _in_order(single, pairs, feeds, adds)


def _in_order(single, by_den, feeds, adds) -> tuple:
    return (list(single.items()), list(by_den.items()),
            [(i, list(d.items())) for i, d in feeds.items()], list(adds.items()))  # fmt: skip


def test_every_real_form_has_the_plan_it_had(services):
    """The same plan, item by item and in the same order, for every form of the real pack
    (its Σ, ratio, weighted and text indicators, measures of their own) and for the form
    with one column left."""
    pack = services.pack
    forms = [pack.get(f) for f in pack.forms]
    forms.append(dataclasses.replace(pack.get(FORM), measures=pack.get(FORM).measures[:1]))
    kinds = set()
    for form in forms:
        p = accumulate_plan._build_plan(*accumulate_plan._plan_inputs(form, pack.catalog))
        assert _in_order(p.single, p.by_den, p.feeds, p.adds) == _reference_plan(form, pack.catalog), form.id
        kinds |= {k for k, _ in p.single.values()} | {op.kind for ops in p.by_den.values() for op in ops}
    assert kinds == {"s", "n", "p", "r", "w"}  # every kind of accumulator was compared
