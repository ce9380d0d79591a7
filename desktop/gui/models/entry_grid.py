"""EntryGridModel: the entry grid's rows (indicators with STT and indentation) and columns
(STT, Chỉ tiêu, ĐVT, then the form's measures) over a core `EntrySession`.

Only adapts: parsing, saving and validation are the session's.  Cells show what was
understood (Vietnamese formatting), prefilled figures greyed in italics, computed
percentages in blue, errors red and warnings amber with the message as tooltip.
On a form the province returned, its comments on cells (issues «tinh_tra_lai») are given
by PROVINCE_ROLE for the view to mark, and lead the cell's tooltip.
Text that could not be read as a figure stays in its cell, red, with the reason (naming
the row and the column) until the clerk corrects or clears it; nothing is stored for it.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.entry_session import EntrySession
from desktop.core.errors import Issue, Location, Severity
from desktop.core.formdef.layout import Row, form_rows
from desktop.core.formdef.models import MeasureKind
from desktop.core.numbers import format_vn
from desktop.core.trust.returned import PROVINCE_COMMENT
from desktop.gui.widgets.entry_table import COMMENT_ROLE, PROVINCE_ROLE

FIXED = ["STT", "Chỉ tiêu", "ĐVT"]
RED, AMBER, GREY, HEADING = (
    QColor("#f6c9c9"),
    QColor("#fde3b0"),
    QColor("#eeeeee"),
    QColor("#dde7f3"),
)
PREFILL_TEXT, COMPUTED_TEXT = QColor("#707070"), QColor("#1f5fa8")
REJECTED_TEXT = QColor("#b00020")


class EntryGridModel(QAbstractTableModel):
    editRejected = Signal(str)  # Vietnamese message: the typed text was not accepted
    notice = Signal(str)  # what an ambiguous text was understood as
    changed = Signal()  # a value was saved (issues, status and % columns changed)

    def __init__(self, session: EntrySession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[Row] = form_rows(session.form)
        self.measures = list(session.form.measures)
        self.catalog = session.catalog
        self._issue_map: dict[tuple[str, str], list] = {}
        self._province: dict[tuple[str, str], list] = {}  # the province's cell comments
        # cells whose typed text was refused: (indicator, measure) -> (text, reason)
        self.rejected: dict[tuple[str, str], tuple[str, str]] = {}
        self._refresh_issues()

    # ----------------------------------------------------------- shape

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FIXED) + len(self.measures)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                if section < len(FIXED):
                    return FIXED[section]
                return self.catalog.measure(self.measures[section - len(FIXED)]).short
            if role == Qt.ItemDataRole.ToolTipRole and section >= len(FIXED):
                return self.catalog.measure(self.measures[section - len(FIXED)]).label
        return None

    def key_at(self, index: QModelIndex) -> tuple[str, str] | None:
        if not index.isValid() or index.column() < len(FIXED):
            return None
        row = self.rows[index.row()]
        if row.indicator is None:
            return None
        answered = self.session.answered
        if answered is not None and row.indicator.code not in answered:
            return None  # another department's row: grey, not typed here
        measure = self.measures[index.column() - len(FIXED)]
        if measure not in self.session.form.measures_of(row.indicator):
            return None
        return row.indicator.code, measure

    def index_of(self, indicator: str, measure: str | None) -> QModelIndex:
        for r, row in enumerate(self.rows):
            if row.indicator is not None and row.indicator.code == indicator:
                col = len(FIXED) + self.measures.index(measure) if measure in self.measures else 1
                return self.index(r, col)
        return QModelIndex()

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        key = self.key_at(index)
        if key is not None and not self.session.is_total(*key):
            return base | Qt.ItemFlag.ItemIsEditable  # a sent form too: a new revision starts
        return base

    # ----------------------------------------------------------- data

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if row.indicator is None:
            if role == Qt.ItemDataRole.DisplayRole and col < 2:
                return row.stt if col == 0 else row.section.title.upper()
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(HEADING)
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            return None
        ind = row.indicator
        if col < len(FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return row.stt
                if col == 1:
                    return "    " * (row.level - 1) + ind.label
                return self.catalog.unit(ind.unit).label
            if role == Qt.ItemDataRole.ToolTipRole and col == 1:
                return f"Mã số {ind.code}" + (f"\n{ind.note}" if ind.note else "")
            if role == Qt.ItemDataRole.FontRole and row.level == 1:
                f = QFont()
                f.setBold(True)
                return f
            return None
        key = self.key_at(index)
        if key is None:
            return QBrush(GREY) if role == Qt.ItemDataRole.BackgroundRole else None
        if role == COMMENT_ROLE:
            return self.session.submission.comments.get(key) or None
        said = "\n".join(i.message for i in self._province.get(key, ())) or None
        if role == PROVINCE_ROLE:
            return said
        shown = self._cell_data(ind, key, role)
        if role == Qt.ItemDataRole.ToolTipRole and said:
            return said + (f"\n{shown}" if shown else "")
        return shown

    def _cell_data(self, ind, key: tuple[str, str], role):
        """A figure's cell: typed, refused, a total, prefilled or computed."""
        if key in self.rejected:
            return self._rejected_data(key, role)
        if self.session.is_total(*key):
            return self._total_data(key, role)
        value = self.session.value(*key)
        mark = self._mark_at(ind, key)
        if mark is not None and value is None:
            return self._marked_data(mark, role)
        prefill = self.session.prefill(*key) if value is None else None
        computed = None
        if value is None and self.catalog.measure(key[1]).kind is MeasureKind.RATIO:
            computed = self.session.computed(*key)
        if role == Qt.ItemDataRole.DisplayRole:
            shown = value if value is not None else (prefill if prefill is not None else computed)
            if isinstance(shown, Decimal):
                return format_vn(shown, 2 if computed is not None else None)
            return shown or ""
        if role == Qt.ItemDataRole.EditRole:
            return format_vn(value) if isinstance(value, Decimal) else (value or "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if ind.kind != "text"
                else None
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            if prefill is not None:
                return QBrush(PREFILL_TEXT)
            if computed is not None:
                return QBrush(COMPUTED_TEXT)
        if role == Qt.ItemDataRole.FontRole and (prefill is not None or computed is not None):
            f = QFont()
            f.setItalic(True)
            return f
        issues = self._issue_map.get(key, [])
        if role == Qt.ItemDataRole.BackgroundRole and issues:
            return QBrush(RED if any(i.is_error for i in issues) else AMBER)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [i.message for i in issues]
            if prefill is not None:
                lines.append(
                    "Số lấy từ báo cáo trước, chưa lưu và chưa gửi: gõ số của kỳ này, hoặc "
                    "bấm «Dùng số kỳ trước» để lưu các số xám."
                )
            if computed is not None:
                lines.append("Tỷ lệ tự tính từ số liệu; chỉ gõ khi không có số gốc.")
            comment = self.session.submission.comments.get(key)
            if comment:
                lines.append(f"Giải trình: {comment}")
            if mark is not None:
                lines.append(f"Đã đánh dấu «{mark.label}» (số 0 thật, không phải ô bỏ trống).")
            return "\n".join(lines) or None
        return None

    def _mark_at(self, ind, key: tuple[str, str]):
        """The row's mark, on the cell that holds the row's reported figure (marks.py)."""
        from desktop.core.marks import actual_measure

        mark = self.session.mark_of(ind.code)
        on_figure = key[1] == actual_measure(self.session.form, ind)
        return mark if on_figure else None

    def _marked_data(self, mark, role):
        """A row marked «chưa có số liệu»: its figure's cell says so, greyed, with the reason."""
        if role == Qt.ItemDataRole.DisplayRole:
            return mark.label
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(PREFILL_TEXT)
        if role == Qt.ItemDataRole.FontRole:
            f = QFont()
            f.setItalic(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Chưa có số liệu: {mark.reason}\nGõ số khi đã có, rồi bỏ đánh dấu (chuột phải)."
        return None

    def _rejected_data(self, key: tuple[str, str], role):
        text, reason = self.rejected[key]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(REJECTED_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(RED)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Không nhận: {reason}\nSửa hoặc xóa nội dung ô này."
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _total_data(self, key: tuple[str, str], role):
        """A `children: sum` parent: the stored total (kept equal to the children's sum),
        greyed and not typed."""
        value = self.session.value(*key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_vn(value) if isinstance(value, Decimal) else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            issues = self._issue_map.get(key, [])
            return QBrush(RED if any(i.is_error for i in issues) else GREY)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(COMPUTED_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [i.message for i in self._issue_map.get(key, [])]
            return "\n".join([*lines, "Tự cộng từ các chỉ tiêu con: nhập số ở các dòng con."])
        return None

    def reason(self, key: tuple[str, str], text: str, message: str | None) -> str:
        """The refusal said with the row and the column it is in."""
        ind = self.session.indicators[key[0]]
        column = self.catalog.measure(key[1]).label
        why = (message or "giá trị không hợp lệ.").removeprefix(f"{ind.label}: ")
        return f"«{ind.label}», cột «{column}»: {why}"

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        key = self.key_at(index)
        if key is None or role != Qt.ItemDataRole.EditRole:
            return False
        ok = self._apply(key, str(value))
        self.refresh()
        if not ok:
            self.editRejected.emit(self.rejected[key][1])
        return ok

    def _apply(self, key: tuple[str, str], text: str) -> bool:
        """Save one typed text (through the session), or keep it as refused."""
        result = self.session.set_cell(key[0], key[1], text)
        if not result.ok:
            self.rejected[key] = (text.strip(), self.reason(key, text, result.message))
            return False
        self.rejected.pop(key, None)
        if result.message:
            self.notice.emit(result.message)
        return True

    def rejected_issues(self) -> list[Issue]:
        """The refused texts, as errors for the issues panel (they block «Hoàn thành»)."""
        return [
            Issue(
                severity=Severity.ERROR,
                code="khong_nhan",
                message=f"Không nhận: {reason}",
                location=Location(form=self.session.form.id, indicator=key[0], measure=key[1]),
            )
            for key, (_text, reason) in self.rejected.items()
        ]

    def paste(self, start: QModelIndex, text: str) -> list[str]:
        """Paste a tab/newline block (as Excel copies it) starting at `start`."""
        lines = [ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        if lines and lines[-1] == "":
            lines.pop()
        rows = [ln.split("\t") for ln in lines]
        cells = []
        r = start.row()
        for block_row in rows:
            # a heading row is skipped for a line of figures (the clerk's own Excel has no
            # headings) but takes an empty line (a block copied from BaoCao's template,
            # whose headings are empty rows): either way the figures land row for row
            while (
                r < len(self.rows)
                and self.rows[r].indicator is None
                and any(t.strip() for t in block_row)
            ):
                r += 1
            cells.append(
                [
                    self.key_at(self.index(r, start.column() + c)) if r < len(self.rows) else None
                    for c in range(len(block_row))
                ]
            )
            r += 1
        errors, nowhere = [], []
        with self.session.one_step():  # one Ctrl+Z takes the whole block back
            for r, block_row in enumerate(rows):
                for c, text in enumerate(block_row):
                    key = cells[r][c]
                    if key is None:
                        if text.strip():
                            nowhere.append(text.strip())
                        continue
                    if self.session.is_total(*key):
                        continue  # a total in the copied block is computed here, not pasted
                    if not self._apply(key, text):
                        errors.append(self.rejected[key][1])
        if nowhere:  # never dropped in silence: past the last row or column, or a grey cell
            shown = ", ".join(f"«{t}»" for t in nowhere[:3]) + (" …" if len(nowhere) > 3 else "")
            errors.append(
                f"{len(nowhere)} số không có ô để dán (quá dòng, cột cuối của bảng hoặc rơi "
                f"vào ô xám không nhập): {shown}"
            )
        self.refresh()
        return errors

    def clear(self, indexes) -> None:
        """Empty the cells (Delete on a selection), undone together."""
        with self.session.one_step():
            for index in indexes:
                key = self.key_at(index)
                if key is not None and not self.session.is_total(*key):
                    self._apply(key, "")
        self.refresh()

    def refresh(self) -> None:
        self._refresh_issues()
        self.dataChanged.emit(
            self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
        )
        self.changed.emit()

    def _refresh_issues(self) -> None:
        """The cells' issues; the province's comments on a returned form apart (they are
        marked on their cells, not coloured like a problem of the figures)."""
        self._issue_map, self._province = {}, {}
        for issue in self.session.issues():
            loc = issue.location
            if loc.indicator and loc.measure:
                into = self._province if issue.code == PROVINCE_COMMENT else self._issue_map
                into.setdefault((loc.indicator, loc.measure), []).append(issue)
