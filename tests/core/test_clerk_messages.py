"""Messages a clerk meets on the error paths name the form by its biểu số and title and the
period as people say it — never «biểu «ngan_sach»», «kỳ 2023-H1» (L5's pass): the
province's reply imported on a machine without that form (a reinstall)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop.core.errors import NotFoundError
from desktop.core.services import Services
from desktop.core.submission import Submission
from desktop.core.trust.enrolment import import_decision
from desktop.core.trust.returned import import_feedback
from tests.conftest import FIXTURES, run_cli
from tests.core.test_trust_returned import TODAY, World


@pytest.fixture(autouse=True)
def _installed_once(warm_pack):
    """Each test's data folder has the pack cached, as an installation that has run once."""
    return warm_pack


def test_a_reply_for_a_form_this_machine_lacks(tmp_path):
    w = World(tmp_path)
    values = {("NS_THU", "th_ky"): Decimal("209435"), ("NS_CHI", "th_ky"): Decimal("1000")}
    sub = Submission("ngan_sach", 1, "178", "2023-H1", values=values)
    w.unit.save_entry(w.unit.validate(sub), final=True, actor="Lan")
    w.send()
    w.decide("returned", {("NS_THU", "th_ky"): "Kho bạc ghi 219.435"})
    reply = next(tmp_path.glob("returned_*.baocao-phanhoi"))
    fresh = Services(db_path=tmp_path / "cai_lai" / "baocao.db", today=TODAY)  # reinstalled
    from desktop.core.exchange.signing import SigningKey

    fp = SigningKey.load_or_create(w.unit.key_dir).fingerprint
    import_decision(fresh.db, fp, tmp_path / "xn.baocao-xacnhan")  # the province's key pinned
    with pytest.raises(NotFoundError) as missing:
        import_feedback(fresh, reply)
    said = missing.value.message
    assert "biểu số 05 (Thu, chi ngân sách nhà nước) lần 1" in said, said
    assert "6 tháng đầu năm 2023" in said and "ngan_sach" not in said and "2023-H1" not in said


def test_a_period_inside_a_sentence(services, tmp_path):
    """«quý III năm 2025», never «quý iii năm 2025» (the drafts' refusal and the .docx title
    lowered the whole label) nor «Quý III năm 2025» after a comma."""
    from desktop.core.periods import Period
    from desktop.core.report.drafts import write_unit_draft
    from desktop.core.report.writer import ReportError, ReportOptions

    said = {p: Period.parse(p).phrase for p in ("2025-08", "2025-Q3", "2025-H1", "2025-9M", "2025")}
    assert said == {
        "2025-08": "tháng 8 năm 2025",
        "2025-Q3": "quý III năm 2025",
        "2025-H1": "6 tháng đầu năm 2025",
        "2025-9M": "9 tháng năm 2025",
        "2025": "năm 2025",
    }
    with pytest.raises(ReportError) as empty:
        write_unit_draft(services.repo, services.pack, services.units, "06001", "2025-Q3",
                         tmp_path / "x.docx", ReportOptions(services.today))  # fmt: skip
    assert "cho kỳ quý III năm 2025:" in empty.value.message


def test_a_file_for_another_version_of_the_form(tmp_path):
    data = json.loads((FIXTURES / "seed000" / "ngan_sach.json").read_text(encoding="utf-8"))
    data["form_version"] = 7
    path = tmp_path / "thu chi cũ.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run_cli("entry", "validate", str(path), db=tmp_path / "baocao.db")
    assert r.returncode == 1
    assert "Bài nộp theo biểu số 05 (Thu, chi ngân sách nhà nước) phiên bản 7" in r.stdout
    assert "«ngan_sach»" not in r.stdout


def test_nothing_to_send_says_the_period_inside_the_sentence(tmp_path):
    r = run_cli("package", "export", "--unit", "178", "--period", "2023-Q3",
                "--out", str(tmp_path / "goi.baocao"), db=tmp_path / "baocao.db")  # fmt: skip
    assert r.returncode == 1 and not (tmp_path / "goi.baocao").exists()
    assert "Thành phố Lạng Sơn chưa có biểu nào hoàn thành cho quý III năm 2023" in r.stderr


def test_a_template_saved_as_ods_or_xls_is_told_how_to_save_it(tmp_path):
    """Offices that use LibreOffice save the filled template as .ods, older ones as .xls:
    the clerk read «có vẻ là tệp nén ZIP» / «tệp Word/Excel đời cũ» and no way out."""
    import zipfile

    ods = tmp_path / "biểu ngân sách.ods"
    with zipfile.ZipFile(ods, "w") as z:  # an OpenDocument file: its mimetype entry first
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    xls = tmp_path / "biểu cũ.xls"
    xls.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    for path, kind in ((ods, "tệp LibreOffice Calc (.ods)"), (xls, "tệp Word/Excel đời cũ")):
        r = run_cli("entry", "validate", str(path), db=tmp_path / "baocao.db")
        assert r.returncode == 2, r.stderr
        assert f"«{path.name}»" in r.stderr and kind in r.stderr
        assert "hãy mở tệp và lưu lại dạng «Excel Workbook (*.xlsx)»" in r.stderr
