"""The core behind the pictures, the history popup, overdue cells and "Lần gửi" — no Qt:
real SQLite files, real form pack, the real CLI for sending."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.periods import Period
from desktop.core.services import Services
from tests.conftest import FIXTURES, run_cli

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

TODAY = dt.date(2026, 11, 23)
H1, H2_2022 = Period.parse("2023-H1"), Period.parse("2022-H2")
FIGURES = {  # unit → {period: NS_THU th_ky}
    "178": {"2023-H1": "209435", "2022-H2": "190000"},
    "180": {"2023-H1": "50000", "2022-H2": "40000"},
    "181": {"2023-H1": "120000"},
}


def budget_file(root: Path, unit: str, period: str, value: str) -> Path:
    path = root / f"ns_{unit}_{period}.json"
    path.write_text(
        json.dumps(
            {
                "format": "baocao-submission/1",
                "form": "ngan_sach",
                "form_version": 1,
                "unit": unit,
                "period": period,
                "values": {"NS_THU": {"th_ky": value}, "NS_CHI": {"th_ky": "1000"}},
            }
        ),
        encoding="utf-8",
    )
    return path


def province_with_figures(root: Path) -> Services:
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    for unit, by_period in FIGURES.items():
        for period, value in by_period.items():
            svc.load_file(budget_file(root, unit, period, value), final=True)
    return svc


def test_bars_line_and_completeness_from_a_real_consolidation(tmp_path):
    from desktop.core.consolidation.engine import consolidate_period
    from desktop.core.series import completeness_line, province_line, unit_bars

    svc = province_with_figures(tmp_path)
    table = consolidate_period(svc, "2023-H1", form_ids=["ngan_sach"]).forms[0]
    row = next(r for r in table.rows if r.indicator and r.indicator.code == "NS_THU")
    bars = unit_bars(table, row, "th_ky")
    assert bars.names == ["Thành phố Lạng Sơn", "Huyện Bình Gia", "Huyện Tràng Định"]
    assert bars.values == [Decimal(209435), Decimal(120000), Decimal(50000)]
    assert {name for name, _ in bars.gaps} == {u.name for u in table.missing}
    assert all(why == "chưa báo cáo" for _, why in bars.gaps) and len(bars.gaps) >= 8
    assert bars.categories == bars.names + [n for n, _ in bars.gaps]

    # a unit that reported the form but left the cell empty is a gap too, never a 0
    row_chi = next(r for r in table.rows if r.indicator and r.indicator.code == "NS_CHI_DTPT")
    empty = unit_bars(table, row_chi, "th_ky")
    assert empty.values == [] and sum(why == "không có số liệu" for _, why in empty.gaps) == 3

    def consolidate(p):
        return consolidate_period(svc, p, form_ids=["ngan_sach"]).forms[0]

    points = province_line(consolidate, H1, "NS_THU", "th_ky")
    assert len(points) == 12 and [p.period for p in points][-2:] == [H2_2022, H1]
    assert [p.value for p in points] == [None] * 10 + [Decimal(230000), Decimal(379435)]

    rows = completeness_line(svc, H1)
    assert len(rows) == 12 and rows[-1].period == H1
    assert (rows[0].received, rows[-2].received, rows[-1].received) == (0, 2, 3)
    assert rows[-1].percent == Decimal(300) / Decimal(rows[-1].expected)


def test_days_late_after_the_deadline(tmp_path):
    from desktop.core.overdue import days_late, overdue_text
    from desktop.core.status import reporting_status

    svc = province_with_figures(tmp_path)
    matrix = reporting_status(svc, "2023-H1")
    deadline = matrix.deadlines["ngan_sach"]
    assert days_late(matrix, deadline).get(("183", "ngan_sach")) is None  # on the day: not yet
    late = days_late(matrix, deadline + dt.timedelta(days=12))
    assert late[("183", "ngan_sach")] == 12
    assert overdue_text("missing", 12) == "quá 12 ngày" and overdue_text("late", 3) == "trễ 3 ngày"
    # the three loaded today (2026) were finalised long after the 2023 deadline
    assert matrix.cells[("178", "ngan_sach")].status == "late"
    assert late[("178", "ngan_sach")] > 1000


def test_cell_history_is_this_units_previous_periods(tmp_path):
    from desktop.core.series import cell_history

    svc = province_with_figures(tmp_path)
    unit = svc.units.for_period("178", H1)
    rows = cell_history(svc.repo, unit, "ngan_sach", "NS_THU", "th_ky", Period.parse("2023-H2"))
    assert len(rows) == 12
    assert rows[0] == (H1, Decimal(209435), "final")
    assert rows[1] == (H2_2022, Decimal(190000), "final")
    assert rows[2][1:] == (None, None)  # 2022-H1: no report


def test_lan_gui_counts_sends_not_revisions(tmp_path):
    """Each `package export` (what «Gửi báo cáo» does) is one send of each form in it."""
    from desktop.core.clerk_home import form_statuses
    from desktop.core.storage.sends import send_counts, unsent_final_forms

    db = tmp_path / "unit.db"
    env = {"BAOCAO_DATA_DIR": str(tmp_path / "data")}
    for name in ("ngan_sach", "y_te"):
        r = run_cli(
            "entry", "load", str(FIXTURES / "seed000" / f"{name}.json"), "--final", db=db, env=env
        )
        assert r.returncode == 0, r.stdout + r.stderr
    svc = Services(db_path=db, today=TODAY)
    unit = svc.units.for_period("178", H1)
    assert unsent_final_forms(svc.repo, unit, "2023-H1") == ["ngan_sach", "y_te"]
    assert {s.form.id: s.sends for s in form_statuses(svc, unit, H1)}["ngan_sach"] == 0
    svc.close()

    for n in (1, 2):  # the same revision sent twice (the first e-mail was lost)
        r = run_cli(
            "package",
            "export",
            "--unit",
            "178",
            "--period",
            "2023-H1",
            "--form",
            "ngan_sach",
            "--out",
            str(tmp_path / f"goi{n}.baocao"),
            db=db,
            env=env,
        )
        assert r.returncode == 0, r.stdout + r.stderr
    svc = Services(db_path=db, today=TODAY)
    assert send_counts(svc.repo, "178", unit.key[1], "2023-H1") == {"ngan_sach": 2}
    assert unsent_final_forms(svc.repo, unit, "2023-H1") == ["y_te"]
    statuses = {s.form.id: s for s in form_statuses(svc, unit, H1)}
    assert (statuses["ngan_sach"].sends, statuses["ngan_sach"].revision) == (2, 1)
    assert statuses["y_te"].sends == 0


def test_bars_show_every_unit_of_a_table_made_without_its_breakdown(tmp_path):
    """A table without its «CT …» sheet (a national run's default) carries no row
    figures: the chart asks the table for that row's, as the drill-down does."""
    from desktop.core.consolidation.engine import consolidate_period
    from desktop.core.series import unit_bars

    svc = province_with_figures(tmp_path)
    full = consolidate_period(svc, "2023-H1", form_ids=["ngan_sach"]).forms[0]
    table = consolidate_period(svc, "2023-H1", form_ids=["ngan_sach"], breakdown=False).forms[0]
    row = next(r for r in table.rows if r.indicator and r.indicator.code == "NS_THU")
    assert not table.has_breakdown and not row.by_unit  # nothing read with the table
    bars = unit_bars(table, row, "th_ky")
    assert bars.names == ["Thành phố Lạng Sơn", "Huyện Bình Gia", "Huyện Tràng Định"]
    assert bars.values == [Decimal(209435), Decimal(120000), Decimal(50000)]
    full_row = next(r for r in full.rows if r.indicator and r.indicator.code == "NS_THU")
    assert bars == unit_bars(full, full_row, "th_ky")  # the same picture either way
