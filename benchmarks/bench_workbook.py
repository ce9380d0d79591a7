"""The consolidated workbook for every form of the pack: 65 units (Lạng Sơn after 1/7/2025)
and 3,321 units (every commune-level unit of the country).  Prints time and file size.

The result is synthetic but shaped like the real one: every indicator × each of the
form's value measures for every unit, a few units missing, totals and percentages
computed by the real consolidation arithmetic (`sum_over_units`), a narrative from half of
the units; above LARGE_RUN (breakdown.SHEET_UNITS) units no «CT …» sheet, as the engine's default.  Run: .venv/bin/python benchmarks/bench_workbook.py [units …]
or, for the ratio to xlsxwriter writing the same book (issue 14; `workbook_anchor`: the same
cells, styles, merges, row heights, widths and print settings), both measured in one
process, alternating, min of 5 (or `runs`): … bench_workbook.py --compare 65 [runs]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desktop.core.consolidation.aggregate import (  # noqa: E402
    ratio_measures,
    sum_over_units,
    value_measures,
)
from desktop.core.consolidation.breakdown import SHEET_UNITS as LARGE_RUN  # noqa: E402
from desktop.core.consolidation.model import (  # noqa: E402
    ConsolidatedForm,
    ConsolidatedRow,
    ConsolidationResult,
    UnitRef,
)
from desktop.core.excel.workbook import write_consolidated_workbook  # noqa: E402
from desktop.core.formdef.layout import form_rows  # noqa: E402
from desktop.core.formdef.loader import load_pack  # noqa: E402
from desktop.core.formdef.models import Aggregation, ValueKind  # noqa: E402

NARRATIVE = (
    "Trong kỳ, đơn vị đã tập trung chỉ đạo triển khai đồng bộ các nhiệm vụ, giải pháp; "
    "các chỉ tiêu chủ yếu đạt và vượt kế hoạch đề ra. Tuy nhiên, tiến độ giải ngân vốn đầu "
    "tư công còn chậm, công tác giải phóng mặt bằng gặp nhiều khó khăn."
)


def _figure(rng: random.Random, unit_code: str, kind: ValueKind, ratio: bool) -> Decimal:
    if ratio or kind is ValueKind.PERCENT:
        return Decimal(rng.randint(0, 10000)).scaleb(-2)  # 0,00 … 100,00
    if kind is ValueKind.INTEGER or unit_code not in ("trieu_dong", "ty_dong", "ha", "tan"):
        return Decimal(rng.randint(0, 5000))
    return Decimal(rng.randint(0, 50_000_000)).scaleb(-1)  # up to 5 million, 1 decimal


def synthetic_result(
    pack, n_units: int, *, seed: int = 1, forms: list[str] | None = None
) -> ConsolidationResult:
    rng = random.Random(seed)
    catalog = pack.catalog
    # as the engine does: above LARGE_RUN units a table has totals only, no unit columns
    national = n_units > LARGE_RUN
    units = [UnitRef(f"{i:05d}", f"Xã Thử Nghiệm {i}") for i in range(1, n_units + 1)]
    consolidated = []
    for form in pack.forms.values():
        if forms and form.id not in forms:
            continue
        missing = {u.key for u in rng.sample(units, max(1, n_units // 30))}
        reported = [u for u in units if u.key not in missing]
        measures = value_measures(form, catalog)
        per_unit: dict[tuple[str, str], dict[tuple[str, str], Decimal]] = {}
        for u in reported:
            vals = {}
            for ind in form.iter_indicators():
                if ind.kind is ValueKind.TEXT:
                    continue
                ratio = ind.aggregation is Aggregation.RATIO
                for m in form.measures_of(ind):
                    if m in measures and rng.random() > 0.02:  # a few empty cells
                        vals[(ind.code, m)] = _figure(rng, ind.unit, ind.kind, ratio)
            per_unit[u.key] = vals
        cells = sum_over_units(form, catalog, list(per_unit.values()))
        columns = [*measures, *ratio_measures(form, catalog)]
        rows = []
        for r in form_rows(form):
            if r.indicator is None:
                rows.append(ConsolidatedRow(r.stt, 0, r.section.title, None))
                continue
            code = r.indicator.code
            by_unit = (
                {
                    k: {m: v for (i, m), v in vals.items() if i == code}
                    for k, vals in per_unit.items()
                }
                if not national
                else {}
            )
            unit = catalog.unit(r.indicator.unit)
            rows.append(
                ConsolidatedRow(
                    r.stt,
                    r.level,
                    r.indicator.label,
                    r.indicator,
                    unit.label if unit else r.indicator.unit,
                    {m: c.value if (c := cells.get((code, m))) else None for m in columns},
                    by_unit,
                    {m: c.count for m in columns if (c := cells.get((code, m)))},
                    "; ".join(
                        dict.fromkeys(
                            c.note for m in columns if (c := cells.get((code, m))) and c.note
                        )
                    ),
                )
            )
        narratives = {
            u.key: {form.narratives[0].code: NARRATIVE} for u in reported[::2] if form.narratives
        }
        consolidated.append(
            ConsolidatedForm(
                form=form,
                period="2025-H2",
                period_label="6 tháng cuối năm 2025",
                expected=units,
                reported=reported,
                missing=[u for u in units if u.key in missing],
                measures=columns,
                rows=rows,
                narratives=narratives,
                has_breakdown=not national,
            )
        )
    return ConsolidationResult(
        period="2025-H2",
        period_label="6 tháng cuối năm 2025",
        level="province",
        as_of="2025-12-20T08:00:00",
        issuer="UBND TỈNH LẠNG SƠN",
        area_name="Tỉnh Lạng Sơn",
        forms=consolidated,
    )


def _peak_rss_mb() -> str:
    try:
        import resource
    except ImportError:  # Windows
        return "n/a"
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"


def compare(pack, n: int, runs: int = 5) -> None:
    """Ours against the xlsxwriter anchor (`workbook_anchor`: the same book, written in
    constant_memory mode), alternating in one process, min of `runs`; wall time as the
    target says, and CPU time (process_time), which another process's load moves less."""
    from workbook_anchor import differences, read_book, write_book

    result = synthetic_result(pack, n)
    ours, anchor, values_only = [], [], []
    cpu_ours, cpu_anchor = [], []
    with tempfile.TemporaryDirectory() as tmp:
        book = None
        for k in range(runs):
            out = Path(tmp) / f"ours{k}.xlsx"
            t0, c0 = time.perf_counter(), time.process_time()
            write_consolidated_workbook(result, pack.catalog, out)
            ours.append(time.perf_counter() - t0)
            cpu_ours.append(time.process_time() - c0)
            if book is None:  # the same content every run: read once, checked once
                book = read_book(out)
                write_book(book, Path(tmp) / "check.xlsx")
                if problems := differences(book, Path(tmp) / "check.xlsx"):
                    sys.exit("the anchor does not write our book: " + "; ".join(problems))
            c0 = time.process_time()
            seconds, cells = write_book(book, Path(tmp) / f"a{k}.xlsx")
            cpu_anchor.append(time.process_time() - c0)
            anchor.append(seconds)
            seconds, valued = write_book(book, Path(tmp) / f"v{k}.xlsx", blanks=False)
            values_only.append(seconds)
            print(
                f"  run {k + 1}: ours {ours[-1]:.2f} s (CPU {cpu_ours[-1]:.2f}), anchor "
                f"{anchor[-1]:.2f} s (CPU {cpu_anchor[-1]:.2f}), anchor without the empty "
                f"cells {values_only[-1]:.2f} s",
                flush=True,
            )
    a, b, v = min(ours), min(anchor), min(values_only)
    print(
        f"{n} units workbook ({cells:,} cells, {valued:,} with a value; same styles, merges, "
        f"heights, widths, print settings): ours {a:.2f} s | xlsxwriter constant_memory, "
        f"same book {b:.2f} s | ratio {a / b:.2f}× (target ≤ 1.3×; CPU time "
        f"{min(cpu_ours) / min(cpu_anchor):.2f}×) | ({a / v:.2f}× the {valued:,} valued "
        f"cells alone, {v:.2f} s); min of {runs} alternating runs"
    )


def main(sizes: list[int]) -> None:
    pack = load_pack(REPO / "forms")
    n_ind = sum(len(f.indicator_map()) for f in pack.forms.values())
    print(f"{len(pack.forms)} forms, {n_ind} indicators")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            t0 = time.perf_counter()
            result = synthetic_result(pack, n)
            t1 = time.perf_counter()
            out = Path(tmp) / f"tong_hop_{n}.xlsx"
            write_consolidated_workbook(result, pack.catalog, out)
            t2 = time.perf_counter()
            size = out.stat().st_size
            print(
                f"{n:>5} units: build result {t1 - t0:6.2f} s | write workbook {t2 - t1:6.2f} s"
                f" | {size / 1e6:6.2f} MB | peak RSS so far {_peak_rss_mb()}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:  # --compare [units [runs]]
        args = [int(a) for a in sys.argv[2:4]]
        compare(load_pack(REPO / "forms"), *(args or [65]))
    else:
        main([int(a) for a in sys.argv[1:]] or [65, 3321])
