"""Reading a filled template (300 indicators × 4 figures) against python-calamine reading
every sheet of the same file, side by side, min of alternating runs.  Prints the ratio.

    .venv/bin/python benchmarks/bench_template.py [--runs 7]

Acceptance (issue 14): ours ≤ 5× calamine.  Both wall-clock and CPU time (process_time) are
printed: on a shared machine the longer of two runs is the likelier to be pre-empted, which
the CPU-time ratio does not see.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import openpyxl  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from benchmarks.bench_exchange import write_forms  # noqa: E402
from desktop.core.excel.template_reader import read_template  # noqa: E402
from desktop.core.excel.template_writer import DATA_SHEET, META_SHEET, write_template  # noqa: E402
from desktop.core.formdef.loader import load_pack  # noqa: E402

MEASURES = ("th_ky", "luy_ke", "kh_nam", "cung_ky")


def filled_template(tmp: Path) -> tuple[Path, object]:
    write_forms(tmp / "forms", 1)
    pack = load_pack(tmp / "forms")
    form = pack.get("bench01")
    path = write_template(
        form,
        pack.catalog,
        unit_code="20001",
        unit_name="UBND xã Đo Hiệu Năng",
        period_code="2025-H2",
        period_label="6 tháng cuối năm 2025",
        form_hash=pack.content_hash("bench01"),
        out=tmp / "bieu.xlsx",
        app_version="bench",
    )
    wb = openpyxl.load_workbook(path)
    meta = {str(k): str(v) for k, v in wb[META_SHEET].iter_rows(max_col=2, values_only=True) if k}
    rows = {v: k.split(":")[1] for k, v in meta.items() if k.startswith("row:")}
    cols = {v: k.split(":")[1] for k, v in meta.items() if k.startswith("col:")}
    ws = wb[DATA_SHEET]
    for i, (_code, row) in enumerate(sorted(rows.items())):
        for k, m in enumerate(MEASURES):
            # half typed as numbers, half as Vietnamese text, as clerks do
            ws[f"{cols[m]}{row}"] = (i * 37 + k) * 1.5 if i % 2 else f"{i + 1}.{k * 5 + 100},5"
    wb.save(path)
    return path, pack


def calamine_all(path: Path) -> int:
    book = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, pack = filled_template(Path(tmp))
        sub, issues = read_template(path, pack)
        assert len(sub.values) == 1200 and not [i for i in issues if i.severity.name == "ERROR"], (
            issues[:3]
        )
        ours, anchor, ours_cpu, anchor_cpu = [], [], [], []
        for _ in range(args.runs):  # alternating, so both see the same load
            for run, wall, cpu in ((lambda: read_template(path, pack), ours, ours_cpu),
                                   (lambda: calamine_all(path), anchor, anchor_cpu)):  # fmt: skip
                t0, c0 = time.perf_counter(), time.process_time()
                run()
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
        a, b = min(ours), min(anchor)
        print(
            f"template read 300 × 4: ours {a * 1000:.1f} ms | python-calamine {b * 1000:.1f} ms | "
            f"ratio {a / b:.1f}× (target ≤ 5×); CPU time {min(ours_cpu) * 1000:.1f} | "
            f"{min(anchor_cpu) * 1000:.1f} ms, ratio {min(ours_cpu) / min(anchor_cpu):.1f}×"
        )


if __name__ == "__main__":
    main()
