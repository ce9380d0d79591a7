"""`baocao report` through the real CLI, then LibreOffice: the draft opens and converts to
PDF (A4, page numbers from page 2, footnotes), pages 1 and 2 render to PNG; refusals are
Vietnamese messages with exit code 1, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.core.test_report_seeds import body_text, load_seed

SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdfinfo")


@pytest.fixture
def seed_db(services, tmp_path) -> Path:
    load_seed(services, "seed000")
    services.close()
    return tmp_path / "baocao.db"


def test_cli_report_for_a_unit(seed_db, tmp_path):
    out = tmp_path / "bao_cao.docx"
    result = run_cli(
        "report", "--period", "2023-H1", "--unit", "178", "--out", str(out),
        "--number", "583/BC-UBND", "--date", "2023-07-04", db=seed_db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "bao_cao.docx" in result.stdout
    text = body_text(out)
    assert "Thu ngân sách nhà nước 6 tháng đầu năm 2023 đạt 209.435 triệu đồng" in text


def test_cli_report_refusals_are_vietnamese(seed_db, tmp_path):
    out = tmp_path / "x.docx"
    nothing = run_cli(
        "report", "--period", "2023-H1", "--unit", "183", "--out", str(out), db=seed_db
    )
    assert nothing.returncode == 1
    assert "Chưa có số liệu nào của Huyện Cao Lộc" in nothing.stderr
    unknown = run_cli(
        "report", "--period", "2023-H1", "--unit", "99999", "--out", str(out), db=seed_db
    )
    assert unknown.returncode == 1 and "99999" in unknown.stderr
    bad_period = run_cli(
        "report", "--period", "2023-X", "--unit", "178", "--out", str(out), db=seed_db
    )
    assert bad_period.returncode == 1 and "Kỳ báo cáo «2023-X» không hợp lệ" in bad_period.stderr
    for r in (nothing, unknown, bad_period):
        assert "Traceback" not in r.stderr
    assert not out.exists()


@pytest.mark.skipif(not (SOFFICE and POPPLER), reason="LibreOffice/poppler not installed")
def test_libreoffice_converts_the_draft_to_pdf(seed_db, tmp_path):
    docx_path = tmp_path / "bao_cao.docx"
    r = run_cli("report", "--period", "2023-H1", "--unit", "178", "--out", str(docx_path),
                "--date", "2023-07-04", db=seed_db)  # fmt: skip
    assert r.returncode == 0, r.stderr
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "bao_cao.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 3
    assert "(A4)" in info
    page1 = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page1
    assert "Lạng Sơn, ngày 04 tháng 7 năm 2023" in page1
    assert "BÁO CÁO" in page1
    # the title as seed 000 heads it, each line whole on the page (the draft's one long line
    # wrapped to leave «năm 2023» alone on a third line)
    lines = [line.strip() for line in page1.splitlines()]
    assert "Tình hình kinh tế - xã hội 6 tháng đầu năm," in lines, page1
    assert "nhiệm vụ trọng tâm 6 tháng cuối năm 2023" in lines, page1
    assert "1. Lĩnh vực phát triển kinh tế" in lines and "1.1. Nông, lâm nghiệp và thủy sản" in lines
    page2 = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert page2.lstrip().startswith("2")  # the page number, centred at the top
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "trang")],
        check=True,
        timeout=120,
    )
    pngs = sorted(tmp_path.glob("trang-*.png"))
    assert len(pngs) == 2 and all(p.stat().st_size > 10_000 for p in pngs)
