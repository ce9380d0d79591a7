"""The slot forms of a sentence pattern beyond a plain name (docs/report.md): a figure
out of another («08/10 xã»), a figure's share of its parent («2.079 hồ sơ (chiếm
25,17%)») and a figure written in nghìn / triệu / tỷ («4.490 nghìn con», «104,6 triệu
cây») — seed 002's phrasings.

    {value/kh_nam}    the figure out of this indicator's plan: «08/10»
    {th_ky/NTM_CT_KH} out of another indicator's figure of the same measure: «121/121»
    {chiem}           its share of its parent's figure: «chiếm 25,17%»
    {chiem/NV_HS_TN}  its share of another indicator's figure
    {value:nghin}     in thousands, up to 2 places: «4.490 nghìn», «250,95 nghìn»
    {value:trieu:1}   in millions, 1 place: «104,6 triệu»; a figure under one million
                      as it is («401.000»), never «0,4 triệu» (as tỷ đồng, phrases.py)

Rounding is exact Decimal ROUND_HALF_UP (as offices round by hand), trailing zeros
dropped.  `parse` is used by `forms check` (pattern.py) and by `form_slots`, so a form the
check passes is one this module can write.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from desktop.core.numbers import format_vn
from desktop.core.record import record

SCALES = {"nghin": ("nghìn", Decimal(10) ** 3), "trieu": ("triệu", Decimal(10) ** 6),
          "ty": ("tỷ", Decimal(10) ** 9)}  # fmt: skip
DEFAULT_PLACES = 2  # «250,95 nghìn lượt», «1,51 nghìn lượt» (seed 002)
UP_DOWN = "tang_giam"  # {pct_ck:tang_giam}: «giảm 2,25%» below 100, not «bằng 97,75%»
UP_DOWN_OF = ("pct_ck", "pct_uoc_ck")
SHARE = "chiem"
SHARE_PLACES = 2  # «chiếm 25,17%», «chiếm 0,88%» (seed 002)
_FORM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]{0,39})"
    r"(?:/(?P<over>[A-Za-z][A-Za-z0-9_.\-]{0,59}))?"
    r"(?::(?P<scale>[^:]*)(?::(?P<places>[^:]*))?)?$"
)


@record
class SlotForm:
    """`{name/over:scale:places}` taken apart; `over` is a measure code (lower case) or an
    indicator code (upper case)."""

    name: str
    over: str | None = None
    scale: str | None = None
    places: int = DEFAULT_PLACES

    @property
    def plain(self) -> bool:
        return self.over is None and self.scale is None

    @property
    def over_indicator(self) -> bool:
        return self.over is not None and not self.over.islower()


def parse(text: str) -> SlotForm | str:
    """The slot's parts, or what is wrong with it (Vietnamese, for `forms check`)."""
    m = _FORM.match(text)
    if m is None:
        return (
            f"Ô «{{{text}}}» không hợp lệ: tên ô là chữ thường không dấu, ví dụ {{value}}, "
            "{value/kh_nam}, {value:nghin}."
        )
    name, over, scale, places = m.group("name", "over", "scale", "places")
    if over is not None and scale is not None:
        return f"Ô «{{{text}}}»: số «x/y» không đổi đơn vị nghìn, triệu; bỏ phần «:{scale}»."
    if scale == UP_DOWN:
        if name not in UP_DOWN_OF or places is not None:
            return (
                f"Ô «{{{text}}}»: «:{UP_DOWN}» chỉ dùng cho {', '.join(UP_DOWN_OF)}, "
                "ví dụ {pct_ck:tang_giam}."
            )
        return SlotForm(name, over, scale)
    if scale is not None and scale not in SCALES:
        return f"Ô «{{{text}}}»: đơn vị «{scale}» không có; dùng một trong {', '.join(SCALES)}."
    if places is not None and places not in ("0", "1", "2", "3"):
        return f"Ô «{{{text}}}»: số chữ số thập phân «{places}» phải là 0, 1, 2 hoặc 3."
    if name == SHARE and scale is not None:
        return f"Ô «{{{text}}}»: tỷ lệ «chiếm …%» không đổi đơn vị nghìn, triệu."
    return SlotForm(name, over, scale, DEFAULT_PLACES if places is None else int(places))


def _exact(value: Decimal, places: int) -> str:
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + places + 2)
        q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format_vn(q)  # trailing zeros dropped: «4.490», «104,6»


def scaled(value: Decimal, scale: str, places: int = DEFAULT_PLACES) -> str:
    """1234567, "trieu" → "1,23 triệu"; 1234567, "nghin", 1 → "1.234,6 nghìn"."""
    word, factor = SCALES[scale]
    return f"{_exact(value / factor, places)} {word}"


def share(part: Decimal, whole: Decimal) -> str:
    """2079 of 8259 → "chiếm 25,17%"."""
    return f"chiếm {_exact(part / whole * 100, SHARE_PLACES)}%"


def fraction(part: Decimal, whole: Decimal, show) -> str:
    """8 of 10 → "08/10" (each a count as the seeds write it, `show`)."""
    return f"{show(part)}/{show(whole)}"


def up_down(ratio: Decimal) -> str:
    """A ratio to last year as seed 002 writes herds and products: «tăng 7,65%», «tương
    đương», «giảm 2,25%» (97,75), where the budget's «bằng 37,6%» is `phrases.growth`."""
    from desktop.core.report.phrases import growth, pct_places, percent

    q = pct_places(ratio)
    return "giảm " + percent(Decimal(100) - q) if q < 100 else growth(q)


def form_slots(pattern_slots, ind, figures, indicators, show, ratio=None) -> dict[str, str | None]:
    """The text of each slot of `pattern_slots` that is not a plain name, for `ind`; None
    when a figure it needs is missing (so `pattern.render` drops it or its group).
    `indicators`: the form's, by code; `show`: how a figure of `ind` prints (a count with
    its leading zero); `ratio(measure)`: a percentage measure's figure (`phrases.ratio_of`)."""
    from desktop.core.report.phrases import main_value

    main = main_value(ind.code, figures)
    out: dict[str, str | None] = {}
    for text in pattern_slots:
        f = parse(text)
        if isinstance(f, str) or (f.plain and f.name != SHARE):
            continue
        out[text] = None
        if f.scale == UP_DOWN:
            r = ratio(f.name)
            out[text] = None if r is None else up_down(r)
            continue
        measure = main[0] if main and f.name in ("value", SHARE) else f.name
        part = figures.get((ind.code, measure))
        if not isinstance(part, Decimal):
            continue
        if f.scale is not None:  # below one nghìn as it is: «500 con», not «0,5 nghìn con»
            small = abs(part) < SCALES[f.scale][1]
            out[text] = show(part) if small else scaled(part, f.scale, f.places)
            continue
        if f.name == SHARE:
            out[text] = _share(ind, measure, part, f.over or ind.parent, figures, indicators)
            continue
        whole = figures.get((f.over, measure) if f.over_indicator else (ind.code, f.over))
        if isinstance(whole, Decimal) and whole:  # «0/0 cuộc» says nothing
            out[text] = fraction(part, whole, show)
    return out


def _share(ind, measure, part, whole_code, figures, indicators) -> str | None:
    """«chiếm x%» of `whole_code`'s figure: the form's own ratio of the two where it has one
    with a figure (as typed, or as the consolidation recomputed it), else part ÷ whole."""
    if whole_code is None:
        return None
    for r in indicators.values():
        if r.numerator == ind.code and r.denominator == whole_code:
            typed = figures.get((r.code, measure))
            if isinstance(typed, Decimal):
                return f"chiếm {_exact(typed, SHARE_PLACES)}%"
    whole = figures.get((whole_code, measure))
    return share(part, whole) if isinstance(whole, Decimal) and whole else None


def chosen_pattern(ind, figures, province: bool = False) -> str | None:
    """The pattern `ind` is worded by in this draft: its `zero_sentence` when its figure is
    0 ("" = nothing to say, the row is left out), the province's `province_sentence` in
    the province's draft, else its `sentence` (None: the section's or the default)."""
    from desktop.core.report.phrases import main_value

    main = main_value(ind.code, figures)
    if ind.zero_sentence is not None and main is not None and main[1] == 0:
        return ind.zero_sentence
    if province and ind.province_sentence:
        return ind.province_sentence
    return ind.sentence


def said_by_forms(form, figures, province: bool = False) -> set[tuple[str, str]]:
    """The figures of other rows a pattern's slot forms write: the «55» of «15/55» (the
    figure of {value/TTR_TT_CUOC}) and the typed ratio a «chiếm 25,17%» shows; `compose`
    writes such a row no sentence of its own, so no figure is said twice."""
    from desktop.core.report.pattern import slots_of
    from desktop.core.report.phrases import main_value

    indicators = form.indicator_map()
    said: set[tuple[str, str]] = set()
    for ind in indicators.values():
        main = main_value(ind.code, figures)
        pattern = chosen_pattern(ind, figures, province)
        if not pattern or main is None or not isinstance(main[1], Decimal):
            continue
        for text in slots_of(pattern):
            f = parse(text)
            if isinstance(f, str) or f.scale is not None:
                continue
            measure = main[0] if f.name in ("value", SHARE) else f.name
            if f.name == SHARE:
                whole = f.over or ind.parent
                said |= {
                    (r.code, measure)
                    for r in indicators.values()
                    if r.numerator == ind.code and r.denominator == whole
                }
            elif f.over_indicator and isinstance(figures.get((f.over, measure)), Decimal):
                said.add((f.over, measure))
    return said
