"""The import log's row values (storage/exchange_tables.py): the stamp, made once per
second, is now, to the second, in UTC, never the text of an earlier second."""

from __future__ import annotations

import datetime as dt
import time

from desktop.core.storage import exchange_tables


def test_the_stamp_is_now_to_the_second(monkeypatch):
    second = int(time.time())
    monkeypatch.setattr(exchange_tables, "_stamp", (second - 1, "2000-01-01T00:00:00+00:00"))
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    text = exchange_tables._now()
    after = dt.datetime.now(dt.UTC)
    assert before <= dt.datetime.fromisoformat(text) <= after
    assert text == dt.datetime.fromisoformat(text).isoformat(timespec="seconds")
    assert text.endswith("+00:00")
