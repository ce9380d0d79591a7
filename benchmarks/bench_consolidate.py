"""Consolidation against its anchors, side by side in one run (issue 14, point 1):

1. the provincial run: Lạng Sơn's 65 communes × every form of the real pack (forms/), a
   month whose previous month is stored too (so the previous-month column is derived),
   against a plain `GROUP BY` over the same rows (exact integer sums per form, indicator
   and measure: no ratios, no breakdown, no fallbacks); then, for information, the same
   run with every unit's figures read (what the «CT …» sheets read);
2. the national run: 3,321 communes × a 300-indicator form × 4 measures, against reading
   the running totals the store keeps for the period; one row's units read on demand
   (the drill-down); with --national-breakdown, the workbook with its «CT …» sheet
   (3,321 columns × 300 rows), timed once.

Each figure is the minimum of RUNS alternating runs (ours, anchor, ours, anchor …) after
one warm-up, so that the machine's load falls on both alike.

    .venv/bin/python benchmarks/bench_consolidate.py [--runs 5] [--only provincial|national]
        [--national-breakdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desktop.core.consolidation.aggregate import value_measures  # noqa: E402
from desktop.core.consolidation.engine import consolidate_period  # noqa: E402
from desktop.core.excel.workbook import write_consolidated_workbook  # noqa: E402
from desktop.core.excel.workbook_breakdown import main_measure  # noqa: E402
from desktop.core.formdef.models import ValueKind  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402

TODAY = dt.date(2026, 11, 23)
MONTH, BEFORE = "2025-10", "2025-09"
FILLED = ("th_ky", "luy_ke", "kh_nam", "cung_ky")  # the measures a commune types


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def side_by_side(runs: int, **fns) -> dict[str, float]:
    """Minimum of `runs` alternating runs of each function, after one warm-up each."""
    best = {name: float("inf") for name in fns}
    for fn in fns.values():
        fn()
    for _ in range(runs):
        for name, fn in fns.items():
            best[name] = min(best[name], timed(fn))
    return best


def group_by(svc, period: str) -> None:
    svc.repo.conn.execute(
        "SELECT s.form_id, v.indicator, v.measure, SUM(v.num), COUNT(*) FROM submissions s "
        "JOIN vals v ON v.submission_id = s.id WHERE s.period = ? AND s.is_current = 1 "
        "GROUP BY s.form_id, v.indicator, v.measure",
        (period,),
    ).fetchall()


def figures(form, catalog, rng: random.Random) -> dict:
    out: dict = {}
    shown = set(value_measures(form, catalog))
    for ind in form.iter_indicators():
        for m in form.measures_of(ind):
            if m not in shown or m not in FILLED:
                continue
            if ind.kind is ValueKind.TEXT:
                out[(ind.code, m)] = "Ổn định"
            else:
                out[(ind.code, m)] = Decimal(rng.randint(1, 99999)) / 10
    return out


def provincial(tmp: Path, runs: int) -> None:
    svc = Services(db_path=tmp / "tinh.db", today=TODAY)
    catalog = svc.pack.catalog
    communes = svc.units.valid_on(dt.date(2025, 10, 31), "commune")
    forms = [f for f in svc.pack.forms.values() if any(p.value == "month" for p in f.period_types)]
    rng = random.Random(14)
    for period in (BEFORE, MONTH):
        subs = [
            Submission(f.id, f.version, u.code, period, values=figures(f, catalog, rng))
            for u in communes
            for f in forms
        ]
        svc.repo.save_many(
            subs,
            form_hash={f.id: svc.pack.content_hash(f.id) for f in forms},
            unit_valid_from={u.code: u.key[1] for u in communes},
            actor="b",
            status="final",
        )
    (n_rows,) = svc.repo.conn.execute(
        "SELECT COUNT(*) FROM vals v JOIN submissions s ON s.id = v.submission_id "
        "WHERE s.period = ?",
        (MONTH,),
    ).fetchone()
    result = consolidate_period(svc, MONTH)
    assert len(result.forms[0].reported) == len(communes)
    def read_every_unit() -> None:  # what the «CT …» sheets read: one measure per form
        for table in consolidate_period(svc, MONTH).forms:
            table.units_of_measure(main_measure(table, catalog))

    best = side_by_side(
        runs,
        ours=lambda: consolidate_period(svc, MONTH),
        anchor=lambda: group_by(svc, MONTH),
        read=read_every_unit,
    )
    print(
        f"provincial run, {len(communes)} units × {len(result.forms)} forms "
        f"({n_rows:,} figures), min of {runs}:"
    )
    print(f"  plain GROUP BY over the same rows  {best['anchor'] * 1000:8.1f} ms")
    ratio = best["ours"] / best["anchor"]
    print(f"  consolidate (default run)          {best['ours'] * 1000:8.1f} ms  ratio {ratio:.1f}× (≤ 3×)")
    print(f"  … and what the «CT …» sheets read  {best['read'] * 1000:8.1f} ms  (each unit's main measure)")
    svc.close()


def national_forms(target: Path) -> str:
    target.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", target / "_catalog.yaml")
    lines = [
        "id: toan_quoc",
        "version: 1",
        'title: "Biểu đo hiệu năng toàn quốc"',
        'bieu_so: "Biểu số 01"',
        "domain: tong_hop",
        "period_types: [half_year]",
        "measures: [th_ky, luy_ke, kh_nam, cung_ky, pct_kh, pct_ck]",
        "sections:",
        '  - title: "Chỉ tiêu"',
        "    indicators:",
    ]
    for i in range(300):
        lines.append(f'      - {{code: C{i:03d}, label: "Chỉ tiêu {i}", unit: trieu_dong}}')
    (target / "toan_quoc.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "toan_quoc"


def national_catalog(path: Path, n: int) -> None:
    def unit(code, name, level, kind, parent):
        return {
            "code": code,
            "name": name,
            "level": level,
            "kind": kind,
            "parent_code": parent,
            "valid_from": None if parent is None else "2025-07-01",
            "valid_to": None,
            "predecessors": [],
            "successors": [],
        }

    units = [unit("01", "Toàn quốc", "province", "Tỉnh", None)]
    units += [unit(f"{10000 + i}", f"Xã {i}", "commune", "Xã", "01") for i in range(n)]
    doc = {"source": "synthetic", "province": "01", "units": units}
    path.write_text(json.dumps(doc), encoding="utf-8")


def national(tmp: Path, runs: int, with_breakdown: bool) -> None:
    form_id = national_forms(tmp / "forms_nat")
    national_catalog(tmp / "units.json", 3321)
    svc = Services(
        db_path=tmp / "toan_quoc.db",
        forms_dir=tmp / "forms_nat",
        units_path=tmp / "units.json",
        today=TODAY,
    )
    rng = random.Random(3)
    period = "2025-H2"
    subs = []
    for i in range(3321):
        values = {}
        for k in range(300):
            v = Decimal(rng.randint(1, 99999)) / 10
            for n, m in enumerate(FILLED, start=1):
                values[(f"C{k:03d}", m)] = v * n
        subs.append(Submission(form_id, 1, f"{10000 + i}", period, values=values))
    svc.repo.save_many(
        subs,
        form_hash=svc.pack.content_hash(form_id),
        unit_valid_from="2025-07-01",
        actor="b",
        status="final",
    )
    expected = sum((s.values[("C000", "th_ky")] for s in subs), Decimal(0))
    result = consolidate_period(svc, period)
    row = next(r for r in result.forms[0].rows if r.indicator and r.indicator.code == "C000")
    assert row.values["th_ky"] == expected  # the hand sum, to the last digit

    def totals():
        svc.repo.conn.execute("SELECT * FROM totals WHERE period = ?", (period,)).fetchall()

    def drill_down() -> None:  # a fresh table each time: nothing read yet
        [table] = result.reading_from(lambda: svc.repo).forms
        dict(table.unit_figures(row))

    best = side_by_side(
        runs, ours=lambda: consolidate_period(svc, period), anchor=totals, row=drill_down
    )
    ratio = best["ours"] / best["anchor"]
    print(f"national run, 3,321 units × 300 indicators × 4 measures, min of {runs}:")
    print(f"  reading the running totals         {best['anchor'] * 1000:8.2f} ms")
    print(f"  consolidate (default run)          {best['ours'] * 1000:8.2f} ms  ratio {ratio:.1f}× (≤ 10×)")
    print(f"  one row's 3,321 units (drill-down) {best['row'] * 1000:8.2f} ms")
    if with_breakdown:  # the «CT …» sheet: 996,300 figures written, 3,985,200 read
        full = consolidate_period(svc, period, breakdown=True)
        took_read = timed(lambda: full.forms[0].units_of_measure("th_ky"))
        full = consolidate_period(svc, period, breakdown=True)
        took = timed(lambda: write_consolidated_workbook(full, svc.pack.catalog, tmp / "ct.xlsx"))
        print(f"  every unit's th_ky read once       {took_read:8.2f} s")
        print(f"  workbook with the «CT …» sheet     {took:8.2f} s  (reading included, once)")
    svc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["provincial", "national"])
    parser.add_argument(
        "--national-breakdown", action="store_true", help="also time the national breakdown"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.only != "national":
            provincial(Path(tmp), args.runs)
        if args.only != "provincial":
            national(Path(tmp), args.runs, args.national_breakdown)


if __name__ == "__main__":
    main()
