"""The returned form at the unit, clicked (issue 12): the province returns a submission with
cell comments (the real province code path: export at the unit, import, «Trả lại» signed
with the province's key); the clerk imports the signed files, opens the form and sees the
province's comments marked on exactly those cells (the model's role, the pixels of the
grid, the tooltip with who and when), unlike the clerk's own justification mark.  The clerk
fixes a cell, clicks «Hoàn thành» (the marks stay) and «Gửi báo cáo…» (revision 2 leaves;
the marks are gone, the comments stay in the form's feedback history), and the province
receives revision 2 with the changed cell.

A picture of the returned form is written to the test's folder (run with --basetemp to
keep it; on Xvfb with QT_QPA_PLATFORM=xcb it is the real X rendering)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QEvent, QPoint, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QHelpEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

H1 = Period.parse("2023-H1")
TODAY = dt.date(2026, 11, 23)
OFFICER = "Trần Văn Minh"
CELLS = {
    ("NS_THU", "th_ky"): "Kho bạc ghi 219.435 triệu đồng, đề nghị đối chiếu",
    ("NS_CHI", "th_ky"): "Chi thường xuyên thiếu khoản lương quý II",
}


def returned_to_the_unit(tmp_path):
    """Both installations; the unit's ngan_sach of 2023-H1 sent, received and returned by
    the province with a form comment and two cell comments.  Returns (unit services,
    province services, the decision file, the feedback file, the province's Feedback)."""
    from desktop.core.exchange.service import export_package, import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.services import Services
    from desktop.core.submission import Submission
    from desktop.core.trust.enrolment import accept_key, write_decision
    from desktop.core.trust.review import review_submission

    unit_svc = Services(db_path=tmp_path / "don_vi" / "baocao.db", today=TODAY)
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    values = {
        ("NS_THU", "th_ky"): Decimal("209435"),
        ("NS_CHI", "th_ky"): Decimal("1000"),
        ("NS_THU", "du_toan_tinh"): Decimal("365000"),
    }
    unit_svc.save_entry(
        unit_svc.validate(Submission("ngan_sach", 1, "178", "2023-H1", values=values)),
        final=True,
        actor="Lan",
    )
    pkg = export_package(
        unit_svc,
        unit_code="178",
        period_text="2023-H1",
        form_ids=["ngan_sach"],
        out=tmp_path / "goi_1.baocao",
    )[0]
    unit = province.units.for_period("178", H1)
    fp = SigningKey.load_or_create(unit_svc.key_dir).fingerprint
    accept_key(province, unit, fp, actor=OFFICER)
    prov_key = SigningKey.load_or_create(province.key_dir)
    decision = write_decision(prov_key, unit, fp, "accepted", tmp_path / "xn.baocao-xacnhan")
    [got] = import_packages(province, [pkg])
    assert got.outcome == "new", got.message
    back, feedback = review_submission(
        province,
        prov_key,
        unit_code="178",
        period="2023-H1",
        form_id="ngan_sach",
        decision="returned",
        out=tmp_path / "tl.baocao-phanhoi",
        comment="Số thu chưa khớp Kho bạc.",
        cells=CELLS,
        actor=OFFICER,
    )
    return unit_svc, province, decision, back, feedback


def open_by_double_click(qtbot, window, form_id: str):
    view = window.home.view
    row = next(i for i, it in enumerate(window.home.model.items) if it.form.id == form_id)
    rect = view.visualRect(window.home.model.index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.entry_page is not None and window.entry_page.session.form.id == form_id
    return window.entry_page


def marked_cells(page) -> dict[tuple[str, str], str]:
    """Every cell of the grid whose province role is set, with its text."""
    from desktop.gui.widgets.entry_table import PROVINCE_ROLE

    m = page.model
    found = {}
    for r in range(m.rowCount()):
        for c in range(m.columnCount()):
            idx = m.index(r, c)
            said = m.data(idx, PROVINCE_ROLE)
            if said:
                found[m.key_at(idx)] = said
    return found


def corner_colour(page, key) -> tuple[QColor, QColor]:
    """The grid's pixels, grabbed: just inside the cell's top-left corner and in the middle
    of its left edge (where the frame is)."""
    idx = page.model.index_of(*key)
    page.table.scrollTo(idx)
    QApplication.processEvents()
    rect = page.table.visualRect(idx)
    image = page.table.viewport().grab().toImage()
    return (
        image.pixelColor(rect.left() + 2, rect.top() + 2),
        image.pixelColor(rect.left() + 1, rect.center().y()),
    )


def drawn_marks(page) -> set[tuple[str, str]]:
    """The figure cells wholly on screen whose top-left corner is painted the province's
    colour, from one grab of the grid (scrolled to the top-left)."""
    from desktop.gui.widgets.entry_table import PROVINCE_MARK

    table, m = page.table, page.model
    table.scrollToTop()
    table.horizontalScrollBar().setValue(0)
    QApplication.processEvents()
    image = table.viewport().grab().toImage()
    seen = table.viewport().rect()
    found = set()
    for r in range(m.rowCount()):
        for c in range(3, m.columnCount()):
            idx = m.index(r, c)
            rect = table.visualRect(idx)
            if m.key_at(idx) and seen.contains(rect) and rect.left() >= table.frozen_width():
                if near(image.pixelColor(rect.left() + 2, rect.top() + 2), PROVINCE_MARK.name()):
                    found.add(m.key_at(idx))
    return found


def near(colour: QColor, hex_colour: str, tolerance: int = 40) -> bool:
    want = QColor(hex_colour)
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(
            (colour.red(), colour.green(), colour.blue()),
            (want.red(), want.green(), want.blue()),
            strict=True,
        )
    )


def tooltip_at(qtbot, page, key) -> str:
    """Hover the cell: the tooltip Qt shows for it."""
    idx = page.model.index_of(*key)
    page.table.scrollTo(idx)
    pos = page.table.visualRect(idx).center()
    viewport = page.table.viewport()
    QToolTip.hideText()
    qtbot.mouseMove(viewport, pos)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(QPoint(pos)))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    return QToolTip.text()


def type_into(qtbot, table, index, text: str) -> None:
    table.setCurrentIndex(index)
    table.edit(index)
    [editor] = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def test_returned_form_marks_the_commented_cells_until_sent(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.core.exchange.package import read_package
    from desktop.core.exchange.service import import_packages
    from desktop.core.settings import Role, Settings
    from desktop.core.trust.returned import feedback_for
    from desktop.core.trust.review import revision_changes
    from desktop.core.vn_time import vn_datetime
    from desktop.gui.main_window import MainWindow
    from desktop.gui.widgets.entry_table import PROVINCE_MARK

    unit_svc, province, decision, back, feedback = returned_to_the_unit(tmp_path)
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "don_vi"))
    settings = Settings(
        role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn", person_name="Lan"
    )
    window = MainWindow(unit_svc, settings)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.home.select_period(H1)
    dialogs.answer([decision, back])
    click(qtbot, button(window.home, "Nhập phản hồi của tỉnh"))
    page = open_by_double_click(qtbot, window, "ngan_sach")
    assert (page.session.stored.revision, page.session.stored.status) == (2, "draft")

    # the comments are on exactly the two cells, each saying who returned it and when
    head = f"Tỉnh trả lại lần 1 ({OFFICER}, {vn_datetime(feedback.decided_at)})"
    expected = {key: f"{head}: {text}" for key, text in CELLS.items()}
    assert marked_cells(page) == expected
    # the clerk's own justification keeps its own (blue) mark, on another cell
    page.session.set_comment("NS_THU", "du_toan_tinh", "Dự toán tỉnh giao theo Quyết định 12")
    page.model.refresh()
    assert marked_cells(page) == expected

    # drawn: the orange corner and frame on the commented cells, not on the others
    for key in CELLS:
        corner, edge = corner_colour(page, key)
        assert near(corner, PROVINCE_MARK.name()) and near(edge, PROVINCE_MARK.name()), key
    for key in (("NS_THU", "du_toan_tinh"), ("NS_CHI", "du_toan_tinh")):
        corner, edge = corner_colour(page, key)
        assert not near(corner, PROVINCE_MARK.name()) and not near(edge, PROVINCE_MARK.name())
    assert drawn_marks(page) == set(CELLS)  # every cell on screen: exactly those two
    # the cells are not coloured as problems of the figures (no amber, no red)
    from desktop.gui.models.entry_grid import AMBER, RED

    for key in CELLS:
        brush = page.model.data(page.model.index_of(*key), Qt.ItemDataRole.BackgroundRole)
        assert brush is None or brush.color() not in (AMBER, RED)
    assert "bị tỉnh trả lại" in page.status.text()
    window.grab().save(str(tmp_path / "bieu_bi_tra_lai.png"))
    if QGuiApplication.platformName() == "xcb":  # what the X server shows, on Xvfb
        QApplication.processEvents()
        shot = window.screen().grabWindow(0)
        assert shot.save(str(tmp_path / "bieu_bi_tra_lai_man_hinh.png"))

    # hovering a commented cell shows the province's words first
    shown = tooltip_at(qtbot, page, ("NS_THU", "th_ky"))
    assert shown.startswith(expected[("NS_THU", "th_ky")])
    assert tooltip_at(qtbot, page, ("NS_CHI", "th_ky")).startswith(expected[("NS_CHI", "th_ky")])
    assert "Tỉnh trả lại" not in (tooltip_at(qtbot, page, ("NS_THU", "du_toan_tinh")) or "")

    # the issues panel lists them too, and a click there lands on the cell
    rows = [i for i in page.issues_model.issues if i.code == "tinh_tra_lai"]
    assert [i.message for i in rows] == [f"{head}: Số thu chưa khớp Kho bạc.", *expected.values()]
    row = page.issues_model.issues.index(rows[2])
    rect = page.issues_view.visualRect(page.issues_model.index(row, 2))
    qtbot.mouseClick(page.issues_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.model.key_at(page.table.currentIndex()) == ("NS_CHI", "th_ky")

    # the clerk fixes the revenue, finalises: still revision 2, the marks stay until sent
    type_into(qtbot, page.table, page.model.index_of("NS_THU", "th_ky"), "219.435")
    assert page.session.value("NS_THU", "th_ky") == Decimal("219435")
    click(qtbot, button(page, "Hoàn thành"))
    assert (page.session.stored.revision, page.session.stored.status) == (2, "final")
    assert marked_cells(page) == expected

    # «Gửi báo cáo…»: revision 2 leaves; the marks are gone, the history keeps the return
    target = tmp_path / "goi_2.baocao"
    dialogs.answer("Chỉ biểu này", target)
    click(qtbot, button(page, "Gửi báo cáo…"))
    assert target.exists()
    [entry] = read_package(target).manifest.forms
    assert (entry.id, entry.revision) == ("ngan_sach", 2)
    assert page.session.stored.status == "sent"
    assert "trả lại" not in page.status.text()
    assert marked_cells(page) == {}
    assert not [i for i in page.issues_model.issues if i.code == "tinh_tra_lai"]
    corner, _edge = corner_colour(page, ("NS_THU", "th_ky"))
    assert not near(corner, PROVINCE_MARK.name())
    assert drawn_marks(page) == set()
    history = feedback_for(unit_svc.db, page.session.unit.key, "ngan_sach", "2023-H1")
    assert [(h["revision"], h["decision"], h["actor"]) for h in history] == [
        (1, "returned", OFFICER)
    ]

    # the province receives revision 2 and sees what changed
    assert import_packages(province, [target])[0].outcome == "new_revision"
    changes = revision_changes(province, unit_code="178", period="2023-H1", form_id="ngan_sach")
    assert (changes["from"], changes["to"]) == (1, 2)
    assert {"indicator": "NS_THU", "measure": "th_ky", "old": "209435", "new": "219435"} in (
        changes["changes"]
    )
