"""Province inbox: drop package files (or pick files / a folder); import runs in the
background with a progress bar; a results table says per file what happened; rejected
files can be inspected (reason, quarantine copy)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.package import EXTENSION
from desktop.core.exchange.results import detail
from desktop.core.exchange.results_short import short_detail
from desktop.core.exchange.service import OUTCOME_LABELS, ImportResult
from desktop.core.key_registry import unit_shown
from desktop.gui.dialogs import ask
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.models.base import ListTableModel
from desktop.gui.workers import run_in_background, worker_services

COLORS = {
    "new": "#dff0d8",
    "new_revision": "#cfe3f7",
    "duplicate": "#eeeeee",
    "older_revision": "#fff6d6",
    "rejected": "#f6c9c9",
    "held": "#ffe0b2",
}

HELD_NEXT = (  # what the officer does about a held package: the inbox said only «giữ lại»
    ". Gói «Chờ xác nhận khóa» được tính ngay khi khóa của đơn vị được xác nhận ở trang "
    "«Khóa đơn vị» (gọi điện cho đơn vị để đọc dấu vân tay); đơn vị không phải gửi lại."
)


def period_label(text: str | None) -> str:
    from desktop.core.periods import Period

    try:
        return Period.parse(text).label if text else ""
    except Exception:  # noqa: BLE001 - a period we cannot read is shown as it came
        return text or ""


class ImportResultsModel(ListTableModel):
    HEADERS = ["Tệp", "Kết quả", "Đơn vị", "Kỳ", "Chi tiết"]

    def __init__(self, pack, units, parent=None) -> None:
        super().__init__(parent)
        self.pack, self.units = pack, units  # units: a reused code's dates (unit_shown)

    @property
    def results(self) -> list[ImportResult]:
        return self.items

    def add(self, results: list[ImportResult]) -> None:
        self.set_items([*reversed(results), *self.items])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                r.file,
                OUTCOME_LABELS.get(r.outcome, r.outcome),
                unit_shown(self.units, r.unit_code, r.period, r.unit_name),
                period_label(r.period),
                short_detail(r, self.pack),  # the full text form by form: the tooltip
            ][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1:
            return QBrush(QColor(COLORS.get(r.outcome, "#eeeeee")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return detail(r, self.pack).replace("; ", "\n")
        return None


class InboxPage(QWidget):
    imported = Signal()

    def __init__(self, svc, actor: str, parent=None) -> None:
        super().__init__(parent)
        self.svc, self.actor = svc, actor
        self.job = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Hộp thư: nhận gói báo cáo</h2>"))
        self.drop = QLabel(
            f"Kéo và thả các tệp gói báo cáo (*{EXTENSION}) hoặc yêu cầu đăng ký khóa "
            "(*.baocao-dangky) vào đây,\nhoặc bấm «Chọn tệp…» / «Chọn thư mục…»."
        )
        self.drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop.setMinimumHeight(90)
        self.drop.setStyleSheet(
            "border: 2px dashed #8aa; border-radius: 8px; color: #345; font-size: 13px"
        )
        layout.addWidget(self.drop)
        row = QHBoxLayout()
        pick = QPushButton("Chọn tệp…")
        pick.clicked.connect(self.pick_files)
        folder = QPushButton("Chọn thư mục…")
        folder.clicked.connect(self.pick_folder)
        self.cancel_button = QPushButton("Dừng")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: self.job and self.job.cancel())
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m tệp")
        row.addWidget(pick)
        row.addWidget(folder)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)  # with held packages, what to do next
        layout.addWidget(self.summary)
        self.model = ImportResultsModel(svc.pack, svc.units, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for c, w in enumerate((240, 200, 160, 160)):  # "6 tháng đầu năm 2023" fits
            header.resizeSection(c, w)
        self.view.doubleClicked.connect(self.inspect)
        layout.addWidget(self.view, 1)
        hint = QLabel("Bấm đúp vào tệp bị từ chối để xem lý do và mở thư mục cách ly.")
        layout.addWidget(hint)

    # drag and drop
    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.import_files(self._expand(paths))

    def _expand(self, paths: list[Path]) -> list[Path]:
        from desktop.core.exchange.package_files import package_files

        return package_files(paths)

    def pick_files(self) -> None:
        names = ask.open_files(
            self, "Chọn gói báo cáo", f"Gói BaoCao, yêu cầu đăng ký khóa (*{EXTENSION} *.baocao-dangky);;Tất cả tệp (*)"
        )
        if names:
            self.import_files(names)

    def pick_folder(self) -> None:
        folder = ask.open_folder(self, "Chọn thư mục chứa gói báo cáo")
        if folder is not None:
            self.import_files(self._expand([folder]))

    def import_files(self, files: list[Path]) -> None:
        requests = [Path(f) for f in files if str(f).endswith(".baocao-dangky")]
        if requests:  # enrolment requests: confirmed by phone (gui/dialogs/enrolment.py)
            self.open_requests(requests)
            files = [f for f in files if Path(f) not in requests]
            if not files:
                return
        if not files:
            self.summary.setText("Không có tệp gói báo cáo nào.")
            return
        if self.job is not None:
            self.summary.setText("Đang nhập, hãy chờ xong đợt trước.")
            return
        from desktop.core.exchange.service import import_packages

        svc, actor = self.svc, self.actor

        def work(progress, cancelled):
            worker_svc = worker_services(svc)  # sqlite connections belong to their thread
            try:
                return import_packages(
                    worker_svc, files, actor=actor, progress=progress, cancelled=cancelled
                )
            finally:  # no connection left open on the file (a restore replaces it)
                worker_svc.close()

        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.summary.setText(f"Đang nhập {len(files)} tệp…")
        self.job = run_in_background(
            work,
            on_success=self._done,
            on_failure=self._failed,
            on_progress=lambda done, total: self.progress.setValue(done),
            on_finished=self._finished,
        )

    def open_requests(self, requests: list[Path]) -> None:
        from desktop.gui.dialogs.enrolment import EnrolmentDialog

        for path in requests:
            try:
                self.enrolment_dialog = EnrolmentDialog(self.svc, path, self.actor, self)
            except BaoCaoError as exc:
                self.summary.setText(exc.message)
                continue
            self.enrolment_dialog.finished.connect(lambda _r: self.imported.emit())
            self.enrolment_dialog.open()

    def _failed(self, exc, detail) -> None:
        """The batch stopped (a locked database, a full disk): the line no longer says it is
        importing, the reason is shown once."""
        said = exc.message if isinstance(exc, BaoCaoError) else "Lỗi không mong đợi."
        self.summary.setText(f"Chưa nhập xong: {said}")
        show_error(self, exc, detail, pack_of=lambda: self.svc.pack)

    def _finished(self) -> None:
        self.job = None
        self.cancel_button.setEnabled(False)

    def _done(self, results: list[ImportResult]) -> None:
        self.model.add(results)
        for column in (1, 2):  # «Chờ xác nhận khóa (giữ lại, chưa tính)», a reused code's
            wide = self.view.sizeHintForColumn(column)  # dates: read whole, not cut
            self.view.setColumnWidth(column, max(self.view.columnWidth(column), wide))
        counts: dict[str, int] = {}
        for r in results:
            counts[r.outcome] = counts.get(r.outcome, 0) + 1
        self.summary.setText(
            "Xong: "
            + ", ".join(f"{OUTCOME_LABELS[k].split(' (')[0]}: {v}" for k, v in counts.items())
            + (HELD_NEXT if counts.get("held") else "")
        )
        self.imported.emit()

    def inspect(self, index: QModelIndex) -> None:
        r = self.model.results[index.row()]
        open_label = "Mở thư mục cách ly"
        answer = ask.choose(
            self,
            f"Tệp {r.file}",
            f"<b>{OUTCOME_LABELS[r.outcome]}</b><br>{r.message}",
            [open_label, "Đóng"] if r.quarantine_path else ["Đóng"],
            f"Bản sao cách ly: {r.quarantine_path}" if r.quarantine_path else "",
        )
        if answer == open_label:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(r.quarantine_path).parent)))
