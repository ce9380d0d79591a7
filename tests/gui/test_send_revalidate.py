"""«Gửi báo cáo…» clicked on a form finished before a validation rule was added: the
error dialog names the form, the indicator and how to fix it; no package is written and
the form stays «Hoàn thành» (the CLI's side: tests/test_export_revalidate.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.settings import Role, Settings  # noqa: E402
from tests.gui.conftest import click  # noqa: E402
from tests.test_export_revalidate import FORM, HOW, TODAY, installation  # noqa: E402, F401


def test_gui_send_refuses_a_final_form_that_breaks_a_new_rule(installation, tmp_path, qtbot, dialogs):  # noqa: F811
    from desktop.gui.main_window import MainWindow

    db, forms = installation
    svc = Services(db_path=db, forms_dir=forms, today=TODAY)
    svc.key_dir = db.parent / "keys"
    settings = Settings(role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn",
                        person_name="Lan")  # fmt: skip
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    h1 = Period.parse("2023-H1")
    window.home.select_period(h1)
    page = window.open_form(svc.pack.get("ngan_sach"), h1)
    assert page.session.status == "final" and page.send_button.isEnabled()

    out = tmp_path / "goi.baocao"
    dialogs.answer("Chỉ biểu này", out)
    click(qtbot, page.send_button)
    assert len(dialogs.errors) == 1, dialogs.errors
    shown = dialogs.errors.pop()[0]
    assert f"Không gửi được: {FORM}" in shown and HOW in shown, shown
    assert "chỉ tiêu «Tổng chi ngân sách địa phương»" in shown, shown
    assert not out.exists() and page.session.status == "final"
