"""Figures as the báo cáo writes them: the text of every slot of a sentence pattern.

Numbers the Vietnamese way (209.435; 57,3%), percentages to one decimal, growth against
the same period as the seeds write it ("tăng 9,1%" for 109,1% cùng kỳ, "bằng 85%" below
100).  A slot with no figure is None, so `pattern.render` leaves it (or its group) out.
A percentage measure the clerk did not type is computed from its numerator and
denominator (GLOSSARY: ratio = actual ÷ plan × 100), exactly as the catalog defines it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from desktop.core.formdef.models import Catalog, Indicator, MeasureKind, Reading
from desktop.core.numbers import format_vn

Figures = Mapping[tuple[str, str], Decimal | str | None]
VALUE_ORDER = ("th_ky", "uoc_th", "luy_ke")  # what {value} prints, first present
GROWTH_SLOTS = ("pct_ck", "pct_uoc_ck", "pct_tt")  # written as growth ("tăng 9,1%")
PREVIOUS = "th_tt"  # the previous month's figure, as entered
MILLIONS = "trieu_dong"
BILLIONS_FROM = Decimal(10_000)  # triệu đồng: from 10 tỷ up, written in tỷ đồng (seed 002)
_THOUSAND = Decimal(1000)
_TENTH = Decimal("0.1")
_HUNDRED = Decimal(100)


def padded_months(text: str) -> str:
    """«tháng 1» → «tháng 01», «tháng 2» → «tháng 02», as seed 002 writes them («Trong tháng
    01», «THÁNG 02 NĂM 2023») and Nghị định 30 dates them; «6 tháng đầu năm», «tháng 12» and
    «tháng 6» as they are (seeds 001, 003: «tháng 6/2020», «tháng 4/2025»)."""
    return re.sub(r"(?<!\d )tháng ([12])(?!\d)", r"tháng 0\1", text)


def number(value: Decimal) -> str:
    """209435 → "209.435"; 554.1 → "554,1"; a long recomputed fraction to 2 places."""
    if value.as_tuple().exponent < -3:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_vn(value)


def _pct(value: Decimal) -> Decimal:
    """A percentage as typed (up to 2 decimals: "114,14%"); a computed one to 1 decimal."""
    if value.as_tuple().exponent >= -2:  # type: ignore[operator]
        return value
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


pct_places = _pct  # (figure_forms' «giảm x%»)


def percent(value: Decimal) -> str:
    """57.3 → "57,3%"; 85.00 → "85%"; 114.14 → "114,14%"; 33.333… → "33,3%"."""
    return format_vn(_pct(value)) + "%"


def count(value: Decimal) -> str:
    """A count as the seeds write it: one to nine with a leading zero («05 cuộc họp», «09
    vụ»: 314 times in the five seeds), any other as `number`."""
    if value == value.to_integral_value() and 1 <= value <= 9:
        return f"0{int(value)}"
    return number(value)


def change(delta: Decimal, unit_label: str, *, counted: bool = False) -> str:
    """A difference in the indicator's unit: "tăng 3 vụ", "giảm 2 vụ", "tương đương"; of a
    count, "tăng 03 vụ" (seed 001: «tăng 03 vụ so với tháng trước»)."""
    if not delta:
        return "tương đương"
    word = "tăng" if delta > 0 else "giảm"
    shown = count(abs(delta)) if counted else number(abs(delta))
    return f"{word} {shown} {unit_label}".strip()


def growth(ratio: Decimal) -> str:
    """A ratio to a base in % as the seeds write it: above 100 → "tăng x%", 100 →
    "tương đương" (seed 002: «tương đương cùng kỳ»), else "bằng x%"."""
    q = _pct(ratio)
    if q > _HUNDRED:
        return "tăng " + percent(q - _HUNDRED)
    if q == _HUNDRED:
        return "tương đương"
    return "bằng " + percent(q)


def index(value: Decimal) -> str:
    """An index (base = 100) is no percentage: 100.81 → "100,81 (tăng 0,81%)", as seed 002
    writes «chỉ số sản xuất công nghiệp tăng 0,81% so với cùng kỳ»; 97.5 → "97,5 (giảm 2,5%)"."""
    q = _pct(value)
    if q == _HUNDRED:
        return number(q)
    word = "tăng" if q > _HUNDRED else "giảm"
    return f"{number(q)} ({word} {percent(abs(q - _HUNDRED))})"


def points(value: Decimal) -> str:
    """A difference of two percentages: 3.28 → "3,28 điểm phần trăm"."""
    return number(_pct(value)) + " điểm phần trăm"


def _num(v) -> Decimal | None:
    return v if isinstance(v, Decimal) else None


def ratio_of(catalog: Catalog, code: str, measure: str, figures: Figures) -> Decimal | None:
    """A percentage measure: as given, else numerator ÷ denominator × 100 (base ≠ 0)."""
    given = _num(figures.get((code, measure)))
    if given is not None:
        return given
    m = catalog.measure(measure)
    if m is None or m.kind is not MeasureKind.RATIO or m.denominator is None:
        return None
    base = _num(figures.get((code, m.denominator)))
    if not base:
        return None
    tops = [_num(figures.get((code, n))) for n in m.numerator]
    top = next((t for t in tops if t is not None), None)
    return None if top is None else top / base * _HUNDRED


def main_value(code: str, figures: Figures) -> tuple[str, Decimal | str] | None:
    for measure in VALUE_ORDER:
        v = figures.get((code, measure))
        if v is not None and v != "":
            return measure, v
    return None


def to_billions(value: Decimal) -> Decimal:
    """triệu đồng → tỷ đồng to two decimals at most, as the seeds write «777,91 tỷ đồng»,
    never «466,247 tỷ đồng»."""
    return (value / _THOUSAND).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def in_billions(ind: Indicator, figures: Figures) -> bool:
    """A triệu đồng indicator whose figure is 10.000 triệu or more: written in tỷ đồng when
    the office shows money in tỷ đồng, as seed 002 writes «418,1 tỷ đồng» beside
    «3.531,25 triệu đồng» (the small amounts stay in triệu đồng, never «0,01 tỷ đồng»)."""
    main = main_value(ind.code, figures) if ind.unit == MILLIONS else None
    return main is not None and isinstance(main[1], Decimal) and abs(main[1]) >= BILLIONS_FROM


def slot_texts(
    ind: Indicator,
    figures: Figures,
    catalog: Catalog,
    period_label: str,
    previous: Figures | None = None,
    *,
    billions: bool = False,
    heading: str = "",
) -> dict[str, str | None]:
    """Every slot of `ind` for `pattern.render`: text, or None when there is no figure;
    with `billions`, money in tỷ đồng (`in_billions`); `heading`: its section's title, whose
    mark («Chỉ số … theo ngành (cùng kỳ năm trước = 100)») counts as its label's."""
    uom = catalog.unit(ind.unit)
    unit_label = uom.label if uom else ""
    is_pct = unit_label == "%"
    reading = uom.reading_of(f"{ind.label} {heading}") if uom else None
    as_pct = {Reading.INDEX: index, Reading.POINTS: points}.get(reading, percent)  # type: ignore[arg-type]
    code = ind.code
    billion = billions and in_billions(ind, figures)
    if billion:
        unit_label = "tỷ đồng"
    counted = ind.kind == "integer" and not is_pct  # «05 cuộc họp»

    def show(v: Decimal | str | None) -> str | None:
        if v is None or v == "":
            return None
        if isinstance(v, str):
            return v
        if billion:
            v = to_billions(v)
        return as_pct(v) if is_pct else (count(v) if counted else number(v))

    slots: dict[str, str | None] = {
        "label": ind.label,
        "unit": "" if is_pct or (ind.kind == "text") else unit_label,
        # mid-sentence: «tháng 6 năm 2023», «tháng 01 năm 2023»
        "ky": padded_months(period_label[:1].lower() + period_label[1:]),
        "value": None,
        "thang_truoc": None,
        "chenh_tt": None,
        "chenh_ck": None,
    }
    main = main_value(code, figures)
    if main is not None:
        measure, v = main
        slots["value"] = show(v)
        # the previous month: its figure as entered (th_tt), else the stored previous period's
        before = _num(figures.get((code, PREVIOUS)))
        if before is None and previous:
            before = _num(previous.get((code, measure)))
        ratio = _num(figures.get((code, "pct_tt")))
        if isinstance(v, Decimal) and before is not None:
            delta = to_billions(v - before) if billion else v - before
            slots["chenh_tt"] = None if is_pct else change(delta, slots["unit"], counted=counted)
            if ratio is None and before:
                ratio = v / before * _HUNDRED
        if ratio is not None:
            slots["thang_truoc"] = growth(ratio)
        same = _num(figures.get((code, "cung_ky")))  # «(tăng 02 vụ so với cùng kỳ)», seed 002
        if isinstance(v, Decimal) and same is not None and not is_pct:
            delta = to_billions(v - same) if billion else v - same
            slots["chenh_ck"] = change(delta, slots["unit"], counted=counted)
    for m in catalog.measures:
        if m.kind is MeasureKind.RATIO:
            r = ratio_of(catalog, code, m.code, figures)
            slots[m.code] = (
                None if r is None else (growth(r) if m.code in GROWTH_SLOTS else percent(r))
            )
        else:
            slots[m.code] = show(figures.get((code, m.code)))
    return slots


def with_coverage(
    text: str,
    code: str,
    slots: dict[str, str | None],
    catalog: Catalog,
    partial: Mapping[tuple[str, str], tuple[int, int]] | None,
) -> str:
    """A sentence whose percentage was computed over fewer units than its figure says so
    at its end: «…, tăng 0,2% so với cùng kỳ (% cùng kỳ tính trên 2/4 đơn vị).» — the
    reader would otherwise take it for the whole figure's (consolidation/table.py)."""
    if not partial:
        return text
    groups: dict[tuple[int, int], list[str]] = {}
    for (row, measure), counted in partial.items():
        shown = slots.get(measure)
        if row == code and shown and shown in text:
            m = catalog.measure(measure)
            groups.setdefault(counted, []).append(m.short if m else measure)
    if not groups:
        return text
    said = "; ".join(f"{', '.join(ms)} tính trên {n}/{of} đơn vị" for (n, of), ms in groups.items())
    body, end = (text[:-1], text[-1]) if text.endswith(".") else (text, "")
    return f"{body} ({said}){end}"


def main_once(
    pattern_slots: list[str], slots: dict[str, str | None], code: str, figures: Figures
) -> dict[str, str | None]:
    """A pattern with {value} gets no figure twice: the slot of the measure {value} shows
    is left empty, so «[; ước thực hiện … {uoc_th}]» or «[, lũy kế {luy_ke}]» disappears when
    that figure is the main one (a unit that entered only its estimate)."""
    main = main_value(code, figures)
    if main is None or "value" not in pattern_slots:
        return slots
    return {**slots, main[0]: None}


def known_slots(catalog: Catalog) -> set[str]:
    from desktop.core.report.pattern import KNOWN_SLOTS

    return set(KNOWN_SLOTS) | {m.code for m in catalog.measures}
