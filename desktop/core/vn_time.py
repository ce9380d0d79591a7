"""Timestamps as people in Vietnam read them: "18/06/2023 07:00", on the office clock
(UTC+7, no daylight saving).  Stored timestamps are ISO 8601, usually in UTC."""

from __future__ import annotations

import datetime as dt

VN_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")

# what a stored status word means to the person reading a history
STATUS_WORDS = {
    "draft": "Đang nhập",
    "final": "Hoàn thành",
    "sent": "Đã gửi",
    "received": "Đã nhận",
}


def vn_datetime(stamp: str | None) -> str:
    """ "2023-06-18T00:00:02+00:00" → "18/06/2023 07:00"; a naive stamp is taken as
    Vietnam time already; an unreadable one is shown as it is, empty as empty."""
    if not stamp:
        return ""
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone(VN_TIME)
    return f"{when:%d/%m/%Y %H:%M}"


def status_word(status: str | None) -> str:
    return STATUS_WORDS.get(status or "", status or "")
