"""An enrolment request dropped on the province's inbox, clicked: the fingerprint read over
the phone is typed; a wrong one changes nothing; the right one enrols the key, counts the
unit's package held before, and writes the decision file for the unit (issue 12)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def installation(root) -> Services:
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    return svc


def test_enrolment_request_confirmed_in_the_inbox(qtbot, tmp_path, dialogs):
    from desktop.core.exchange.service import export_package, import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.storage.trust_tables import TrustStore
    from desktop.core.trust.enrolment import write_request
    from desktop.gui.pages.inbox import InboxPage

    unit_svc, province = installation(tmp_path / "cao_loc"), installation(tmp_path / "tinh")
    sub = Submission(
        "ngan_sach",
        1,
        "183",
        "2023-H1",
        values={("NS_THU", "th_ky"): Decimal("256812"), ("NS_CHI", "th_ky"): Decimal("1000")},
    )
    report = unit_svc.validate(sub)
    unit_svc.save_entry(report, final=True, actor="Lan")
    pkg = export_package(
        unit_svc,
        unit_code="183",
        period_text="2023-H1",
        form_ids=["ngan_sach"],
        out=tmp_path / "goi.baocao",
    )[0]
    [held] = import_packages(province, [pkg])
    assert held.outcome == "held"
    key = SigningKey.load_or_create(unit_svc.key_dir)
    request = write_request(
        key,
        unit_svc.units.get("183", dt.date(2023, 6, 30)),
        "Nguyễn Thị Lan",
        tmp_path / "dang_ky.baocao-dangky",
    )

    page = InboxPage(province, "Trần Văn Minh")
    qtbot.addWidget(page)
    page.show()
    page.import_files([request])
    dialog = page.enrolment_dialog
    assert key.fingerprint in dialog.findChildren(type(dialog.message))[0].text()

    qtbot.keyClicks(dialog.fingerprint, "0000-1111-2222-3333-4444-5555-6666-7777")
    click(qtbot, button(dialog, "Chấp nhận"))
    assert "khác dấu vân tay" in dialog.message.text()
    assert [k.status for k in TrustStore(province.db).keys()] == ["pending"]

    dialog.fingerprint.clear()
    qtbot.keyClicks(dialog.fingerprint, key.fingerprint.replace("-", "").lower())
    decision = tmp_path / "xac_nhan.baocao-xacnhan"
    dialogs.answer(decision)
    click(qtbot, button(dialog, "Chấp nhận"))
    assert decision.exists(), dialog.message.text()
    assert "1 gói đang giữ được tính" in dialog.message.text()
    assert [(k.fingerprint, k.status, k.decided_by) for k in TrustStore(province.db).keys()] == [
        (key.fingerprint, "enrolled", "Trần Văn Minh")
    ]
    stored = province.repo.get("183", "", "ngan_sach", "2023-H1")
    assert stored.submission.values[("NS_THU", "th_ky")] == Decimal("256812")


def test_clerk_writes_the_enrolment_request_from_the_home_page(qtbot, tmp_path, dialogs):
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.settings import Role, Settings, save_settings
    from desktop.core.trust.enrolment import EnrolmentRequest
    from desktop.core.trust.envelope import open_sealed
    from desktop.gui.main_window import MainWindow

    svc = installation(tmp_path / "don_vi")
    settings = Settings(
        role=Role.UNIT,
        unit_code="178",
        unit_name="Thành phố Lạng Sơn",
        person_name="Nguyễn Thị Lan",
    )
    save_settings(settings)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    window.home.select_period(Period.parse("2023-H1"))
    target = tmp_path / "dang_ky.baocao-dangky"
    dialogs.answer(target)
    click(qtbot, button(window.home, "Yêu cầu đăng ký khóa"))
    body, signer, _ = open_sealed(target, EnrolmentRequest)
    assert (body.unit.code, body.person) == ("178", "Nguyễn Thị Lan")
    assert signer == body.fingerprint == SigningKey.load_or_create(svc.key_dir).fingerprint
    assert dialogs.asked[-1][:2] == ("choose", "Yêu cầu đăng ký khóa")
