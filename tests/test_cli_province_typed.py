"""The province's commands as people type them (the real CLI in a subprocess): a --db
that names no database, before or after the command."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.usefixtures("warm_pack")


def test_a_mistyped_db_is_said_and_nothing_is_created(tmp_path):
    """`baocao --db tinh/baocoa.db status` showed every unit «chưa báo cáo» without a word
    that the file does not exist, and `consolidate` created the file and its folder before
    saying nobody had reported."""
    wrong = tmp_path / "tinh" / "baocoa.db"
    status = run_cli("--db", str(wrong), "status", "--period", "Quý II/2023")
    assert status.returncode == 0 and "Tình hình báo cáo Quý II năm 2023" in status.stdout
    assert f"Chưa có cơ sở dữ liệu «{wrong}»" in status.stderr and "--db" in status.stderr
    book = tmp_path / "tong_hop.xlsx"
    made = run_cli("consolidate", "--period", "2023-Q2", "--out", str(book), "--db", str(wrong))
    assert made.returncode == 1, made.stderr
    assert f"Chưa có cơ sở dữ liệu «{wrong}»" in made.stderr and "Traceback" not in made.stderr
    assert not wrong.parent.exists() and not book.exists()


def test_days_as_people_write_them_and_the_report_names_its_own_option(tmp_path):
    """`--as-of 30/06/2023` and `report --date 30/06/2023` were refused (only 2023-06-30;
    the report's refusal did not even say which form it wanted), and `report --level
    district` without its huyện asked for «--unit MÃ», an option report does not have."""
    db = tmp_path / "tinh.db"
    report = run_cli("report", "--period", "2023-H1", "--level", "district", "--date",
                     "30/06/2023", "--out", str(tmp_path / "bc.docx"), db=db)  # fmt: skip
    assert report.returncode == 1, report.stderr
    assert "--district MÃ_HUYỆN" in report.stderr and "--unit" not in report.stderr
    made = run_cli("consolidate", "--period", "2023-H1", "--as-of", "30/6/2023",
                   "--out", str(tmp_path / "th.xlsx"), db=db)  # fmt: skip
    assert made.returncode == 1 and "Chưa có cơ sở dữ liệu" in made.stderr  # the day was read
    wrong = run_cli("consolidate", "--period", "2023-H1", "--as-of", "31/02/2023",
                    "--out", str(tmp_path / "th.xlsx"), db=db)  # fmt: skip
    assert wrong.returncode == 2 and "NGÀY/THÁNG/NĂM (ví dụ 01/07/2025)" in wrong.stderr


def test_a_folder_of_packages_is_imported_as_the_inbox_takes_it(tmp_path):
    """`baocao package import hop_thu/` refused the folder («đây là một thư mục, không
    phải tệp gói») that the inbox takes when dropped or picked: now the packages in it,
    by name, each with its outcome; other files in it are left alone."""
    from decimal import Decimal

    from desktop.core.exchange.service import export_package
    from desktop.core.services import Services
    from desktop.core.submission import Submission

    unit = Services(db_path=tmp_path / "cao_loc" / "baocao.db")
    values = {("NS_THU", "th_ky"): Decimal("256812"), ("NS_CHI", "th_ky"): Decimal("1000")}
    unit.save_entry(unit.validate(Submission("ngan_sach", 1, "183", "2023-H1", values=values)),
                    final=True, actor="Lan")  # fmt: skip
    inbox = tmp_path / "hop_thu"
    inbox.mkdir()
    [good] = export_package(
        unit, unit_code="183", period_text="2023-H1", form_ids=["ngan_sach"], out=inbox
    )[:1]
    (inbox / "hong.baocao").write_bytes(b"PK\x03\x04 hong")
    (inbox / "ngan_sach.json").write_text("{}", encoding="utf-8")
    db = tmp_path / "tinh.db"
    got = run_cli("package", "import", str(inbox), db=db)
    assert got.returncode == 1, got.stderr  # one package refused
    rows = [line.split()[0] for line in got.stdout.splitlines()[2:-1]]
    assert rows == [good.name, "hong.baocao"], got.stdout
    assert "ngan_sach.json" not in got.stdout and "Traceback" not in got.stderr
    empty = tmp_path / "trong"
    empty.mkdir()
    none = run_cli("package", "import", str(empty), db=db)
    said = f"Không có tệp gói báo cáo (*.baocao) nào trong «{empty}»"
    assert none.returncode == 1 and said in none.stderr


def test_a_name_the_system_cannot_look_up_is_that_files_refusal(tmp_path):
    """A 300-letter name (ENAMETOOLONG on Linux, too long on Windows too) beside a missing
    file: each refused in Vietnamese, the batch goes on; it ended «Lỗi không mong đợi», exit 3."""
    long_name = str(tmp_path / ("x" * 300 + ".baocao"))
    got = run_cli("package", "import", long_name, str(tmp_path / "khong_co.baocao"), "--json",
                  db=tmp_path / "tinh.db")  # fmt: skip
    assert got.returncode == 1 and "Traceback" not in got.stderr, got.stderr
    import json

    said = [r["message"] for r in json.loads(got.stdout)]
    assert len(said) == 2 and all("không tìm thấy hoặc không đọc được tệp" in m for m in said)
