"""One input cell of a filled template turned into a figure: the value python-calamine gave,
corrected by what the sheet's XML says (an error's code, a number's exact digits, a percent
format).  Returns the figure and what is to be said about it, never raises: the reader
turns what is said into an Issue located at the cell.

Numbers stored by Excel: floats through `repr` (57.3 → Decimal("57.3"), never
Decimal(float)), integers past 2**53 from their digits in the XML; a number shown with a
"%" format in a percentage column (0.573 shown as 57,3%) is multiplied by 100.  Texts go
through `numbers.parse_number` (the Vietnamese rule); an ambiguous text gives an INFO note.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.cell.cell import ERROR_CODES

from desktop.core.errors import Severity
from desktop.core.excel.template_archive import _PERCENT_FORMAT
from desktop.core.excel.template_book import CellInfo
from desktop.core.excel.template_style import _tidy, excel_number
from desktop.core.formdef.models import Indicator, ValueKind
from desktop.core.numbers import NumberFormatError, format_vn, parse_number, to_plain

Value = Decimal | str
Said = tuple[Severity, str, str]  # severity, issue code, what is wrong or understood

# python-calamine gives every number as a float: past 2**53 a float is not the integer the
# cell stores, so such a number's digits are read from the sheet's XML
EXACT_FLOAT_LIMIT = float(2**53)


def raw_value(value, info: CellInfo | None):
    """A cell's value as Excel stored it: an error's code, a number's exact digits."""
    if info is None or info.text is None:
        return value
    if info.kind == "e":
        return info.text
    if info.kind == "n" and isinstance(value, int | float) and not isinstance(value, bool):
        text = info.text
        try:
            return float(text) if any(ch in text for ch in ".eE") else int(text)
        except ValueError:
            return value
    return value


def cell_value(
    raw, number_format: str, ind: Indicator, pct: bool
) -> tuple[Value | None, Said | None]:
    """The figure in a cell (None when refused) and what is said about it."""
    kind = type(raw)
    if ind.kind is ValueKind.TEXT:
        if kind is bool:
            return ("Có" if raw else "Không"), None
        if kind is float or kind is int:
            return to_plain(excel_number(raw)), None
        return str(raw).strip(), None
    if kind is float or kind is int:  # a number Excel stored
        try:
            value = excel_number(raw)
        except NumberFormatError as exc:
            return None, _refused(f"{exc.args[0]} {_expected(ind, pct)}.")
        if pct and _PERCENT_FORMAT.search(number_format or ""):
            value = _tidy(value * 100)
            return value, (
                Severity.INFO,
                "so_da_hieu",
                f"ô định dạng phần trăm, đã hiểu là {format_vn(value)}%.",
            )
        return value, None
    if kind is str:  # typed text, or an error's code
        if raw.strip() in ERROR_CODES:
            return None, (
                Severity.ERROR,
                "loi_cong_thuc",
                f"ô có lỗi {raw}; {_expected(ind, pct)}.",
            )
        try:
            parsed = parse_number(raw)
        except NumberFormatError as exc:
            said, expected = exc.args[0], _expected(ind, pct)
            if expected.split(", ")[-1] in said:  # the rule's example already given: once
                return None, _refused(said)
            return None, _refused(f"{said} {expected[0].upper()}{expected[1:]}.")
        if parsed.note and parsed.ambiguous:
            return parsed.value, (Severity.INFO, "so_da_hieu", parsed.note)
        return parsed.value, None
    if kind is bool:
        return None, _refused(
            f"giá trị đúng/sai (TRUE/FALSE) không phải là số; {_expected(ind, pct)}."
        )
    # a date or time: Excel turned the typing into a date
    return None, _refused(
        f"ô chứa ngày tháng/giờ ({raw}), không phải số; {_expected(ind, pct)}. Hãy định dạng ô "
        "là Text (Văn bản) rồi gõ lại."
    )


def _expected(ind: Indicator, pct: bool) -> str:
    if pct:
        return "cần một số phần trăm, ví dụ 57,3"
    if ind.kind is ValueKind.INTEGER:
        return "cần một số nguyên, ví dụ 1.234"
    return "cần một số, ví dụ 1.234,5"


def _refused(what: str) -> Said:
    return Severity.ERROR, "khong_phai_so", what


def display(value: Value) -> str:
    return format_vn(value) if isinstance(value, Decimal) else f"«{value}»"


def same(value: Value, before: str) -> bool | None:
    if isinstance(value, Decimal):
        try:
            return value == Decimal(before)
        except ArithmeticError:
            return None
    return value == before
