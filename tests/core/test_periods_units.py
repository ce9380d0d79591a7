"""Periods (labels, windows, neighbours) and the unit catalog (both structures, crosswalk)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.core.errors import NotFoundError
from desktop.core.formdef.models import Calendar, PeriodType
from desktop.core.periods import Period, PeriodError, current_period
from desktop.core.units import UnitCatalog, build_catalog

REPO = Path(__file__).resolve().parents[2]
D = dt.date


@pytest.mark.parametrize(
    ("text", "code", "label", "admin", "cal"),
    [
        ("2023-06", "2023-06", "Tháng 6 năm 2023", (D(2023, 5, 15), D(2023, 6, 14)), (D(2023, 6, 1), D(2023, 6, 30))),
        ("2023-1", "2023-01", "Tháng 1 năm 2023", (D(2022, 12, 15), D(2023, 1, 14)), (D(2023, 1, 1), D(2023, 1, 31))),
        ("2023-Q2", "2023-Q2", "Quý II năm 2023", (D(2023, 3, 15), D(2023, 6, 14)), (D(2023, 4, 1), D(2023, 6, 30))),
        ("2023-H1", "2023-H1", "6 tháng đầu năm 2023", (D(2022, 12, 15), D(2023, 6, 14)), (D(2023, 1, 1), D(2023, 6, 30))),
        ("2023-h2", "2023-H2", "6 tháng cuối năm 2023", (D(2023, 6, 15), D(2023, 12, 14)), (D(2023, 7, 1), D(2023, 12, 31))),
        ("2023-9M", "2023-9M", "9 tháng năm 2023", (D(2022, 12, 15), D(2023, 9, 14)), (D(2023, 1, 1), D(2023, 9, 30))),
        ("2024", "2024", "Năm 2024", (D(2023, 12, 15), D(2024, 12, 14)), (D(2024, 1, 1), D(2024, 12, 31))),
    ],
)
def test_periods(text, code, label, admin, cal):
    p = Period.parse(text)
    assert str(p) == code and p.label == label
    assert p.window(Calendar.ADMINISTRATIVE) == admin
    assert p.window(Calendar.CALENDAR) == cal


@pytest.mark.parametrize("text", ["2023-13", "2023-Q5", "2023-H3", "23-06", "tháng 6", "", "2023-00"])
def test_bad_periods(text):
    with pytest.raises(PeriodError) as exc:
        Period.parse(text)
    assert "2023-Q2" in exc.value.message or "tháng" in exc.value.message


def test_months_and_neighbours():
    h1 = Period.parse("2023-H1")
    assert [str(m) for m in h1.months] == [f"2023-0{i}" for i in range(1, 7)]
    assert str(h1.previous()) == "2022-H2" and str(h1.same_period_last_year()) == "2022-H1"
    assert str(Period.parse("2023-01").previous()) == "2022-12"
    assert str(Period.parse("2023-Q1").previous()) == "2022-Q4"
    assert len(Period.parse("2023-9M").year_start_months()) == 9
    assert h1.contains(Period.parse("2023-Q2")) and not h1.contains(Period.parse("2023-07"))
    assert [str(q) for q in Period.parse("2023").sub_periods(PeriodType.QUARTER)] == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]
    assert h1.deadline(Calendar.ADMINISTRATIVE, 5) == D(2023, 6, 19)


def test_current_period_and_future():
    assert str(current_period(PeriodType.MONTH, Calendar.ADMINISTRATIVE, D(2026, 11, 23))) == "2026-12"
    assert str(current_period(PeriodType.MONTH, Calendar.CALENDAR, D(2026, 11, 23))) == "2026-11"
    assert str(current_period(PeriodType.MONTH, Calendar.ADMINISTRATIVE, D(2026, 12, 20))) == "2027-01"
    assert Period.parse("2027").is_future(D(2026, 11, 23)) is True  # its window opens 15/12/2026
    assert Period.parse("2026-12").is_future(D(2026, 11, 23)) is False  # being collected now
    assert Period.parse("2027-03").is_future(D(2026, 11, 23)) is True
    assert Period.parse("2026-11").is_future(D(2026, 11, 23)) is False


def test_shipped_catalog_matches_the_shared_source():
    source = REPO.parent / "shared" / "data" / "lang_son_units.json"
    if not source.exists():
        pytest.skip("shared/ is not beside the repository")
    built = build_catalog(json.loads(source.read_text(encoding="utf-8")))
    shipped = json.loads((REPO / "resources" / "units" / "lang_son.json").read_text(encoding="utf-8"))
    assert built == shipped


def test_catalog_before_and_after_the_reform():
    cat = UnitCatalog.load()
    before, after = D(2025, 6, 30), D(2025, 7, 1)
    assert len(cat.valid_on(before, "district")) == 11
    assert len(cat.valid_on(before, "commune")) == 194
    assert len(cat.valid_on(after, "district")) == 0
    assert len(cat.valid_on(after, "commune")) == 65
    # the same code names two different areas
    old, new = cat.get("05977", before), cat.get("05977", after)
    assert old.name == "Phường Vĩnh Trại" and new.name == "Phường Đông Kinh" and old.key != new.key
    assert cat.for_period("05977", Period.parse("2025")).name == "Phường Đông Kinh"
    assert cat.for_period("05977", Period.parse("2025-H1")).name == "Phường Vĩnh Trại"
    assert {lk.type for lk in new.predecessors} == {"full"}
    split = cat.get("06622", before)  # Bính Xá went to two new communes
    assert len(split.successors) == 2
    assert cat.search("cao loc", before)[0].name == "Huyện Cao Lộc"
    assert len(cat.children(cat.get("178", before), before)) >= 8
    with pytest.raises(NotFoundError):
        cat.get("178", after)
