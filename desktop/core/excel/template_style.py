"""Constants, styles and small cell helpers of the fill-in template (biểu mẫu Excel),
shared by `template_writer` and `template_reader`."""

from __future__ import annotations

import math
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from desktop.core.excel.workbook_styles import FORMULA_PREFIXES
from desktop.core.formdef.models import (
    Indicator,
    MeasureDef,
    MeasureKind,
    ValueKind,
)
from desktop.core.numbers import NumberFormatError, to_plain

FORMAT = "baocao-template/1"
DATA_SHEET = "Biểu nhập liệu"
NARRATIVE_SHEET = "Thuyết minh"
META_SHEET = "_baocao"

COL_STT, COL_LABEL, COL_CODE, COL_UNIT = 1, 2, 3, 4
FIRST_MEASURE_COL = 5
HEADER_ROW = 9
NUMBER_ROW = 10
FIRST_DATA_ROW = 11
NARRATIVE_HEADER_ROW = 4
CODE_HEADER = "Mã số"

LAST_YEAR_NOTE = "Số liệu đã báo cáo năm trước (cùng kỳ), không cần nhập lại."
PLAN_NOTE = "Kế hoạch / dự toán năm đã có trong BaoCao, không cần nhập lại."

Value = Decimal | str

# ------------------------------------------------------------------ styles

FONT_NAME = "Times New Roman"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
INPUT_FILL = PatternFill(fill_type="solid", fgColor="FFF2CC")  # light yellow
PREFILL_FILL = PatternFill(fill_type="solid", fgColor="D9D9D9")  # grey
NOT_CARRIED_FILL = PatternFill(fill_type="lightUp", fgColor="A6A6A6", bgColor="EDEDED")
HEADING_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")
HEADER_FILL = PatternFill(fill_type="solid", fgColor="F2F2F2")
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"
ROW_HEIGHT = 19.5


def _font(size: float = 12, *, bold: bool = False, italic: bool = False, **kw) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, **kw)


CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)


def number_format_for(value: Decimal) -> str:
    """Display format of a known number: grouped, decimals only when there are some."""
    if value == value.to_integral_value():
        return "#,##0"
    return "#,##0.0##"


# ------------------------------------------------------------------ helpers


def _clean_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _set_text(cell, text: str) -> None:
    """Write a string as a string, even when it starts with "=" (never a formula), and mark
    such a text (= + - @) with Excel's text marker so editing the cell keeps it text."""
    cell.value = _clean_text(text)
    if cell.data_type == "f":
        cell.data_type = "s"
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def _set_value(cell, value: Value) -> None:
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = number_format_for(value)
    else:
        _set_text(cell, str(value))


def is_percent_column(ind: Indicator, measure: MeasureDef) -> bool:
    return measure.kind is MeasureKind.RATIO or ind.kind is ValueKind.PERCENT


def _bounds(ind: Indicator, measure: MeasureDef) -> tuple[Decimal | None, Decimal | None]:
    if measure.kind is MeasureKind.RATIO:
        # a ratio of non-negative figures is non-negative; no upper limit (150 % is fine)
        return (Decimal(0) if ind.min is not None and ind.min >= 0 else None), None
    return ind.min, ind.max


def validation_formula(ref: str, lo: Decimal | None, hi: Decimal | None) -> str:
    """Locale-independent custom validation (see the module docstring)."""
    stripped = ref
    for ch in (".", ",", "%", " "):
        stripped = f'SUBSTITUTE({stripped},"{ch}","")'
    text_ok = f"ISNUMBER(-{stripped})"
    if lo is not None and lo >= 0:
        text_ok = f'AND({text_ok},LEFT(TRIM({ref}),1)<>"-")'
    conds = []
    if lo is not None:
        conds.append(f"{ref}>={to_plain(lo)}")
    if hi is not None:
        conds.append(f"{ref}<={to_plain(hi)}")
    num_ok = f"AND({','.join(conds)})" if conds else "TRUE"
    return f"IF(ISNUMBER({ref}),{num_ok},{text_ok})"


def _vn(d: Decimal) -> str:
    from desktop.core.numbers import format_vn

    return format_vn(d)


def _bounds_text(lo: Decimal | None, hi: Decimal | None) -> str:
    if lo is not None and hi is not None:
        return f"từ {_vn(lo)} đến {_vn(hi)}"
    if lo is not None:
        return "không âm" if lo == 0 else f"không nhỏ hơn {_vn(lo)}"
    if hi is not None:
        return f"không lớn hơn {_vn(hi)}"
    return ""


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ writer


def _tidy(d: Decimal) -> Decimal:
    if d == d.to_integral_value():
        return Decimal(int(d))
    return d.normalize()


def excel_number(value: int | float) -> Decimal:
    """A number as Excel stored it, exactly: floats through their shortest repr."""
    if isinstance(value, int):
        return Decimal(value)
    if not math.isfinite(value):
        raise NumberFormatError("Giá trị không hữu hạn.")
    if value.is_integer() and abs(value) < _EXACT_INT:  # the same as through repr, sooner
        return Decimal(int(value))
    return _tidy(Decimal(repr(value)))


_EXACT_INT = float(2**53)  # below it a whole float is the integer its repr shows
