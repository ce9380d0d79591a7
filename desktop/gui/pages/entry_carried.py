"""The entry page's figures carried from earlier reports (desktop/core/entry_carried.py):
the greyed figures are suggestions, not yet this period's.  «Dùng số kỳ trước (N ô)» stores
them all at once (Ctrl+Z takes them back together); «Hoàn thành» with some left asks
whether to take them, finish without them, or go back — never a silent gap between what
the grid shows and what the package sends."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop.core.entry_carried import carried, use_all
from desktop.core.numbers import format_vn

TAKE = "Dùng số kỳ trước và hoàn thành"
LEAVE = "Hoàn thành, để trống các ô đó"
BACK = "Quay lại"
WHAT = "cùng kỳ năm trước, dự toán năm đã báo cáo, lũy kế tháng cuối kỳ"


def carried_button(page) -> QPushButton:
    button = QPushButton()
    button.setToolTip(
        f"Các ô chữ xám nghiêng là số lấy từ báo cáo trước ({WHAT}), chưa lưu vào biểu này "
        "và chưa được gửi. Bấm để lưu tất cả các số đó thành số liệu của kỳ này."
    )
    button.clicked.connect(lambda: take_carried(page))
    page.carried_button = button
    return button


def update_carried(page) -> None:
    """The button says how many greyed figures there are, shown only when there are some."""
    n = len(carried(page.session))
    page.carried_button.setText(f"Dùng số kỳ trước ({format_vn(n)} ô)")
    page.carried_button.setVisible(n > 0)


def take_carried(page) -> None:
    page.commit_editing()  # a figure being typed is the clerk's, not the earlier report's
    n = use_all(page.session)
    page.model.refresh()
    page.say(f"Đã lưu {format_vn(n)} số lấy từ báo cáo trước vào biểu này (Ctrl+Z để bỏ).")


def settle_before_finishing(page) -> bool:
    """Before «Hoàn thành»: with greyed figures left, ask the clerk; True to go on."""
    from desktop.gui.dialogs import ask

    n = len(carried(page.session))
    if not n:
        return True
    got = ask.choose(
        page,
        "Số kỳ trước chưa dùng",
        f"Còn {format_vn(n)} ô chữ xám là số lấy từ báo cáo trước ({WHAT}). Các số này "
        "chưa lưu vào biểu kỳ này nên sẽ không được gửi.",
        [TAKE, LEAVE, BACK],
        "Dùng: lưu tất cả các số đó rồi hoàn thành. Để trống: hoàn thành với số liệu đã "
        "nhập; các ô đó không còn hiện số xám.",
    )
    if got == TAKE:
        take_carried(page)
        return True
    return got == LEAVE
