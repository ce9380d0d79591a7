"""The consolidation page's «Xuất Excel…»: the workbook written on a worker thread, a run
too large for its «CT …» sheets by default (consolidation/breakdown.py) asking whether to
add them, then the file offered to open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow

from desktop.core.errors import BaoCaoError
from desktop.gui.dialogs import ask
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.workers import run_in_background, worker_services

LEAVE_OUT, WITH_DETAILS = "Chỉ các biểu tổng hợp", "Kèm bảng chi tiết từng đơn vị"


def export(page, path: Path | None = None, *, ask_open: bool = True) -> None:
    """Write `page.result` as the consolidated workbook to `path` (asked when None)."""
    from desktop.core.excel.workbook import refuse_nothing_reported

    if page.result is None:
        return
    try:
        refuse_nothing_reported(page.result)  # as `baocao consolidate` refuses it
    except BaoCaoError as exc:
        show_error(page, exc, pack_of=lambda: page.svc.pack)
        return
    details = ask_details(page, page.result)
    if details is None:
        return
    if path is None:
        default = Path.home() / f"TongHop_{page.result.period}.xlsx"
        path = ask.save_file(page, "Xuất biểu tổng hợp", "Excel (*.xlsx)", default)
        if path is None:
            return
    from desktop.core.excel.workbook import write_consolidated_workbook
    from desktop.core.excel.workbook_display import display_options
    from desktop.core.settings import load_settings

    result, catalog = page.result, page.svc.pack.catalog
    options = display_options(load_settings())  # signer, tỷ đồng (Cài đặt)
    page.progress.setVisible(True)
    page.export_button.setEnabled(False)

    def work(progress, cancelled):
        worker_svc = worker_services(page.svc)  # the «CT …» sheets read on this thread
        try:
            mine = result.reading_from(lambda: worker_svc.repo)
            if details:
                mine = mine.with_breakdown()
            return write_consolidated_workbook(mine, catalog, path, progress=progress, **options)
        finally:
            worker_svc.close()

    def done(out_path) -> None:
        page.last_export = out_path
        window = page.window()  # the note above the table keeps saying who is missing
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"Đã xuất biểu tổng hợp «{out_path}».")
        if ask_open:
            _offer_to_open(page, out_path)

    def finished() -> None:
        page.job = None
        page.progress.setVisible(False)
        page.export_button.setEnabled(True)

    page.job = run_in_background(
        work,
        on_success=done,
        on_failure=lambda e, d: show_error(page, e, d, pack_of=lambda: page.svc.pack),
        on_progress=lambda d, t: (page.progress.setRange(0, t), page.progress.setValue(d)),
        on_finished=finished,
    )


def _offer_to_open(parent, out_path) -> None:
    answer = ask.choose(
        parent,
        "Đã xuất biểu tổng hợp",
        f"Đã ghi {out_path}.",
        ["Mở tệp", "Mở thư mục", "Đóng"],
        icon="info",
    )
    if answer == "Mở tệp":
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out_path)))
    elif answer == "Mở thư mục":
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(out_path).parent)))


def ask_details(parent, result) -> bool | None:
    """Whether the workbook gets the «CT …» sheets the run left out (a large run: one
    column per unit); False when none was left out, None when the person cancels."""
    left_out = [f for f in result.forms if not f.has_breakdown and f.figures]
    if not left_out:
        return False
    units = max(len(f.expected) for f in left_out)
    count = f"{units:,}".replace(",", ".")
    answer = ask.choose(
        parent,
        "Xuất biểu tổng hợp",
        f"Lần tổng hợp này có {count} đơn vị: bảng chi tiết từng đơn vị (các trang «CT …», "
        "mỗi đơn vị một cột) quá rộng để in nên mặc định không kèm.",
        [LEAVE_OUT, WITH_DETAILS, "Hủy"],
        informative="Kèm bảng chi tiết thì tệp lớn hơn và ghi lâu hơn.",
    )
    return None if answer not in (LEAVE_OUT, WITH_DETAILS) else answer == WITH_DETAILS
