"""The error dialog names a refusal's issues as the clerk reads them — the form by its
biểu số, the indicator by its label — never «biểu ngan_sach, chỉ tiêu NS_THU»: through
`show_error` as the pages call it and through the excepthook every uncaught error takes.
A broken form pack is read by its codes, and a pack that cannot be read never turns the
error dialog into a second failure."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from desktop.core.errors import BaoCaoError, FormDefinitionError  # noqa: E402
from desktop.core.issues import Issue, Location, naming_pack  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed000" / "ngan_sach.json"


def _refusal(services, tmp_path) -> BaoCaoError:
    """The real refusal of `entry load`: the budget form with a negative revenue."""
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["values"]["NS_THU"]["th_ky"] = "-209.435"
    path = tmp_path / "thu ngân sách.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = services.validate_file(path)
    with pytest.raises(BaoCaoError) as refused:
        services.save_entry(report, actor="Lan")
    assert refused.value.issues
    return refused.value


def _said_by_names(text: str, services) -> None:
    label = services.pack.get("ngan_sach").indicator_map()["NS_THU"].label
    assert "biểu số 05" in text and f"chỉ tiêu «{label}»" in text, text
    assert "ngan_sach" not in text and "NS_THU" not in text, text


def test_show_error_names_the_form_and_indicator(qtbot, services, tmp_path, dialogs):
    from desktop.gui.dialogs.error_dialog import show_error

    exc = _refusal(services, tmp_path)
    show_error(None, exc, pack_of=lambda: services.pack)
    [(message, _details)] = dialogs.errors
    dialogs.errors.clear()
    assert message.startswith(exc.message)
    _said_by_names(message, services)


def test_the_excepthook_names_them_too(qtbot, services, tmp_path, dialogs):
    from desktop.gui.app import install_excepthook

    exc = _refusal(services, tmp_path)
    before = sys.excepthook
    try:
        install_excepthook(lambda: services.pack)
        sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = before
    [(message, _details)] = dialogs.errors
    dialogs.errors.clear()
    _said_by_names(message, services)


def test_no_pack_for_a_broken_pack_or_one_that_cannot_be_read(services):
    issue = Issue(severity="error", code="x", message="thiếu", location=Location(form="ngan_sach"))
    asked = []
    broken = FormDefinitionError("Bộ biểu mẫu có 1 lỗi.", issues=[issue])
    assert naming_pack(broken, lambda: asked.append(1)) is None and not asked
    assert naming_pack(BaoCaoError("Không có gì."), lambda: asked.append(1)) is None and not asked

    def unreadable():
        raise OSError("đĩa hỏng")

    refused = BaoCaoError("Không lưu.", issues=[issue])
    assert naming_pack(refused, unreadable) is None
    assert naming_pack(refused, lambda: services.pack) is services.pack
