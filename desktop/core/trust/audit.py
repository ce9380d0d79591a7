"""The audit of trust decisions as people read it: `trust_log` rows (never updated or
deleted) with the action in words and the time as dd/mm/yyyy HH:MM Vietnam time.  The key
screen's «Nhật ký tin cậy» and `baocao keys log` show the same entries."""

from __future__ import annotations

from desktop.core.storage.trust_tables import TrustStore
from desktop.core.vn_time import vn_datetime

ACTIONS = {
    "request": "Yêu cầu đăng ký khóa",
    "accept": "Chấp nhận khóa",
    "refuse": "Từ chối khóa",
    "replace": "Thay khóa",
    "delegate": "Ghi nhận ủy quyền",
    "revoke-delegation": "Thu hồi ủy quyền",
    "accept-submission": "Chấp nhận báo cáo",
    "return": "Trả lại báo cáo",
    "pin-province": "Ghi nhận khóa của tỉnh",
    "decision-accepted": "Tỉnh chấp nhận khóa",
    "decision-refused": "Tỉnh từ chối khóa",
    "feedback-accepted": "Tỉnh chấp nhận báo cáo",
    "feedback-returned": "Tỉnh trả lại báo cáo",
}


def log_rows(db, units=None) -> list[dict]:
    """Every trust decision, oldest first: the stored row plus `when` (Vietnam time),
    `what` (the action in words) and `unit` (the unit's name where known)."""
    names = {u.code: u.name for u in units.all()} if units is not None else {}
    return [
        {
            **e,
            "when": vn_datetime(e["at"]),
            "what": ACTIONS.get(e["action"], e["action"]),
            "unit": names.get(e["unit_code"], e["unit_code"] or ""),
        }
        for e in TrustStore(db).log_entries()
    ]
