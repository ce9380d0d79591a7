"""The budget's province figure is Sở Tài chính's (forms/ngan_sach.yaml: `province_source:
lead_department`, `lead: ["2003"]`), through the real CLI: until the department reports, the
province cell is the districts' sum and says it is provisional, in the JSON, in the
workbook's table and in its «Đối chiếu» sheet; once it has reported, its figure is used and
the reconciliation shows the districts' sum and the difference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.conftest import run_cli

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

PERIOD = "2023-01"
DISTRICTS = {"178": ("30000", "40000"), "183": ("12500", "21000")}  # NS_THU, NS_CHI (synthetic)
UNITS_THU, UNITS_CHI = 42500, 61000
# Sở Tài chính's whole-province figures: seed 002 (mục 1.6), tỷ đồng × 1.000
SO_TAI_CHINH = ("418100", "777910")
PROVISIONAL = "Tạm tính từ 2 đơn vị; Sở Tài chính chưa báo cáo"


def _submission(tmp: Path, unit: str, thu: str, chi: str) -> Path:
    path = tmp / f"{unit}.json"
    path.write_text(
        json.dumps(
            {
                "format": "baocao-submission/1",
                "form": "ngan_sach",
                "form_version": 1,
                "unit": unit,
                "period": PERIOD,
                "values": {"NS_THU": {"th_ky": thu}, "NS_CHI": {"th_ky": chi}},
            }
        ),
        encoding="utf-8",
    )
    return path


def _consolidate(tmp: Path, db: Path, name: str) -> tuple[dict, list[list], list[list]]:
    out, js = tmp / f"{name}.xlsx", tmp / f"{name}.json"
    r = run_cli(
        "consolidate",
        "--period",
        PERIOD,
        "--form",
        "ngan_sach",
        "--out",
        str(out),
        "--json",
        str(js),
        db=db,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    [form] = json.loads(js.read_text(encoding="utf-8"))["forms"]
    book = CalamineWorkbook.from_path(str(out))
    table = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    recon = (
        book.get_sheet_by_name("Đối chiếu").to_python() if "Đối chiếu" in book.sheet_names else []
    )
    return form, table, recon


def _row(rows: list[list], code: str) -> list:
    [row] = [r for r in rows if code in r]
    return row


@pytest.fixture
def province(tmp_path):
    """A province office that shows money in triệu đồng (Cài đặt): the workbook's cells
    are the JSON's figures."""
    from desktop.core.settings import Role, Settings, save_settings

    save_settings(Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                           person_name="Trần Văn Minh", money_in_billions=False))  # fmt: skip
    db = tmp_path / "tinh.db"
    for unit, (thu, chi) in DISTRICTS.items():
        r = run_cli("entry", "load", str(_submission(tmp_path, unit, thu, chi)), "--final", db=db)
        assert r.returncode == 0, r.stdout + r.stderr
    return tmp_path, db


def test_without_sở_tài_chính_the_districts_sum_stands_and_says_so(province):
    tmp, db = province
    form, table, recon = _consolidate(tmp, db, "tam_tinh")
    rows = {r["code"]: r for r in form["rows"] if r["code"]}
    assert rows["NS_THU"]["values"]["th_ky"] == str(UNITS_THU)
    assert rows["NS_CHI"]["values"]["th_ky"] == str(UNITS_CHI)
    assert PROVISIONAL in rows["NS_THU"]["note"] and PROVISIONAL in rows["NS_CHI"]["note"]
    [line] = [
        x for x in form["reconciliation"] if x["code"] == "NS_THU" and x["measure"] == "th_ky"
    ]
    assert (line["department"], line["units"], line["used"], line["difference"]) == (
        None,
        str(UNITS_THU),
        str(UNITS_THU),
        None,
    )
    assert "Sở Tài chính chưa báo cáo" in line["note"] and "tạm tính từ 2 đơn vị" in line["note"]
    row = _row(table, "NS_THU")  # the workbook's table: the sum and the note beside it
    assert UNITS_THU in row and any(isinstance(c, str) and PROVISIONAL in c for c in row)
    row = _row(recon, "NS_THU")
    assert UNITS_THU in row and any(
        isinstance(c, str) and "Sở Tài chính chưa báo cáo" in c for c in row
    )


def test_once_sở_tài_chính_reports_its_figure_is_used_and_reconciled(province):
    tmp, db = province
    r = run_cli("entry", "load", str(_submission(tmp, "2003", *SO_TAI_CHINH)), "--final", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    form, table, recon = _consolidate(tmp, db, "so_tai_chinh")
    rows = {r["code"]: r for r in form["rows"] if r["code"]}
    assert rows["NS_THU"]["values"]["th_ky"] == "418100"
    assert rows["NS_CHI"]["values"]["th_ky"] == "777910"
    assert "Số liệu của Sở Tài chính" in rows["NS_THU"]["note"]
    assert "Tạm tính" not in rows["NS_THU"]["note"]
    assert [b["code"] for b in form["provincial_bodies"]] == ["2003"]
    lines = {(x["code"], x["measure"]): x for x in form["reconciliation"]}
    thu, chi = lines[("NS_THU", "th_ky")], lines[("NS_CHI", "th_ky")]
    assert (thu["department"], thu["units"], thu["used"], thu["difference"]) == (
        "418100",
        str(UNITS_THU),
        "418100",
        str(418100 - UNITS_THU),
    )
    assert (chi["department"], chi["units"], chi["difference"]) == (
        "777910",
        str(UNITS_CHI),
        str(777910 - UNITS_CHI),
    )
    assert thu["body"] == "Sở Tài chính" and thu["source"] == "lead_department"
    assert 418100 in _row(table, "NS_THU")
    row = _row(recon, "NS_THU")
    assert [418100, UNITS_THU, 418100, 418100 - UNITS_THU] == [
        c for c in row if isinstance(c, (int, float))
    ][-4:]


def test_the_tax_department_stands_for_revenue_while_sở_tài_chính_has_not_reported(province):
    # Cục Thuế reports the revenue section only (resources/units/responsibilities.json)
    tmp, db = province
    path = tmp / "2031.json"
    body = {
        "format": "baocao-submission/1",
        "form": "ngan_sach",
        "form_version": 1,
        "unit": "2031",
        "period": PERIOD,
        "values": {"NS_THU": {"th_ky": "418100"}},
        # spending is Sở Tài chính's and Kho bạc's to report: not required of Cục Thuế, and
        # not Cục Thuế's to mark either (validation/checks.py check_answered)
        "marks": {"NS_CHI": {"mark": "chua_co_so_lieu", "reason": "Cục Thuế chỉ báo cáo thu."}},
    }
    path.write_text(json.dumps(body), encoding="utf-8")
    r = run_cli("entry", "load", str(path), db=db)
    assert r.returncode == 1 and "dong_cua_don_vi_khac" in r.stdout, r.stdout + r.stderr
    assert "bỏ đánh dấu «chưa có số liệu» ở dòng này" in r.stdout
    del body["marks"]
    path.write_text(json.dumps(body), encoding="utf-8")
    r = run_cli("entry", "load", str(path), db=db)  # a draft first: never counted
    assert r.returncode == 0, r.stdout + r.stderr
    form, _, _ = _consolidate(tmp, db, "nhap")
    rows = {r["code"]: r for r in form["rows"] if r["code"]}
    assert rows["NS_THU"]["values"]["th_ky"] == str(UNITS_THU)
    r = run_cli("entry", "load", str(path), "--final", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    form, table, _ = _consolidate(tmp, db, "cuc_thue")
    rows = {r["code"]: r for r in form["rows"] if r["code"]}
    assert rows["NS_THU"]["values"]["th_ky"] == "418100"
    assert "Số liệu của Cục Thuế tỉnh Lạng Sơn" in rows["NS_THU"]["note"]
    # spending is Sở Tài chính's alone: still the districts' sum, still said to be provisional
    assert rows["NS_CHI"]["values"]["th_ky"] == str(UNITS_CHI)
    assert PROVISIONAL in rows["NS_CHI"]["note"]
    assert 418100 in _row(table, "NS_THU")


def test_a_lead_that_reported_another_column_is_not_said_to_be_missing(province):
    """Sở Tài chính's January report (seed 002) gives «ước thực hiện» only; the districts
    gave «thực hiện».  The «Đối chiếu» line of «thực hiện» said «Sở Tài chính chưa báo cáo;
    số tỉnh tạm tính từ 2 đơn vị», though it had reported and the table showed no
    provisional figure (found on a realistic month through the CLI)."""
    tmp, db = province
    seed = Path(__file__).resolve().parent / "fixtures" / "seed002" / "2003_ngan_sach.json"
    r = run_cli("entry", "load", str(seed), "--final", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    form, _, recon = _consolidate(tmp, db, "uoc_th")
    [line] = [x for x in form["reconciliation"] if (x["code"], x["measure"]) == ("NS_THU", "th_ky")]
    assert (line["department"], line["units"], line["used"]) == (None, str(UNITS_THU), None)
    assert line["note"] == (
        "Sở Tài chính không báo cáo cột «Thực hiện kỳ báo cáo»; "
        "số tỉnh để trống, tổng các đơn vị chỉ để đối chiếu"
    )
    assert not any(isinstance(c, str) and "chưa báo cáo" in c for c in _row(recon, "NS_THU"))
