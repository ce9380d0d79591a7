"""Running totals per (period, form): the sums a national consolidation reads.

A national run covers thousands of communes × hundreds of indicators × several measures:
millions of stored figures.  Adding them up at the moment someone asks takes seconds, so
the store keeps the sums themselves, up to date, in the same transaction as the figures:

- `totals` holds one row per accumulator (see consolidation/accumulate.py: Σ value and
  units, Σ numerator and Σ denominator over the units that gave both, …), as exact
  decimal text, over the *counted* submissions (current revision, status final, sent or
  received) of the period and form;
- `totals_state` says which rules the sums were made with (`spec`: the form's content
  hash and the accumulator version) and whom they cover (how many submissions, the sum
  of their ids).

When a counted submission stops counting (superseded by a new revision, taken back to
draft) its contribution is subtracted; when one starts counting (a package received, a
form finalised) its contribution is added.  Drafts never count, so typing in the entry
grid never touches the totals.

The store does not know what a form is: `TotalsRules` (given by the composition root)
names the rules' version for a form and turns a submission's figures into contributions.
The figures go to it as columns just written or read (codec.Figures: indicators,
measures, every number as its integer scaled by 10^6) and the contributions of a batch are added up as Python
integers, exact at any size; they become decimal text once per batch, when written.
Where the rules are unknown or changed, or the covered submissions are not the counted
ones any more (an older copy of the program wrote the file), the state is dropped and
the sums are rebuilt from the figures the next time they are read.  Sums are never
trusted blindly: `read()` checks whom they cover against the submissions table first.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from desktop.core.storage import bulk
from desktop.core.storage.codec import SCALE, Figures, figures, scaled_rows
from desktop.core.storage.totals_cache import Scaled, SumsCache, decimals, from_text, places, text

AccKey = tuple[str, str, str]
Acc = tuple[Decimal, Decimal, int]
COUNTED_SQL = "('final', 'sent', 'received')"


class TotalsRules(Protocol):
    def spec(self, form_id: str) -> str | None:
        """The version of the rules for this form; None when the form is unknown."""

    def fold(self, form_id: str, into: dict[AccKey, list], sign: int) -> Fold:
        """What adds (sign 1) or takes away (sign -1) the contributions of submissions of
        this form, given one at a time, to `into`, whose sums are integers: Σ a scaled by
        10^6 (by 10^12 for kind "w", Σ value × weight), Σ b scaled by 10^6, and the count
        of units."""


class Fold(Protocol):
    def add(self, inds: tuple[str, ...], measures: tuple[str, ...], numbers: list) -> None:
        """One submission's figures as columns (codec.Figures)."""

    def finish(self) -> None:
        """Everything added is in the sums."""


@dataclass
class _Delta:
    """What one batch changes in one running-sum state."""
    spec: str
    new: bool
    sums: dict[AccKey, list] = field(default_factory=dict)
    members: int = 0
    id_sum: int = 0


def _counted(conn: sqlite3.Connection, period: str, form_id: str) -> tuple[int, int]:
    row = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(id), 0) FROM submissions WHERE period = ? AND "
        f"form_id = ? AND is_current = 1 AND status IN {COUNTED_SQL}",
        (period, form_id),
    ).fetchone()
    return int(row[0]), int(row[1])


def _drop(conn: sqlite3.Connection, period: str, form_id: str) -> None:
    conn.execute("DELETE FROM totals WHERE period = ? AND form_id = ?", (period, form_id))
    conn.execute("DELETE FROM totals_state WHERE period = ? AND form_id = ?", (period, form_id))


class TotalsTracker:
    """Collects what changes the counted set during one repository call or one batch of
    received packages (inside its transaction) and writes the new sums with `flush`, once.

    Inside a batch each package runs in its own SAVEPOINT: what it would change is held
    apart (`enter`/`leave` only note it) until the package is stored (`commit`), and
    forgotten when its savepoint is rolled back (`discard`), so the sums follow exactly
    the rows that stay."""

    def __init__(self, rules: TotalsRules | None, cache: SumsCache | None = None) -> None:
        self.rules = rules
        self.cache = cache or SumsCache()
        self._live: dict[tuple[str, str], _Delta | None] = {}
        self._noted: list[tuple[_Delta, str, Figures, int, int]] = []
        # what stays, by sums, form and sign: folded in when kept, finished when written
        self._kept: dict[tuple[int, str, int], Fold] = {}

    def _delta(
        self, conn: sqlite3.Connection, period: str, form_id: str, sid: int, entering: bool
    ) -> _Delta | None:
        key = (period, form_id)
        if key in self._live:
            return self._live[key]
        spec = self.rules.spec(form_id) if self.rules is not None else None
        state = conn.execute(
            "SELECT spec FROM totals_state WHERE period = ? AND form_id = ?", key
        ).fetchone()
        delta: _Delta | None = None
        if state is not None and spec is not None and state[0] == spec:
            delta = _Delta(spec, new=False)
        elif state is not None:
            _drop(conn, period, form_id)  # made under other rules: rebuilt when next read
        elif spec is not None and entering:
            # nothing counted yet besides this one: the sums can start from zero now
            members, id_sum = _counted(conn, period, form_id)
            if (members, id_sum) == (1, sid):
                delta = _Delta(spec, new=True)
        self._live[key] = delta
        return delta

    def enter(
        self,
        conn: sqlite3.Connection,
        sid: int,
        period: str,
        form_id: str,
        written: Figures | None = None,
    ) -> None:
        """Submission `sid` (already written as current and counted) now counts; `written`
        are its figures as written (read back when not given)."""
        delta = self._delta(conn, period, form_id, sid, entering=True)
        if delta is None:
            return
        self._noted.append((delta, form_id, _load(conn, sid) if written is None else written, 1, sid))

    def leave(self, conn: sqlite3.Connection, sid: int, period: str, form_id: str) -> None:
        """Submission `sid` (still written as current and counted) is about to stop counting."""
        delta = self._delta(conn, period, form_id, sid, entering=False)
        if delta is None:
            return
        self._noted.append((delta, form_id, _load(conn, sid), -1, sid))

    def commit(self) -> None:
        """What was noted since the last commit stays: it is folded into the sums to be
        written (rules.fold: with the others of its form), now, while its rows are at hand."""
        kept = self._kept
        for delta, form_id, written, sign, sid in self._noted:
            key = (id(delta), form_id, sign)
            fold = kept.get(key)
            if fold is None:
                assert self.rules is not None
                fold = kept[key] = self.rules.fold(form_id, delta.sums, sign)
            fold.add(*written)
            delta.members += sign
            delta.id_sum += sign * sid
        self._noted.clear()

    def discard(self) -> None:
        """What was noted since the last commit was rolled back: forget it."""
        self._noted.clear()

    def flush(self, conn: sqlite3.Connection) -> None:
        self.commit()
        for fold in self._kept.values():
            fold.finish()
        self._kept.clear()
        live = [(key, delta) for key, delta in self._live.items() if delta is not None]
        self._live.clear()
        _apply(conn, live, self.cache)


def _load(conn: sqlite3.Connection, sid: int) -> Figures:
    rows = conn.execute(
        "SELECT submission_id, indicator, measure, num, txt, big FROM vals "
        "WHERE submission_id = ?",
        (sid,),
    ).fetchall()
    return figures(rows)


_scaled = scaled_rows  # rows with every number in `num` (codec.scaled_rows)


def _apply(
    conn: sqlite3.Connection, deltas: list[tuple[tuple[str, str], _Delta]], cache: SumsCache
) -> list[dict[AccKey, Scaled] | None]:
    """Write what `deltas` change, every (period, form) of a batch at once: the new sums of
    them all by one run of multi-row statements, the states by one statement each kind.
    Gives each one's sums as they now stand (scaled integers), in the order given; None
    for stored sums this program did not write, dropped (made again when next read)."""
    changed: list = []
    gone: list = []
    states: list = []
    result = []
    fresh = [(*key, delta.spec) for key, delta in deltas if delta.new]
    conn.executemany(
        "INSERT INTO totals_state (period, form_id, spec, members, id_sum, token) "
        "VALUES (?, ?, ?, 0, 0, '')",
        fresh,
    )
    for key, delta in deltas:
        current: dict[AccKey, Scaled] | None = {}
        if not delta.new:
            (token,) = conn.execute(
                "SELECT token FROM totals_state WHERE period = ? AND form_id = ?", key
            ).fetchone()
            current = cache.scaled(key, token)
            if current is None:
                current = _read_scaled(conn, *key)
            if current is None:  # not written by this program: made again when next read
                _drop(conn, *key)
                result.append(None)
                continue
        _changes(key, delta.sums, current, changed, gone)
        token = secrets.token_hex(8)
        states.append((delta.members, delta.id_sum, token, *key))
        cache.put_scaled(key, token, current)
        result.append(current)
    bulk.insert_rows(
        conn,
        "INSERT OR REPLACE INTO totals (period, form_id, kind, indicator, measure, a, b, n)",
        8,
        changed,
    )
    conn.executemany(
        "DELETE FROM totals WHERE period = ? AND form_id = ? AND kind = ? AND indicator = ? "
        "AND measure = ?",
        gone,
    )
    conn.executemany(
        "UPDATE totals_state SET members = members + ?, id_sum = id_sum + ?, token = ? "
        "WHERE period = ? AND form_id = ?",
        states,
    )
    return result


def _changes(
    key: tuple[str, str],
    sums: dict[AccKey, list],
    current: dict[AccKey, Scaled],
    changed: list,
    gone: list,
) -> None:
    """`sums` added to `current`, in place, both as scaled integers (exact at any size):
    the rows to write go to `changed` (each sum's text written from its integer), the keys
    of the sums back at nothing to `gone`."""
    period, form_id = key
    fetch = current.get
    for acc, (a, b, n) in sums.items():
        if not a and not b and not n:
            continue
        now = fetch(acc)
        if now is not None:
            a, b, n = a + now[0], b + now[1], n + now[2]
        if n == 0 and not a and not b:
            gone.append((period, form_id, *acc))
            current.pop(acc, None)
        else:
            # most sums have no second part: "0" without a conversion
            a_text = text(a, places(acc[0])) if a else "0"
            changed.append((period, form_id, *acc, a_text, text(b, SCALE) if b else "0", n))
            current[acc] = (a, b, n)


def _read_scaled(conn: sqlite3.Connection, period: str, form_id: str) -> dict | None:
    """The stored sums as scaled integers; None when one is not a whole number of
    10^-6 (10^-12 for kind "w"), which this program never writes."""
    out = {}
    for k, i, m, a, b, n in conn.execute(
        "SELECT kind, indicator, measure, a, b, n FROM totals WHERE period = ? AND form_id = ?",
        (period, form_id),
    ):
        sa, sb = from_text(a, places(k)), from_text(b, SCALE)
        if sa is None or sb is None:
            return None
        out[(k, i, m)] = (sa, sb, n)
    return out


def _read_rows(conn: sqlite3.Connection, period: str, form_id: str) -> dict[AccKey, Acc]:
    rows = conn.execute(
        "SELECT kind, indicator, measure, a, b, n FROM totals WHERE period = ? AND form_id = ?",
        (period, form_id),
    )
    # written by `to_text` (plain digits); Decimal() also reads exactly the exponent form
    # that versions before the canonical codec wrote here
    return {(k, i, m): (Decimal(a), Decimal(b), n) for k, i, m, a, b, n in rows}


def read(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    rules: TotalsRules,
    cache: SumsCache | None = None,
    covering: tuple[int, int] | None = None,
) -> tuple[dict[AccKey, Acc], int] | None:
    """The sums over the counted submissions and how many they cover, when the stored
    ones are made under today's rules and cover exactly the counted submissions —
    `covering` (how many, Σ of their ids) when the caller has just read which they are,
    else counted here."""
    state = conn.execute(
        "SELECT spec, members, id_sum, token FROM totals_state WHERE period = ? AND form_id = ?",
        (period, form_id),
    ).fetchone()
    if state is None or state[0] != rules.spec(form_id):
        return None
    if (state[1], state[2]) != (covering or _counted(conn, period, form_id)):
        return None
    hit = cache.get((period, form_id), state[3]) if cache is not None else None
    if hit is None:
        hit = _read_rows(conn, period, form_id)
        if cache is not None:
            cache.put((period, form_id), state[3], hit)
    return hit, state[1]


def rebuild(
    conn: sqlite3.Connection,
    period: str,
    form_id: str,
    rules: TotalsRules,
    cache: SumsCache | None = None,
) -> tuple[dict[AccKey, Acc], int] | None:
    """Make the sums again from the stored figures (inside the caller's transaction)."""
    _drop(conn, period, form_id)
    spec = rules.spec(form_id)
    if spec is None:
        return None
    rows = conn.execute(
        "SELECT s.id, v.indicator, v.measure, v.num, v.txt, v.big FROM submissions s "
        "LEFT JOIN vals v ON v.submission_id = s.id WHERE s.period = ? AND s.form_id = ? "
        f"AND s.is_current = 1 AND s.status IN {COUNTED_SQL} ORDER BY s.id",
        (period, form_id),
    )
    delta = _Delta(spec, new=True)
    fold = rules.fold(form_id, delta.sums, 1)
    sid_now: int | None = None
    mine: list[tuple] = []
    for row in rows:  # one submission at a time: memory stays small
        if row[0] != sid_now:
            if sid_now is not None:
                fold.add(*figures(mine))
            sid_now, mine = row[0], []
            delta.members += 1
            delta.id_sum += row[0]
        if row[1] is not None:
            mine.append(row)
    if sid_now is not None:
        fold.add(*figures(mine))
    fold.finish()
    (sums,) = _apply(conn, [((period, form_id), delta)], cache or SumsCache())
    assert sums is not None  # made from nothing: there was nothing stored to read
    return decimals(sums), delta.members
