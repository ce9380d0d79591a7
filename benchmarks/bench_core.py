"""Core hot paths: load + check the form pack; validate and save a 300-indicator submission;
save 10,000 submissions.  Prints its figures.  Run: .venv/bin/python benchmarks/bench_core.py"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desktop.core.formdef.loader import load_pack  # noqa: E402
from desktop.core.formdef.models import FormDefinition  # noqa: E402
from desktop.core.storage.database import open_database  # noqa: E402
from desktop.core.storage.repository import SubmissionRepository  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402
from desktop.core.validation.engine import validate_submission  # noqa: E402


def timeit(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def big_form(pack) -> FormDefinition:
    """A synthetic 300-indicator form built from the pack's own indicators and rules."""
    indicators, rules = [], []
    for form in pack.forms.values():
        for section in form.sections:
            indicators.extend(section.indicators)
        rules.extend(form.rules)
    indicators = indicators[:300]
    codes = {i.code for i in indicators}
    indicators = [i.model_copy(update={"parent": i.parent if i.parent in codes else None,
                                       "numerator": None, "denominator": None, "weight": None, "total": None,
                                       "aggregation": "flow" if i.aggregation in ("ratio", "count_of_units") else i.aggregation})
                  for i in indicators]
    from desktop.core.formdef.expr import parse

    rules = [r for r in rules if all(ref.indicator in codes for ref in parse(r.expr).refs())]
    base = pack.get("ngan_sach")
    measures = ["th_ky", "luy_ke", "kh_nam", "cung_ky", "pct_kh", "pct_ck"]
    return base.model_copy(update={"id": "bench", "measures": measures,
                                   "sections": [base.sections[0].model_copy(update={"indicators": indicators})],
                                   "rules": rules})


def submission_for(form: FormDefinition, unit: str, rng: random.Random, measures: int = 4) -> Submission:
    values = {}
    for ind in form.iter_indicators():
        if ind.kind == "text":
            values[(ind.code, "th_ky")] = "Nội dung"
            continue
        v = Decimal(rng.randint(1, 5000))
        values[(ind.code, "th_ky")] = v
        if measures > 1:
            values[(ind.code, "luy_ke")] = v * 3
            values[(ind.code, "kh_nam")] = v * 6
            values[(ind.code, "cung_ky")] = v - 1
    return Submission(form.id, form.version, unit, "2023-H1", values=values, narratives={"ket_qua": "Ổn định."})


def main() -> None:
    forms_dir = REPO / "forms"
    med, best = timeit(lambda: load_pack(forms_dir), 10)
    pack = load_pack(forms_dir)
    print(f"load + check form pack ({len(pack.forms)} forms, {pack.indicator_count} indicators): "
          f"median {med:.1f} ms, best {best:.1f} ms")

    form = big_form(pack)
    rng = random.Random(1)
    sub = submission_for(form, "178", rng)
    n_values = len(sub.values)
    med, best = timeit(lambda: validate_submission(form, sub, pack.catalog), 50)
    print(f"validate one submission ({len(form.indicator_map())} indicators, {n_values} values, "
          f"{len(form.rules)} rules): median {med:.2f} ms, best {best:.2f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        repo = SubmissionRepository(open_database(Path(tmp) / "bench.db"))
        counter = iter(range(10**9))

        def save_one():
            s = submission_for(form, f"{10000 + next(counter)}", rng)
            repo.save(s, form_hash="h", unit_valid_from="", actor="bench", status="final")

        med, best = timeit(save_one, 50)
        print(f"save one submission ({n_values} values, new): median {med:.2f} ms, best {best:.2f} ms")

        stored = repo.save(sub, form_hash="h", unit_valid_from="", actor="bench")
        keys = list(sub.values)

        def edit_one():
            k = rng.choice(keys)
            repo.set_value(stored.id, k[0], k[1], Decimal(rng.randint(1, 9999)), actor="bench")

        med, best = timeit(edit_one, 200)
        print(f"save one edited cell (GUI keystroke commit, with audit): median {med:.2f} ms, best {best:.2f} ms")

        many = [submission_for(form, f"{20000 + i}", rng, measures=1) for i in range(10_000)]
        n_values = len(many[0].values)
        t0 = time.perf_counter()
        repo.save_many(many, form_hash="h", unit_valid_from="", actor="bench", status="final")
        dt_ms = (time.perf_counter() - t0) * 1000
        print(f"save 10,000 submissions ({10_000 * n_values:,} values) in one batch: {dt_ms / 1000:.2f} s "
              f"({dt_ms / 10_000:.2f} ms each)")
        size = (Path(tmp) / "bench.db").stat().st_size
        print(f"database size: {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
