"""«Xem xét» in a received submission's window: the officer accepts it («Chấp nhận») or
returns it («Trả lại») with a comment on the form and comments on cells; either writes the
signed feedback file the unit imports.  Above them, the revision chain with each revision's
review and the cells that changed since the previous revision (`review.revision_changes`,
as `baocao review changes` prints).  Thin over desktop/core/trust/review.py."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BaoCaoError, Location
from desktop.core.exchange.service import ascii_slug
from desktop.core.formdef.period_form import form_for_period
from desktop.core.numbers import format_vn
from desktop.core.trust import review
from desktop.gui.dialogs import ask

FILTER = "Phản hồi BaoCao (*.baocao-phanhoi)"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _number(text: str | None) -> str:
    """A stored figure as Vietnamese read it («256812» → «256.812»); empty stays empty."""
    if text is None:
        return "(trống)"
    try:
        return format_vn(Decimal(text))
    except InvalidOperation:
        return text


class ReviewPanel(QWidget):
    def __init__(self, svc, unit, form, period, stored, parent=None, actor=None) -> None:
        super().__init__(parent)
        form = form_for_period(form, period)  # the period's columns only (period_form.py)
        self.svc, self.unit, self.form, self.period, self.stored = svc, unit, form, period, stored
        self.actor = actor  # who decided: the unit reads «Tỉnh trả lại lần 1 (Trần Văn Minh, …)»
        self.cells: dict[tuple[str, str], str] = {}
        layout = QVBoxLayout(self)
        self.state = QLabel()
        layout.addWidget(self.state)
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        layout.addWidget(self.chain)
        self.changes = QTableWidget(0, 4)
        self.changes.setHorizontalHeaderLabels(["Chỉ tiêu", "Cột", "Lần trước", "Lần này"])
        head = self.changes.horizontalHeader()  # the name takes the room, the figures 130 px
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.changes.setColumnWidth(column, 130)
        self.changes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.changes.setMaximumHeight(150)
        layout.addWidget(self.changes)
        layout.addWidget(QLabel("Ý kiến cho cả biểu:"))
        self.comment = QPlainTextEdit()
        self.comment.setMaximumHeight(90)
        layout.addWidget(self.comment)
        pick = QHBoxLayout()
        self.indicator = QComboBox()
        for ind in form.iter_indicators():
            self.indicator.addItem(ind.label, ind.code)
        self.measure = QComboBox()
        self.indicator.currentIndexChanged.connect(self._measures)
        self.cell_text = QLineEdit()
        self.cell_text.setPlaceholderText("Ý kiến cho ô đã chọn")
        add = QPushButton("Thêm ý kiến ô")
        add.clicked.connect(self.add_cell)
        for w, stretch in ((self.indicator, 3), (self.measure, 1), (self.cell_text, 3), (add, 0)):
            pick.addWidget(w, stretch)
        layout.addLayout(pick)
        self.cell_table = QTableWidget(0, 3)
        self.cell_table.setHorizontalHeaderLabels(["Chỉ tiêu", "Cột", "Ý kiến"])
        self.cell_table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.cell_table)
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.accept_button = QPushButton("Chấp nhận")
        self.return_button = QPushButton("Trả lại")
        self.accept_button.clicked.connect(lambda: self.decide("accepted"))
        self.return_button.clicked.connect(lambda: self.decide("returned"))
        actions.addWidget(self.accept_button)
        actions.addWidget(self.return_button)
        layout.addLayout(actions)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._measures()
        self.refresh()

    def _measures(self) -> None:
        self.measure.clear()
        ind = self.form.indicator_map().get(self.indicator.currentData())
        if ind is not None:
            cat = self.svc.pack.catalog
            for m in self.form.measures_of(ind):
                self.measure.addItem(cat.measure(m).short if cat.measure(m) else m, m)
            # the column the unit filled first: a comment is on a figure, not an empty cell
            values = self.stored.submission.values
            filled = [
                i
                for i in range(self.measure.count())
                if (ind.code, self.measure.itemData(i)) in values
            ]
            if filled:
                self.measure.setCurrentIndex(filled[0])

    def refresh(self) -> None:
        state = review.review_state(
            self.svc.db, self.unit.key, self.form.id, str(self.period), self.stored.revision
        )
        self.state.setText(f"Lần gửi {self.stored.revision}: {review.DECISION_LABELS[state]}.")
        for b, decision in ((self.accept_button, "accepted"), (self.return_button, "returned")):
            refused = review.already_decided(
                self.svc, self.unit, self.form, self.period, self.stored.revision, decision
            )
            b.setEnabled(refused is None)
            b.setToolTip(refused or "")
        self._show_changes()

    def _show_changes(self) -> None:
        got = review.revision_changes(
            self.svc, unit_code=self.unit.code, period=str(self.period), form_id=self.form.id
        )
        chain = ", ".join(
            f"lần {r['revision']} ({review.DECISION_LABELS[r['review']]})" for r in got["revisions"]
        )
        if got["from"] is None:
            self.chain.setText(f"Các lần gửi: {chain}. Chưa có lần trước để so sánh.")
        else:
            self.chain.setText(
                f"Các lần gửi: {chain}. Từ lần {got['from']} sang lần {got['to']}: "
                f"{len(got['changes'])} ô thay đổi."
            )
        self.changes.setVisible(got["from"] is not None)
        imap, cat = self.form.indicator_map(), self.svc.pack.catalog
        self.changes.setRowCount(len(got["changes"]))
        for r, c in enumerate(got["changes"]):
            ind, measure = imap.get(c["indicator"]), cat.measure(c["measure"])
            after = c.get("new") if "new" in c else f"Giải trình: {c.get('explanation') or ''}"
            shown = [
                ind.label if ind else c["indicator"],  # the name the officer reads, no code
                measure.short if measure else c["measure"],
                _number(c.get("old")),
                _number(after) if "new" in c else after,
            ]
            for col, text in enumerate(shown):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 2 or (col == 3 and "new" in c):  # figures right-aligned
                    item.setTextAlignment(RIGHT)
                self.changes.setItem(r, col, item)

    def add_cell(self) -> None:
        text = self.cell_text.text().strip()
        if not text:
            self.message.setText("Hãy gõ ý kiến cho ô trước khi thêm.")
            return
        key = (self.indicator.currentData(), self.measure.currentData())
        self.cells[key] = text
        self.cell_table.setRowCount(len(self.cells))
        for r, ((code, m), t) in enumerate(self.cells.items()):
            named = Location(form=self.form.id, indicator=code, measure=m).names(self.svc.pack)
            for c, v in enumerate((named["indicator"], named["measure"], t)):
                self.cell_table.setItem(r, c, QTableWidgetItem(v))
        self.cell_table.resizeColumnsToContents()  # the indicator and column read in full
        self.cell_table.horizontalHeader().setStretchLastSection(True)
        self.cell_text.clear()
        where = Location(form=self.form.id, indicator=key[0], measure=key[1])
        self.message.setText(f"Đã thêm ý kiến cho {where.describe(self.svc.pack, skip=('form',))}.")

    def decide(self, decision: str) -> None:
        word = "tra_lai" if decision == "returned" else "chap_nhan"
        suggested = f"{word}_{self.unit.code}_{ascii_slug(self.form.id)}_{self.period}{review.FEEDBACK_EXTENSION}"
        target = ask.save_file(self, "Lưu tệp phản hồi gửi đơn vị", FILTER, Path.home() / suggested)
        if target is None:
            return
        from desktop.core.exchange.signing import SigningKey

        try:
            path, body = review.review_submission(
                self.svc,
                SigningKey.load_or_create(self.svc.key_dir),
                unit_code=self.unit.code,
                period=str(self.period),
                form_id=self.form.id,
                decision=decision,
                out=target,
                comment=self.comment.toPlainText(),
                cells=self.cells,
                actor=self.actor,
            )
        except BaoCaoError as exc:
            self.message.setText(exc.message)
            return
        self.refresh()
        self.message.setText(
            f"{review.DECISION_LABELS[decision].capitalize()} lần {body.revision}; "
            f"gửi tệp «{Path(path).name}» cho đơn vị."
        )
