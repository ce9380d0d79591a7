"""The validation rules, one small function each, registered in `CHECKS`.

Each check takes a `ValidationContext` and yields `Issue`s; none stops at the first
problem.  The order of `CHECKS` is the order issues are listed to the clerk.  What each
rule looks at in a form (which rows, which measures, which bounds) is worked out once per
form in plan.py; the checks only compare the submission's figures with it.  The rules on
single figures (kind, places, bounds, required rows, marks) are here; those comparing
figures with one another or with earlier periods are in relations.py.  When only errors
are asked for (`ctx.errors_only`: an import refuses a package on errors alone) a check
that can only warn does not run, and only rules of severity error do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Context, Decimal, DecimalException, Inexact, Rounded, localcontext
from itertools import compress, repeat
from operator import eq, mod

from desktop.core.errors import Issue
from desktop.core.marks import CHUA_CO_SO_LIEU, actual_measure
from desktop.core.numbers import format_vn
from desktop.core.validation.context import ValidationContext
from desktop.core.validation.plan import RATIO_MOST, FormPlan
from desktop.core.validation.relations import (
    _ZERO,
    E,
    W,
    check_children,
    check_cumulative,
    check_cumulative_history,
    check_cumulative_last_month,
    check_history,
    check_ratio_indicators,
    check_ratio_measures,
    check_rules,
)

MAX_DECIMALS = 6
# exact sums of any figure a submission can hold (30 digits, exponents within ±60); a sum
# that would need more digits is refused (Inexact/Rounded), never rounded
_EXACT_SUM = Context(prec=400, traps=[Inexact, Rounded])

Check = Callable[[ValidationContext], Iterator[Issue]]


def _decimals(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    if isinstance(exp, int) and exp >= -MAX_DECIMALS:
        return max(-exp, 0)  # few enough as written: no need to strip trailing zeros
    exp = v.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _few_places(values) -> bool:
    """True when no figure of `values` (Decimals and texts) is written with more than
    `MAX_DECIMALS` places, known from one exact sum: an exact sum's exponent is the
    smallest exponent of its terms.  False when that is not known so (a figure with
    more places, a sum too long to be exact, anything but Decimals and texts): then each
    figure is looked at."""
    kinds = set(map(type, values))
    if kinds <= {Decimal}:
        figures = values
    elif kinds <= {Decimal, str}:
        figures = [v for v in values if v.__class__ is Decimal]
    else:
        return False
    try:
        with localcontext(_EXACT_SUM):
            total = sum(figures, _ZERO)
    except DecimalException:
        return False
    exp = total.as_tuple().exponent
    return total.is_finite() and isinstance(exp, int) and exp >= -MAX_DECIMALS


def _nothing_to_say(plan: FormPlan, scaled: dict) -> bool:
    """True when `check_values` has nothing to say of any of these figures, decided on
    their scaled integers (Submission.scaled) at C speed, a group of equal bounds at a
    time (plan.scaled_bounds): each within its bounds, a multiple of its step.  False
    when that is not known so (then each figure is looked at, and spoken of)."""
    group_of, bounds = plan.scaled_bounds
    keys = list(scaled)
    last = plan.seen_groups[0] if plan.seen_groups else None
    if last is not None and last[0] == keys:  # the same cells as the last figures
        groups, kinds = last[1], last[2]
    else:
        groups = list(map(group_of.get, keys))
        kinds = set(groups)
        plan.seen_groups[:] = [(keys, groups, kinds)]
    if None in kinds:  # a text row, a row or column the form does not have
        return False
    numbers = list(scaled.values())
    for k in kinds:
        b = bounds[k]
        mine = list(compress(numbers, map(eq, groups, repeat(k)))) if len(kinds) > 1 else numbers
        if (
            (b.lo is not None and min(mine) < b.lo)
            or (b.hi is not None and max(mine) > b.hi)
            or (b.step != 1 and any(map(mod, mine, repeat(b.step))))
        ):
            return False
    return True


def check_values(ctx: ValidationContext) -> Iterator[Issue]:
    """Kind, integer-ness, number of decimals, bounds, and percentage ranges.  When every
    figure has its scaled integer (a package's canonical read) the integers decide at once
    whether there is anything to say; the figures are then looked at only if there is."""
    specs, ratios = ctx.plan.specs, ctx.plan.ratio_set
    values, scaled = ctx.submission.values, ctx.submission.scaled
    every = len(scaled) == len(values)  # (its keys are among those of `values`)
    if every and _nothing_to_say(ctx.plan, scaled):
        return
    # (then no figure has too many places: an integer is had only by figures of ≤ 6)
    few_places = every or _few_places(values.values())
    for (code, measure), value in values.items():
        spec = specs.get(code)
        if spec is None:
            continue
        ind, text, integer, lo, hi = spec
        if text:
            if not isinstance(value, str):
                yield ctx.issue(
                    E,
                    "can_van_ban",
                    f"{ctx.cell(ind, measure)} cần nội dung văn bản.",
                    code,
                    measure,
                )
            continue
        if not isinstance(value, Decimal):
            yield ctx.issue(E, "can_so", f"{ctx.cell(ind, measure)} cần một con số.", code, measure)
            continue
        if not few_places and _decimals(value) > MAX_DECIMALS:
            yield ctx.issue(
                E,
                "qua_nhieu_so_le",
                f"{ctx.cell(ind, measure)}: {format_vn(value)} có quá {MAX_DECIMALS} chữ số thập phân.",
                code,
                measure,
            )
        if measure in ratios:
            if value < 0:
                yield ctx.issue(
                    E,
                    "ty_le_am",
                    f"{ctx.label(ind)}: tỷ lệ {ctx.measure_label(measure)} không thể âm.",
                    code,
                    measure,
                )
            elif value > RATIO_MOST:
                yield ctx.issue(
                    W,
                    "ty_le_qua_lon",
                    f"{ctx.label(ind)}: {ctx.measure_label(measure)} = {format_vn(value)}% — rất lớn, kiểm tra lại.",
                    code,
                    measure,
                )
            continue
        if integer and value != value.to_integral_value():
            yield ctx.issue(
                E,
                "can_so_nguyen",
                f"{ctx.cell(ind, measure)} phải là số nguyên ({ctx.unit_label(ind)}), nhận được {format_vn(value)}.",
                code,
                measure,
            )
        if lo is not None and value < lo:
            yield ctx.issue(
                E,
                "nho_hon_toi_thieu",
                f"{ctx.cell(ind, measure)} = {format_vn(value)} nhỏ hơn mức tối thiểu {format_vn(lo)} {ctx.unit_label(ind)}.",
                code,
                measure,
            )
        if hi is not None and value > hi:
            yield ctx.issue(
                E,
                "lon_hon_toi_da",
                f"{ctx.cell(ind, measure)} = {format_vn(value)} lớn hơn mức tối đa {format_vn(hi)} {ctx.unit_label(ind)}.",
                code,
                measure,
            )


def check_required(ctx: ValidationContext) -> Iterator[Issue]:
    """A required row is filled, or marked «không phát sinh» or «chưa có số liệu» (with a
    reason).  These errors stop finalising only: a draft always saves (engine.py).  A row
    another department answers for is not required of this one (`ctx.answered`)."""
    actual, values, marks = ctx.plan.actual, ctx.submission.values, ctx.submission.marks
    answered = ctx.answered
    for ind in ctx.plan.required:
        if ind.code in marks or (answered is not None and ind.code not in answered):
            continue
        if not any((ind.code, m) in values for m in actual):
            yield ctx.issue(
                E,
                "thieu_bat_buoc",
                f"{ctx.label(ind)} là chỉ tiêu bắt buộc: nhập số thực hiện của kỳ báo cáo, "
                "hoặc đánh dấu «không phát sinh» (số 0 thật) hay «chưa có số liệu» kèm lý do.",
                ind.code,
                actual[0],
            )
    for n in ctx.form.narratives:
        text = ctx.submission.narratives.get(n.code, "")
        if n.required and not text.strip():
            yield ctx.issue(
                E,
                "thieu_thuyet_minh",
                f"Phần thuyết minh «{n.title}» là bắt buộc.",
                narrative=n.code,
            )
        if len(text) > n.max_chars:
            yield ctx.issue(
                E,
                "thuyet_minh_qua_dai",
                f"Phần «{n.title}» dài {len(text):,} ký tự, tối đa {n.max_chars:,}.".replace(
                    ",", "."
                ),
                narrative=n.code,
            )


def check_marks(ctx: ValidationContext) -> Iterator[Issue]:
    """«chưa có số liệu» needs a reason and an empty row; «không phát sinh» means 0."""
    imap = ctx.indicators
    for code, mark in ctx.submission.marks.items():
        ind = imap.get(code)
        if ind is None:
            continue
        m = actual_measure(ctx.form, ind)
        value = ctx.submission.values.get((code, m)) if m else None
        if mark.kind == CHUA_CO_SO_LIEU:
            if not mark.reason.strip():
                yield ctx.issue(
                    E,
                    "thieu_ly_do",
                    f"{ctx.label(ind)} được đánh dấu «chưa có số liệu»: cần ghi lý do.",
                    code,
                    m,
                )
            if value is not None:
                yield ctx.issue(
                    E,
                    "danh_dau_mau_thuan",
                    f"{ctx.label(ind)} được đánh dấu «chưa có số liệu» nhưng đã có số "
                    f"{format_vn(value) if isinstance(value, Decimal) else value}: bỏ số hoặc bỏ đánh dấu.",
                    code,
                    m,
                )
        elif isinstance(value, Decimal) and value != 0:
            yield ctx.issue(
                E,
                "danh_dau_mau_thuan",
                f"{ctx.label(ind)} được đánh dấu «không phát sinh» nhưng có số {format_vn(value)}: "
                "bỏ số hoặc bỏ đánh dấu.",
                code,
                m,
            )


def check_answered(ctx: ValidationContext) -> Iterator[Issue]:
    """A department's figures (and marks) only on the rows it answers for (`ctx.answered`,
    the responsibility matrix): another department's row is refused by name, once per row,
    so that no route (entry, template, import) lets them stand beside the other's figures."""
    answered = ctx.answered
    if answered is None:
        return
    sub, imap = ctx.submission, ctx.indicators
    rows = dict.fromkeys([*(c for c, _ in sub.values), *sub.marks])
    for code in rows:
        ind = imap.get(code)
        if ind is None or code in answered:
            continue
        owner = ctx.owner_of(code) if ctx.owner_of else "sở, ngành khác"
        measure = next((m for c, m in sub.values if c == code), None)
        what = "số liệu" if measure is not None else "đánh dấu «chưa có số liệu»"
        yield ctx.issue(
            E,
            "dong_cua_don_vi_khac",
            f"{ctx.label(ind)} của {ctx.form.bieu_so} ({ctx.form.title}) do {owner} báo cáo, "
            f"không thuộc phần đơn vị này báo cáo: bỏ {what} ở dòng này.",
            code,
            measure,
        )


CHECKS: list[Check] = [
    check_values,
    check_answered,
    check_required,
    check_marks,
    check_children,
    check_cumulative,
    check_cumulative_history,
    check_cumulative_last_month,
    check_ratio_measures,
    check_ratio_indicators,
    check_rules,
    check_history,
]
