"""The one number codec for what BaoCao writes and reads itself.

Everything the program writes for itself — package payload values, the consolidated JSON,
the `big` text column of the database, the running totals — carries a figure as its
canonical text: the plain `Decimal` digits with `.` as the decimal point, an optional
leading `-`, never a thousands separator, never an exponent (`to_text`, the same as
`numbers.to_plain`).  `read` is the strict reader of that text: it never goes through the
clerk-text parser (`numbers.parse_number`, which reads `144.505` the Vietnamese way as
144505), so `144.505` read back is 144.505, whatever the locale.

Both readers here are bounded before any arithmetic: at most `MAX_DIGITS` digits and, for
JSON numbers, an exponent within ±`MAX_EXPONENT`.  A longer number is refused with a
Vietnamese message in microseconds instead of costing time super-linear in its size.

`loads` is the one JSON reader for files that come from outside (packages, submission
files): JSON numbers become exact `Decimal`/`int` within the same bounds, `NaN`/`Infinity`
are refused, and so are strings that cannot be written as UTF-8 (lone surrogates).
"""

from __future__ import annotations

import json
import re
from decimal import Context, Decimal, Inexact, Rounded, localcontext
from itertools import repeat
from operator import mul

from desktop.core.numbers import MAX_DIGITS, NumberFormatError, to_plain

MAX_EXPONENT = 30  # of a JSON number such as 1.5e3
MAX_TEXT = 2 * MAX_DIGITS + 2  # sign, point and a run of leading zeros
# ASCII digits only: `\d` alone would also take other scripts' digits («١٢٣», «１２３»), which
# Decimal reads as numbers but BaoCao never writes
_CANONICAL = re.compile(r"-?(\d+)(?:\.(\d+))?", re.ASCII)
# possessive (never backtracks: after a run of digits only «.», «,» or the end can follow, so
# it matches exactly what the plain pattern matches), ~2.5× faster over a package's figures
_CANONICAL_LIST = re.compile(r"-?\d++(?:\.\d++)?+(?:,-?\d++(?:\.\d++)?+)*+", re.ASCII)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_JSON_FLOAT = re.compile(r"-?(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d{1,4}))?", re.ASCII)
# the integers the storage keeps (storage/codec.py: num = value × 10^SCALE, 64 bits)
SCALE = 6
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# 1E+6, not 1000000: the product keeps the figure's own digits (only the exponent moves),
# the same value at about half the cost of multiplying by a 7-digit coefficient
_FACTOR = Decimal((0, (1,), SCALE))
_SCALING = Context(prec=MAX_DIGITS + SCALE + 1, traps=[Inexact, Rounded])
_MANY_PLACES = re.compile(rf"\.\d{{{SCALE + 1}}}", re.ASCII)

to_text = to_plain


class JsonRefused(ValueError):
    """The bytes are not acceptable JSON; `args[0]` is a Vietnamese explanation."""


def _too_long(shown: str) -> NumberFormatError:
    return NumberFormatError(
        f"Số «{shown}» quá dài (tối đa {MAX_DIGITS} chữ số), không phải một số liệu thật."
    )


def _shown(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…{text[-6:]} ({len(text)} ký tự)"


def read(text: object, *, max_digits: int = MAX_DIGITS) -> Decimal:
    """The Decimal of a canonical text; raise NumberFormatError for anything else."""
    if type(text) is str and len(text) <= max_digits and _CANONICAL.fullmatch(text):
        return Decimal(text)  # short canonical text: within every bound checked below
    if not isinstance(text, str):  # a bool, an int, a JSON number: never canonical text
        kind = "đúng/sai" if isinstance(text, bool) else type(text).__name__
        raise NumberFormatError(f"Giá trị kiểu {kind} không phải số dạng chuẩn (chuỗi chữ số).")
    if len(text) > 2 * max_digits + 2:
        raise _too_long(_shown(text))
    match = _CANONICAL.fullmatch(text)
    if match is None:
        raise NumberFormatError(
            f"«{_shown(text)}» không phải số dạng chuẩn (chữ số, dấu «-» đầu, dấu «.» thập phân)."
        )
    int_part, frac = match.group(1), match.group(2) or ""
    if len(int_part.lstrip("0")) + len(frac) > max_digits:
        raise _too_long(_shown(text))
    return Decimal(text)


def read_all(texts: list) -> list[Decimal] | None:
    """The Decimals of many canonical texts at once, each as `read` gives it, or None when
    any of them is not canonical text of at most `MAX_DIGITS` characters (then read them
    one by one: `read` says what is wrong)."""
    both = read_all_scaled(texts)
    return None if both is None else both[0]


def read_all_scaled(texts: list) -> tuple[list[Decimal], list[int] | None] | None:
    """`read_all`'s Decimals, and with them each figure's integer scaled by 10^`SCALE`
    (the storage's `num`, its checks' integers) when every figure has at most `SCALE`
    places and every scaled integer fits 64 bits (else None: then no figure has one).
    One type check, one length check and one regular expression over them all, and the
    integers at C speed: a package's hundreds of figures cost a few calls."""
    if not texts:
        return [], []
    if set(map(type, texts)) != {str} or (longest := max(map(len, texts))) > MAX_DIGITS:
        return None
    joined = ",".join(texts)  # a "," inside a text would add a piece: counted below
    if joined.count(",") != len(texts) - 1 or _CANONICAL_LIST.fullmatch(joined) is None:
        return None
    numbers = list(map(Decimal, texts))
    if _MANY_PLACES.search(joined):
        return numbers, None
    # ≤ 30 digits × 10^6 is exact at 37 digits, and an integer once no figure has more
    # than SCALE places: int() drops nothing
    with localcontext(_SCALING):
        scaled = list(map(int, map(mul, numbers, repeat(_FACTOR))))
    # (a text of at most 12 characters has at most 12 digits before its point: < 2^63)
    if longest > 12 and (min(scaled) < INT64_MIN or max(scaled) > INT64_MAX):
        return numbers, None
    return numbers, scaled


def check_bounds(value: Decimal) -> Decimal:
    """Refuse a Decimal with too many digits or an exponent out of range; return it."""
    if not value.is_finite():
        raise NumberFormatError("Giá trị không hữu hạn (NaN/Infinity) không phải là số.")
    _, digits, exp = value.as_tuple()
    assert isinstance(exp, int)
    if len(digits) > MAX_DIGITS:
        raise _too_long(_shown(str(value)))
    if not -MAX_EXPONENT - MAX_DIGITS <= exp <= MAX_EXPONENT or (
        value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT
    ):
        raise NumberFormatError(
            f"Số «{_shown(str(value))}» có số mũ ngoài khoảng ±{MAX_EXPONENT}, "
            "không phải một số liệu thật."
        )
    return value


def _json_float(text: str) -> Decimal:
    match = _JSON_FLOAT.fullmatch(text) if len(text) <= MAX_TEXT + 6 else None
    if match is None:
        raise JsonRefused(
            f"số «{_shown(text)}» quá dài hoặc số mũ quá lớn "
            f"(tối đa {MAX_DIGITS} chữ số, số mũ ±{MAX_EXPONENT})"
        )
    try:
        return check_bounds(Decimal(text))
    except NumberFormatError as exc:
        raise JsonRefused(exc.args[0]) from None


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JsonRefused(f"số «{_shown(text)}» quá dài (tối đa {MAX_DIGITS} chữ số)")
    return int(text)


def _json_constant(text: str):
    raise JsonRefused(f"«{text}» không phải là số")


# json.loads with these hooks would build the same decoder for every file (it keeps no
# state between calls)
_DECODER = json.JSONDecoder(
    parse_float=_json_float, parse_int=_json_int, parse_constant=_json_constant
)


def _check_strings(obj: object) -> None:
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise JsonRefused(
                    "có chuỗi chứa ký tự Unicode không hợp lệ (nửa cặp thay thế «\\ud800»)"
                ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def loads(data: bytes, *, allow_bom: bool = False) -> object:
    """Parse JSON bytes from outside, exactly and within bounds; raise JsonRefused."""
    try:
        text = data.decode("utf-8-sig" if allow_bom else "utf-8")
    except UnicodeDecodeError:
        raise JsonRefused("không phải văn bản UTF-8") from None
    try:
        obj = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}") from None
    except RecursionError:
        raise JsonRefused("JSON lồng nhau quá sâu") from None
    # valid UTF-8 cannot carry a surrogate: one can only come from a \uD800–\uDFFF escape,
    # so the walk over every string is needed only where the text has such an escape
    if _SURROGATE_ESCAPE.search(text):
        _check_strings(obj)
    return obj
