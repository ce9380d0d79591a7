"""Seeds 001–003: every fixture submission validates with no error, and the per-seed coverage
tables in docs/seed-coverage/ say exactly what the fixtures hold.

Each `docs/seed-coverage/seedNNN.md` lists every quantitative figure of one seed report with
the unit that reports it, the period and its home (`form · INDICATOR · measure`) and the value
as entered, or «no home» and why.  The tests read that table back: every home row is in the
fixture with that value, every value of a fixture is in the table, the headline count is the
table's, and at least 95 % of the figures have a home.  For seed 002 (the province) the
reporting units are departments, each responsible for what it reports (responsibility matrix).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.departments import ResponsibilityMatrix
from desktop.core.numbers import parse_number
from desktop.core.periods import Period
from desktop.core.units import UnitCatalog

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = ["seed001", "seed002", "seed003"]
FILES = [p for s in SEEDS for p in sorted((FIXTURES / s).glob("*.json"))]
HOME = re.compile(r"^([a-z_]+) · ([A-Z0-9_]+) · ([a-z_]+)$")


def _table(seed: str) -> tuple[list[dict], str]:
    text = (REPO / "docs" / "seed-coverage" / f"{seed}.md").read_text(encoding="utf-8")
    rows = []
    derived = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7 or not (cells[0].isdigit() or cells[0][:1] == "d" and cells[0][1:].isdigit()):
            continue
        n, section, words, unit, period, home, entered = cells
        h = HOME.match(home)
        row = {"n": n, "words": words, "unit": unit, "period": period, "entered": entered,
               "home": h.groups() if h else None, "raw_home": home}
        (rows if n.isdigit() else derived).append(row)
    return rows, derived, text


def _fixture_values(seed: str) -> dict[tuple, str]:
    values = {}
    for path in sorted((FIXTURES / seed).glob("*.json")):
        sub = json.loads(path.read_text(encoding="utf-8"))
        for code, measures in sub["values"].items():
            for measure, text in measures.items():
                values[(sub["unit"], sub["period"], sub["form"], code, measure)] = text
    return values


def _num(text: str) -> Decimal:
    return parse_number(text).value


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_seed_fixture_validates_with_no_error(services, path):
    report = services.validate_file(path)
    assert [i.render() for i in report.issues if i.is_error] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_coverage_table_matches_the_fixtures(seed):
    rows, derived, text = _table(seed)
    assert [int(r["n"]) for r in rows] == list(range(1, len(rows) + 1))
    fixture = _fixture_values(seed)
    listed, sums = {}, {}
    for r in derived:  # sums of the report's figures entered so a total row is not empty
        form, code, measure = r["home"]
        sums[(r["unit"], r["period"], form, code, measure)] = r
        assert _num(fixture[(r["unit"], r["period"], form, code, measure)]) == _num(r["entered"])
    for r in rows:
        if r["home"] is None:
            assert r["raw_home"] == "no home" and r["entered"], r  # a reason is given
            continue
        form, code, measure = r["home"]
        key = (r["unit"], r["period"], form, code, measure)
        assert key in fixture, f"#{r['n']} {r['words']}: {key} is not in the fixtures"
        assert _num(fixture[key]) == _num(r["entered"]), r
        listed[key] = r
    assert set(fixture) == set(listed) | set(sums), "fixture values not listed in the coverage table"
    assert not set(listed) & set(sums)
    assert f"**{len(listed)} of {len(rows)} figures have a home" in text


@pytest.mark.parametrize("seed", SEEDS)
def test_at_least_95_percent_of_the_figures_have_a_home(seed):
    rows, _derived, _text = _table(seed)
    homed = [r for r in rows if r["home"] is not None]
    assert len(homed) / len(rows) >= 0.95, f"{len(homed)} of {len(rows)}"


def test_seed002_is_reported_by_the_responsible_departments(pack):
    catalog, matrix = UnitCatalog.load(), ResponsibilityMatrix.load()
    for (unit_code, period, form_id, code, _measure) in _fixture_values("seed002"):
        unit = catalog.for_period(unit_code, Period.parse(period))
        assert unit.level == "department"
        assert matrix.reports_indicator(unit, pack.forms[form_id], code), (unit.name, form_id, code)


def test_seed002_headline_figures_read_back_exactly(services):
    report = services.validate_file(FIXTURES / "seed002" / "2032_kinh_te_cua_khau.json")
    assert report.submission.values[("CK_KN_XNK", "uoc_th")] == Decimal("250")
    assert report.submission.values[("CK_KN_XNK", "pct_ck")] == Decimal("208.3")
    report = services.validate_file(FIXTURES / "seed002" / "2002_dau_tu_cong_2022.json")
    assert report.submission.values[("DT_GN", "th_ky")] == Decimal("2913800")
