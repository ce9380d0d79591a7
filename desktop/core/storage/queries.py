"""Read-side queries over current revisions: what consolidation and the "who has reported"
matrix need.  Each answers from the `submissions_consolidation` index, then reaches the
figures through the primary key of `vals`.

Sums are exact: `SUM(num)` adds integers scaled by 10^6.  Should SQLite report an
integer overflow (a total beyond ±9,2 × 10^12 in the form's unit), or should a figure be
stored as big text, the sum is done again in Python with Decimal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.core.storage.codec import decode, from_scaled, read_big
from desktop.core.storage.records import META_COLUMNS, SubmissionMeta, UnitKey

if TYPE_CHECKING:  # not loaded to list a period's submissions (status)
    from desktop.core.submission import Key

# row values in one statement: keep well under SQLite's 32766 bound parameters
MAX_KEYS_PER_QUERY = 5000

_CURRENT = (
    "FROM submissions s {join} "
    "WHERE s.period = ? AND s.form_id = ? AND s.is_current = 1 "
    "AND s.status IN ({statuses}) "
    "AND (s.unit_code, s.unit_valid_from) IN (VALUES {keys})"
)


def _chunks(unit_keys: Sequence[UnitKey]) -> Iterable[list[UnitKey]]:
    keys = list(dict.fromkeys((str(c), str(v)) for c, v in unit_keys))
    for start in range(0, len(keys), MAX_KEYS_PER_QUERY):
        yield keys[start : start + MAX_KEYS_PER_QUERY]


def _current(
    select: str, join: str, period: str, form_id: str, keys: list[UnitKey], statuses: Sequence[str]
) -> tuple[str, list]:
    sql = f"SELECT {select} " + _CURRENT.format(
        join=join,
        statuses=", ".join("?" * len(statuses)),
        keys=", ".join(["(?, ?)"] * len(keys)),
    )
    params: list = [period, form_id, *statuses]
    for code, valid_from in keys:
        params += [code, valid_from]
    return sql, params


def sum_values(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    unit_keys: Sequence[UnitKey],
    statuses: Sequence[str],
) -> dict[Key, Decimal]:
    totals: dict[Key, Decimal] = {}
    if not statuses:
        return totals
    for keys in _chunks(unit_keys):
        sql, params = _current(
            "v.indicator, v.measure, SUM(v.num), COUNT(v.big)",
            "JOIN vals v ON v.submission_id = s.id",
            period,
            form_id,
            keys,
            statuses,
        )
        sql += " AND (v.num IS NOT NULL OR v.big IS NOT NULL) GROUP BY v.indicator, v.measure"
        try:
            rows = conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "overflow" not in str(exc).lower():
                raise
            part = _sum_in_python(conn, period, form_id, keys, statuses)
        else:
            part = {(i, m): from_scaled(s or 0) for i, m, s, _ in rows}
            if any(n_big for *_, n_big in rows):
                part = _sum_in_python(conn, period, form_id, keys, statuses)
        for key, value in part.items():
            totals[key] = totals.get(key, Decimal(0)) + value
    return totals


def _sum_in_python(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    keys: list[UnitKey],
    statuses: Sequence[str],
) -> dict[Key, Decimal]:
    sql, params = _current(
        "v.indicator, v.measure, v.num, v.big",
        "JOIN vals v ON v.submission_id = s.id",
        period,
        form_id,
        keys,
        statuses,
    )
    scaled: dict[Key, int] = {}
    exact: dict[Key, Decimal] = {}
    for i, m, num, big in conn.execute(
        sql + " AND (v.num IS NOT NULL OR v.big IS NOT NULL)", params
    ):
        if num is not None:
            scaled[(i, m)] = scaled.get((i, m), 0) + num  # Python ints do not overflow
        else:
            exact[(i, m)] = exact.get((i, m), Decimal(0)) + read_big(big)
    out = {key: from_scaled(total) for key, total in scaled.items()}
    for key, value in exact.items():
        out[key] = out.get(key, Decimal(0)) + value
    return out


def values_by_unit(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    unit_keys: Sequence[UnitKey],
    statuses: Sequence[str],
) -> dict[UnitKey, dict[Key, Decimal | str]]:
    """Every counted unit's figures; a unit that reported an empty form maps to {}."""
    out: dict[UnitKey, dict[Key, Decimal | str]] = {}
    if not statuses:
        return out
    for keys in _chunks(unit_keys):
        sql, params = _current(
            "s.unit_code, s.unit_valid_from, v.indicator, v.measure, v.num, v.txt, v.big",
            "LEFT JOIN vals v ON v.submission_id = s.id",
            period,
            form_id,
            keys,
            statuses,
        )
        for code, valid_from, i, m, num, txt, big in conn.execute(sql, params):
            values = out.setdefault((code, valid_from), {})
            if i is not None:
                values[(i, m)] = decode(num, txt, big)
    return out


def _pairs_by_unit(
    conn: sqlite3.Connection,
    columns: str,
    join: str,
    period: str,
    form_id: str,
    unit_keys: Sequence[UnitKey],
    statuses: Sequence[str],
) -> dict[UnitKey, dict[str, str]]:
    """Each counted unit's (key → text) pairs from a table joined to its current submission;
    a unit appears when the join gives it a row (with LEFT JOIN: every counted unit)."""
    out: dict[UnitKey, dict[str, str]] = {}
    if not statuses:
        return out
    for keys in _chunks(unit_keys):
        sql, params = _current(columns, join, period, form_id, keys, statuses)
        for code, valid_from, key, text in conn.execute(sql, params):
            pairs = out.setdefault((code, valid_from), {})
            if key is not None:
                pairs[key] = text
    return out


def narratives_by_unit(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    unit_keys: Sequence[UnitKey],
    statuses: Sequence[str],
) -> dict[UnitKey, dict[str, str]]:
    return _pairs_by_unit(
        conn,
        "s.unit_code, s.unit_valid_from, n.code, n.text",
        "LEFT JOIN narratives n ON n.submission_id = s.id",
        period,
        form_id,
        unit_keys,
        statuses,
    )


def list_for_period(
    conn: sqlite3.Connection, period: str, form_ids: Sequence[str] | None
) -> list[SubmissionMeta]:
    cols = ", ".join(META_COLUMNS)
    sql = f"SELECT {cols} FROM submissions WHERE period = ? AND is_current = 1"
    params: list = [period]
    if form_ids is not None:
        if not form_ids:
            return []
        sql += f" AND form_id IN ({', '.join('?' * len(form_ids))})"
        params += list(form_ids)
    sql += " ORDER BY unit_code, unit_valid_from, form_id"
    return [SubmissionMeta.from_row(r) for r in conn.execute(sql, params)]


def marks_by_unit(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    unit_keys: Sequence[UnitKey],
    statuses: Sequence[str],
) -> dict[UnitKey, dict[str, str]]:
    """Each counted unit's row marks (indicator → «khong_phat_sinh» | «chua_co_so_lieu»)."""
    return _pairs_by_unit(
        conn,
        "s.unit_code, s.unit_valid_from, k.indicator, k.mark",
        "JOIN marks k ON k.submission_id = s.id",
        period,
        form_id,
        unit_keys,
        statuses,
    )


def cutoffs_by_unit(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    unit_keys: Sequence[UnitKey],
    statuses: Sequence[str],
) -> dict[UnitKey, str]:
    """The data cut-off date («số liệu tính đến ngày») each counted unit stated, if any."""
    out: dict[UnitKey, str] = {}
    if not statuses:
        return out
    for keys in _chunks(unit_keys):
        sql, params = _current(
            "s.unit_code, s.unit_valid_from, c.day",
            "JOIN cutoffs c ON c.submission_id = s.id",
            period,
            form_id,
            keys,
            statuses,
        )
        for code, valid_from, day in conn.execute(sql, params):
            out[(code, valid_from)] = day
    return out
