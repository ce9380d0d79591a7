"""A department's figures on a row another department answers for are refused by the one
validation route (validation/checks.py, check_answered; the responsibility matrix in
resources/units/responsibilities.json): Sở Tài chính (2003) answers for «Dự án đầu tư ngoài
ngân sách» of Biểu số 22, Thống kê for GRDP.  `entry validate` of JSON and of a filled Excel
template, `entry load --final` (so there is nothing to export) and the province's import
all refuse a GRDP figure from Sở Tài chính, naming the row, the biểu số and Thống kê."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop.core.exchange.service import export_package, import_packages
from desktop.core.submission import Submission
from tests.conftest import run_cli
from tests.core.fuzz_corpus import _content_hash
from tests.core.package_tools import enrol, finalise, installation, resign
from tests.core.test_excel_template import fill

pytestmark = pytest.mark.usefixtures("warm_pack")

MONTH = "2025-06"
GRDP = "«Tổng sản phẩm trên địa bàn (GRDP) theo giá hiện hành»"


def said_right(text: str) -> bool:
    text = " ".join(text.split())
    return (
        "dong_cua_don_vi_khac" in text
        and f"{GRDP} của Biểu số 22" in text
        and "do Thống kê tỉnh Lạng Sơn báo cáo" in text
        and "Traceback" not in text
    )


def so_tc_file(tmp_path, rows: dict[str, str]):
    path = tmp_path / "so_tc.json"
    doc = {
        "format": "baocao-submission/1",
        "form": "kinh_te_tinh",
        "form_version": 1,
        "unit": "2003",
        "period": MONTH,
        "values": {code: {"th_ky": v} for code, v in rows.items()},
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_entry_validate_and_load_refuse_another_departments_row(tmp_path):
    db = tmp_path / "so_tc.db"
    path = so_tc_file(tmp_path, {"DA_MOI": "3", "KT_GRDP": "5000"})
    said = run_cli("entry", "validate", str(path), db=db)
    assert said.returncode == 1 and said_right(said.stdout), said.stdout + said.stderr
    loaded = run_cli("entry", "load", str(path), "--final", "--author", "Lan", db=db)
    assert loaded.returncode == 1 and said_right(loaded.stdout + loaded.stderr)
    # nothing finalised, so nothing goes up in a package
    sent = run_cli("package", "export", "--unit", "2003", "--period", MONTH,
                   "--form", "kinh_te_tinh", "--out", str(tmp_path / "goi.baocao"), db=db)  # fmt: skip
    assert sent.returncode != 0 and not (tmp_path / "goi.baocao").exists()
    assert "Traceback" not in sent.stdout + sent.stderr


def test_filled_template_with_another_departments_row_is_refused(tmp_path):
    db = tmp_path / "so_tc.db"
    book = tmp_path / "bieu.xlsx"
    made = run_cli("template", "--form", "kinh_te_tinh", "--unit", "2003", "--period", MONTH,
                   "--out", str(book), db=db)  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    fill(book, {("DA_MOI", "th_ky"): 3, ("KT_GRDP", "th_ky"): 5000})
    said = run_cli("entry", "validate", str(book), db=db)
    assert said.returncode == 1 and said_right(said.stdout), said.stdout + said.stderr


def test_province_rejects_a_package_with_another_departments_row(tmp_path):
    unit, province = installation(tmp_path, "so_tc"), installation(tmp_path, "tinh")
    enrol(province, unit, "2003", MONTH)
    own = {("DA_MOI", "th_ky"): Decimal("3")}
    finalise(unit, Submission("kinh_te_tinh", 1, "2003", MONTH, values=own, author="Lan"))
    pkg, _ = export_package(
        unit, unit_code="2003", period_text=MONTH, form_ids=["kinh_te_tinh"], out=tmp_path / "goi.baocao"
    )

    def add_grdp(d):
        d["submissions"][0]["values"]["KT_GRDP"] = {"th_ky": "5000"}
        changed.append(d["submissions"][0])
        return d

    def faithful(m):  # the hash a faithful writer would put in: the figures are checked
        m["forms"][0]["content_hash"] = _content_hash(changed[0])
        return m

    changed: list[dict] = []
    bad = resign(pkg, tmp_path / "xau.baocao", unit.key_dir, data=add_grdp, manifest=faithful)
    [r] = import_packages(province, [bad])
    assert r.outcome == "rejected" and said_right("dong_cua_don_vi_khac " + r.message), r.message
    assert province.repo.get("2003", "2025-03-01", "kinh_te_tinh", MONTH) is None
    [ok] = import_packages(province, [pkg])  # its own rows alone go in
    assert ok.outcome == "new", ok.message
    stored = province.repo.get("2003", "2025-03-01", "kinh_te_tinh", MONTH).submission.values
    assert set(stored) == {("DA_MOI", "th_ky")}
