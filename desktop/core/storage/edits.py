"""Edits of one cell, comment, narrative or status, on a connection inside the caller's
transaction: what the entry grid does on each commit, so each is a handful of indexed
statements plus its audit row.  Only drafts are edited; a finalised or sent submission
is corrected through a new revision (`SubmissionRepository.reopen` / `save`).
"""

from __future__ import annotations

import sqlite3

from desktop.core.errors import NotFoundError, StorageError
from desktop.core.storage import contents
from desktop.core.storage.codec import decode, display
from desktop.core.storage.totals import TotalsTracker
from desktop.core.vn_time import STATUS_WORDS

# what: (select old, delete, upsert) — keyed by (submission_id, indicator, measure) or
# (submission_id, code) for narratives
_CELLS = {
    "value": (
        "SELECT num, txt, big FROM vals WHERE submission_id = ? AND indicator = ? AND measure = ?",
        contents.DELETE_VAL,
        contents.UPSERT_VAL,
    ),
    "comment": (
        "SELECT text FROM comments WHERE submission_id = ? AND indicator = ? AND measure = ?",
        contents.DELETE_COMMENT,
        contents.UPSERT_COMMENT,
    ),
    "narrative": (
        "SELECT text FROM narratives WHERE submission_id = ? AND code = ?",
        contents.DELETE_NARRATIVE,
        contents.UPSERT_NARRATIVE,
    ),
}
# status changes a person may make; 'received' is only ever set when receiving
TRANSITIONS = {("draft", "final"), ("final", "draft"), ("final", "sent")}
_STAMP = {"final": "finalised_at", "sent": "sent_at"}


def not_found(submission_id: int) -> NotFoundError:
    return NotFoundError(  # the id is ours, not a person's: say what to do instead
        "Không tìm thấy bản báo cáo này trong cơ sở dữ liệu (có thể đã được thay bằng lần sửa "
        "đổi mới, hoặc dữ liệu vừa được khôi phục từ bản sao lưu). Hãy mở lại biểu từ danh sách.",
        code="khong_tim_thay",
    )


def status_of(conn: sqlite3.Connection, submission_id: int) -> str:
    row = conn.execute("SELECT status FROM submissions WHERE id = ?", (submission_id,)).fetchone()
    if row is None:
        raise not_found(submission_id)
    return row[0]


def set_cell(
    conn: sqlite3.Connection,
    what: str,
    key: tuple,
    new: tuple | None,
    *,
    actor: str | None,
    now: str,
) -> bool:
    """Make one cell/comment/narrative hold `new` (its column values; None = remove).
    Returns False, writing nothing, when it already does."""
    select, delete, upsert = _CELLS[what]
    if status_of(conn, key[0]) != "draft":
        raise StorageError(
            "Bản báo cáo này đã hoàn thành hoặc đã gửi nên không sửa trực tiếp được; hãy "
            "mở lại để tạo lần sửa đổi mới.",
            code="khong_sua_duoc",
        )
    old = conn.execute(select, key).fetchone()
    if old == new:
        return False
    if new is None:
        conn.execute(delete, key)
    else:
        conn.execute(upsert, (*key, *new))
    action = ("clear" if new is None else "set") if what == "value" else what
    measure = key[2] if len(key) > 2 else None
    conn.execute("UPDATE submissions SET updated_at = ? WHERE id = ?", (now, key[0]))
    audit = (now, actor, key[0], action, key[1], measure, _shown(what, old), _shown(what, new))
    contents.write_audit(conn, [audit])
    return True


def set_status(
    conn: sqlite3.Connection,
    submission_id: int,
    status: str,
    *,
    actor: str | None,
    now: str,
    totals: TotalsTracker,
) -> None:
    old = status_of(conn, submission_id)
    if old == status:
        return  # e.g. the same package exported twice: keep the first sent_at
    if (old, status) not in TRANSITIONS:
        raise StorageError(
            f"Không chuyển được bài nộp từ «{STATUS_WORDS.get(old, old)}» sang "
            f"«{STATUS_WORDS.get(status, status)}».",
            code="chuyen_trang_thai_khong_hop_le",
        )
    sets, params = "status = ?, updated_at = ?", [status, now]
    if status in _STAMP:
        sets += f", {_STAMP[status]} = ?"
        params.append(now)
    if status == "draft":
        sets += ", finalised_at = NULL"
    period, form_id, current = conn.execute(
        "SELECT period, form_id, is_current FROM submissions WHERE id = ?", (submission_id,)
    ).fetchone()
    if current and old == "final" and status == "draft":  # stops counting
        totals.leave(conn, submission_id, period, form_id)
    conn.execute(f"UPDATE submissions SET {sets} WHERE id = ?", [*params, submission_id])
    if current and old == "draft":  # starts counting
        totals.enter(conn, submission_id, period, form_id)
    contents.write_audit(conn, [(now, actor, submission_id, "status", None, None, old, status)])


def _shown(what: str, columns: tuple | None) -> str | None:
    if columns is None:
        return None
    return display(decode(*columns)) if what == "value" else columns[0]
