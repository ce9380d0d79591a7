"""One clerk editing one form of one period: the core behind the entry grid.

Every accepted edit is saved at once in its own transaction (with its audit row), so
closing the window or a power cut loses at most the keystroke in progress.  Bad input
changes nothing: the cell keeps its value and the clerk gets a Vietnamese message.
Editing a form that was already finalised or sent starts a new revision (the old one
stays in the history).  Undo puts back earlier values, also saved at once.  A parent the
form declares `children: sum` is not typed: each change of a child stores the parent's
new total (and its parent's, up the tree) in the same way.  The clerk's list of forms
with their status is desktop/core/clerk_home.py.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal

from desktop.core.clerk_home import STATUS_LABELS
from desktop.core.errors import Issue, ValidationFailed
from desktop.core.formdef.models import (
    ChildrenRule,
    FormDefinition,
    MeasureKind,
    ValueKind,
)
from desktop.core.formdef.period_form import form_for_period
from desktop.core.numbers import NumberFormatError, format_vn, parse_number
from desktop.core.periods import Period
from desktop.core.record import record
from desktop.core.submission import Submission
from desktop.core.texts import MAX_COMMENT_CHARS, MAX_TEXT_VALUE_CHARS, clean_text
from desktop.core.validation.engine import finalisation_blockers


@record
class EditResult:
    """What became of one typed cell: taken (with the value), or refused with a message."""
    ok: bool
    value: Decimal | str | None = None
    message: str | None = None  # an error (ok=False) or what an ambiguous text was read as


class EntrySession:
    def __init__(
        self, svc, *, unit, form: FormDefinition, period: Period, actor: str | None
    ) -> None:
        form = form_for_period(form, period)  # the period's columns only (period_form.py)
        self.svc, self.unit, self.form, self.period, self.actor = svc, unit, form, period, actor
        self.repo = svc.repo
        self.catalog = svc.pack.catalog
        self.indicators = form.indicator_map()
        self.sum_children: dict[str, list[str]] = {}  # parents declared `children: sum`
        for ind in form.iter_indicators():
            if ind.parent and self.indicators[ind.parent].children is ChildrenRule.SUM:
                self.sum_children.setdefault(ind.parent, []).append(ind.code)
        self._undo: list[tuple[str, tuple, object]] = []
        self.stored = self.repo.get(unit.code, unit.key[1], form.id, str(period))
        self.history = svc.history_for(unit, form.id, period)
        # a department answers for its rows only (departments.py); None: every row
        self.answered: frozenset[str] | None = svc.answered_by(unit, form)
        self._issues: list[Issue] | None = None
        self._issues_of = None  # the stored revision `_issues` were computed for
        self._today_of = self._today = None  # `submission` under today's form version

    # ---------------------------------------------------------------- state

    @property
    def submission(self) -> Submission:
        """The form's figures, under today's form version: a draft begun under an earlier
        one is shown, checked and finished under the form the grid shows."""
        if self.stored is None:
            return Submission(self.form.id, self.form.version, self.unit.code, str(self.period))
        sub = self.stored.submission
        if sub.form_version == self.form.version:
            return sub
        if self._today_of is not self.stored:  # once per stored revision, not per cell
            self._today_of, self._today = self.stored, replace(sub, form_version=self.form.version)
        return self._today

    @property
    def status(self) -> str:
        if self.stored is None:
            return "empty"
        if self.stored.status in ("final", "sent", "received"):
            return "sent" if self.stored.status == "sent" else "final"
        return "errors" if any(i.is_error for i in self.issues()) else "draft"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def deadline(self):
        return self.period.deadline(self.form.calendar, self.form.deadline_days)

    def value(self, indicator: str, measure: str):
        return self.submission.values.get((indicator, measure))

    def prefill(self, indicator: str, measure: str) -> Decimal | None:
        """The figure carried from an earlier report, shown greyed in an empty cell of a
        form being edited, neither stored nor sent until taken (entry_carried.py)."""
        from desktop.core.entry_carried import carried_figure

        return carried_figure(self, indicator, measure)

    def computed(self, indicator: str, measure: str) -> Decimal | None:
        """% columns computed from the stored figures, as the grid shows them (never from a
        greyed carried figure: a ratio of figures not sent would not be this period's)."""
        md = self.catalog.measure(measure)
        if md is None or md.kind is not MeasureKind.RATIO or md.denominator is None:
            return None
        num = next((v for n in md.numerator if (v := self._number(indicator, n)) is not None), None)
        den = self._number(indicator, md.denominator)
        if num is None or not den:
            return None
        return num / den * 100

    def _number(self, indicator: str, measure: str) -> Decimal | None:
        v = self.value(indicator, measure)
        return v if isinstance(v, Decimal) else None

    def issues(self) -> list[Issue]:
        if self._issues is None or self._issues_of is not self.stored:
            from desktop.core.trust.returned import province_comments

            self._issues_of = self.stored  # a send sets `stored` anew: computed again then
            self._issues = (
                self.svc.validate(self.submission).issues if self.stored is not None else []
            ) + province_comments(self.svc.db, self.repo, self.stored)  # until sent again
        return self._issues

    # ---------------------------------------------------------------- edits

    def _ensure_draft(self) -> None:
        """Edits go to a draft: the first one creates it; editing a finalised or sent form
        opens a new revision (the finalised one stays in the history)."""
        if self.stored is None:
            self.stored = self.repo.save(
                self.submission,
                form_hash=self.svc.pack.content_hash(self.form.id),
                unit_valid_from=self.unit.key[1],
                actor=self.actor,
                status="draft",
            )
        elif self.stored.status != "draft":
            self.stored = self.repo.reopen(self.stored.id, actor=self.actor)

    def _reload(self) -> None:
        self.stored = self.repo.get_by_id(self.stored.id)
        self._issues = None

    def is_total(self, indicator: str, measure: str) -> bool:
        """A cell computed from the children (`children: sum`), never typed."""
        md = self.catalog.measure(measure)
        return (
            indicator in self.sum_children and md is not None and md.kind is MeasureKind.VALUE
        )

    def total_of(self, indicator: str, measure: str) -> Decimal | None:
        """The sum of the children's figures (None when no child has one)."""
        parts = [self.value(k, measure) for k in self.sum_children.get(indicator, [])]
        numbers = [v for v in parts if isinstance(v, Decimal)]
        return sum(numbers, Decimal(0)) if numbers else None

    def _update_totals(self, indicator: str, measure: str) -> None:
        """After a child changed: store each `children: sum` parent's total, up the tree."""
        parent = self.indicators[indicator].parent
        while parent is not None and self.is_total(parent, measure):
            total = self.total_of(parent, measure)
            if self.value(parent, measure) != total:
                self.repo.set_value(self.stored.id, parent, measure, total, actor=self.actor)
                self._reload()
            parent = self.indicators[parent].parent

    def parse_cell(self, indicator: str, measure: str, text: str) -> EditResult:
        ind = self.indicators.get(indicator)
        if ind is None or measure not in self.form.measures_of(ind):
            return EditResult(False, message="Ô này không nhập số liệu.")
        if self.answered is not None and indicator not in self.answered:
            return EditResult(False, message="Dòng này do sở, ngành khác báo cáo; không nhập ở đây.")
        if self.is_total(indicator, measure):
            return EditResult(
                False,
                message=f"{ind.label}: tự cộng từ các chỉ tiêu con, hãy nhập các chỉ tiêu con.",
            )
        text = (text or "").strip()
        if not text:
            return EditResult(True, None)
        if ind.kind is ValueKind.TEXT:
            return _cleaned(text, ind.label, MAX_TEXT_VALUE_CHARS)
        try:
            parsed = parse_number(text)
        except NumberFormatError as exc:
            return EditResult(False, message=f"{ind.label}: {exc.args[0]}")
        if (
            ind.kind is ValueKind.INTEGER
            and self.catalog.measure(measure).kind is MeasureKind.VALUE
            and parsed.value != parsed.value.to_integral_value()
        ):
            return EditResult(
                False, message=f"{ind.label} là số nguyên; «{text}» có phần thập phân."
            )
        return EditResult(True, parsed.value, parsed.note)

    def set_cell(self, indicator: str, measure: str, text: str) -> EditResult:
        result = self.parse_cell(indicator, measure, text)
        if not result.ok:
            return result
        self.store(indicator, measure, result.value)
        return result

    def store(self, indicator: str, measure: str, value) -> None:
        """Save one cell's value (already read and checked), undoable, with the totals above
        it: the one route of a typed figure and of a figure carried from an earlier report
        (entry_carried.py)."""
        old = self.value(indicator, measure)
        if old == value:
            return
        self._ensure_draft()
        self.repo.set_value(self.stored.id, indicator, measure, value, actor=self.actor)
        self._undo.append(("value", (indicator, measure), old))
        self._reload()
        self._update_totals(indicator, measure)

    def set_comment(self, indicator: str, measure: str, text: str) -> EditResult:
        """Store the justification of a cell, cleaned (texts.clean_text); one over its limit
        is refused and nothing changes."""
        result = _cleaned(text.strip(), "Giải trình", MAX_COMMENT_CHARS)
        old = self.submission.comments.get((indicator, measure), "")
        if not result.ok or old == result.value:
            return result
        self._ensure_draft()
        self.repo.set_comment(
            self.stored.id, indicator, measure, result.value or None, actor=self.actor
        )
        self._undo.append(("comment", (indicator, measure), old))
        self._reload()
        return result

    def set_narrative(self, code: str, text: str) -> EditResult:
        """Store a narrative section, cleaned; one longer than the form's `max_chars` is
        refused and the last stored text stays."""
        section = next((n for n in self.form.narratives if n.code == code), None)
        what = f"Phần «{section.title}»" if section else "Phần thuyết minh"
        result = _cleaned(text, what, section.max_chars if section else MAX_COMMENT_CHARS)
        old = self.submission.narratives.get(code, "")
        if not result.ok or old == result.value:
            return result
        self._ensure_draft()
        self.repo.set_narrative(self.stored.id, code, result.value, actor=self.actor)
        self._undo.append(("narrative", (code,), old))
        self._reload()
        return result

    def mark_of(self, indicator: str):
        """The row's «không phát sinh» / «chưa có số liệu» mark (marks.Mark), or None."""
        return self.submission.marks.get(indicator)

    def set_mark(self, indicator: str, kind: str | None, reason: str = "") -> EditResult:
        """Mark a row instead of typing a made-up figure (entry_marks.py)."""
        from desktop.core.entry_marks import set_mark

        return set_mark(self, indicator, kind, reason)

    def save_whole(self, changed: Submission, indicator: str) -> None:
        """Store `changed` (this draft with one row's mark and figure changed) in one save,
        and the `children: sum` totals above that row."""
        self._ensure_draft()
        self.repo.save(
            changed,
            form_hash=self.svc.pack.content_hash(self.form.id),
            unit_valid_from=self.unit.key[1],
            actor=self.actor,
            status="draft",
        )
        self._reload()
        for measure in self.form.measures_of(self.indicators[indicator]):
            self._update_totals(indicator, measure)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @contextmanager
    def one_step(self):
        """The edits made inside are undone together (a pasted block, cells cleared at
        once): one Ctrl+Z took back only the last of a paste's nine cells."""
        start = len(self._undo)
        try:
            yield
        finally:
            steps = self._undo[start:]
            if len(steps) > 1:
                del self._undo[start:]
                self._undo.append(("steps", (), steps))

    def undo(self) -> tuple | None:
        """Put back the last edit (or step of edits); the key of the place put back (the
        first cell of a step), None when there is nothing to undo."""
        if not self._undo:
            return None
        kind, key, old = self._undo.pop()
        self._ensure_draft()
        if kind == "steps":
            return [self._undo_one(*step) for step in reversed(old)][-1]
        return self._undo_one(kind, key, old)

    def _undo_one(self, kind: str, key: tuple, old) -> tuple:
        if kind == "mark":
            from desktop.core.entry_marks import put_back

            put_back(self, key[0], old)
            return key
        if kind == "value":
            self.repo.set_value(self.stored.id, key[0], key[1], old, actor=self.actor)
            self._reload()
            self._update_totals(key[0], key[1])
        elif kind == "comment":
            self.repo.set_comment(self.stored.id, key[0], key[1], old or None, actor=self.actor)
        else:
            self.repo.set_narrative(self.stored.id, key[0], old, actor=self.actor)
        self._reload()
        return key

    # ---------------------------------------------------------------- finish

    def blockers(self) -> list[Issue]:
        return finalisation_blockers(self.issues(), self.submission)

    def finalise(self) -> None:
        if self.stored is None:
            raise ValidationFailed("Biểu chưa có số liệu nào.", code="bieu_rong")
        blockers = self.blockers()
        if blockers:
            raise ValidationFailed(
                f"Chưa thể hoàn thành: còn {sum(i.is_error for i in blockers)} lỗi và "
                f"{sum(not i.is_error for i in blockers)} cảnh báo chưa giải trình.",
                issues=blockers,
            )
        today = self.svc.pack.content_hash(self.form.id)
        if self.stored.form_hash != today or self.stored.submission.form_version != self.form.version:
            # a draft begun under an earlier form pack (or form version) is finished under
            # today's form, the one it was checked and shown with (else the province
            # refuses it as made with another form: sai_phien_ban_bieu)
            self.repo.save(self.submission, form_hash=today,
                           unit_valid_from=self.unit.key[1], actor=self.actor, status="draft")  # fmt: skip
        self.repo.set_status(self.stored.id, "final", actor=self.actor)
        self._reload()


def _cleaned(text: str, what: str, limit: int) -> EditResult:
    """A typed free text without control characters (with a note saying so), or refused
    when longer than `limit`: the grid's side of desktop/core/texts.py."""
    cleaned, note = clean_text(text)
    if len(cleaned) > limit:
        return EditResult(
            False,
            message=f"{what} dài {format_vn(len(cleaned))} ký tự, tối đa {format_vn(limit)} "
            "ký tự: chưa lưu, hãy rút gọn.",
        )
    return EditResult(True, cleaned, f"{what}: {note}." if note else None)


def describe(value) -> str:
    if isinstance(value, Decimal):
        return format_vn(value)
    return value or ""
