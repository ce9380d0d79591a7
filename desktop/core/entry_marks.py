"""The entry grid's marks on a row (marks.py, issue 10), for `EntrySession`: «không phát
sinh» when nothing happened (the row's figure becomes 0) and «chưa có số liệu» with a
reason when the figure is not known yet (the row's figure is emptied), so a required row
never gets a made-up number.  A mark and the figure it sets are saved together as one
save of the draft, and undone together."""

from __future__ import annotations

from dataclasses import replace

from desktop.core import marks
from desktop.core.formdef.models import ValueKind
from desktop.core.texts import MAX_COMMENT_CHARS


def set_mark(session, indicator: str, kind: str | None, reason: str = ""):
    """Set `kind` (marks.KHONG_PHAT_SINH or marks.CHUA_CO_SO_LIEU) on the row, or take its
    mark off (None).  Returns the session's EditResult: refused, with a Vietnamese message,
    for a text row or a «chưa có số liệu» without a reason; nothing changes then."""
    from desktop.core.entry_session import EditResult, _cleaned

    ind = session.indicators.get(indicator)
    if ind is None or ind.kind is ValueKind.TEXT:
        return EditResult(False, message="Dòng này không đánh dấu được.")
    result = _cleaned(reason.strip(), "Lý do", MAX_COMMENT_CHARS)
    if not result.ok:
        return result
    if kind == marks.CHUA_CO_SO_LIEU and not result.value:
        return EditResult(
            False, message="Hãy ghi lý do chưa có số liệu (ví dụ: chờ số liệu của Kho bạc)."
        )
    sub = session.submission
    changed = replace(sub, values=dict(sub.values), marks=dict(sub.marks), notes=[])
    marks.set_mark(changed, session.form, indicator, kind, result.value or "")
    if (changed.marks, changed.values) != (sub.marks, sub.values):
        before = (sub.marks.get(indicator), dict(sub.values))
        session.save_whole(changed, indicator)
        session._undo.append(("mark", (indicator,), before))
    return result


def put_back(session, indicator: str, before) -> None:
    """Undo: the row's mark and the figures as they were before `set_mark`."""
    mark, values = before
    sub = session.submission
    kept = {code: m for code, m in sub.marks.items() if code != indicator}
    if mark is not None:
        kept[indicator] = mark
    session.save_whole(replace(sub, values=values, marks=kept, notes=[]), indicator)
