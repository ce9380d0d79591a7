"""Defects found by using BaoCao as clerks and officers do (K6's walk-through), each through
the real `baocao` command: the refusal is Vietnamese, says what the file or form is, exits
with the documented code and leaves nothing written."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.test_cli_user_messages import province_with_a_received_form

# the pack read from its cache entry, as by an installation that has run once (conftest):
# each test's first command no longer checks the YAML pack (~0.85 s of CPU)
pytestmark = pytest.mark.usefixtures("warm_pack")


def test_province_exporting_a_received_form_is_refused_before_any_file(tmp_path):
    """The province's copy of a unit's form is «Đã nhận»: not its own to send.  Refused up
    front, naming the form, and no .baocao file is left behind (it used to be written first,
    then the «Đã gửi» marking failed)."""
    db = province_with_a_received_form(tmp_path)
    for extra in ((), ("--form", "ngan_sach")):
        out = tmp_path / "goi_lai.baocao"
        got = run_cli(
            "package", "export", "--unit", "183", "--period", "2023-H1", *extra,
            "--out", str(out), db=db,
        )  # fmt: skip
        said = got.stdout + got.stderr
        assert got.returncode == 1, said
        assert "Biểu số 05 (Thu, chi ngân sách nhà nước)" in said and "«Đã nhận»" in said
        assert "không phải của cơ sở này" in said and "Traceback" not in said
        assert not out.exists()
        assert list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob("goi_lai*")) == []


def test_importing_a_word_file_says_in_one_sentence_what_it_is(tmp_path):
    """A .docx is a zip of 17-odd parts: the message says it is a Word file and which of
    the package's three parts are missing, not the list of the Word file's insides."""
    import docx

    word = tmp_path / "báo cáo.docx"
    document = docx.Document()
    document.add_paragraph("Báo cáo tình hình kinh tế - xã hội")
    document.save(word)
    got = run_cli("package", "import", str(word), "--json", db=tmp_path / "tinh.db")
    said = got.stdout + got.stderr
    assert got.returncode == 1, said
    assert "là tệp Word, không phải gói BaoCao" in said, said
    assert "thiếu manifest.json, data.json, signature.json" in said, said
    assert "word/document.xml" not in said and "[Content_Types]" not in said, said


def test_entry_validate_says_what_the_file_is_not(tmp_path):
    """A Word file, an empty file, a folder, a zip given to `entry validate`: each message
    names the file and says what it is, not «không phải văn bản UTF-8» or «dòng 1, cột 1»."""
    import docx

    word = tmp_path / "so lieu.docx"
    docx.Document().save(word)
    empty = tmp_path / "rong.json"
    empty.write_bytes(b"")
    folder = tmp_path / "thư mục.json"
    folder.mkdir()
    zipped = tmp_path / "nen.json"
    zipped.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    expected = {
        word: f"Tệp «{word.name}» không phải tệp số liệu JSON của BaoCao (có vẻ là tệp Word)",
        empty: f"Tệp «{empty.name}» rỗng",
        folder: f"«{folder}» là thư mục, không phải tệp số liệu JSON",
        zipped: f"Tệp «{zipped.name}» không phải tệp số liệu JSON của BaoCao (có vẻ là tệp nén ZIP)",
    }
    for path, message in expected.items():
        got = run_cli("entry", "validate", str(path), db=tmp_path / "baocao.db")
        said = got.stdout + got.stderr
        assert got.returncode == 2, said
        assert message in said, said
        assert "UTF-8" not in said and "cột 1" not in said and "Traceback" not in said


def test_cli_import_line_names_forms_as_the_inbox_does(tmp_path):
    """The CLI's import line and the inbox's «Chi tiết» come from one function: forms by
    number and title («Biểu số 05 (Thu, chi …) lần 1: …»), never «ngan_sach lần 1»; the
    import log stores that same message."""
    import sqlite3

    from desktop.core.exchange.results import FormOutcome, ImportResult, detail
    from desktop.core.services import Services

    db = province_with_a_received_form(tmp_path)
    got = run_cli("package", "import", str(tmp_path / "goi.baocao"), db=db)  # seen before
    said = got.stdout + got.stderr
    assert got.returncode == 0, said
    named = "Biểu số 05 (Thu, chi ngân sách nhà nước) lần 1: trùng (đã có, không thay đổi)"
    assert f"Huyện Cao Lộc, 6 tháng đầu năm 2023 — {named}" in said, said
    assert "ngan_sach" not in said, said
    with sqlite3.connect(db) as conn:
        logged = [m for (m,) in conn.execute("SELECT message FROM imports")]
    assert "Huyện Cao Lộc, 6 tháng đầu năm 2023 — Biểu số 05 (Thu, chi ngân sách nhà nước) lần 1: mới" in logged
    pack = Services(db_path=db).pack
    result = ImportResult("goi.baocao", "duplicate", "", forms=[FormOutcome("ngan_sach", 1, "duplicate")])
    assert detail(result, pack) == named  # the inbox's text is the CLI line's


def test_template_cell_problem_gives_the_place_once(tmp_path):
    """`entry validate` of a filled template with text in a figure cell: the line names the
    cell once, in the location's full form (tệp, trang tính, ô, biểu số, chỉ tiêu, cột),
    not «Ô E12 (…): … (tệp …, ô E12, …)»."""
    import openpyxl

    db = tmp_path / "baocao.db"
    book = tmp_path / "bieu.xlsx"
    made = run_cli(
        "template", "--form", "ngan_sach", "--unit", "183", "--period", "2023-H1",
        "--out", str(book), db=db,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    wb = openpyxl.load_workbook(book)
    ws = wb["Biểu nhập liệu"]
    cell = next(c for row in ws.iter_rows() for c in row if c.protection.locked is False)
    cell.value = "abc"
    wb.save(book)
    got = run_cli("entry", "validate", str(book), db=db)
    said = got.stdout + got.stderr
    assert got.returncode == 1, said
    (line,) = [ln for ln in said.splitlines() if "«abc»" in ln]
    assert line.count(cell.coordinate) == 1, line
    assert f"(tệp bieu.xlsx, trang tính «Biểu nhập liệu», ô {cell.coordinate}, biểu số 05, chỉ tiêu «" in line


def test_consolidating_a_period_nobody_reported_is_refused_like_report(tmp_path):
    """`consolidate` of a period with nothing received refused as `report` is: exit 1, a
    Vietnamese message naming the period, and neither the workbook nor the JSON written."""
    db = province_with_a_received_form(tmp_path)  # 2023-H1 received, 2024-H1 nothing
    book, data = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    got = run_cli(
        "consolidate", "--period", "2024-H1", "--out", str(book), "--json", str(data), db=db
    )
    said = got.stdout + got.stderr
    assert got.returncode == 1, said
    assert "Chưa có đơn vị nào báo cáo kỳ 6 tháng đầu năm 2024 cho Tỉnh Lạng Sơn" in said, said
    assert "Traceback" not in said and not book.exists() and not data.exists()
    reported = run_cli("consolidate", "--period", "2023-H1", "--out", str(book), db=db)
    assert reported.returncode == 0 and book.exists(), reported.stderr


def test_a_submission_json_renamed_baocao_is_told_for_entry_load(tmp_path):
    """A clerk's JSON file renamed .baocao read «không đúng định dạng ZIP, hoặc tệp bị cắt
    cụt», as a damaged package would (found by L6): it is named for what it is, and where
    it goes.  Nothing is stored."""
    import shutil
    from pathlib import Path

    seed = Path(__file__).resolve().parent / "fixtures" / "seed002" / "2003_ngan_sach.json"
    renamed = tmp_path / "goi_2003.baocao"
    shutil.copy(seed, renamed)
    db = tmp_path / "tinh.db"
    got = run_cli("package", "import", str(renamed), db=db)
    said = got.stdout + got.stderr
    assert got.returncode == 1, said
    assert "là tệp số liệu JSON của đơn vị" in said and "«baocao entry load»" in said, said
    assert "định dạng ZIP" not in said and "Traceback" not in said, said
    shown = run_cli("entry", "show", "--unit", "2003", "--period", "2023-01", "--form",
                    "ngan_sach", db=db)  # fmt: skip
    assert "418" not in shown.stdout, shown.stdout
