"""«Tổng hợp» in tỷ đồng (a provincial office's default): 4 triệu đồng is 0,004 tỷ đồng,
which the table showed «0» (two places at most).  A figure other than zero never reads 0
(`readable_places`, the workbook's route).  The real model over a real consolidation of a
real SQLite file, no window."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.core.consolidation.engine import consolidate_period
from desktop.core.services import Services
from desktop.core.submission import Submission
from desktop.gui.models.summary import SummaryModel
from desktop.gui.pages.consolidation_money import in_office_units

pytestmark = pytest.mark.usefixtures("warm_pack")


def test_a_few_million_dong_in_billions_does_not_read_zero(tmp_path, qapp):
    svc = Services(db_path=tmp_path / "tinh.db")
    values = {("NS_THU", "th_ky"): Decimal(4), ("NS_CHI", "th_ky"): Decimal("1545500")}
    report = svc.validate(Submission("ngan_sach", 1, "178", "2023-H1", values=values))
    svc.save_entry(report, final=True, actor="Lan")
    [table] = consolidate_period(svc, "2023-H1", form_ids=["ngan_sach"]).forms
    shown, converted = in_office_units(table, svc.pack.catalog)  # no settings: tỷ đồng
    assert {"NS_THU", "NS_CHI"} <= converted
    model = SummaryModel(svc.pack.catalog)
    model.set_table(shown)
    column = 4 + shown.measures.index("th_ky")
    text = {
        r.indicator.code: model.index(n, column).data()
        for n, r in enumerate(shown.rows)
        if r.indicator is not None
    }
    assert text["NS_THU"] == "0,004"  # «0» before
    assert text["NS_CHI"] == "1.545,5"  # a figure that reads as itself keeps its places
