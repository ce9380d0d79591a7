"""Filled templates: a number cell is checked against history exactly like the same figure
typed as text; prefilled text that Excel would take for a formula carries the text marker;
a template whose sheet holds a million rows is refused in seconds, naming the sheet."""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from desktop.core.excel.templates import make_template
from tests.conftest import FIXTURES, run_cli

SEED = FIXTURES / "seed000" / "ngan_sach.json"
DATA_SHEET = "Biểu nhập liệu"


def _store(services, tmp_path: Path, name: str, **changes) -> None:
    data = {**json.loads(SEED.read_text(encoding="utf-8")), **changes}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = services.validate_file(path)
    services.save_entry(report, final=False)


def _cell(wb, code: str, measure: str):
    pairs = [(str(a), str(b)) for a, b in wb["_baocao"].iter_rows(max_col=2, values_only=True) if a]
    row = next(a for a, b in pairs if a.startswith("row:") and b == code).split(":")[1]
    col = next(a for a, b in pairs if a.startswith("col:") and b == measure).split(":")[1]
    return wb[DATA_SHEET][f"{col}{row}"]


def _issues_for(services, template: Path, tmp_path: Path, value) -> list:
    wb = openpyxl.load_workbook(template)
    _cell(wb, "NS_THU", "th_ky").value = value
    filled = tmp_path / "da_dien.xlsx"
    wb.save(filled)
    report = services.validate_file(filled)
    return [i for i in report.issues if i.location.indicator == "NS_THU" and i.location.measure == "th_ky"]


def test_a_number_cell_gets_the_same_history_warning_as_the_same_figure_typed(services, tmp_path):
    # last year the unit reported 134.720 (triệu đồng); now 256812000 arrives in a number cell
    _store(services, tmp_path, "nam_truoc", period="2022-H1",
           values={"NS_THU": {"th_ky": "134.720"}, "NS_CHI": {"th_ky": "300.000"}})
    template = make_template(services, form_id="ngan_sach", unit_code="178",
                             period_text="2023-H1", out=tmp_path / "bieu.xlsx")
    as_number = _issues_for(services, template, tmp_path, 256812000)
    as_text = _issues_for(services, template, tmp_path, "256.812.000")
    warning = [i for i in as_number if i.code == "chenh_lech_bat_thuong"]
    assert warning, as_number
    assert "triệu đồng hay tỷ đồng" in warning[0].message and "134.720" in warning[0].message
    assert [(i.code, i.message) for i in as_number] == [(i.code, i.message) for i in as_text]
    # and a plausible figure in a number cell passes without one
    assert not [i for i in _issues_for(services, template, tmp_path, 256812) if i.code == "chenh_lech_bat_thuong"]


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+ tăng 5%", "-5% so với cùng kỳ", "@ghi chú"])
def test_prefilled_text_that_looks_like_a_formula_is_marked_as_text(services, tmp_path, text):
    _store(services, tmp_path, "ky_nay", narratives={"ket_qua": text, "han_che": "Bình thường."})
    template = make_template(services, form_id="ngan_sach", unit_code="178",
                             period_text="2023-H1", out=tmp_path / "bieu.xlsx")
    ws = openpyxl.load_workbook(template)["Thuyết minh"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells[text].data_type == "s" and cells[text].quotePrefix is True
    assert cells["Bình thường."].quotePrefix is False
    # and it reads back as the same text
    report = services.validate_file(template)
    assert report.submission.narratives["ket_qua"] == text


def _million_rows(template: Path, out: Path) -> Path:
    with zipfile.ZipFile(template) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    book, rels = members["xl/workbook.xml"].decode(), members["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet[^>]*name="{DATA_SHEET}"[^>]*r:id="(rId\d+)"', book).group(1)
    target = next(r.get("Target") for r in ElementTree.fromstring(rels) if r.get("Id") == rid)
    part = "xl/" + target.lstrip("/").removeprefix("xl/")
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2001, 1_002_001))
    members[part] = members[part].replace(b"</sheetData>", rows + b"</sheetData>")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out


def test_a_template_with_a_million_rows_is_refused_in_seconds(services, tmp_path):
    template = make_template(services, form_id="ngan_sach", unit_code="178",
                             period_text="2023-H1", out=tmp_path / "bieu.xlsx")
    big = _million_rows(template, tmp_path / "mot_trieu_hang.xlsx")
    assert 2 * 1024 * 1024 < big.stat().st_size < 20 * 1024 * 1024
    start = time.perf_counter()
    r = run_cli("entry", "validate", str(big), db=tmp_path / "db.sqlite")
    took = time.perf_counter() - start
    assert r.returncode == 2, r.stdout + r.stderr
    assert "mot_trieu_hang.xlsx" in r.stderr and f"«{DATA_SHEET}»" in r.stderr
    assert "20.000 hàng" in r.stderr and "Traceback" not in r.stderr
    print(f"million-row template ({big.stat().st_size / 1e6:.1f} MB) refused in {took:.2f} s")
    assert took < 60  # seconds, not the minutes and gigabyte of loading it twice
