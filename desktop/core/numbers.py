"""Reading numbers the way Vietnamese clerks type them, and writing them back.

The rule (documented in docs/number-input.md, shown by the UI next to every cell):

1. Spaces (also non-breaking and thin spaces) are ignored: `5 832 661 500`.
2. A trailing `%` is ignored (the column says the unit).  A leading `-` or `−` is a sign.
3. If both `.` and `,` appear, the one that comes last is the decimal mark and the other
   groups thousands: `1.234,5` = 1234.5; `1,234.5` = 1234.5.  Groups must have 3 digits.
4. Only commas: one comma is the decimal mark (`57,3` = 57.3, `1,234` = 1.234);
   several commas are thousands groups (`1,234,567`).
5. Only dots: several dots are thousands groups (`5.832.661.500`).  A single dot followed
   by exactly three digits is a **thousands** separator, the Vietnamese way (`209.435` =
   209435) — this is the one ambiguous case, so the result says so (`ambiguous=True`) and
   the UI shows what it understood.  A single dot followed by 1, 2 or 4+ digits can only be
   a decimal point (`1234.5`, `57.30`).
6. Anything else (letters, `1.23.456`, two decimal marks) is refused with a message; a
   figure with a scale word (`1,5 tỷ`, `209 triệu đồng`) is refused with how to type it in
   the row's unit (never guessed: the unit is the row's, not the parser's).
7. At most 30 digits (`MAX_DIGITS`): a longer text is refused at once, before any
   arithmetic, so that no input can cost more than microseconds.

This parser is only for what a person typed (the entry grid, a JSON submission file, a
text cell of a template).  What BaoCao writes for itself is read by `core.canonical`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from desktop.core.record import record

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_GROUPED = re.compile(r"^\d{1,3}(\d{3})*$")
_NUMBER_CHARS = re.compile(r"[0-9.,]+")
# a figure written with its scale, as the reports write money: «1,5 tỷ», «209 triệu đồng»
_SCALE_WORD = re.compile(r"[0-9.,]+(nghìn|ngàn|triệu|tỷ|tỉ)(?:đồng)?")
MAX_DIGITS = 30  # digits in one figure; far beyond any real one (a budget in đồng has 16)


class NumberFormatError(ValueError):
    """The text is not a number; `args[0]` is a Vietnamese explanation."""


@record
class ParsedNumber:
    """A number read from what a person typed, with what was understood when it needs saying."""
    value: Decimal
    text: str
    ambiguous: bool = False
    note: str | None = None  # Vietnamese: what was understood, when it needs saying


def _check_groups(int_part: str, sep: str, text: str) -> str:
    groups = int_part.split(sep)
    if not groups[0] or not all(g.isdigit() for g in groups):  # ASCII: checked by the caller
        raise NumberFormatError(f"«{text}» không phải là số.")
    if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise NumberFormatError(
            f"«{text}»: dấu «{sep}» phân cách hàng nghìn phải đứng trước đúng 3 chữ số "
            f"(ví dụ 1{sep}234{sep}567)."
        )
    return "".join(groups)


def _too_long(shown: str) -> NumberFormatError:
    return NumberFormatError(
        f"«{shown}» quá dài (tối đa {MAX_DIGITS} chữ số), không phải một số liệu thật."
    )


def parse_number(raw: str | int | Decimal) -> ParsedNumber:
    """Parse clerk-typed text into an exact Decimal, or raise NumberFormatError."""
    if isinstance(raw, bool):
        raise NumberFormatError("Giá trị đúng/sai không phải là số.")
    if isinstance(raw, int):
        if abs(raw) >= 10**MAX_DIGITS:
            raise _too_long(str(raw)[:12] + "…")
        return ParsedNumber(Decimal(raw), str(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NumberFormatError("Giá trị không hữu hạn.")
        exp = raw.as_tuple().exponent
        if len(raw.as_tuple().digits) > MAX_DIGITS or not -2 * MAX_DIGITS <= exp <= MAX_DIGITS:  # type: ignore[operator]
            raise _too_long(f"{raw:.6}")
        return ParsedNumber(raw, str(raw))
    if not isinstance(raw, str):
        raise NumberFormatError(f"Kiểu giá trị không hỗ trợ: {type(raw).__name__}.")
    text = raw
    if len(raw) > 4 * MAX_DIGITS:
        raise _too_long(raw[:12] + "…")
    s = _SPACES.sub("", raw)
    if s.endswith("%"):
        s = s[:-1]
    sign = ""
    if s[:1] in ("-", "−", "+"):
        sign = "-" if s[0] in ("-", "−") else ""
        s = s[1:]
    if not s:
        raise NumberFormatError("Ô trống hoặc chỉ có dấu, không phải là số.")
    if not _NUMBER_CHARS.fullmatch(s):
        scale = _SCALE_WORD.fullmatch(unicodedata.normalize("NFC", s).lower())
        if scale:  # «1,5 tỷ» copied from a report: no guess at the row's unit, say how
            raise NumberFormatError(
                f"«{text.strip()}»: chỉ gõ số theo đơn vị tính của dòng (cột ĐVT), không kèm "
                f"chữ «{scale.group(1)}»; ví dụ 1,5 tỷ đồng ở dòng tính bằng triệu đồng là "
                "1.500, ở dòng tính bằng tỷ đồng là 1,5."
            )
        raise NumberFormatError(
            f"«{text}» có ký tự không phải chữ số. Chỉ gõ chữ số, dấu chấm (phân cách hàng "
            "nghìn) và dấu phẩy (thập phân), ví dụ 1.234,5."
        )
    if len(s) - s.count(".") - s.count(",") > MAX_DIGITS:  # the digits (s is [0-9.,]+)
        raise _too_long(text.strip())
    ambiguous, note = False, None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec_sep, grp_sep = (",", ".") if s.rfind(",") > s.rfind(".") else (".", ",")
        if s.count(dec_sep) > 1:
            raise NumberFormatError(f"«{text}» có hai dấu thập phân «{dec_sep}».")
        int_part, frac = s.split(dec_sep)
        int_digits = _check_groups(int_part, grp_sep, text)
        if not frac:
            raise NumberFormatError(f"«{text}» thiếu chữ số sau dấu thập phân.")
        number = f"{int_digits}.{frac}"
    elif commas:
        if commas == 1:
            int_part, frac = s.split(",")
            if not int_part or not frac:
                raise NumberFormatError(f"«{text}»: dấu phẩy thập phân phải nằm giữa các chữ số.")
            number = f"{int_part}.{frac}"
        else:
            number = _check_groups(s, ",", text)
    elif dots:
        if dots > 1:
            number = _check_groups(s, ".", text)
        else:
            int_part, frac = s.split(".")
            if not int_part or not frac:
                raise NumberFormatError(f"«{text}»: dấu chấm phải nằm giữa các chữ số.")
            if len(frac) == 3 and len(int_part) <= 3:
                number = int_part + frac
                ambiguous = True
                note = (
                    f"Đã hiểu «{text.strip()}» là {format_vn(Decimal(sign + number))} "
                    "(dấu chấm phân cách hàng nghìn). Nếu là số thập phân, hãy gõ dấu phẩy: "
                    f"{int_part},{frac}."
                )
            else:
                number = f"{int_part}.{frac}"
                note = (
                    f"Đã hiểu «{text.strip()}» là {format_vn(Decimal(sign + number))} "
                    "(dấu chấm là dấu thập phân)."
                )
    else:
        number = s
    try:
        value = Decimal(sign + number)
    except InvalidOperation:
        raise NumberFormatError(f"«{text}» không phải là số.") from None
    return ParsedNumber(value, text, ambiguous, note)


def format_vn(value: Decimal, places: int | None = None) -> str:
    """Format the Vietnamese way: `.` groups thousands, `,` is the decimal mark."""
    if places is not None:
        with localcontext() as ctx:  # room for every digit: a 30-digit figure × 100 has
            ctx.prec = max(ctx.prec, value.adjusted() + places + 2)  # more than 28
            value = value.quantize(Decimal(1).scaleb(-places))
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    int_part, _, frac = text.partition(".")
    if frac and places is None:
        frac = frac.rstrip("0")
    grouped = f"{int(int_part):,}".replace(",", ".")
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def to_plain(value: Decimal) -> str:
    """Canonical machine text for a Decimal: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
