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
    cached = len(accumulate_plan._BY_OBJECT)
    assert accumulate_plan._BY_OBJECT.get(form, catalog) is plan(form, catalog)
    gone = weakref.ref(form)
    del form
    gc.collect()
    assert gone() is None and len(accumulate_plan._BY_OBJECT) == cached - 1


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
