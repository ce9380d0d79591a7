"""A form finished («Hoàn thành») before a validation rule was added is checked again
against today's form pack when it is sent (`baocao package export`, «Gửi báo cáo…»): an
error stops the export — nothing written, the form still «Hoàn thành» — with a message
naming the form, the indicator and the rule's own words, and saying how to fix it; a
warning does not stop it.  Before, the package went out and the province refused it (or,
worse, took it in)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.exchange.service import export_package
from desktop.core.services import Services
from desktop.core.submission import Submission
from tests.conftest import REPO

TODAY = dt.date(2023, 7, 3)
NEW_RULES = """
  - code: NS_R07
    expr: "NS_CHI <= NS_THU"
    message: "Tổng chi ngân sách địa phương không được lớn hơn tổng thu trên địa bàn."
    measures: [th_ky]
  - code: NS_R08
    expr: "NS_CHI >= 0.01 * NS_THU"
    severity: warning
    message: "Chi dưới 1% thu: kiểm tra lại đơn vị tính."
    measures: [th_ky]
narratives:"""
FORM = "biểu số 05 (Thu, chi ngân sách nhà nước)"
HOW = "Hãy mở biểu, sửa các ô bị báo lỗi rồi bấm «Hoàn thành» lại"


def forms_with_new_rules(tmp_path: Path) -> Path:
    """Today's pack: the repository's forms with one error rule and one warning rule added
    to Biểu 05."""
    forms = tmp_path / "forms_hom_nay"
    shutil.copytree(REPO / "forms", forms)
    text = (forms / "ngan_sach.yaml").read_text(encoding="utf-8")
    assert text.count("\nnarratives:") == 1
    (forms / "ngan_sach.yaml").write_text(text.replace("\nnarratives:", NEW_RULES), encoding="utf-8")
    return forms


def finished_before(db: Path) -> None:
    """Biểu 05 «Hoàn thành» under the pack of its day (no NS_R07/NS_R08): Thành phố Lạng
    Sơn's breaks NS_R07 (an error) today, Huyện Cao Lộc's NS_R08 (a warning) only."""
    svc = Services(db_path=db, today=TODAY)
    for unit, spent in (("178", "250000"), ("183", "1000")):
        values = {("NS_THU", "th_ky"): Decimal("209435"), ("NS_CHI", "th_ky"): Decimal(spent)}
        svc.save_entry(svc.validate(Submission("ngan_sach", 1, unit, "2023-H1", values=values)),
                       final=True, actor="Lan")  # fmt: skip
    svc.close()


@pytest.fixture
def installation(tmp_path, warm_pack):
    db = tmp_path / "don_vi" / "baocao.db"
    finished_before(db)
    return db, forms_with_new_rules(tmp_path)


def status(db: Path, forms: Path, unit: str) -> str:
    svc = Services(db_path=db, forms_dir=forms, today=TODAY)
    try:
        return svc.repo.get(unit, svc.units.get(unit, TODAY).key[1], "ngan_sach", "2023-H1").status
    finally:
        svc.close()


def test_cli_refuses_a_final_form_that_breaks_a_new_rule(installation, tmp_path, monkeypatch, capsys):
    """(The CLI in-process, `desktop.cli.main`, as test_hostile_database runs it: a
    subprocess cost another second.)"""
    db, forms = installation
    out = tmp_path / "goi.baocao"
    monkeypatch.setenv("BAOCAO_FORMS_DIR", str(forms))
    capsys.readouterr()
    rc = main(["package", "export", "--unit", "178", "--period", "2023-H1", "--out", str(out),
               "--db", str(db)])  # fmt: skip
    said = capsys.readouterr().err
    assert rc == 1, said
    assert "Traceback" not in said and "không mong đợi" not in said, said
    assert f"Không gửi được: {FORM} của Thành phố Lạng Sơn, 6 tháng đầu năm 2023" in said, said
    assert HOW in said and "Chưa ghi gói nào" in said, said
    assert "Tổng chi ngân sách địa phương không được lớn hơn tổng thu" in said, said
    assert "chỉ tiêu «Tổng chi ngân sách địa phương»" in said, said
    assert "ngan_sach" not in said, said
    assert not out.exists() and status(db, forms, "178") == "final"

    svc = Services(db_path=db, forms_dir=forms, today=TODAY)  # a warning does not stop it
    svc.key_dir = db.parent / "keys"
    export_package(svc, unit_code="183", period_text="2023-H1", form_ids=None, out=out)
    svc.close()
    assert out.exists() and status(db, forms, "183") == "sent"
