"""Every issue of a filled Excel template names its sheet and cell (house rule 5: which file,
sheet, cell), not only the reader's own: the validation's issues (a figure under its
minimum, a part larger than its whole, a required narrative left empty) are placed by the
template's metadata (rows and columns → indicators and measures; engine.placed).  The real
CLI on a real template filled by openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from tests.conftest import run_cli
from tests.core.test_excel_template import cell_of, fill, meta_of, narrative_cell

pytestmark = pytest.mark.usefixtures("warm_pack")


def test_validation_issues_of_a_template_name_sheet_and_cell(tmp_path):
    db, book = tmp_path / "baocao.db", tmp_path / "bieu.xlsx"
    made = run_cli("template", "--form", "ngan_sach", "--unit", "178", "--period", "2023-H1",
                   "--out", str(book), db=db)  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    figures = {("NS_THU", "th_ky"): 100, ("NS_THU_ND", "th_ky"): 500, ("NS_CHI", "th_ky"): -5}
    fill(book, figures, narratives={"ket_qua": "Thu đạt khá. " * 1700})  # > 20.000 ký tự
    meta = meta_of(openpyxl.load_workbook(book))
    said = run_cli("entry", "validate", str(book), db=db)
    assert said.returncode == 1, said.stdout + said.stderr
    lines = [" ".join(line.split()) for line in said.stdout.splitlines()]

    def line(code: str) -> str:
        return next(x for x in lines if f"] {code}:" in x)

    sheet = "trang tính «Biểu nhập liệu»"
    assert f"{sheet}, ô {cell_of(meta, 'NS_CHI', 'th_ky')}," in line("nho_hon_toi_thieu")
    assert f"{sheet}, ô {cell_of(meta, 'NS_THU', 'th_ky')}," in line("tong_con_vuot_cha")
    # a narrative: its cell on the narrative sheet
    long = f"trang tính «Thuyết minh», ô {narrative_cell(meta, 'ket_qua')},"
    assert long in line("thuyet_minh_qua_dai")
    assert all(" ô " in x for x in lines if x.startswith("[")), lines
