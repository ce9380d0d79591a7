"""How a figure is written into a `vals` row and read back, exactly.

Numbers are stored as integers scaled by 10^6 (`num`), so that `SUM(num)` in SQL is an
exact integer sum and a consolidated total equals the hand sum of the units' figures.
Text-kind values go to `txt`.  A number too large for a 64-bit integer once scaled
(beyond ±9.223.372.036.854,775807 — e.g. a provincial budget written in đồng) is kept
exactly as canonical text in `big` (written and read by `core.canonical`, the one codec);
sums then fall back to Decimal arithmetic in Python.

No float ever appears: the conversion works on the Decimal's digits, not on a context
with limited precision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Context, Decimal, DecimalException, Inexact, Rounded
from operator import itemgetter

from desktop.core import canonical
from desktop.core.numbers import to_plain
from desktop.core.storage.errors import UnstorableValue

SCALE = 6
FACTOR = 10**SCALE
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_DIGITS = 40  # integer digits; far beyond any figure, keeps 10**exp cheap

# enough digits for any storable figure; a coefficient longer than this takes the slow path
_EXACT = Context(prec=MAX_DIGITS + 2 * SCALE, traps=[Inexact, Rounded])

Encoded = tuple[int | None, str | None, str | None]  # (num, txt, big)
_IND, _MEASURE, _NUM, _BIG = itemgetter(1), itemgetter(2), itemgetter(3), itemgetter(5)


def to_scaled(value: Decimal) -> int:
    """`value` × 10^6 as an exact int; raise UnstorableValue if that is not an integer."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise UnstorableValue(f"Giá trị «{value}» không phải là số hữu hạn, không lưu được.")
    if value.adjusted() >= MAX_DIGITS:
        raise UnstorableValue(f"Số «{to_plain(value)}» quá lớn, không lưu được.")
    try:
        # fast path: shifting the exponent is exact, and the context traps any rounding
        shifted = value.scaleb(SCALE, _EXACT)
        scaled = int(shifted)
    except DecimalException:
        scaled, shifted = _to_scaled_by_digits(value), None
    if shifted is not None and scaled != shifted:
        raise _too_many_places(value)
    return scaled


def _to_scaled_by_digits(value: Decimal) -> int:
    sign, digits, exp = value.as_tuple()
    assert isinstance(exp, int)  # finite
    coefficient = int("".join(map(str, digits))) if digits else 0
    shift = exp + SCALE
    if shift >= 0:
        scaled = coefficient * 10**shift
    else:
        scaled, rest = divmod(coefficient, 10**-shift)
        if rest:
            raise _too_many_places(value)
    return -scaled if sign else scaled


def _too_many_places(value: Decimal) -> UnstorableValue:
    return UnstorableValue(
        f"Số «{to_plain(value)}» có quá {SCALE} chữ số sau dấu thập phân; "
        f"hãy làm tròn tới {SCALE} chữ số.",
        code="qua_nhieu_chu_so_thap_phan",
    )


def from_scaled(scaled: int) -> Decimal:
    """The Decimal an integer scaled by 10^6 stands for, without trailing zeros."""
    whole, rest = divmod(abs(scaled), FACTOR)
    sign = "-" if scaled < 0 else ""
    if not rest:
        return Decimal(f"{sign}{whole}")
    frac = f"{rest:0{SCALE}d}".rstrip("0")
    return Decimal(f"{sign}{whole}.{frac}")


def encode(value: Decimal | str) -> Encoded:
    """The (num, txt, big) columns of one value."""
    if isinstance(value, str):
        return None, value, None
    scaled = to_scaled(value)
    if INT64_MIN <= scaled <= INT64_MAX:
        return scaled, None, None
    return None, None, to_plain(from_scaled(scaled))


def value_rows(
    sid: int,
    values: Mapping[tuple[str, str], Decimal | str],
    scaled: Mapping[tuple[str, str], int] | None = None,
) -> list[tuple]:
    """The `vals` rows (submission_id, indicator, measure, num, txt, big) of one
    submission's figures, exactly as `encode` makes them, in one loop.  `scaled` holds
    figures' integers × 10^6 already known (a package's canonical text, read by
    submission.parse_submission: `Submission.scaled`, in the order of `values`), taken as
    they are, no Decimal looked at.  Any other figure of at most 6 places whose scaled integer fits 64 bits
    (all but a few) is converted right here, from its exact ratio n/d (d = 2^a·5^b, in
    lowest terms): it has at most 6 places exactly when d divides 10^6, and then it is
    n × (10^6 / d) — integer arithmetic only, no Decimal context.  The magnitude is
    bounded first, so that the ratio's integers stay small; anything else goes through
    `encode`, whose checks and messages are the only ones."""
    columns = number_columns(values, scaled)
    if columns is not None:
        return [(sid, i, m, n, None, None) for i, m, n in zip(*columns, strict=True)]
    known = (scaled or {}).get
    rows: list[tuple] = []
    add = rows.append
    lo, hi, factor, least = INT64_MIN, INT64_MAX, FACTOR, -(MAX_DIGITS + SCALE)
    for (i, m), v in values.items():
        n = known((i, m))
        if n is not None:
            add((sid, i, m, n, None, None))
            continue
        if v.__class__ is Decimal and least < v.adjusted() < MAX_DIGITS:
            try:
                n, d = v.as_integer_ratio()
            except (ValueError, OverflowError):
                pass  # NaN, infinity: `encode` says which
            else:
                if not factor % d:
                    n *= factor // d
                    if lo <= n <= hi:
                        add((sid, i, m, n, None, None))
                        continue
        add((sid, i, m, *encode(v)))
    return rows


# a submission's figures as columns: indicators, measures, numbers × 10^6 (None for a text)
Figures = tuple[tuple[str, ...], tuple[str, ...], list[int | None]]


def number_columns(
    values: Mapping[tuple[str, str], Decimal | str], scaled: Mapping[tuple[str, str], int] | None
) -> Figures | None:
    """The figures as columns, straight from their integers, when every figure of `values`
    has one in `scaled`, in the same order (a package read by the canonical route); else
    None (then `value_rows`)."""
    if not scaled or len(scaled) != len(values) or list(scaled) != list(values):
        return None
    inds, measures = zip(*scaled, strict=True)
    return inds, measures, list(scaled.values())


def figures(rows: Sequence[Sequence]) -> Figures:
    """The columns of `vals` rows (submission_id, indicator, measure, num, txt, big), a
    number kept as text in `big` (beyond 64 bits) given by its integer, so that every
    number is in the third column."""
    rows = scaled_rows(rows)
    return tuple(map(_IND, rows)), tuple(map(_MEASURE, rows)), list(map(_NUM, rows))


def scaled_rows(rows: Sequence[Sequence]) -> Sequence[Sequence]:
    """The rows with a number kept as text in `big` moved to `num` as its integer."""
    if set(map(_BIG, rows)) <= {None}:  # the common case, asked at C speed
        return rows
    return [
        r if r[5] is None else (r[0], r[1], r[2], to_scaled(read_big(r[5])), None, None)
        for r in rows
    ]


def decode(num: int | None, txt: str | None, big: str | None) -> Decimal | str:
    if num is not None:
        return from_scaled(num)
    if big is not None:
        return read_big(big)
    return txt if txt is not None else ""


def read_big(text: str) -> Decimal:
    """A `big` column: our own canonical text, read strictly (never the clerk-text parser)."""
    return canonical.read(text, max_digits=MAX_DIGITS + SCALE)


def display(value: Decimal | str | None) -> str | None:
    """Text for the audit trail: canonical digits for numbers, the text itself otherwise."""
    if value is None or isinstance(value, str):
        return value
    return to_plain(value)
