"""This month's lũy kế (from 1 January) of a flow row below last month's for the same unit
is a warning naming both months' figures the Vietnamese way (relations.check_cumulative_history;
the rows that accumulate are the forms' flow rows).  A correction can lower it, so it warns,
never refuses; January has no earlier month of its year, so December's lũy kế says nothing.
Stored through the core, checked through the real CLI."""

from __future__ import annotations

import json

import pytest

from desktop.core.services import Services
from tests.conftest import run_cli

pytestmark = pytest.mark.usefixtures("warm_pack")

RETAIL = "«Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng»"


def retail(tmp_path, period: str, month: str, ytd: str):
    path = tmp_path / f"ban_le_{period}.json"
    doc = {
        "format": "baocao-submission/1",
        "form": "cong_thuong_dich_vu",
        "form_version": 1,
        "unit": "178",
        "period": period,
        "values": {"CT_BAN_LE": {"th_ky": month, "luy_ke": ytd}},
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_year_to_date_below_last_months_warns_but_not_across_new_year(tmp_path):
    db = tmp_path / "baocao.db"
    svc = Services(db_path=db)
    svc.load_file(retail(tmp_path, "2023-05", "100", "1.234,5"), final=True, actor="Lan")
    svc.load_file(retail(tmp_path, "2022-12", "100", "5.000"), final=True, actor="Lan")
    svc.close()

    june = run_cli("entry", "validate", str(retail(tmp_path, "2023-06", "80", "1.000")), db=db)
    said = " ".join(june.stdout.split())
    assert june.returncode == 0 and "Traceback" not in june.stderr, june.stdout + june.stderr
    assert (
        f"[Cảnh báo] luy_ke_giam: {RETAIL}: lũy kế tháng 6 năm 2023 (1.000 tỷ đồng) nhỏ hơn "
        "lũy kế tháng 5 năm 2023 (1.234,5 tỷ đồng)"
    ) in said, said
    # June's lũy kế above May's: nothing said
    ok = run_cli("entry", "validate", str(retail(tmp_path, "2023-06", "80", "1.314,5")), db=db)
    assert "luy_ke_giam" not in ok.stdout, ok.stdout

    january = run_cli("entry", "validate", str(retail(tmp_path, "2023-01", "100", "100")), db=db)
    assert january.returncode == 0 and "luy_ke_giam" not in january.stdout, january.stdout
