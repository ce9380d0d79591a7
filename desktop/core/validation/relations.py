"""The validation rules that compare figures with one another — a parent row with its
children, lũy kế with the period's figure, a typed percentage with its numerator and
denominator, the form's own expression rules — or with the same unit's earlier figures.
Registered, with the rules on single figures, in `checks.CHECKS` (whose order is the order
issues are listed in); what each looks at is worked out once per form in plan.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from desktop.core.errors import Issue, Severity
from desktop.core.formdef.expr import Ref
from desktop.core.numbers import format_vn
from desktop.core.validation.context import ValidationContext
from desktop.core.validation.plan import PartOfTotal

E, W = Severity.ERROR, Severity.WARNING
RATIO_TOLERANCE = Decimal("0.15")  # percentage points: reports round to one decimal
PLAUSIBILITY_FACTOR = Decimal(10)
_ZERO = Decimal(0)  # compared with a Decimal 3× faster than the int 0


def _number(values: dict, key: tuple[str, str]) -> Decimal | None:
    v = values.get(key)
    return v if isinstance(v, Decimal) else None


def check_children(ctx: ValidationContext) -> Iterator[Issue]:
    values = ctx.submission.values
    for c in ctx.plan.children:
        total = _number(values, c.total)
        if total is None:
            continue
        parts = [v for k in c.kids if (v := _number(values, k)) is not None]
        if not parts:
            continue
        s = sum(parts, Decimal(0))
        if c.exact and len(parts) == len(c.kids) and s != total:
            yield ctx.issue(
                E,
                "tong_con_khac_cha",
                f"Tổng các chỉ tiêu con ({format_vn(s)}) khác {ctx.label(c.parent)} ({format_vn(total)}), cột {ctx.measure_label(c.measure)}.",
                c.parent.code,
                c.measure,
            )
        elif c.at_most and s > total:
            yield ctx.issue(
                E,
                "tong_con_vuot_cha",
                f"Tổng các mục «trong đó» ({format_vn(s)}) lớn hơn {ctx.label(c.parent)} ({format_vn(total)}), cột {ctx.measure_label(c.measure)}.",
                c.parent.code,
                c.measure,
            )


def check_cumulative(ctx: ValidationContext) -> Iterator[Issue]:
    """Lũy kế từ đầu năm không nhỏ hơn số của kỳ báo cáo (chỉ tiêu dòng chảy)."""
    values, flows, flow_at = ctx.submission.values, ctx.plan.flows, ctx.plan.flow_at
    # only a flow row whose lũy kế is given can speak: those rows alone, found at C speed
    # (a set of keys, not a look-up per flow row of the form), in form order
    for at in sorted(map(flow_at.__getitem__, flow_at.keys() & values.keys())):
        ind, period_key, ytd_key = flows[at]
        ytd = values[ytd_key]
        if not isinstance(ytd, Decimal):
            continue
        period_value = values.get(period_key)
        if isinstance(period_value, Decimal) and period_value >= _ZERO and ytd < period_value:
            yield ctx.issue(
                E,
                "luy_ke_nho_hon_ky",
                f"{ctx.label(ind)}: lũy kế ({format_vn(ytd)}) nhỏ hơn số thực hiện kỳ báo cáo ({format_vn(period_value)}).",
                ind.code,
                "luy_ke",
            )


def check_cumulative_history(ctx: ValidationContext) -> Iterator[Issue]:
    """This period's lũy kế of a flow row is not below the previous period's of the same
    year (both count from 1 January; the first period of a year has none before it).  Only
    warns: a correction of the earlier figures can lower it (not run on errors alone)."""
    history = ctx.history
    if ctx.errors_only or not history.previous_same_year or not history.previous:
        return
    from desktop.core.periods import Period

    values, flows, flow_at, earlier = ctx.submission.values, ctx.plan.flows, ctx.plan.flow_at, history.previous
    label = history.previous_label[:1].lower() + history.previous_label[1:]
    for at in sorted(map(flow_at.__getitem__, flow_at.keys() & values.keys())):
        ind, _, ytd_key = flows[at]
        ytd, old = values[ytd_key], earlier.get(ytd_key)
        if isinstance(ytd, Decimal) and isinstance(old, Decimal) and ytd < old:
            yield ctx.issue(
                W,
                "luy_ke_giam",
                f"{ctx.label(ind)}: lũy kế {Period.parse(ctx.submission.period).phrase} "
                f"({format_vn(ytd)} {ctx.unit_label(ind)}) nhỏ hơn lũy kế {label} ({format_vn(old)} "
                f"{ctx.unit_label(ind)}); lũy kế từ đầu năm thường không giảm: kiểm tra lại, "
                "hoặc ghi giải trình nếu số kỳ trước đã được điều chỉnh.",
                ind.code,
                "luy_ke",
            )


def check_cumulative_last_month(ctx: ValidationContext) -> Iterator[Issue]:
    """A quarter's, half-year's, 9 months' or year's lũy kế equals the one stored for its
    last month: both count from 1 January to the end of that month.  Only warns (the month
    may be the one to correct); the lũy kế measures are the catalog's `time: ytd`."""
    month = ctx.history.last_month
    if ctx.errors_only or not month:
        return
    from desktop.core.periods import Period

    values, phrase = ctx.submission.values, Period.parse(ctx.submission.period).phrase
    month_phrase = ctx.history.last_month_label[:1].lower() + ctx.history.last_month_label[1:]
    for ind in ctx.plan.rows:
        for m in ctx.plan.ytd_measures:
            ytd, old = values.get((ind.code, m)), month.get((ind.code, m))
            if isinstance(ytd, Decimal) and isinstance(old, Decimal) and ytd != old:
                unit, what = ctx.unit_label(ind), ctx.measure_label(m).lower()
                yield ctx.issue(
                    W,
                    "luy_ke_khac_thang_cuoi",
                    f"{what[:1].upper()}{what[1:]} {phrase} của {ctx.label(ind)} là "
                    f"{format_vn(ytd)} {unit}, khác {what} {month_phrase} đã lưu "
                    f"({format_vn(old)} {unit}): cả hai tính từ đầu năm đến hết {month_phrase}; "
                    "kiểm tra lại số này hoặc số đã lưu của tháng.",
                    ind.code,
                    m,
                )


def check_ratio_measures(ctx: ValidationContext) -> Iterator[Issue]:
    """A typed percentage must agree with the one computed from its two figures (only
    warns: not run when only errors are asked for)."""
    if ctx.errors_only:
        return
    values = ctx.submission.values
    for r in ctx.plan.ratio_measure_checks:
        typed = values.get(r.typed)
        if not isinstance(typed, Decimal):
            continue
        num = next((v for k in r.numerators if (v := _number(values, k)) is not None), None)
        den = _number(values, r.denominator)
        if num is None or not den:
            continue
        computed = num / den * 100
        if abs(computed - typed) > RATIO_TOLERANCE:
            yield ctx.issue(
                W,
                "ty_le_khong_khop",
                f"{ctx.cell(r.ind, r.measure)}: tỷ lệ nhập {format_vn(typed)}% khác tỷ lệ tính từ số liệu "
                f"{format_vn(computed, 2)}%.",
                r.ind.code,
                r.measure,
            )


def check_ratio_indicators(ctx: ValidationContext) -> Iterator[Issue]:
    values = ctx.submission.values
    for c in ctx.plan.ratio_indicator_checks:
        ind, m = c.ind, c.measure
        if isinstance(c, PartOfTotal):
            part, total = _number(values, c.part), _number(values, c.total)
            if part is not None and total is not None and part > total:
                yield ctx.issue(
                    E,
                    "dat_chuan_vuot_tong",
                    f"{ctx.cell(ind, m)} = {format_vn(part)} lớn hơn tổng số ({format_vn(total)}).",
                    ind.code,
                    m,
                )
            continue
        typed, num = _number(values, c.typed), _number(values, c.numerators[0])
        den = _number(values, c.denominator)
        if typed is None or num is None or not den:
            continue
        computed = num / den * c.scale
        if abs(computed - typed) > RATIO_TOLERANCE:
            yield ctx.issue(
                W,
                "ty_le_khong_khop",
                f"{ctx.cell(ind, m)} nhập {format_vn(typed)} khác giá trị tính từ tử số và mẫu số "
                f"({format_vn(computed, 2)}).",
                ind.code,
                m,
            )


def check_rules(ctx: ValidationContext) -> Iterator[Issue]:
    num = ctx.num
    for r in ctx.plan.error_rules if ctx.errors_only else ctx.plan.rules:
        for m in r.measures:

            def lookup(ref: Ref, m=m):
                return num(ref.indicator, ref.measure or m)

            if r.expr.evaluate(lookup) is False:
                yield ctx.issue(
                    r.severity, r.rule.code, r.rule.message, r.first, m or r.first_measure
                )


def check_history(ctx: ValidationContext) -> Iterator[Issue]:
    """A value 10 times larger or smaller than the last one usually means triệu ↔ tỷ
    (only warns: not run when only errors are asked for)."""
    if ctx.errors_only:
        return
    comparisons = [
        (earlier, label, measures)
        for earlier, label, measures in (
            (ctx.history.previous, ctx.history.previous_label, ("th_ky", "uoc_th")),
            (ctx.history.last_year, ctx.history.last_year_label, ("th_ky", "uoc_th", "luy_ke")),
        )
        if earlier  # no earlier figures: nothing to compare with
    ]
    for (code, m), value in ctx.submission.values.items() if comparisons else ():
        ind = ctx.indicators.get(code)
        if ind is None or not isinstance(value, Decimal) or value == 0 or ctx.plan.specs[code].text:
            continue
        for earlier, label, measures in comparisons:
            if m not in measures:
                continue
            old = earlier.get((code, "th_ky")) if m == "uoc_th" else earlier.get((code, m))
            if not isinstance(old, Decimal) or old == 0 or (old < 0) != (value < 0):
                continue
            ratio = value / old
            if ratio >= PLAUSIBILITY_FACTOR or ratio <= 1 / PLAUSIBILITY_FACTOR:
                yield ctx.issue(
                    W,
                    "chenh_lech_bat_thuong",
                    f"{ctx.cell(ind, m)} = {format_vn(value)} {ctx.unit_label(ind)}, gấp "
                    f"{format_vn(ratio, 1) if ratio >= 1 else '1/' + format_vn(1 / ratio, 1)} lần {label} "
                    f"({format_vn(old)}): kiểm tra lại đơn vị tính (triệu đồng hay tỷ đồng?).",
                    code,
                    m,
                )
                break
    reported, values = ctx.history.last_year, ctx.submission.values
    for ind in ctx.plan.rows if reported else ():
        same, old = _number(values, (ind.code, "cung_ky")), reported.get((ind.code, "th_ky"))
        if same is not None and isinstance(old, Decimal) and same != old:
            yield ctx.issue(
                W,
                "cung_ky_khac_da_bao_cao",
                f"{ctx.label(ind)}: số cùng kỳ {format_vn(same)} khác số đơn vị đã báo cáo năm trước ({format_vn(old)}).",
                ind.code,
                "cung_ky",
            )
