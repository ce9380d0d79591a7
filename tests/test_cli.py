"""The real `baocao` command in a subprocess: exit codes, Vietnamese messages, no change
in the database on refused input, and the whole unit → province round trip."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import FIXTURES, run_cli

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

SEED = FIXTURES / "seed000" / "ngan_sach.json"


def count_rows(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM submissions").fetchone()[0] + \
            conn.execute("SELECT count(*) FROM vals").fetchone()[0]


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_help_and_forms(tmp_path):
    r = run_cli("--help")
    assert r.returncode == 0 and "forms" in r.stdout and "consolidate" in r.stdout
    r = run_cli("forms", "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "hợp lệ" in r.stdout
    r = run_cli("forms", "list", "--json")
    assert r.returncode == 0 and len(json.loads(r.stdout)) >= 14
    schema = json.loads(run_cli("forms", "schema").stdout)
    assert "properties" in schema and "indicators" in json.dumps(schema)
    entry_schema = json.loads(run_cli("entry", "schema").stdout)
    assert "values" in entry_schema["properties"]


def test_forms_check_fails_on_a_broken_pack(tmp_path):
    bad = tmp_path / "forms"
    bad.mkdir()
    (bad / "_catalog.yaml").write_text("units_of_measure: []\nmeasures: []\ndomains: []\n", encoding="utf-8")
    (bad / "x.yaml").write_text("id: x\nversion: [\n", encoding="utf-8")
    r = run_cli("forms", "check", str(bad))
    assert r.returncode == 1
    assert "sai cú pháp" in r.stdout + r.stderr and "Traceback" not in r.stderr


def test_units_list(tmp_path):
    r = run_cli("units", "list", "--as-of", "2025-07-01", "--json")
    units = json.loads(r.stdout)
    assert sum(u["level"] == "commune" for u in units) == 65
    r = run_cli("units", "list", "--as-of", "2025-06-30")
    assert "Huyện Cao Lộc" in r.stdout


def test_validate_and_load_seed(tmp_path):
    db = tmp_path / "db.sqlite"
    r = run_cli("entry", "validate", str(SEED), db=db)
    assert r.returncode == 0, r.stdout
    r = run_cli("entry", "load", str(SEED), "--final", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Đã lưu" in r.stdout
    r = run_cli("entry", "show", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach", db=db)
    assert r.returncode == 0 and "209.435" in r.stdout
    assert "(lần 1, hoàn thành)" in r.stdout.splitlines()[0]  # the status in words, not «final»
    shown = json.loads(run_cli("entry", "show", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach",
                               "--json", db=db).stdout)
    assert shown["values"]["NS_THU"]["th_ky"] == "209435"


BASE = {"format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1, "unit": "178",
        "period": "2023-H1", "values": {"NS_THU": {"th_ky": "209.435"}, "NS_CHI": {"th_ky": "323.115"}}}


@pytest.mark.parametrize(
    ("change", "exit_code", "fragment"),
    [
        ({"values": {"NS_THU": {"th_ky": "12a"}, "NS_CHI": {"th_ky": "1"}}}, 1, "không phải chữ số"),
        ({"values": {"NS_THU": {"th_ky": "-5"}, "NS_CHI": {"th_ky": "1"}}}, 1, "nhỏ hơn mức tối thiểu"),
        ({"values": {"NS_KHONG_CO": {"th_ky": "1"}}}, 1, "không có chỉ tiêu"),
        ({"form_version": 9}, 1, "phiên bản"),
        ({"period": "2030-H1"}, 1, "chưa bắt đầu"),
        ({"period": "2023-W1"}, 1, "không hợp lệ"),
        ({"unit": "99999"}, 1, "Không có đơn vị"),
        ({"unit": "178", "period": "2026-H1"}, 1, "Không có đơn vị"),
        ({"form": "khong_co"}, 1, "Tệp «sai.json»: không có biểu mẫu"),
        ({"extra": 1}, 2, "không được phép"),
    ],
)
def test_wrong_input_changes_nothing(tmp_path, change, exit_code, fragment):
    db = tmp_path / "db.sqlite"
    run_cli("entry", "load", str(SEED), db=db)
    before = count_rows(db)
    bad = write_json(tmp_path / "sai.json", {**BASE, **change})
    r = run_cli("entry", "validate", str(bad), db=db)
    assert r.returncode == exit_code, r.stdout + r.stderr
    assert fragment in r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    r = run_cli("entry", "load", str(bad), db=db)
    assert r.returncode == exit_code
    assert count_rows(db) == before


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe\x00garbage", b"[]"])
def test_unreadable_files_exit_2(tmp_path, content):
    path = tmp_path / "hong.json"
    path.write_bytes(content)
    r = run_cli("entry", "validate", str(path), db=tmp_path / "db.sqlite")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "hong.json" in r.stderr
    assert run_cli("entry", "validate", str(tmp_path / "khong_co.json")).returncode == 2


def test_final_refuses_unexplained_warnings(tmp_path):
    db = tmp_path / "db.sqlite"
    data = {**BASE, "values": {"NS_THU": {"th_ky": "209.435", "du_toan_tinh": "365.000", "pct_dt_tinh": "80"},
                               "NS_CHI": {"th_ky": "1"}}}
    path = write_json(tmp_path / "canh_bao.json", data)
    r = run_cli("entry", "load", str(path), "--final", db=db)
    assert r.returncode == 1 and "giải trình" in r.stdout + r.stderr
    assert count_rows(db) == 0
    data["comments"] = {"NS_THU": {"pct_dt_tinh": "Tỷ lệ theo dự toán điều chỉnh."}}
    r = run_cli("entry", "load", str(write_json(path, data)), "--final", db=db)
    assert r.returncode == 0, r.stdout + r.stderr


def test_round_trip_unit_to_province(tmp_path):
    """template → filled as a clerk would → load → package → import at the province →
    status → consolidate → the workbook read back: every figure where it belongs."""
    unit_db, unit_home = tmp_path / "don_vi" / "db.sqlite", {"BAOCAO_DATA_DIR": str(tmp_path / "don_vi")}
    prov_db, prov_home = tmp_path / "tinh" / "db.sqlite", {"BAOCAO_DATA_DIR": str(tmp_path / "tinh")}
    xlsx = tmp_path / "bieu.xlsx"
    r = run_cli("template", "--form", "ngan_sach", "--unit", "183", "--period", "2023-H1", "--out", str(xlsx),
                db=unit_db, env=unit_home)
    assert r.returncode == 0, r.stdout + r.stderr
    wb = openpyxl.load_workbook(xlsx)
    meta = wb["_baocao"]
    pairs = [(str(a), str(b)) for a, b in meta.iter_rows(max_col=2, values_only=True) if a]
    rows = {b: a for a, b in pairs if a.startswith("row:")}
    cols = {b: a for a, b in pairs if a.startswith("col:")}
    ws = wb["Biểu nhập liệu"]

    def cell(code, measure):
        return ws[f"{cols[measure].split(':')[1]}{rows[code].split(':')[1]}"]

    cell("NS_THU", "th_ky").value = "256.812"
    cell("NS_THU", "du_toan_tinh").value = "225.000,5"
    cell("NS_CHI", "th_ky").value = 389000
    cell("NS_CHI", "du_toan_tinh").value = "763.800"
    wb["Thuyết minh"]["C5"].value = "Thu ngân sách đạt 114,14% dự toán tỉnh giao."
    wb.save(xlsx)

    r = run_cli("entry", "validate", str(xlsx), db=unit_db, env=unit_home)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Đã hiểu" in r.stdout  # the ambiguous "256.812" is said back
    r = run_cli("entry", "load", str(xlsx), "--final", db=unit_db, env=unit_home)
    assert r.returncode == 0, r.stdout + r.stderr
    pkg = tmp_path / "goi.baocao"
    r = run_cli("package", "export", "--unit", "183", "--period", "2023-H1", "--out", str(pkg), db=unit_db, env=unit_home)
    assert r.returncode == 0, r.stdout + r.stderr
    fingerprint = run_cli("keys", "show", db=unit_db, env=unit_home).stdout.split(":")[-1].strip()
    # the officer has read the fingerprint back over the phone and enrols the unit's key
    r = run_cli("keys", "trust", "183", fingerprint, "--period", "2023-H1", db=prov_db, env=prov_home)
    assert r.returncode == 0, r.stdout + r.stderr

    r = run_cli("package", "import", str(pkg), "--json", db=prov_db, env=prov_home)
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)[0]["outcome"] == "new"
    keys = run_cli("keys", "list", "--json", db=prov_db, env=prov_home)
    assert json.loads(keys.stdout)[0]["fingerprint"] == fingerprint
    again = json.loads(run_cli("package", "import", str(pkg), "--json", db=prov_db, env=prov_home).stdout)
    assert again[0]["outcome"] == "duplicate"

    status = json.loads(run_cli("status", "--period", "2023-H1", "--form", "ngan_sach", "--json",
                                db=prov_db, env=prov_home).stdout)
    cells = {(c["unit"], c["form"]): c["status"] for c in status["cells"]}
    assert cells[("183", "ngan_sach")] in ("on_time", "late")
    assert cells[("178", "ngan_sach")] == "missing"
    assert status["counts"]["ngan_sach"]["missing"] == 10

    out, js = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    r = run_cli("consolidate", "--period", "2023-H1", "--form", "ngan_sach", "--out", str(out), "--json", str(js),
                db=prov_db, env=prov_home)
    assert r.returncode == 0, r.stdout + r.stderr
    result = json.loads(js.read_text(encoding="utf-8"))
    row = next(x for x in result["forms"][0]["rows"] if x["code"] == "NS_THU")
    assert row["values"]["th_ky"] == "256812"
    assert Decimal(row["values"]["pct_dt_tinh"]).quantize(Decimal("0.01")) == Decimal("114.14")
    wb = openpyxl.load_workbook(out)
    found = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value == "NS_THU"]
    assert found, "the indicator code is in the Mã số column"
    values = [c.value for c in found[0].parent[found[0].row] if isinstance(c.value, (int, float, Decimal))]
    assert 256.812 in values  # no settings.json: a province's default, tỷ đồng (office_display)
    narratives = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert "Thu ngân sách đạt 114,14% dự toán tỉnh giao." in narratives
