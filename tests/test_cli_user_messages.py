"""The real `baocao` command as people type it, where it went wrong for them: every refusal
in Vietnamese, naming the file it is about, with the documented exit code and never a
traceback or an English status word."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import run_cli

# the pack read from its cache entry, as by an installation that has run once (conftest):
# each test's first command no longer checks the YAML pack (~0.85 s of CPU)
pytestmark = pytest.mark.usefixtures("warm_pack")

TODAY = dt.date(2023, 7, 10)


def province_with_a_received_form(tmp_path, *, enrol: bool = True):
    """Cao Lộc (183) sent ngan_sach of 2023-H1; the province enrolled its key and counted
    the package (or, with `enrol=False`, holds it).  Returns the province's database path."""
    from desktop.core.exchange.service import export_package, import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.services import Services
    from desktop.core.submission import Submission
    from desktop.core.trust.enrolment import accept_key

    unit = Services(db_path=tmp_path / "cao_loc" / "baocao.db", today=TODAY)
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    values = {("NS_THU", "th_ky"): Decimal("256812"), ("NS_CHI", "th_ky"): Decimal("1000")}
    sub = Submission("ngan_sach", 1, "183", "2023-H1", values=values)
    unit.save_entry(unit.validate(sub), final=True, actor="Lan")
    pkg = export_package(
        unit, unit_code="183", period_text="2023-H1", form_ids=["ngan_sach"],
        out=tmp_path / "goi.baocao",
    )[0]  # fmt: skip
    assert import_packages(province, [pkg])[0].outcome == "held"
    if not enrol:
        return province.db_path
    fp = SigningKey.load_or_create(unit.key_dir).fingerprint
    released = accept_key(province, unit.units.get("183", dt.date(2023, 6, 30)), fp, actor="Hà")
    assert [r.outcome for r in released] == ["new"]
    return province.db_path


def test_exporting_a_received_form_is_refused_in_vietnamese(tmp_path):
    """The province's copy of a unit's form is «Đã nhận»: it is not sent on from there, and
    the refusal says so in the words the app shows, not the stored «received»/«sent»."""
    db = province_with_a_received_form(tmp_path)
    out = tmp_path / "goi_lai.baocao"
    got = run_cli(
        "package", "export", "--unit", "183", "--period", "2023-H1", "--out", str(out), db=db
    )
    said = got.stdout + got.stderr
    assert got.returncode == 1, said
    assert "«Đã nhận»" in said and "«Đã gửi»" in said
    assert "received" not in said and "sent" not in said and "Traceback" not in said


def test_a_file_that_is_not_a_database_is_named(tmp_path):
    """`--db` given a Word file or a folder: the message names the path given."""
    word = tmp_path / "báo cáo tháng 6.docx"
    word.write_bytes(b"PK\x03\x04" + b"\0" * 2000)  # a zip (docx) header, not SQLite
    folder = tmp_path / "thư mục"
    folder.mkdir()
    for path in (word, folder):
        got = run_cli("status", "--period", "2023-H1", db=path)
        said = got.stdout + got.stderr
        assert got.returncode == 1, said
        assert f"«{path}»" in said, said
        assert "Traceback" not in said
    assert word.read_bytes()[:4] == b"PK\x03\x04" and word.stat().st_size == 2004  # untouched


def test_forms_named_by_number_and_title_in_review_and_export(tmp_path):
    """An officer reads «biểu số 05 (Thu, chi ngân sách nhà nước)», as the GUI and the
    validation messages name forms, never the internal id «ngan_sach»."""
    db = province_with_a_received_form(tmp_path)
    named = "iểu số 05 (Thu, chi ngân sách nhà nước)"
    listed = run_cli("review", "list", "--period", "2023-H1", db=db)
    assert listed.returncode == 0, listed.stderr
    assert f"B{named}" in listed.stdout and "ngan_sach" not in listed.stdout, listed.stdout
    returned = run_cli(
        "review", "return", "--unit", "183", "--period", "2023-H1", "--form", "ngan_sach",
        "--comment", "Số thu lệch với Kho bạc", "--out", str(tmp_path / "tra_lai.baocao-phanhoi"),
        db=db,
    )  # fmt: skip
    assert returned.returncode == 0, returned.stderr
    assert f"Bị trả lại: b{named} lần 1 của Huyện Cao Lộc" in returned.stdout, returned.stdout
    changes = run_cli(
        "review", "changes", "--unit", "183", "--period", "2023-H1", "--form", "ngan_sach", db=db
    )
    assert f"Huyện Cao Lộc, b{named}, 6 tháng đầu năm 2023" in changes.stdout, changes.stdout

    unit_db = tmp_path / "cao_loc" / "baocao.db"
    out = tmp_path / "gói lần hai.baocao"
    sent = run_cli(
        "package", "export", "--unit", "183", "--period", "2023-H1", "--out", str(out), db=unit_db
    )
    assert sent.returncode == 0, sent.stderr
    assert f"Đã xuất gói «{out}» (1 biểu): b{named} lần 1." in sent.stdout, sent.stdout


def test_status_heads_columns_as_the_status_page_does(tmp_path):
    """`baocao status`: the columns are «Biểu 01» … as on the «Tình hình báo cáo» page and the
    per-form summary names each form by number and title, not «kinh_te_tong_hop» …"""
    db = province_with_a_received_form(tmp_path)
    got = run_cli("status", "--period", "2023-H1", db=db)
    assert got.returncode == 0, got.stderr
    lines = got.stdout.splitlines()
    head = lines[1].split()
    assert head[:4] == ["Đơn", "vị", "Biểu", "01"] and "Biểu 25" in lines[1], lines[1]
    assert "Biểu số 05 (Thu, chi ngân sách nhà nước)" in got.stdout
    assert "ngan_sach" not in got.stdout and "kinh_te_tong_hop" not in got.stdout
    one = run_cli("status", "--period", "2023-H1", "--form", "ngan_sach", db=db).stdout
    assert "Biểu 05" in one.splitlines()[1] and "trễ ?" in one


def test_consolidate_names_the_forms_with_missing_units(tmp_path):
    """`baocao consolidate` lists the units that have not reported: the form by its number
    and title (not «an_ninh_trat_tu:»), the workbook in «»; each list of units once, with
    the forms it holds for (the same 9 districts were written on 21 lines, one a form)."""
    db = province_with_a_received_form(tmp_path)
    out = tmp_path / "tổng hợp.xlsx"
    forms = ("--form", "ngan_sach", "--form", "kinh_te_tong_hop", "--form", "nong_lam_nghiep",
             "--no-breakdown")  # fmt: skip
    got = run_cli("consolidate", "--period", "2023-H1", *forms, "--out", str(out), db=db)
    assert got.returncode == 0, got.stderr
    assert f"Đã tổng hợp 6 tháng đầu năm 2023: 3 biểu → «{out}»." in got.stdout
    assert "  Biểu số 05 (Thu, chi ngân sách nhà nước): Thiếu số liệu 10 đơn vị" in got.stderr
    assert "  Biểu số 01, 02: Thiếu số liệu 11 đơn vị: " in got.stderr
    assert len(got.stderr.splitlines()) == 2
    assert "ngan_sach" not in got.stdout + got.stderr


@pytest.mark.parametrize("command", [("feedback", "import"), ("keys", "receive")])
def test_a_word_file_given_as_a_province_file_is_named_plainly(tmp_path, command):
    """A .docx (or any file that is not one BaoCao signs) given to `feedback import` or
    `keys receive`: the refusal says what the file is not in words, not a format code."""
    word = tmp_path / "báo cáo tháng 6.docx"
    word.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    got = run_cli(*command, str(word), db=tmp_path / "baocao.db")
    said = got.stdout + got.stderr
    assert got.returncode in (1, 2) and "Traceback" not in said
    assert "«báo cáo tháng 6.docx»" in said
    assert "baocao-signed" not in said, said
    assert "không đúng định dạng tệp BaoCao có chữ ký" in said, said


def test_key_tables_show_times_as_people_read_them(tmp_path):
    """keys list / held / delegations: «30/11/2026 19:30» on the office clock, as keys log and
    the GUI show them, not «2026-11-30T12:30:05+00:00»; --json keeps the stored stamps."""
    import re

    stamp = re.compile(r"\d{4}-\d\d-\d\dT")
    shown = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")
    held_db = province_with_a_received_form(tmp_path / "giu", enrol=False)
    held = run_cli("keys", "held", db=held_db).stdout
    assert shown.search(held) and not stamp.search(held), held
    assert stamp.search(run_cli("keys", "held", "--json", db=held_db).stdout)

    db = province_with_a_received_form(tmp_path / "nhan")
    listed = run_cli("keys", "list", db=db).stdout
    assert shown.search(listed) and not stamp.search(listed), listed
    assert (
        run_cli("keys", "delegate", "183", "06187", "--as-of", "2023-06-30", db=db).returncode == 0
    )
    delegations = run_cli("keys", "delegations", db=db).stdout
    assert shown.search(delegations) and not stamp.search(delegations), delegations


@pytest.mark.parametrize(
    ("command", "wrong", "kind"),
    [
        (
            ["template", "--form", "ngan_sach", "--unit", "183", "--period", "2023-H1"],
            "bieu.docx",
            ".xlsx",
        ),
        (["consolidate", "--period", "2023-H1"], "tong hop.docx", ".xlsx"),
        (["report", "--period", "2023-H1", "--level", "province"], "bao cao.xlsx", ".docx"),
    ],
)
def test_out_file_with_the_wrong_extension_is_refused(tmp_path, command, wrong, kind):
    """A workbook written under a .docx name (or the báo cáo under .xlsx) opens in neither
    Excel nor Word, and `entry load` of it said «không phải văn bản UTF-8»: the name is
    refused before anything is done, saying which extension the file needs."""
    out = tmp_path / wrong
    got = run_cli(*command, "--out", str(out), db=tmp_path / "baocao.db")
    said = got.stdout + got.stderr
    assert got.returncode == 2, said
    assert f"«{out}» phải có đuôi {kind}" in said, said
    assert "Traceback" not in said and not out.exists()


def test_entry_load_names_the_form_and_the_period_as_people_read_them(tmp_path):
    """`entry load` says what it stored as the clerk reads it: «biểu số 05 (…)» and «6 tháng
    đầu năm 2023», not «biểu ngan_sach» and «2023-H1»."""
    db = tmp_path / "don_vi" / "baocao.db"
    loaded = run_cli("entry", "load", "tests/fixtures/seed000/ngan_sach.json", db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines()[-1] == (
        "Đã lưu «ngan_sach.json»: Thành phố Lạng Sơn, 6 tháng đầu năm 2023, "
        "biểu số 05 (Thu, chi ngân sách nhà nước), lần 1 (bản nháp)."
    ), loaded.stdout
