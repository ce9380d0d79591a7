"""The seed reports: every figure of seeds 000 (Lạng Sơn city) and 004 (Cao Lộc), entered
through the JSON submission format, one submission per form, validates with no error and
is stored exactly as written."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.numbers import parse_number

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED000 = sorted((FIXTURES / "seed000").glob("*.json"))
SEED004 = sorted((FIXTURES / "seed004").glob("*.json"))


def test_seed000_covers_every_form(pack):
    assert {p.stem for p in SEED000} == set(pack.forms)


@pytest.mark.parametrize("path", SEED000 + SEED004, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_seed_submission_validates_and_is_stored_exactly(services, path):
    report = services.validate_file(path)
    errors = [i.render() for i in report.issues if i.is_error]
    assert errors == []
    stored = services.save_entry(report, final=False, actor="Kiểm thử")
    raw = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    back = services.repo.get_by_id(stored.id).submission
    for code, measures in raw["values"].items():
        for measure, text in measures.items():
            if text is None:
                continue
            expected = text if isinstance(text, str) and not _is_number(text) else parse_number(text).value
            assert back.values[(code, measure)] == expected, (code, measure)


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
        return True
    except ValueError:
        return False


def test_seed000_headline_budget_figure(services):
    report = services.validate_file(FIXTURES / "seed000" / "ngan_sach.json")
    assert report.submission.values[("NS_THU", "th_ky")] == Decimal("209435")
