"""«Từ chối» in the inbox's enrolment dialog, clicked: like «Trả lại» for a submission it
needs the officer's reason.  Without one nothing changes (no file asked for, the key still
waiting, the held package still held); with one the key is refused, the reason is in the
trust log, in `baocao keys list` and `keys log` (the real CLI) and in the signed decision
the unit imports (`baocao feedback import` says why).  `keys refuse` takes the reason with
the option `review return` uses, `--comment`, and refuses to refuse without it.

A picture of the dialog is written to the test's folder (on Xvfb with QT_QPA_PLATFORM=xcb it
is the real X rendering)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402
from tests.conftest import run_cli  # noqa: E402
from tests.gui.conftest import button, click, type_text  # noqa: E402

TODAY = dt.date(2026, 11, 23)
REASON = "Người gửi không phải cán bộ của huyện"


def held_package_and_request(tmp_path):
    """Cao Lộc (183) sent ngan_sach of 2023-H1 before its key was enrolled (held at the
    province) and asks to enrol the key.  Returns (unit, province, the request file)."""
    from desktop.core.exchange.service import export_package, import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.trust.enrolment import write_request

    unit_svc = Services(db_path=tmp_path / "cao_loc" / "baocao.db", today=TODAY)
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    values = {("NS_THU", "th_ky"): Decimal("256812"), ("NS_CHI", "th_ky"): Decimal("1000")}
    sub = Submission("ngan_sach", 1, "183", "2023-H1", values=values)
    unit_svc.save_entry(unit_svc.validate(sub), final=True, actor="Lan")
    pkg = export_package(
        unit_svc, unit_code="183", period_text="2023-H1", form_ids=["ngan_sach"],
        out=tmp_path / "goi.baocao",
    )[0]  # fmt: skip
    assert import_packages(province, [pkg])[0].outcome == "held"
    key = SigningKey.load_or_create(unit_svc.key_dir)
    request = write_request(
        key, unit_svc.units.get("183", dt.date(2023, 6, 30)), "Nguyễn Thị Lan",
        tmp_path / "dang_ky.baocao-dangky",
    )  # fmt: skip
    return unit_svc, province, request


def test_refusing_a_key_in_the_inbox_asks_the_reason(qtbot, tmp_path, dialogs):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop.core.storage.trust_tables import TrustStore
    from desktop.gui.pages.inbox import InboxPage

    unit_svc, province, request = held_package_and_request(tmp_path)
    page = InboxPage(province, "Trần Văn Minh")
    qtbot.addWidget(page)
    page.show()
    page.import_files([request])
    dialog = page.enrolment_dialog
    fp = TrustStore(province.db).keys()[0].fingerprint
    qtbot.keyClicks(dialog.fingerprint, fp)

    # no reason: said, nothing asked, nothing changed
    qtbot.keyClicks(dialog.reason, "   ")
    click(qtbot, button(dialog, "Từ chối"))
    assert dialog.message.text() == (
        "Cần ghi lý do từ chối khóa (ghi vào nhật ký tin cậy và báo cho đơn vị)."
    )
    assert dialogs.asked == []
    assert [k.status for k in TrustStore(province.db).keys()] == ["pending"]
    assert len(TrustStore(province.db).held()) == 1

    # the reason typed (Vietnamese): refused, logged, the held package refused
    dialog.reason.clear()
    qtbot.mouseClick(dialog.reason, Qt.MouseButton.LeftButton)
    type_text(dialog.reason, REASON)
    decision = tmp_path / "tu_choi.baocao-xacnhan"
    dialogs.answer(decision)
    dialog.resize(720, dialog.sizeHint().height())
    dialog.grab().save(str(tmp_path / "tu_choi_khoa.png"))
    if QGuiApplication.platformName() == "xcb":
        QApplication.processEvents()
        assert dialog.screen().grabWindow(0).save(str(tmp_path / "tu_choi_man_hinh.png"))
    click(qtbot, button(dialog, "Từ chối"))
    assert decision.exists(), dialog.message.text()
    assert dialog.message.text() == (
        f"Đã từ chối khóa của Huyện Cao Lộc (lý do: {REASON}); 1 gói đang giữ bị từ chối. "
        "Gửi tệp tu_choi.baocao-xacnhan cho đơn vị."
    )
    assert [(k.status, k.decided_by) for k in TrustStore(province.db).keys()] == [
        ("refused", "Trần Văn Minh")
    ]
    assert TrustStore(province.db).held() == []

    # the province's CLI shows the reason: keys list (table and JSON), keys log
    listed = run_cli("keys", "list", db=province.db_path)
    assert listed.returncode == 0, listed.stderr
    assert f"bị từ chối (lý do: {REASON})" in " ".join(listed.stdout.split())
    [row] = json.loads(run_cli("keys", "list", "--json", db=province.db_path).stdout)
    assert (row["status"], row["reason"]) == ("refused", REASON)
    log = json.loads(run_cli("keys", "log", "--json", db=province.db_path).stdout)
    assert [e["detail"] for e in log if e["action"] == "refuse"] == [
        f"Từ chối khóa cho Huyện Cao Lộc (mã 183): {REASON}"
    ]

    # the unit imports the signed decision: told why
    got = run_cli("feedback", "import", str(decision), db=unit_svc.db_path)
    assert got.returncode == 0, got.stdout + got.stderr
    assert f"tỉnh đã từ chối khóa của máy này cho Huyện Cao Lộc (lý do: {REASON})" in got.stdout


def test_keys_refuse_cli_needs_the_reason_under_the_return_commands_name(tmp_path):
    from desktop.core.storage.trust_tables import TrustStore

    _unit, province, request = held_package_and_request(tmp_path)
    db = province.db_path
    assert run_cli("keys", "receive", str(request), db=db).returncode == 0
    fp = TrustStore(province.db).keys()[0].fingerprint
    ret = run_cli("review", "return", "--help").stdout
    assert "--comment Ý_KIẾN" in ret  # the name both commands use for the officer's words

    bare = run_cli("keys", "refuse", "183", fp, "--period", "2023-H1", db=db)
    assert bare.returncode == 1
    assert "Cần ghi lý do từ chối khóa" in bare.stdout + bare.stderr
    assert "Traceback" not in bare.stdout + bare.stderr
    assert [k.status for k in TrustStore(province.db).keys()] == ["pending"]
    assert len(TrustStore(province.db).held()) == 1
    # the spelling of earlier versions, --reason, is the same option (scripts keep working),
    # tried on a copy of the database so that the real refusal below starts from "pending"
    copy = tmp_path / "ban_sao.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    old = run_cli("keys", "refuse", "183", fp, "--period", "2023-H1", "--reason", REASON, db=copy)
    assert f"(lý do: {REASON})" in old.stdout, old.stdout + old.stderr
    assert f"bị từ chối (lý do: {REASON})" in " ".join(run_cli("keys", "list", db=copy).stdout.split())
    assert [k.status for k in TrustStore(province.db).keys()] == ["pending"]

    done = run_cli(
        "keys", "refuse", "183", fp, "--period", "2023-H1", "--comment", REASON,
        "--author", "Hà", "--out", str(tmp_path / "tc.baocao-xacnhan"), db=db,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr  # the held package was refused
    assert f"Đã từ chối khóa {fp} cho Huyện Cao Lộc (mã 183) (lý do: {REASON})." in done.stdout
    assert [k.status for k in TrustStore(province.db).keys()] == ["refused"]
    listed = " ".join(run_cli("keys", "list", db=db).stdout.split())
    assert f"bị từ chối (lý do: {REASON})" in listed
