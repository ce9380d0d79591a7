"""The «Viết báo cáo…» buttons: the clerk's home (the unit's draft from its own figures)
and the province's consolidation page (the draft from the consolidated tables shown).

Thin: ask where to save (desktop/gui/dialogs/ask.py), run the core function of
`desktop.core.report.drafts` off the UI thread, say where the file went.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton

from desktop.gui.dialogs import ask
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.workers import run_in_background, worker_services

BUTTON_TEXT = "Viết báo cáo…"
TITLE = "Lưu dự thảo báo cáo"
WORD_FILTER = "Văn bản Word (*.docx)"


def _run(page, button: QPushButton, work, path: Path) -> None:
    button.setEnabled(False)

    def done(out_path) -> None:
        page.last_report = out_path
        answer = ask.choose(
            page, "Đã viết dự thảo báo cáo", f"Đã ghi {out_path}.", ["Mở tệp", "Đóng"]
        )
        if answer == "Mở tệp":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out_path)))

    page.report_job = run_in_background(
        lambda progress, cancelled: work(path),
        on_success=done,
        on_failure=lambda e, d: show_error(page, e, d, pack_of=lambda: page.svc.pack),
        on_finished=lambda: button.setEnabled(True),
    )


def unit_report_button(page) -> QPushButton:
    """For `HomePage` (has .svc, .unit, .period and its forms' .model): the unit's draft for
    the chosen period; a period with no figure is refused before a file is asked for."""
    button = QPushButton(BUTTON_TEXT)
    button.setToolTip("Viết dự thảo báo cáo (.docx) từ số liệu của đơn vị trong kỳ đã chọn")

    def clicked() -> None:
        from desktop.core.report.drafts import write_unit_draft
        from desktop.core.report.writer import ReportOptions

        period = str(page.period)
        if all(item.revision is None for item in page.model.items):  # before any file is asked
            ask.warn(page, TITLE, f"Chưa có số liệu nào của {page.unit.name} cho kỳ "
                     f"{page.period.phrase}: chưa viết được báo cáo. Hãy nhập hoặc "
                     "nhận số liệu trước.")  # fmt: skip
            return
        path = ask.save_file(page, TITLE, WORD_FILTER, Path.home() / f"BaoCao_{period}.docx")
        if path is None:
            return
        svc, unit = page.svc, page.unit

        def work(out: Path):
            worker = worker_services(svc)
            try:
                dated = ReportOptions(day=svc.today)  # the office's day (Vietnam)
                return write_unit_draft(
                    worker.repo, worker.pack, worker.units, unit.code, period, out, dated
                )
            finally:
                worker.close()

        _run(page, button, work, path)

    button.clicked.connect(clicked)
    return button


def province_report_button(page) -> QPushButton:
    """For `ConsolidationPage` (has .svc and .result once «Tổng hợp» ran): the draft from
    the consolidated tables on screen."""
    button = QPushButton(BUTTON_TEXT)
    button.setToolTip("Viết dự thảo báo cáo (.docx) từ số liệu đã tổng hợp")

    def clicked() -> None:
        from desktop.core.report.drafts import write_draft_from_result

        result = page.result
        if result is None:
            ask.info(page, TITLE, "Hãy bấm «Tổng hợp» trước: báo cáo viết từ số liệu đã tổng hợp.")
            return
        default = Path.home() / f"BaoCao_TongHop_{result.period}.docx"
        path = ask.save_file(page, TITLE, WORD_FILTER, default)
        if path is None:
            return
        from desktop.core.report.writer import ReportOptions, settings_options
        from desktop.core.settings import load_settings

        catalog = page.svc.pack.catalog
        # signer, tỷ đồng (Cài đặt); dated the office's day (Vietnam), as the status board
        options = ReportOptions(**settings_options(load_settings()), day=page.svc.today)
        _run(page, button, lambda out: write_draft_from_result(result, catalog, out, options), path)

    button.clicked.connect(clicked)
    return button
