"""Read side of consolidation by submission id: which submission stands for each unit, the
accumulators of a set of submissions computed in SQL, and a few submissions' own figures.

Consolidation (consolidation/route.py) names the accumulators it needs in plain terms —
single figures (Σ value, units that gave a number, units that filled the cell) and paired
figures (Σ first present numerator and Σ denominator over the submissions that gave both,
or Σ value × weight) — and this module answers them with `GROUP BY` over `vals`:

- `SUM(num)` adds integers scaled by 10^6 (storage/codec.py): exact to the last digit;
- a product (value × weight) is never computed by SQLite, whose integer product turns into
  a float on overflow: the pairs are fetched and multiplied as Python integers;
- should SQLite report an integer overflow, or should one of the figures be stored as big
  text, the form's sums are made in Python with Decimal from the figures instead (the
  caller's `accumulate`), which is what every route must equal anyway.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Context, Decimal

from desktop.core.record import record
from desktop.core.storage.codec import FACTOR, SCALE, decode, from_scaled
from desktop.core.storage.records import META_SELECT, SubmissionMeta, UnitKey
from desktop.core.submission import Key

AccKey = tuple[str, str, str]
Acc = tuple[Decimal, Decimal, int]
Values = dict[Key, Decimal | str]
MAX_IDS = 5000  # bound parameters per statement stay well under SQLite's 32766
ZERO = Decimal(0)
_WIDE = Context(prec=40)  # more digits than any 64-bit integer: never rounds
_DIVIDE, _FACTOR = _WIDE.divide, Decimal(FACTOR)


@record
class PairOp:
    """One paired accumulator: `nums` tried in order (the first number present), `den`
    the denominator (or the weight when `product`)."""

    acc: AccKey
    nums: tuple[Key, ...]
    den: Key
    product: bool = False


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), MAX_IDS):
        yield ids[start : start + MAX_IDS]


def counted(
    conn: sqlite3.Connection, period: str, form_id: str, statuses: Sequence[str]
) -> dict[UnitKey, int]:
    """Each unit's current submission of the period and form among `statuses`: its id."""
    if not statuses:
        return {}
    rows = conn.execute(
        "SELECT unit_code, unit_valid_from, id FROM submissions WHERE period = ? AND "
        f"form_id = ? AND is_current = 1 AND status IN ({_marks(len(statuses))})",
        (period, form_id, *statuses),
    )
    return {(code, vf): sid for code, vf, sid in rows}


def any_counted(
    conn: sqlite3.Connection, period: str, form_id: str, statuses: Sequence[str]
) -> bool:
    """Whether any unit has a current submission of the period and form among `statuses`
    (`counted` without reading thousands of them to learn that one exists)."""
    if not statuses:
        return False
    row = conn.execute(
        "SELECT 1 FROM submissions WHERE period = ? AND form_id = ? AND is_current = 1 "
        f"AND status IN ({_marks(len(statuses))}) LIMIT 1",
        (period, form_id, *statuses),
    ).fetchone()
    return row is not None


def revisions(conn: sqlite3.Connection, period: str, form_id: str) -> list[SubmissionMeta]:
    """Every stored revision of the period and form, each unit's newest first."""
    rows = conn.execute(
        f"SELECT {META_SELECT} FROM submissions WHERE period = ? AND form_id = ? "
        "ORDER BY unit_code, unit_valid_from, revision DESC",
        (period, form_id),
    )
    return [SubmissionMeta.from_row(r) for r in rows]


def values_of(
    conn: sqlite3.Connection, ids: Sequence[int], measures: Sequence[str] | None = None
) -> dict[int, Values]:
    """The figures of these submissions (only these measures, when given); every id maps
    to a dict, empty when it holds no figure."""
    out: dict[int, Values] = {sid: {} for sid in ids}
    only = f" AND measure IN ({_marks(len(measures))})" if measures is not None else ""
    for part in _chunks(ids):
        rows = conn.execute(
            "SELECT submission_id, indicator, measure, num, txt, big FROM vals "
            f"WHERE submission_id IN ({_marks(len(part))}){only}",
            (*part, *(measures or ())),
        )
        for sid, i, m, num, txt, big in rows:
            out[sid][(i, m)] = number(num) if num is not None else decode(num, txt, big)
    return out


def indicator_values(
    conn: sqlite3.Connection, ids: Sequence[int], indicator: str
) -> dict[int, dict[str, Decimal | str]]:
    """One indicator's figures in these submissions: id → measure → figure (an id with
    none left out) — one row of a breakdown, each submission reached by its key."""
    return _grouped(conn, ids, "indicator = ? AND ", (indicator,)).get(indicator, {})


def values_by_indicator(
    conn: sqlite3.Connection, ids: Sequence[int]
) -> dict[str, dict[int, dict[str, Decimal | str]]]:
    """Every figure of these submissions grouped as a breakdown reads them: indicator →
    id → measure → figure (the whole form's rows in one pass)."""
    return _grouped(conn, ids, "", ())


def _grouped(
    conn: sqlite3.Connection, ids: Sequence[int], where: str, params: tuple
) -> dict[str, dict[int, dict[str, Decimal | str]]]:
    out: dict[str, dict[int, dict[str, Decimal | str]]] = {}
    for part in _chunks(ids):
        rows = conn.execute(
            "SELECT indicator, submission_id, measure, num, txt, big FROM vals "
            f"WHERE {where}submission_id IN ({_marks(len(part))})",
            (*params, *part),
        )
        per: dict = {}
        last = None
        for i, sid, m, num, txt, big in rows:
            if i != last:
                per = out.get(i)
                if per is None:
                    per = out[i] = {}
                last = i
            got = per.get(sid)
            if got is None:
                got = per[sid] = {}
            got[m] = number(num) if num is not None else decode(num, txt, big)
    return out


def measure_values(
    conn: sqlite3.Connection, ids: Sequence[int], measure: str
) -> dict[str, dict[int, Decimal | str]]:
    """One measure's figures of these submissions: indicator → id → figure (a «CT …»
    sheet shows one measure: the others are left in the database)."""
    out: dict[str, dict[int, Decimal | str]] = {}
    for part in _chunks(ids):
        where = f"WHERE submission_id IN ({_marks(len(part))}) AND measure = ?"
        rows = conn.execute(  # numbers (nearly all): three columns, decoded inline
            f"SELECT indicator, submission_id, num FROM vals {where} AND num IS NOT NULL",
            (*part, measure),
        )
        get, divide, factor = out.get, _DIVIDE, _FACTOR
        for i, sid, num in rows:
            per = get(i)
            if per is None:
                per = out[i] = {}
            per[sid] = divide(Decimal(num), factor)
        rows = conn.execute(
            f"SELECT indicator, submission_id, txt, big FROM vals {where} AND num IS NULL",
            (*part, measure),
        )
        for i, sid, txt, big in rows:
            out.setdefault(i, {})[sid] = decode(None, txt, big)
    return out


def number(scaled: int) -> Decimal:
    """`codec.from_scaled` by one exact division: the same Decimal, digits and exponent
    (an exact quotient takes the exponent nearest 0 that holds it: 1 500 000 → 1.5,
    2 000 000 → 2), several times as fast — a breakdown decodes every figure it shows."""
    return _DIVIDE(Decimal(scaled), _FACTOR)


def marked(conn: sqlite3.Connection, ids: Sequence[int], mark: str) -> dict[int, list[str]]:
    """The rows these submissions mark with `mark` (marks.py): id → indicators (the
    other marks are not read: a table notes only «chưa có số liệu»)."""
    out: dict[int, list[str]] = {}
    for part in _chunks(ids):
        rows = conn.execute(
            "SELECT submission_id, indicator FROM marks "
            f"WHERE mark = ? AND submission_id IN ({_marks(len(part))})",
            (mark, *part),
        )
        for sid, indicator in rows:
            out.setdefault(sid, []).append(indicator)
    return out


def narratives_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """The narratives of these submissions: id → section code → text."""
    out: dict[int, dict] = {}
    for part in _chunks(ids):
        rows = conn.execute(
            "SELECT submission_id, code, text FROM narratives "
            f"WHERE submission_id IN ({_marks(len(part))})",
            part,
        )
        for sid, key, text in rows:
            out.setdefault(sid, {})[key] = text
    return out


def cutoff_days(conn: sqlite3.Connection, ids: Sequence[int]) -> set[str]:
    """The cut-off dates these submissions state, each once (a table shows the latest and
    names them when they differ: thousands of units state a handful of days)."""
    out: set[str] = set()
    for part in _chunks(ids):
        rows = conn.execute(
            f"SELECT DISTINCT day FROM cutoffs WHERE submission_id IN ({_marks(len(part))})",
            part,
        )
        out.update(day for (day,) in rows)
    return out


# ------------------------------------------------------------------ accumulators in SQL


def accumulators(
    conn: sqlite3.Connection,
    ids: Sequence[int],
    singles: Mapping[Key, tuple[str, AccKey]],
    pairs: Sequence[PairOp],
    accumulate: Callable[[Values, dict[AccKey, list]], None],
) -> dict[AccKey, Acc]:
    """The accumulators of these submissions: `singles` maps a figure to its kind — s (Σ
    value and units), c (units that gave a number), n (units that filled the cell) — and
    accumulator; `pairs` are the paired ones.  `accumulate(values, into)` adds one
    submission's figures in Python: used instead when SQL cannot be exact (module doc)."""
    out: dict[AccKey, list] = {}
    for part in _chunks(ids):
        try:
            got = _accumulators(conn, part, singles, pairs)
        except _NotExact:
            got = {}
            for values in values_of(conn, part).values():
                accumulate(values, got)
        for acc, (a, b, n) in got.items():
            cur = out.setdefault(acc, [ZERO, ZERO, 0])
            cur[0], cur[1], cur[2] = cur[0] + a, cur[1] + b, cur[2] + n
    return {k: (a, b, n) for k, (a, b, n) in out.items() if n or a or b}


class _NotExact(Exception):
    pass


def _run(conn: sqlite3.Connection, sql: str, params: Sequence) -> list[tuple]:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "overflow" in str(exc).lower():
            raise _NotExact from exc
        raise


def _accumulators(
    conn: sqlite3.Connection,
    ids: list[int],
    singles: Mapping[Key, tuple[str, AccKey]],
    pairs: Sequence[PairOp],
) -> dict[AccKey, list]:
    rows = _run(
        conn,
        "SELECT indicator, measure, SUM(num), COUNT(num), COUNT(big), COUNT(*) FROM vals "
        f"WHERE submission_id IN ({_marks(len(ids))}) GROUP BY indicator, measure",
        ids,
    )
    if any(n_big for *_, n_big, _ in rows):
        raise _NotExact  # a figure beyond 64 bits: Decimal arithmetic in Python
    out: dict[AccKey, list] = {}
    numeric: set[Key] = set()
    for i, m, total, n_num, _, n_all in rows:
        if n_num:
            numeric.add((i, m))
        hit = singles.get((i, m))
        if hit is None:
            continue
        kind, acc = hit
        if kind == "n":
            out[acc] = [ZERO, ZERO, n_all]
        elif n_num:
            out[acc] = [from_scaled(total) if kind == "s" else ZERO, ZERO, n_num]
    live = [op for op in pairs if op.den in numeric and any(k in numeric for k in op.nums)]
    by_width: dict[tuple[int, bool], list[PairOp]] = {}
    for op in live:
        by_width.setdefault((len(op.nums), op.product), []).append(op)
    for (width, product), ops in by_width.items():
        for start in range(0, len(ops), 400):
            _pairs(conn, ids, ops[start : start + 400], width, product, out)
    return out


def _from_scaled_twice(product: int) -> Decimal:
    """The Decimal a product of two scaled figures (× 10^12) stands for, exactly."""
    whole, rest = divmod(abs(product), FACTOR * FACTOR)
    sign = "-" if product < 0 else ""
    frac = f"{rest:0{2 * SCALE}d}".rstrip("0")
    return Decimal(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")


def _pairs(
    conn: sqlite3.Connection,
    ids: list[int],
    ops: list[PairOp],
    width: int,
    product: bool,
    out: dict[AccKey, list],
) -> None:
    """Σ first present numerator, Σ denominator and how many submissions gave both, for
    ops with `width` numerators, in one statement (a product's pairs are fetched)."""
    cols = ", ".join(["k", "di", "dm"] + [f"i{j}, m{j}" for j in range(width)])
    shape = "(" + _marks(3 + 2 * width) + ")"
    joins = " ".join(
        f"LEFT JOIN vals n{j} ON n{j}.submission_id = d.submission_id AND n{j}.indicator = o.i{j} "
        f"AND n{j}.measure = o.m{j} AND n{j}.num IS NOT NULL"
        for j in range(width)
    )
    first = f"COALESCE({', '.join(f'n{j}.num' for j in range(width))}, NULL)"
    params: list = []
    for n, op in enumerate(ops):
        params += [n, *op.den]
        for key in op.nums:
            params += list(key)
    params += ids
    what = f"o.k, {first}, d.num" if product else f"o.k, SUM({first}), SUM(d.num), COUNT(*)"
    sql = (
        f"WITH o({cols}) AS (VALUES {', '.join([shape] * len(ops))}) "
        f"SELECT {what} FROM vals d JOIN o ON d.indicator = o.di AND d.measure = o.dm {joins} "
        f"WHERE d.submission_id IN ({_marks(len(ids))}) AND d.num IS NOT NULL "
        f"AND {first} IS NOT NULL" + ("" if product else " GROUP BY o.k")
    )
    if product:
        sums: dict[int, list[int]] = {}
        for k, a, w in _run(conn, sql, params):
            cur = sums.setdefault(k, [0, 0, 0])
            cur[0] += a * w  # Python integers: exact at any size
            cur[1] += w
            cur[2] += 1
        for k, (a, w, n) in sums.items():
            out[ops[k].acc] = [_from_scaled_twice(a), from_scaled(w), n]
        return
    for k, a, b, n in _run(conn, sql, params):
        out[ops[k].acc] = [from_scaled(a), from_scaled(b), n]
