"""The running sums of a (period, form) as a connection last read or wrote them
(storage/totals.py), and their two forms: as Decimals, what a consolidation reads, and as
integers scaled as the figures are (Σ a by 10^6, by 10^12 for kind "w": Σ value × weight;
Σ b by 10^6), what a batch's end adds its packages' contributions to.

A batch's end works on the integers alone: a sum is an integer addition and its stored
text is written from the integer's digits (`text`), the same text as `canonical.to_text`
of the Decimal sum.  The Decimals are made only when a consolidation asks for them, as
they would be read back from the stored text.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Context, Decimal, DecimalException, Inexact, InvalidOperation, Overflow, Rounded

from desktop.core.storage.codec import SCALE

AccKey = tuple[str, str, str]
Acc = tuple[Decimal, Decimal, int]
Scaled = tuple[int, int, int]  # Σ a, Σ b scaled as above, units
WIDEST = 120  # digits of a stored sum read back (consolidation/accumulate.py: EXACT)
_READ = Context(prec=WIDEST, traps=[Inexact, Rounded, Overflow, InvalidOperation])


def places(kind: str) -> int:
    """The decimal places of Σ a's integer for an accumulator of this kind."""
    return 2 * SCALE if kind == "w" else SCALE


_FACTORS = {SCALE: 10**SCALE, 2 * SCALE: 10 ** (2 * SCALE)}
_FORMATS = {SCALE: f"%d.%0{SCALE}d", 2 * SCALE: f"%d.%0{2 * SCALE}d"}


def text(scaled: int, digits: int) -> str:
    """The canonical text (plain digits, no trailing zero after the point, "0" for zero) of
    `scaled` / 10^digits."""
    whole, part = divmod(-scaled if scaled < 0 else scaled, _FACTORS[digits])
    out = (_FORMATS[digits] % (whole, part)).rstrip("0") if part else str(whole)
    return "-" + out if scaled < 0 else out


def from_text(stored: str, digits: int) -> int | None:
    """The integer of a stored sum's text, scaled by 10^digits, read as `Decimal` reads it;
    None when it is not a whole number of 10^-digits within `WIDEST` digits (never written
    by this program: the sums are then made again from the figures)."""
    negative = stored.startswith("-")
    whole, point, part = stored[negative:].partition(".")
    fine = part.isdigit() or not point  # «5», «5.25»
    if whole.isdigit() and fine and len(part) <= digits and stored.isascii():
        scaled = int(whole + part.ljust(digits, "0"))  # the canonical text this program writes
        return -scaled if negative else scaled
    try:  # anything else Decimal reads (an older copy's exponent form «1.5E+3»), exactly
        value = Decimal(stored).scaleb(digits, _READ)
        if (
            not value.is_finite()
            or value.adjusted() >= WIDEST
            or value != value.to_integral_value()
        ):
            return None
        return int(value)
    except (DecimalException, ValueError):
        return None


def decimals(scaled: dict[AccKey, Scaled]) -> dict[AccKey, Acc]:
    """The sums as Decimals, as they read back from their stored text."""
    return {
        acc: (Decimal(text(a, places(acc[0]))), Decimal(text(b, SCALE)), n)
        for acc, (a, b, n) in scaled.items()
    }


class SumsCache:
    """The sums of each (period, form) as this connection last read or wrote them, under
    the state's token.  Every write of the sums sets a new random token, so a cached copy
    is used only while the stored token is the one it was made under: a rolled-back write
    or another program's write makes it stale.  An entry holds the sums as Decimals, as
    scaled integers, or both (each made from the other when first asked for)."""

    def __init__(self, size: int = 64) -> None:
        # the most recently used (period, form) pairs only: a session that goes through
        # years of periods keeps memory bounded; an entry is [token, Decimals, integers]
        self._sums: OrderedDict[tuple[str, str], list] = OrderedDict()
        self._size = size

    def _entry(self, key: tuple[str, str], token: str) -> list | None:
        hit = self._sums.get(key)
        if hit is None or hit[0] != token:
            return None
        self._sums.move_to_end(key)
        return hit

    def get(self, key: tuple[str, str], token: str) -> dict[AccKey, Acc] | None:
        hit = self._entry(key, token)
        if hit is None:
            return None
        if hit[1] is None:
            hit[1] = decimals(hit[2])
        return dict(hit[1])

    def scaled(self, key: tuple[str, str], token: str) -> dict[AccKey, Scaled] | None:
        """The sums as scaled integers (a copy), when this entry was written as such."""
        hit = self._entry(key, token)
        return None if hit is None or hit[2] is None else dict(hit[2])

    def put(self, key: tuple[str, str], token: str, sums: dict[AccKey, Acc]) -> None:
        self._store(key, [token, dict(sums), None])

    def put_scaled(self, key: tuple[str, str], token: str, sums: dict[AccKey, Scaled]) -> None:
        self._store(key, [token, None, dict(sums)])

    def _store(self, key: tuple[str, str], entry: list) -> None:
        self._sums[key] = entry
        self._sums.move_to_end(key)
        while len(self._sums) > self._size:
            self._sums.popitem(last=False)
