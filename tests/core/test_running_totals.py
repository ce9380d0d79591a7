# ruff: noqa: F811  (the svc fixture is imported, and named as a parameter by pytest convention)
"""The store's running totals (storage/totals.py) follow every change to what counts —
finalising, reopening, taking back to draft, new revisions received in any order,
duplicates — and always equal the sums made from scratch; sums made by other rules or
without rules are rebuilt, never trusted; a national run read from them gives the same
table as the unit-by-unit path."""

from __future__ import annotations

import random
from decimal import Decimal as D

from desktop.core.consolidation import engine
from desktop.core.consolidation.accumulate import total_of
from desktop.core.consolidation.engine import consolidate_period
from desktop.core.storage import totals
from desktop.core.storage.repository import SubmissionRepository
from desktop.core.submission import Submission
from tests.core.test_consolidation import put, rows, svc  # noqa: F401, F811  (svc: the fixture)

PERIOD = "2023-H1"
DISTRICTS = ["178", "180", "181", "182", "183"]


def scratch(svc, period=PERIOD):
    """The sums recomputed from the current counted submissions, unit by unit."""
    form = svc.pack.get("thu")
    metas = [
        m
        for m in svc.repo.list_for_period(period, ["thu"])
        if m.status in ("final", "sent", "received")
    ]
    values = [svc.repo.get_by_id(m.id).submission.values for m in metas]
    return total_of(form, svc.pack.catalog, values), len(metas)


def maintained(svc, period=PERIOD):
    """What the store holds right now, without any rebuild (None = not maintained)."""
    return totals.read(svc.repo.conn, period, "thu", svc.repo.totals_rules)


def assert_in_step(svc):
    got = maintained(svc)
    assert got is not None, "the running totals were dropped instead of being maintained"
    assert got == scratch(svc)


def figures(rng):
    vals = {
        "FL.th_ky": str(D(rng.randint(0, 10**7)) / 1000),
        "FL.kh_nam": str(rng.randint(1, 10**6)),
        "NU.th_ky": str(rng.randint(0, 50)),
        "DD.th_ky": str(rng.randint(1, 100)),
        "ST.th_ky": str(rng.randint(0, 9999)),
    }
    if rng.random() < 0.5:
        vals["FL.luy_ke"] = str(rng.randint(0, 10**6))
    if rng.random() < 0.3:
        vals["TEN.th_ky"] = "ghi chú"
    return vals


def receive(svc, unit, revision, vals, uuid):
    sub = Submission(
        "thu",
        1,
        unit,
        PERIOD,
        values={tuple(k.split(".")): (D(v) if k != "TEN.th_ky" else v) for k, v in vals.items()},
    )
    return svc.repo.store_received(
        sub,
        revision=revision,
        package_uuid=uuid,
        form_hash=svc.pack.content_hash("thu"),
        unit_valid_from="",
        content_hash=f"h-{uuid}",
        created_at="2023-07-05T08:00:00+07:00",
        actor="tinh",
    )


def test_every_kind_of_change_keeps_the_sums_in_step(svc):
    a = put(svc, "178", PERIOD, {"FL.th_ky": "100.5", "FL.kh_nam": "1000", "NU.th_ky": "3", "DD.th_ky": "10"})
    assert_in_step(svc)  # the first counted submission starts the sums
    b = put(svc, "180", PERIOD, {"FL.th_ky": "7", "NU.th_ky": "1"}, status="draft")
    assert_in_step(svc)  # a draft does not count
    svc.repo.set_value(b.id, "FL", "th_ky", D("7.25"), actor="t")
    svc.repo.set_status(b.id, "final", actor="t")
    assert_in_step(svc)
    assert maintained(svc)[1] == 2
    svc.repo.set_status(b.id, "sent", actor="t")  # still counts, unchanged
    assert_in_step(svc)
    reopened = svc.repo.reopen(a.id, actor="t")  # the final one stops counting
    assert_in_step(svc)
    assert maintained(svc)[1] == 1
    svc.repo.set_value(reopened.id, "FL", "th_ky", D("99"), actor="t")
    svc.repo.set_status(reopened.id, "final", actor="t")
    svc.repo.set_status(reopened.id, "draft", actor="t")
    assert_in_step(svc)
    put(svc, "178", PERIOD, {"FL.th_ky": "98.000001", "FL.luy_ke": "200"})  # draft updated, final
    assert_in_step(svc)
    put(svc, "178", PERIOD, {"FL.th_ky": "97"})  # final over final: a new revision
    assert_in_step(svc)
    # province side: a unit's revisions arriving out of order, and twice
    assert receive(svc, "181", 2, {"FL.th_ky": "20"}, "u2").outcome == "new"
    assert receive(svc, "181", 1, {"FL.th_ky": "10"}, "u1").outcome == "older_revision"
    assert receive(svc, "181", 2, {"FL.th_ky": "20"}, "u2").outcome == "duplicate"
    assert receive(svc, "181", 3, {"FL.th_ky": "30", "DD.th_ky": "4"}, "u3").outcome == "new_revision"
    assert_in_step(svc)
    total = maintained(svc)[0][("s", "FL", "th_ky")]
    assert total == (D("97") + D("7.25") + D("30"), D(0), 3)


def test_a_long_random_history_never_drifts(svc):
    rng = random.Random(20261123)
    revision = {u: 0 for u in DISTRICTS}
    for step in range(120):
        unit = rng.choice(DISTRICTS)
        action = rng.random()
        if action < 0.4:
            put(svc, unit, PERIOD, figures(rng), status=rng.choice(["draft", "final"]))
        elif action < 0.6:
            current = svc.repo.get(unit, "", "thu", PERIOD)
            if current is not None and current.status == "final":
                svc.repo.set_status(current.id, rng.choice(["draft", "sent"]), actor="t")
            elif current is not None and current.status == "draft":
                svc.repo.set_status(current.id, "final", actor="t")
        else:
            # a package from a unit this office does not edit itself
            other = f"1{85 + DISTRICTS.index(unit)}"
            revision[unit] += 1
            rev = rng.randint(1, revision[unit])  # sometimes an older one arrives late
            receive(svc, other, rev, figures(random.Random(f"{other}-{rev}")), f"{other}-{rev}")
        got = maintained(svc)
        assert got is not None and got == scratch(svc), f"step {step}"


def test_sums_written_without_rules_or_under_other_rules_are_rebuilt(svc):
    put(svc, "178", PERIOD, {"FL.th_ky": "1"})
    assert maintained(svc) is not None
    # another copy of the program (no rules) finalises a form: it cannot add, so it drops
    bare = SubmissionRepository(svc.db)
    sub = Submission("thu", 1, "180", PERIOD, values={("FL", "th_ky"): D("2")})
    bare.save(sub, form_hash="x", unit_valid_from="", actor="t", status="final")
    assert maintained(svc) is None
    assert svc.repo.counted_totals(PERIOD, "thu") == scratch(svc)  # rebuilt …
    assert maintained(svc) == scratch(svc)  # … and kept from then on
    # the form changed since the sums were made: they are made again
    svc.repo.conn.execute("UPDATE totals_state SET spec = 'cũ'")
    assert maintained(svc) is None
    assert svc.repo.counted_totals(PERIOD, "thu") == scratch(svc)
    # sums that no longer cover the counted submissions are not trusted
    svc.repo.conn.execute("UPDATE totals_state SET members = members + 1")
    assert maintained(svc) is None
    assert svc.repo.counted_totals(PERIOD, "thu") == scratch(svc)


def test_national_route_equals_the_unit_by_unit_route(svc, monkeypatch):
    rng = random.Random(7)
    for unit in DISTRICTS:
        put(svc, unit, PERIOD, figures(rng))
    # months only: combined into the half-year by both routes
    for month in range(1, 7):
        put(svc, "184", f"2023-{month:02d}", {"FL.th_ky": str(month), "ST.th_ky": str(10 * month)})
    # a commune's own form counts in the store but is not part of the province's table
    put(svc, "05971", PERIOD, {"FL.th_ky": "1000000", "NU.th_ky": "5", "DD.th_ky": "5"})
    _, normal = rows(consolidate_period(svc, PERIOD, form_ids=["thu"]))
    monkeypatch.setattr(engine, "SHEET_UNITS", 0)
    form, large = rows(consolidate_period(svc, PERIOD, form_ids=["thu"]))
    assert any("3.321" not in n and "số cộng dồn" in n for n in form.notes)
    assert any("cộng từ các báo cáo tháng" in n for n in form.notes)
    for code in ("FL", "ST", "NU", "DD", "RA", "CU", "TO", "TEN"):
        assert large[code].values == normal[code].values, code
        assert large[code].counts == normal[code].counts, code
    assert large["ST"].values["th_ky"] == normal["ST"].values["th_ky"]
    assert {u.code for u in form.reported} == {*DISTRICTS, "184"}
    assert len(form.missing) == 11 - 6


def test_a_national_workbook_has_totals_but_no_empty_breakdown(svc, monkeypatch, tmp_path):
    import openpyxl

    from desktop.core.consolidation.model import MISSING_NAMED
    from desktop.core.excel.workbook import write_consolidated_workbook

    put(svc, "178", PERIOD, {"FL.th_ky": "12.5"})
    monkeypatch.setattr(engine, "SHEET_UNITS", 0)
    result = consolidate_period(svc, PERIOD, form_ids=["thu"])
    [form] = result.forms
    assert not form.has_breakdown
    path = write_consolidated_workbook(result, svc.pack.catalog, tmp_path / "toan_quoc.xlsx")
    wb = openpyxl.load_workbook(path, read_only=True)
    assert not [n for n in wb.sheetnames if n.startswith("CT ")]
    assert "Tình hình báo cáo" in wb.sheetnames
    # ten missing districts are all named; a note over thousands names the first ones
    assert form.missing_note.count(",") == len(form.missing) - 1
    many = type(form)(**{**form.__dict__, "missing": form.missing * 10})
    assert many.missing_note.startswith(f"Thiếu số liệu {len(form.missing) * 10} đơn vị")
    assert f"và {len(form.missing) * 10 - MISSING_NAMED} đơn vị khác" in many.missing_note


def test_a_rolled_back_change_leaves_neither_the_sums_nor_their_cache_behind(svc):
    put(svc, "178", PERIOD, {"FL.th_ky": "10"})
    before = svc.repo.counted_totals(PERIOD, "thu")

    class Abort(Exception):
        pass

    try:
        with svc.repo.transaction():  # e.g. a package whose second form fails
            put(svc, "180", PERIOD, {"FL.th_ky": "5"})
            assert svc.repo.counted_totals(PERIOD, "thu")[1] == 2  # seen inside, cached
            raise Abort
    except Abort:
        pass
    assert svc.repo.counted_totals(PERIOD, "thu") == before == scratch(svc)
    put(svc, "181", PERIOD, {"FL.th_ky": "1"})  # and later changes build on the right sums
    assert_in_step(svc)


def test_the_cache_forgets_stale_and_old_entries():
    from desktop.core.storage.totals import SumsCache

    cache = SumsCache(size=2)
    cache.put(("2023-H1", "a"), "t1", {("s", "X", "th_ky"): (D(1), D(0), 1)})
    assert cache.get(("2023-H1", "a"), "t2") is None  # written since by someone else
    assert cache.get(("2023-H1", "a"), "t1") == {("s", "X", "th_ky"): (D(1), D(0), 1)}
    cache.put(("2023-H1", "b"), "t", {})
    cache.put(("2023-H1", "c"), "t", {})
    assert cache.get(("2023-H1", "a"), "t1") is None  # the least recently used went
    assert cache.get(("2023-H1", "c"), "t") == {}


def test_one_batch_that_finalises_a_unit_twice(svc):
    def sub(unit, value):
        return Submission("thu", 1, unit, PERIOD, values={("FL", "th_ky"): D(value)})

    batch = [sub("178", "1"), sub("180", "2"), sub("178", "3")]  # 178's second replaces its first
    svc.repo.save_many(batch, form_hash=svc.pack.content_hash("thu"), status="final")
    assert_in_step(svc)
    assert maintained(svc)[0][("s", "FL", "th_ky")] == (D(5), D(0), 2)


def test_figures_too_large_for_the_integer_column_add_up_exactly(svc):
    put(svc, "178", PERIOD, {"FL.th_ky": "12345678901234567890.12345"})  # stored as text
    put(svc, "180", PERIOD, {"FL.th_ky": "0.00001"})
    assert_in_step(svc)
    assert maintained(svc)[0][("s", "FL", "th_ky")] == (D("12345678901234567890.12346"), D(0), 2)
