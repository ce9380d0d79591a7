"""Marks on a row instead of a figure (issue 10): a required row need never get a
made-up number.

- «không phát sinh» (`khong_phat_sinh`): nothing happened this period — a true zero.  The
  row's reported figure (TH kỳ, else ước TH, else lũy kế: `actual_measure`) becomes 0
  when the mark is set, so storage, running totals and consolidation see one figure,
  0, by the one route every figure takes; the mark stays beside it to say the zero
  was stated, not typed by mistake.
- «chưa có số liệu» (`chua_co_so_lieu`) with a reason: the figure is not known yet.  The
  row stays empty; consolidation counts the unit as missing for that indicator (never
  as zero) and names it in the row's note.

A draft always saves, marks or not; finalising needs every required row filled or
marked, and a «chưa có số liệu» mark needs its reason (`validation/checks.py`).  In the
JSON submission format: `"marks": {"NS_CHI": {"mark": "chua_co_so_lieu", "reason": "…"}}`
(docs/submission-format.md).  Stored in the `marks` table (migration m005).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from desktop.core.formdef.models import FormDefinition, Indicator, ValueKind
from desktop.core.record import record


def __getattr__(name: str):
    # the file format's pydantic model lives with the submission format (PEP 562)
    if name == "MarkFile":
        from desktop.core.submission_schema import MarkFile

        return MarkFile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


KHONG_PHAT_SINH = "khong_phat_sinh"
CHUA_CO_SO_LIEU = "chua_co_so_lieu"
MARK_LABELS = {KHONG_PHAT_SINH: "không phát sinh", CHUA_CO_SO_LIEU: "chưa có số liệu"}
MarkKind = Literal["khong_phat_sinh", "chua_co_so_lieu"]
ACTUAL_MEASURES = ("th_ky", "uoc_th", "luy_ke")  # what "the period's figure" is, in order


@record
class Mark:
    """A clerk's mark on an empty figure: «không phát sinh» or «chưa có số liệu», with a reason."""
    kind: str  # KHONG_PHAT_SINH or CHUA_CO_SO_LIEU
    reason: str = ""

    @property
    def label(self) -> str:
        return MARK_LABELS.get(self.kind, self.kind)


def mark_text(mark: Mark | None) -> str:
    """A row's mark as a clerk reads it beside the figures: «Không phát sinh», «Chưa có số
    liệu: <lý do>»; no mark, no text."""
    if mark is None:
        return ""
    said = mark.label[:1].upper() + mark.label[1:]
    return f"{said}: {mark.reason}" if mark.reason else said


def actual_measures(form: FormDefinition) -> list[str]:
    """The measures that hold a row's reported figure, in the order they are looked for."""
    return [m for m in ACTUAL_MEASURES if m in form.measures] or form.measures[:1]


def actual_measure(form: FormDefinition, ind: Indicator) -> str | None:
    """The measure a «không phát sinh» mark sets to 0 (the first actual measure of the row)."""
    own = form.measures_of(ind)
    return next((m for m in actual_measures(form) if m in own), None)


def apply_marks(
    form: FormDefinition, values: dict[tuple[str, str], Decimal | str], marks: dict[str, Mark]
) -> None:
    """A «không phát sinh» row's reported figure is 0 (in place; a typed figure stays, and
    validation says the two disagree)."""
    imap = form.indicator_map()
    for code, mark in marks.items():
        ind = imap.get(code)
        if ind is None or mark.kind != KHONG_PHAT_SINH or ind.kind is ValueKind.TEXT:
            continue
        m = actual_measure(form, ind)
        if m is not None:
            values.setdefault((code, m), Decimal(0))


def set_mark(sub, form: FormDefinition, indicator: str, kind: str | None, reason: str = "") -> None:
    """The core API for the entry grid: mark a row (or clear its mark with kind=None).
    Setting «chưa có số liệu» clears the row's reported figure; «không phát sinh» sets it
    to 0."""
    ind = form.indicator_map()[indicator]
    m = actual_measure(form, ind)
    if kind is None:
        sub.marks.pop(indicator, None)
        return
    if kind not in MARK_LABELS:
        raise ValueError(f"unknown mark {kind!r}")
    sub.marks[indicator] = Mark(kind, reason.strip())
    if m is not None:
        sub.scaled.pop((indicator, m), None)  # (the figure as read is no more)
        if kind == KHONG_PHAT_SINH:
            sub.values[(indicator, m)] = Decimal(0)
        else:
            sub.values.pop((indicator, m), None)


def read_marks(raw: dict, form: FormDefinition, sub, loc) -> list:
    """The marks of a JSON submission into `sub` (a mark on an unknown row is an error);
    «không phát sinh» rows get their 0 (`apply_marks`)."""
    from desktop.core.errors import Issue, Severity

    issues = []
    imap = form.indicator_map()
    for code, mf in raw.items():
        if code not in imap:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="chi_tieu_khong_co",
                    message=f"Đánh dấu «{MARK_LABELS[mf.mark]}» cho chỉ tiêu không có trong "
                    f"{form.bieu_so.lower()}: «{code}».",
                    location=loc(code),
                )
            )
            continue
        sub.marks[code] = Mark(mf.mark, mf.reason.strip())
    apply_marks(form, sub.values, sub.marks)
    return issues
