"""Forms come in the order of their biểu số wherever a list of them is made — the
consolidation (its workbook sheets, JSON, notes), the draft báo cáo's sources, `forms list`
and the status matrix — never in the order of their internal ids («ngan_sach» before
«cong_nghiep» would put Biểu số 05 before Biểu số 03)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.consolidation.engine import consolidate_period
from desktop.core.services import Services
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.usefixtures("warm_pack")


def numbers(forms) -> list[str]:
    return [f.bieu_so for f in forms]


def test_consolidation_and_listing_follow_the_bieu_so(tmp_path):
    svc = Services(db_path=tmp_path / "tinh.db", today=dt.date(2023, 7, 10))
    ordered = numbers(svc.pack.by_number())
    assert ordered == sorted(ordered) and len(ordered) == len(svc.pack.forms)
    by_id = numbers(svc.pack.header(i) for i in sorted(svc.pack.forms))
    assert by_id != ordered  # the pack's ids do not sort as the forms are numbered
    result = consolidate_period(svc, "2023-H1", breakdown=False)
    got = numbers(t.form for t in result.forms)
    assert got == sorted(got) and len(got) > 10
    listed = run_cli("forms", "list", "--db", str(tmp_path / "tinh.db"), cwd=REPO)
    assert listed.returncode == 0, listed.stderr
    shown = [n for n in ordered if n in listed.stdout]
    assert sorted(shown, key=listed.stdout.index) == shown
