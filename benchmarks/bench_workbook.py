"""The consolidated workbook for every form of the pack: 65 units (Lạng Sơn after 1/7/2025)
and 3,321 units (every commune-level unit of the country).  Prints time and file size.

The result is synthetic but shaped like the real one: every indicator × each of the
form's value measures for every unit, a few units missing, totals and percentages
computed by the real consolidation arithmetic (`sum_over_units`), a narrative from half of
the units; above LARGE_RUN (breakdown.SHEET_UNITS) units no «CT …» sheet, as the engine's default.  Run: .venv/bin/python benchmarks/bench_workbook.py [units …]
or, for the ratio to xlsxwriter writing the same cells (issue 14), both measured in one
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
                {k: {m: v for (i, m), v in vals.items() if i == code} for k, vals in per_unit.items()}
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


def cells_of(book: Path) -> list[tuple[str, list[tuple[int, int, object]]]]:
    """Every cell of a workbook, per sheet in row order: (row, column, value), value None
    for a cell that holds only a style (the bordered empty cells of a table's grid)."""
    import openpyxl
    from openpyxl.cell.read_only import EmptyCell

    wb = openpyxl.load_workbook(book, read_only=True)
    sheets = []
    for ws in wb.worksheets:
        cells = [
            (c.row - 1, c.column - 1, c.value)
            for row in ws.iter_rows()
            for c in row
            if not isinstance(c, EmptyCell)
        ]
        sheets.append((ws.title, cells))
    wb.close()
    return sheets


def xlsxwriter_same_cells(sheets, out: Path, *, blanks: bool = True) -> tuple[float, int]:
    """The anchor (issue 14): the same cells as our workbook, written by xlsxwriter in
    constant_memory mode, each styled (font, border, number format or wrapped text) as
    ours are; with `blanks=False` only the cells that hold a value (the anchor measured
    before: ~18 % fewer cells).  Returns the writing time and the number of cells."""
    import xlsxwriter

    t0 = time.perf_counter()
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    base = {"font_name": "Times New Roman", "font_size": 11, "border": 1, "valign": "vcenter"}
    num = wb.add_format({**base, "num_format": "#,##0.0##"})
    text = wb.add_format({**base, "text_wrap": True})
    written = 0
    for name, cells in sheets:
        ws = wb.add_worksheet(name[:31])
        for r, c, v in cells:
            if v is None or v == "":
                if blanks:
                    ws.write_blank(r, c, None, num)
                    written += 1
                continue
            written += 1
            if isinstance(v, int | float) and not isinstance(v, bool):
                ws.write_number(r, c, v, num)
            else:
                ws.write_string(r, c, str(v), text)
    wb.close()
    return time.perf_counter() - t0, written


def compare(pack, n: int, runs: int = 5) -> None:
    """Ours against the xlsxwriter anchor, alternating in one process, min of `runs`."""
    result = synthetic_result(pack, n)
    ours, anchor, values_only = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        sheets = None
        for k in range(runs):
            out = Path(tmp) / f"ours{k}.xlsx"
            t0 = time.perf_counter()
            write_consolidated_workbook(result, pack.catalog, out)
            ours.append(time.perf_counter() - t0)
            sheets = sheets or cells_of(out)  # the same content every run: read once
            seconds, cells = xlsxwriter_same_cells(sheets, Path(tmp) / f"a{k}.xlsx")
            anchor.append(seconds)
            seconds, valued = xlsxwriter_same_cells(sheets, Path(tmp) / f"v{k}.xlsx", blanks=False)
            values_only.append(seconds)
            print(
                f"  run {k + 1}: ours {ours[-1]:.2f} s, anchor {anchor[-1]:.2f} s, "
                f"anchor without the empty cells {values_only[-1]:.2f} s",
                flush=True,
            )
    a, b, v = min(ours), min(anchor), min(values_only)
    print(
        f"{n} units workbook ({cells:,} cells, {valued:,} with a value): ours {a:.2f} s | "
        f"xlsxwriter constant_memory, same cells {b:.2f} s | ratio {a / b:.2f}× "
        f"(target ≤ 1.3×) | ({a / v:.2f}× the {valued:,} valued cells alone, {v:.2f} s); "
        f"min of {runs} alternating runs"
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
