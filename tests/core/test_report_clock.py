"""The draft báo cáo is dated by its caller (the office's day, `Services.today`, or the
--date typed), never by the machine clock: a UTC machine at 05:20 in Lạng Sơn would date
it the day before.  No clock read in desktop/core/report, and ReportOptions has no day of
its own to fall back to."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop.core.report.writer import ReportOptions

REPORT = Path(__file__).resolve().parents[2] / "desktop" / "core" / "report"
CLOCKS = {"today", "now", "utcnow", "time", "localtime", "gmtime"}


def test_no_clock_is_read_in_the_report_code():
    calls = [
        f"{path.name}:{node.lineno} {node.func.attr}()"
        for path in sorted(REPORT.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCKS
    ]
    assert calls == []


def test_options_without_a_day_are_refused():
    with pytest.raises(TypeError):
        ReportOptions()
