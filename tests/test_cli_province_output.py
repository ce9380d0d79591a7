"""The province's commands as their output is read (the real CLI in a subprocess): into a
file a Windows clerk opens in Notepad or Excel, in a terminal 120 columns wide, through a
pipe; and options that would waste the work (a day count below zero, a --json that cannot
be written after the workbook was)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from decimal import Decimal

import pytest

from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.usefixtures("warm_pack")
BOM = b"\xef\xbb\xbf"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", *args]


def _env(**more: str) -> dict:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", **more}


def test_text_into_a_file_opens_in_notepad_and_excel_json_stays_json(tmp_path):
    """`baocao status … > tinh_hinh.txt` was UTF-8 without a mark, which Excel (and an older
    Notepad) reads in the ANSI code page: «ThÃ nh phá»‘».  A file the text goes into begins
    with the UTF-8 mark; JSON (RFC 8259), a pipe and a file appended to (`>>`) never do."""
    db = tmp_path / "tinh.db"
    args = ("status", "--period", "2023-H1", "--db", str(db))
    text = tmp_path / "tinh_hinh.txt"
    with open(text, "wb") as fh:
        done = subprocess.run(_cli(*args), stdout=fh, stderr=subprocess.PIPE, cwd=REPO, env=_env())
    assert done.returncode == 0, done.stderr
    data = text.read_bytes()
    assert data.startswith(BOM) and data.count(BOM) == 1
    assert data[3:].decode("utf-8").startswith("Tình hình báo cáo 6 tháng đầu năm 2023")
    with open(text, "ab") as fh:  # `>>`: the file has its mark already
        subprocess.run(_cli(*args), stdout=fh, stderr=subprocess.PIPE, cwd=REPO, env=_env())
    assert text.read_bytes().count(BOM) == 1 and len(text.read_bytes()) == 2 * len(data) - 3
    as_json = tmp_path / "tinh_hinh.json"
    with open(as_json, "wb") as fh:
        subprocess.run(_cli(*args, "--json"), stdout=fh, stderr=subprocess.PIPE, cwd=REPO, env=_env())
    assert as_json.read_bytes().startswith(b"{")  # a pipe: test_status_reads_in_a_terminal…


def _in_terminal(args: list[str], columns: int) -> str:
    """What a terminal `columns` wide shows of the command (a real pseudo-terminal)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(_cli(*args), stdout=slave, stderr=subprocess.PIPE, cwd=REPO,
                            env=_env(COLUMNS=str(columns)))  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_status_reads_in_a_terminal_120_wide_and_is_whole_when_piped(tmp_path):
    """In a terminal the 24 forms × 11 districts matrix was one 242-character line per unit
    and the forms' table 200: now the matrix in blocks, each repeating the unit, the
    forms' titles wrapped in their column; piped, each row is one complete line."""
    args = ["status", "--period", "2023-H1", "--db", str(tmp_path / "tinh.db")]
    shown = _in_terminal(args, 120)
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 120, max(lines, key=len)
    matrix_heads = [line for line in lines if line.startswith("Đơn vị ")]
    assert len(matrix_heads) == 3 and "Biểu 01" in matrix_heads[0] and "Biểu 25" in matrix_heads[2]
    assert sum(line.startswith("Thành phố Lạng Sơn ") for line in lines) == 3  # once a block
    assert "\nBiểu số 16 (Thanh tra, tiếp công dân, giải  " in shown  # wrapped, not cut:
    assert "\nquyết khiếu nại, tố cáo và phòng, chống tham  " not in shown  # not with figures
    assert "\nquyết khiếu nại, tố cáo và phòng, chống tham\nnhũng)\n" in shown
    piped = run_cli(*args).stdout
    assert not piped.startswith("\ufeff")  # a pipe (`| findstr`) gets no mark
    piped = piped.splitlines()
    overdue = [line for line in piped if line.startswith("  Huyện Đình Lập — quá ")]
    assert overdue[-1].endswith(" ngày: Biểu 02–21, 23–25"), overdue  # not 23 names
    [head] = [line for line in piped if line.startswith("Đơn vị ")]
    assert "Biểu 01" in head and "Biểu 25" in head  # one line, every form
    [row] = [line for line in piped if line.startswith("Biểu số 16 ")]
    assert row.startswith("Biểu số 16 (Thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và "
                          "phòng, chống tham nhũng)")  # fmt: skip


def test_a_deadline_before_the_cut_off_is_refused(tmp_path):
    """`--deadline-days -5` put every deadline before the period's end and counted every
    report late; more than a form may set (60) is no deadline either.  Refused in
    Vietnamese, exit 1 (the bound itself: tests/core/test_form_runs.py)."""
    db = str(tmp_path / "tinh.db")
    got = run_cli("status", "--period", "2023-H1", "--deadline-days", "-5", "--db", db)
    assert got.returncode == 1 and "Traceback" not in got.stderr, got.stderr
    assert "số ngày sau ngày chốt số liệu phải từ 0 đến 60, không phải -5." in got.stderr
    assert got.stdout == ""
    ok = run_cli("status", "--period", "2023-H1", "--deadline-days", "0", "--json", "--db", db)
    assert ok.returncode == 0 and '"deadline": "2023-06-30"' in ok.stdout


def test_every_output_is_tried_before_any_work(tmp_path):
    """`consolidate --out th.xlsx --json <somewhere it cannot write>` wrote the workbook,
    then failed on the JSON.  Every file a command writes is tried first: refused in
    Vietnamese, exit 1, nothing written (the workbook neither)."""
    from desktop.core.services import Services
    from desktop.core.submission import Submission

    svc = Services(db_path=tmp_path / "tinh.db")
    values = {("NS_THU", "th_ky"): Decimal("256812"), ("NS_CHI", "th_ky"): Decimal("1000")}
    svc.save_entry(svc.validate(Submission("ngan_sach", 1, "183", "2023-H1", values=values)),
                   final=True, actor="Lan")  # fmt: skip
    (tmp_path / "ghi_chu").write_text("một tệp, không phải thư mục", encoding="utf-8")
    book = tmp_path / "tong_hop.xlsx"
    for json_out in (tmp_path / "ghi_chu" / "th.json", tmp_path):  # under a file; a folder
        got = run_cli("consolidate", "--period", "2023-H1", "--form", "ngan_sach",
                      "--out", str(book), "--json", str(json_out), db=svc.db_path)  # fmt: skip
        assert got.returncode == 1 and "Traceback" not in got.stderr, got.stderr
        assert f"Không ghi được tệp «{json_out.name}»" in got.stderr and not book.exists()
        assert "Đã tổng hợp" not in got.stdout
    assert [p.name for p in tmp_path.glob("*") if p.name.startswith(("tong_hop", "th."))] == []
