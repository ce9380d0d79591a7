"""Draft options and the parts around the sentences: "so với tháng trước" in a monthly
report, the annex (Word tables in the workbook's order, a reference to the workbook, or
none), and refusals with a Vietnamese message that change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import docx
import pytest

from desktop.core.consolidation.engine import consolidate_period
from desktop.core.errors import BaoCaoError
from desktop.core.report.drafts import write_unit_draft
from desktop.core.report.writer import ReportError, ReportOptions
from desktop.core.submission import Submission
from tests.core.test_report_seeds import body_text, load_seed

DAY = ReportOptions(dt.date(2023, 7, 4))  # the office's day, as the CLI and GUI give it


def _save(services, period: str, values: dict) -> None:
    form = services.pack.get("cong_thuong_dich_vu")
    sub = Submission(form.id, form.version, "178", period, values=values)
    services.repo.save(
        sub, form_hash=services.pack.content_hash(form.id), unit_valid_from="", actor="t"
    )


def test_monthly_report_compares_with_the_previous_month(services, tmp_path):
    _save(services, "2023-05", {("CT_DL_KHACH", "th_ky"): D(1000)})
    _save(
        services, "2023-06", {("CT_DL_KHACH", "th_ky"): D(1200), ("CT_DL_DOANH_THU", "th_ky"): D(5)}
    )
    out = write_unit_draft(
        services.repo, services.pack, services.units, "178", "2023-06", tmp_path / "t6.docx", DAY
    )
    text = body_text(out)
    assert (
        "Tổng lượng khách du lịch tháng 6 năm 2023 đạt 1.200 lượt khách, tăng 20% so với tháng trước."
        in text
    )
    assert "Doanh thu du lịch đạt 5 tỷ đồng." in text  # no May figure: no comparison
    may = write_unit_draft(
        services.repo, services.pack, services.units, "178", "2023-05", tmp_path / "t5.docx", DAY
    )
    assert "so với tháng trước" not in body_text(may)  # April has nothing


def _annex_titles(path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    return [t for t in texts[texts.index("PHỤ LỤC SỐ LIỆU") + 1 :] if t.startswith("Biểu số")]


def test_annex_tables_in_the_workbooks_order(services, tmp_path):
    load_seed(services, "seed000")
    out = write_unit_draft(
        services.repo, services.pack, services.units, "178", "2023-H1", tmp_path / "a.docx", DAY
    )
    unit = services.units.get("178", dt.date(2023, 6, 30))
    from desktop.core.consolidation.engine import unit_report

    in_order = [h.id for h in services.pack.by_number()]  # as the consolidated workbook
    workbook = unit_report(services, unit, "2023-H1", in_order)
    expected = [f"{f.form.bieu_so}. {f.form.title}" for f in workbook.forms if f.reported]
    titles = _annex_titles(out)
    assert titles == [t for t in expected if t in titles] and len(titles) >= 15
    document = docx.Document(str(out))
    budget = next(t for t in document.tables if t.cell(0, 0).text == "STT" and any(
        "Tổng thu ngân sách nhà nước trên địa bàn" in c.text for c in t.column_cells(1)))  # fmt: skip
    row = next(r for r in budget.rows if r.cells[1].text.startswith("Tổng thu ngân sách"))
    cells = [c.text for c in row.cells]
    assert "209.435" in cells and "57,3%" in cells and "85%" in cells
    assert len(consolidate_period(services, "2023-H1").forms) >= len(titles)


def test_annex_by_reference_or_none(services, tmp_path):
    load_seed(services, "seed000")
    args = (services.repo, services.pack, services.units, "178", "2023-H1")
    ref = write_unit_draft(
        *args, tmp_path / "r.docx", ReportOptions(DAY.day, annex="workbook", workbook_name="tong_hop.xlsx")
    )
    text = body_text(ref)
    assert "Số liệu chi tiết: xem biểu tổng hợp kèm theo (tệp tong_hop.xlsx)." in text
    assert "PHỤ LỤC SỐ LIỆU" not in text and len(docx.Document(str(ref)).tables) == 2
    none = write_unit_draft(*args, tmp_path / "n.docx", ReportOptions(DAY.day, annex="none"))
    assert "PHỤ LỤC" not in body_text(none) and "biểu tổng hợp kèm theo" not in body_text(none)


def test_refusals_say_what_and_change_nothing(services, tmp_path):
    load_seed(services, "seed000")
    args = (services.repo, services.pack, services.units, "178", "2023-H1")
    with pytest.raises(ReportError, match="Phụ lục «bang» không có: chọn tables, workbook, none"):
        write_unit_draft(*args, tmp_path / "x.docx", ReportOptions(DAY.day, annex="bang"))
    folder = tmp_path / "la_thu_muc.docx"
    folder.mkdir()
    with pytest.raises(BaoCaoError, match="Không ghi được tệp «la_thu_muc.docx».*thư mục trùng tên"):
        write_unit_draft(*args, folder, DAY)  # desktop/core/atomic.py's refusal, as for every writer
    assert not (tmp_path / "x.docx").exists() and folder.is_dir()
    assert [p.name for p in tmp_path.iterdir() if ".dang-ghi-" in p.name] == []
