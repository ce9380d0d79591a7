"""Each unit's own figures of a table read only when asked for (issue 14, point 1): for
arbitrary small data sets — units that typed their figures, units combined from their
months or from their communes, cùng kỳ from last year's reports, the previous month's
figure — every row's `by_unit` equals the figures the engine used to gather for every unit
up front, whichever way they are read (a row at a time for the drill-down, the whole
form for the «CT …» sheet, on demand from a table without its breakdown).  And a table
whose database was closed says so instead of answering from a dead connection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.consolidation import breakdown
from desktop.core.consolidation.aggregate import aggregate_months, sum_over_units, value_measures
from desktop.core.consolidation.engine import consolidate_period
from desktop.core.consolidation.reading import last_day_of
from desktop.core.errors import BaoCaoError
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.submission import Submission
from tests.core.test_consolidation_route import figure

REPO = Path(__file__).resolve().parents[2]
FORM = """
id: thu
version: 1
title: "Biểu kiểm thử số liệu từng đơn vị"
bieu_so: "Biểu số 97"
domain: nong_lam_nghiep
period_types: [month, half_year]
measures: [th_ky, luy_ke, kh_nam, cung_ky, th_tt, pct_kh, pct_ck, pct_tt]
sections:
  - title: "Chỉ tiêu"
    indicators:
      - {code: FL, label: "Dòng chảy", unit: ha}
      - {code: ST, label: "Tồn", unit: con, kind: integer, aggregation: stock}
      - {code: NU, label: "Tử số", unit: vu, kind: integer}
      - {code: DD, label: "Mẫu số", unit: vu, kind: integer}
      - {code: RA, label: "Tỷ lệ", unit: phan_tram, kind: percent, aggregation: ratio, numerator: NU, denominator: DD, measures: [th_ky]}
      - {code: TEN, label: "Ghi chú", unit: don_vi, kind: text, aggregation: none, measures: [th_ky]}
"""
ADDITIVE = ("FL", "ST", "NU", "DD")
KEYS = [(i, m) for i in ADDITIVE for m in ("th_ky", "luy_ke", "kh_nam", "cung_ky")]
KEYS += [("RA", "th_ky"), ("FL", "th_tt"), ("NU", "th_tt")]
LAST_YEAR = {"2023-H1": "2022-H1", "2023-06": "2022-06"}
COUNTED = ("final", "sent", "received")

typed = st.dictionaries(st.sampled_from(KEYS), figure, max_size=8)
months = st.lists(st.fixed_dictionaries({i: figure for i in ADDITIVE}), min_size=6, max_size=6)
unit_state = st.tuples(
    st.one_of(
        st.none(),
        st.tuples(st.just("direct"), typed, st.booleans()),  # figures, a text figure
        st.tuples(st.just("months"), months),
        st.tuples(st.just("communes"), typed),
    ),
    st.one_of(st.none(), figure),  # last year's FL th_ky, when the unit reported it
)


@pytest.fixture(scope="module")
def forms_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lazy_forms")
    (root / "_catalog.yaml").write_bytes((REPO / "forms" / "_catalog.yaml").read_bytes())
    (root / "thu.yaml").write_text(FORM, encoding="utf-8")
    return root


def put(svc, unit, period: str, values: dict) -> None:
    sub = Submission("thu", 1, unit.code, period, values=values)
    svc.repo.save(
        sub,
        form_hash=svc.pack.content_hash("thu"),
        unit_valid_from=unit.key[1],
        actor="t",
        status="final",
    )


def eager(svc, period: Period, unit, state, last_year) -> dict:
    """A unit's figures as the engine gathered them up front before (all of them, then
    the derived ones added): what the lazy rows must give."""
    form, catalog = svc.pack.get("thu"), svc.pack.catalog
    kind = state[0]
    if kind == "direct":
        values = dict(state[1])
        if state[2]:
            values[("TEN", "th_ky")] = f"Ghi chú của {unit.name}"
    elif kind == "months":
        if period.type.value == "month":  # its own month's report
            values = {(i, "th_ky"): v for i, v in state[1][-1].items()}
        else:
            values = aggregate_months(
                form, catalog, [{(i, "th_ky"): v for i, v in mo.items()} for mo in state[1]]
            )
    else:  # a district from its one commune's report
        cells = sum_over_units(form, catalog, [dict(state[1])])
        shown = value_measures(form, catalog)
        values = {k: c.value for k, c in cells.items() if c.value is not None and k[1] in shown}
    if last_year is not None and ("FL", "cung_ky") not in values:
        values[("FL", "cung_ky")] = last_year
    if kind == "months" and period.type.value == "month":  # th_tt: the previous month's
        for i, v in state[1][-2].items():
            values.setdefault((i, "th_tt"), v)
    return values


def by_row(values_of_units: list[tuple[tuple, dict]]) -> dict[str, dict]:
    rows: dict[str, dict] = {code: {} for code in (*ADDITIVE, "RA", "TEN")}
    for key, values in values_of_units:
        for code, row in rows.items():
            row[key] = {m: v for (i, m), v in values.items() if i == code}
    return rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    period_text=st.sampled_from(sorted(LAST_YEAR)),
    states=st.lists(unit_state, min_size=11, max_size=11),
    how=st.sampled_from(["row by row", "whole form", "on demand", "one measure"]),
)
def test_lazy_unit_figures_equal_the_eager_ones(forms_dir, tmp_path_factory, period_text, states, how):
    svc = Services(
        db_path=tmp_path_factory.mktemp("lazy") / "tinh.db",
        forms_dir=forms_dir,
        today=dt.date(2026, 11, 23),
    )
    try:
        period = Period.parse(period_text)
        units = svc.units.reporting_units(period, "district")
        reported = []
        for unit, (state, last_year) in zip(units, states, strict=True):
            if last_year is not None:
                put(svc, unit, LAST_YEAR[period_text], {("FL", "th_ky"): last_year})
            if state is None:
                continue
            if state[0] == "direct":
                values = dict(state[1])
                if state[2]:
                    values[("TEN", "th_ky")] = f"Ghi chú của {unit.name}"
                put(svc, unit, period_text, values)
            elif state[0] == "months":
                for n, month in enumerate(state[1], start=1):
                    put(svc, unit, f"2023-{n:02d}", {(i, "th_ky"): v for i, v in month.items()})
            else:
                commune = svc.units.children(unit, last_day_of(period))[0]
                put(svc, commune, period_text, dict(state[1]))
            reported.append((unit.key, eager(svc, period, unit, state, last_year)))
        want = by_row(reported)
        lazy = how != "on demand"
        [table] = consolidate_period(svc, period_text, form_ids=["thu"], breakdown=lazy).forms
        assert table.has_breakdown is lazy
        if how == "whole form":
            table.figures.read_all()
        if how in ("whole form", "one measure"):  # the «CT …» sheet reads one measure
            for m in ("th_ky", "cung_ky", "th_tt"):
                column = {
                    code: {k: f[m] for k, f in row.items() if m in f} for code, row in want.items()
                }
                assert table.units_of_measure(m) == {c: r for c, r in column.items() if r}, m
        if how == "on demand":
            assert all(not r.by_unit for r in table.rows)
            assert any(breakdown.is_left_out_note(n) for n in table.notes)
            got = {r.indicator.code: table.unit_figures(r) for r in table.rows if r.indicator}
            shown = table.with_breakdown()
            assert not any(breakdown.is_left_out_note(n) for n in shown.notes)
            assert {r.indicator.code: r.by_unit for r in shown.rows if r.indicator} == want
        else:
            got = {r.indicator.code: r.by_unit for r in table.rows if r.indicator}
        assert got == want
        for code, row in got.items():  # every reported unit, in the table's order
            assert list(row) == [k for k, _ in reported], code
    finally:
        svc.close()


@pytest.fixture
def province(forms_dir, tmp_path):
    svc = Services(db_path=tmp_path / "tinh.db", forms_dir=forms_dir, today=dt.date(2026, 11, 23))
    units = svc.units.reporting_units(Period.parse("2023-H1"), "district")
    for n, unit in enumerate(units[:4], start=1):
        put(svc, unit, "2023-H1", {("FL", "th_ky"): D(n) / 4, ("NU", "th_ky"): D(n)})
    yield svc, units
    svc.close()


def test_a_row_is_read_by_one_query_and_only_when_asked(province):
    svc, units = province
    statements: list[str] = []
    svc.repo.conn.set_trace_callback(statements.append)
    [table] = consolidate_period(svc, "2023-H1", form_ids=["thu"]).forms
    made = len(statements)
    assert not any("FROM vals WHERE indicator" in s for s in statements)
    fl = next(r for r in table.rows if r.indicator and r.indicator.code == "FL")
    assert fl.by_unit[units[1].key] == {"th_ky": D("0.5")}
    assert fl.by_unit[units[3].key] == {"th_ky": D(1)}
    assert [s for s in statements[made:] if "vals" in s] == [statements[made]]
    assert "WHERE indicator = 'FL'" in statements[made]
    assert list(fl.by_unit) == [u.key for u in units[:4]]
    assert len(statements) == made + 1  # read once, kept
    svc.repo.conn.set_trace_callback(None)


def test_a_closed_database_is_said_so_and_another_can_be_read_from(province, forms_dir, tmp_path):
    svc, units = province
    worker = Services(db_path=svc.db_path, forms_dir=forms_dir, today=dt.date(2026, 11, 23))
    result = consolidate_period(worker, "2023-H1", form_ids=["thu"], breakdown=False)
    worker.close()  # as the GUI's worker does once its run is over
    [table] = result.forms
    fl = next(r for r in table.rows if r.indicator and r.indicator.code == "FL")
    with pytest.raises(BaoCaoError) as caught:
        dict(table.unit_figures(fl))
    assert caught.value.code == "tong_hop_da_dong"
    assert "cơ sở dữ liệu dùng để tổng hợp đã đóng" in str(caught.value)
    [mine] = result.reading_from(lambda: svc.repo).forms
    assert dict(mine.unit_figures(fl)) == {u.key: {"th_ky": D(n) / 4} for n, u in enumerate(units[:4], 1)}
    # and with the breakdown asked for afterwards, every row reads from the page's database
    full = result.reading_from(lambda: svc.repo).with_breakdown().forms[0]
    assert full.has_breakdown and dict(full.rows[1].by_unit) == dict(mine.unit_figures(fl))


def test_the_sheet_default_covers_every_province_and_the_cli_says_so():
    from tests.conftest import run_cli

    r = run_cli("consolidate", "--help")
    assert r.returncode == 0, r.stderr
    assert f"không quá {breakdown.SHEET_UNITS} đơn vị" in " ".join(r.stdout.split())
    assert 166 <= breakdown.SHEET_UNITS < 3321  # Thanh Hóa's 166 xã/phường; not the nation
