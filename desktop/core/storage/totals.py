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
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext
from typing import Protocol

from desktop.core.canonical import to_text
from desktop.core.storage import bulk
from desktop.core.storage.codec import SCALE, Figures, figures, scaled_rows

AccKey = tuple[str, str, str]
Acc = tuple[Decimal, Decimal, int]
ZERO = Decimal(0)
_EXACT = Context(prec=120)
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


class SumsCache:
    """The sums of each (period, form) as this connection last read or wrote them, under
    the state's token.  Every write of the sums sets a new random token, so a cached copy
    is used only while the stored token is the one it was made under: a rolled-back write
    or another program's write makes it stale."""

    def __init__(self, size: int = 64) -> None:
        # the most recently used (period, form) pairs only: a session that goes through
        # years of periods keeps memory bounded
        self._sums: OrderedDict[tuple[str, str], tuple[str, dict[AccKey, Acc]]] = OrderedDict()
        self._size = size

    def get(self, key: tuple[str, str], token: str) -> dict[AccKey, Acc] | None:
        hit = self._sums.get(key)
        if hit is None or hit[0] != token:
            return None
        self._sums.move_to_end(key)
        return dict(hit[1])

    def put(self, key: tuple[str, str], token: str, sums: dict[AccKey, Acc]) -> None:
        self._sums[key] = (token, dict(sums))
        self._sums.move_to_end(key)
        while len(self._sums) > self._size:
            self._sums.popitem(last=False)


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
        for (period, form_id), delta in self._live.items():
            if delta is not None:
                _apply(conn, period, form_id, delta, self.cache)
        self._live.clear()


def _load(conn: sqlite3.Connection, sid: int) -> Figures:
    rows = conn.execute(
        "SELECT submission_id, indicator, measure, num, txt, big FROM vals "
        "WHERE submission_id = ?",
        (sid,),
    ).fetchall()
    return figures(rows)


_scaled = scaled_rows  # rows with every number in `num` (codec.scaled_rows)


def _decimal(scaled: int, places: int) -> Decimal:
    return Decimal(scaled).scaleb(-places, _EXACT)


def _apply(
    conn: sqlite3.Connection, period: str, form_id: str, delta: _Delta, cache: SumsCache
) -> dict[AccKey, Acc]:
    key = (period, form_id)
    if delta.new:
        conn.execute(
            "INSERT INTO totals_state (period, form_id, spec, members, id_sum, token) "
            "VALUES (?, ?, ?, 0, 0, '')",
            (period, form_id, delta.spec),
        )
        current: dict[AccKey, Acc] = {}
    else:
        (token,) = conn.execute(
            "SELECT token FROM totals_state WHERE period = ? AND form_id = ?", key
        ).fetchone()
        hit = cache.get(key, token)
        current = hit if hit is not None else _read_rows(conn, period, form_id)
    changed, gone = [], []
    with localcontext(_EXACT):  # exact: no sum is ever rounded
        for acc, (a, b, n) in delta.sums.items():
            if not a and not b and not n:
                continue
            na, nb, nn = current.get(acc, (ZERO, ZERO, 0))
            if a:  # Σ value × weight is scaled twice
                na += _decimal(a, 2 * SCALE if acc[0] == "w" else SCALE)
            if b:
                nb += _decimal(b, SCALE)
            nn += n
            if nn == 0 and not na and not nb:
                gone.append((period, form_id, *acc))
                current.pop(acc, None)
            else:
                # a zero is "0" whatever its exponent (to_text's own answer), and most
                # sums have no second part: half the text conversions of a batch
                a_text = to_text(na) if na else "0"
                changed.append((period, form_id, *acc, a_text, to_text(nb) if nb else "0", nn))
                current[acc] = (na, nb, nn)
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
    token = secrets.token_hex(8)
    conn.execute(
        "UPDATE totals_state SET members = members + ?, id_sum = id_sum + ?, token = ? "
        "WHERE period = ? AND form_id = ?",
        (delta.members, delta.id_sum, token, period, form_id),
    )
    cache.put(key, token, current)
    return current


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
    return dict(_apply(conn, period, form_id, delta, cache or SumsCache())), delta.members
