"""Entry grid: time to open a 300-indicator form (session + model + page with the real
QTableView), offscreen.  Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_grid.py"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_exchange import values_for, write_forms  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.entry_session import EntrySession  # noqa: E402
from desktop.core.periods import Period  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402
from desktop.gui.pages.entry import EntryPage  # noqa: E402


def main() -> None:
    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp())
    try:
        [form_id] = write_forms(tmp / "forms", 1)
        svc = Services(db_path=tmp / "b.db", forms_dir=tmp / "forms", today=dt.date(2026, 11, 23))
        period = Period.parse("2025-H2")
        unit = svc.units.for_period("05977", period)
        import random

        sub = Submission(form_id, 1, unit.code, str(period),
                         values=values_for(form_id, random.Random(1), ("th_ky", "luy_ke", "kh_nam", "cung_ky")))
        svc.repo.save(sub, form_hash=svc.pack.content_hash(form_id), unit_valid_from=unit.key[1], actor="b")
        form = svc.pack.get(form_id)
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            session = EntrySession(svc, unit=unit, form=form, period=period, actor="b")
            page = EntryPage(session)
            page.resize(1280, 800)
            page.show()
            app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
            page.close()
            page.deleteLater()
        print(f"open the entry grid of a 300-indicator form with 1,200 figures (validate, build, show): "
              f"median {statistics.median(times):.0f} ms, best {min(times):.0f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
