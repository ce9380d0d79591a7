"""The validation rules as they were before they were compiled per form (validation/plan.py),
kept verbatim as the reference the compiled ones are compared with
(test_validation_compiled.py): same issues, same order, on any submission."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from desktop.core.errors import Issue, Severity
from desktop.core.formdef.expr import Ref, parse
from desktop.core.formdef.models import Aggregation, ChildrenRule, MeasureKind, ValueKind
from desktop.core.marks import CHUA_CO_SO_LIEU, actual_measure, actual_measures
from desktop.core.numbers import format_vn
from desktop.core.validation.context import History, ValidationContext

E, W = Severity.ERROR, Severity.WARNING
MAX_DECIMALS = 6
RATIO_TOLERANCE = Decimal("0.15")
PLAUSIBILITY_FACTOR = Decimal(10)


class ReferenceContext(ValidationContext):
    """The context as it was: every list worked out again for each submission."""

    def __post_init__(self) -> None:
        self.indicators = self.form.indicator_map()
        self.value_measures = [
            m
            for m in self.form.measures
            if (md := self.catalog.measure(m)) and md.kind is MeasureKind.VALUE
        ]
        self.ratio_measures = [
            m
            for m in self.form.measures
            if (md := self.catalog.measure(m)) and md.kind is MeasureKind.RATIO
        ]


def _decimals(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    if isinstance(exp, int) and exp >= -MAX_DECIMALS:
        return max(-exp, 0)
    exp = v.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def check_values(ctx: ValidationContext) -> Iterator[Issue]:
    """Kind, integer-ness, number of decimals, bounds, and percentage ranges."""
    for (code, measure), value in ctx.submission.values.items():
        ind = ctx.indicators.get(code)
        if ind is None:
            continue
        if ind.kind is ValueKind.TEXT:
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
        if _decimals(value) > MAX_DECIMALS:
            yield ctx.issue(
                E,
                "qua_nhieu_so_le",
                f"{ctx.cell(ind, measure)}: {format_vn(value)} có quá {MAX_DECIMALS} chữ số thập phân.",
                code,
                measure,
            )
        if measure in ctx.ratio_measures:
            if value < 0:
                yield ctx.issue(
                    E,
                    "ty_le_am",
                    f"{ctx.label(ind)}: tỷ lệ {ctx.measure_label(measure)} không thể âm.",
                    code,
                    measure,
                )
            elif value > 1000:
                yield ctx.issue(
                    W,
                    "ty_le_qua_lon",
                    f"{ctx.label(ind)}: {ctx.measure_label(measure)} = {format_vn(value)}% — rất lớn, kiểm tra lại.",
                    code,
                    measure,
                )
            continue
        if ind.kind is ValueKind.INTEGER and value != value.to_integral_value():
            yield ctx.issue(
                E,
                "can_so_nguyen",
                f"{ctx.cell(ind, measure)} phải là số nguyên ({ctx.unit_label(ind)}), nhận được {format_vn(value)}.",
                code,
                measure,
            )
        lo, hi = ind.min, ind.max
        if ind.kind is ValueKind.PERCENT and lo is None and hi is None:
            lo, hi = Decimal(0), Decimal(100)
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
    reason).  These errors stop finalising only: a draft always saves (engine.py)."""
    actual = actual_measures(ctx.form)
    for ind in ctx.form.iter_indicators():
        if not ind.required or ind.code in ctx.submission.marks:
            continue
        if not any((ind.code, m) in ctx.submission.values for m in actual):
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


def check_children(ctx: ValidationContext) -> Iterator[Issue]:
    children: dict[str, list[str]] = {}
    for ind in ctx.form.iter_indicators():
        if ind.parent:
            children.setdefault(ind.parent, []).append(ind.code)
    for parent_code, kids in children.items():
        parent = ctx.indicators[parent_code]
        if parent.children is ChildrenRule.NONE or parent.aggregation in (
            Aggregation.RATIO,
            Aggregation.NONE,
        ):
            continue
        for m in ctx.value_measures:
            total = ctx.num(parent_code, m)
            parts = [v for k in kids if (v := ctx.num(k, m)) is not None]
            if total is None or not parts:
                continue
            s = sum(parts, Decimal(0))
            exact = parent.children in (ChildrenRule.EQUAL, ChildrenRule.SUM)
            if exact and len(parts) == len(kids) and s != total:
                yield ctx.issue(
                    E,
                    "tong_con_khac_cha",
                    f"Tổng các chỉ tiêu con ({format_vn(s)}) khác {ctx.label(parent)} ({format_vn(total)}), cột {ctx.measure_label(m)}.",
                    parent_code,
                    m,
                )
            elif parent.children is ChildrenRule.AT_MOST and s > total:
                yield ctx.issue(
                    E,
                    "tong_con_vuot_cha",
                    f"Tổng các mục «trong đó» ({format_vn(s)}) lớn hơn {ctx.label(parent)} ({format_vn(total)}), cột {ctx.measure_label(m)}.",
                    parent_code,
                    m,
                )


def check_cumulative(ctx: ValidationContext) -> Iterator[Issue]:
    """Lũy kế từ đầu năm không nhỏ hơn số của kỳ báo cáo (chỉ tiêu dòng chảy)."""
    for ind in ctx.form.iter_indicators():
        if ind.aggregation is not Aggregation.FLOW:
            continue
        period_value, ytd = ctx.num(ind.code, "th_ky"), ctx.num(ind.code, "luy_ke")
        if (
            period_value is not None
            and ytd is not None
            and period_value >= 0
            and ytd < period_value
        ):
            yield ctx.issue(
                E,
                "luy_ke_nho_hon_ky",
                f"{ctx.label(ind)}: lũy kế ({format_vn(ytd)}) nhỏ hơn số thực hiện kỳ báo cáo ({format_vn(period_value)}).",
                ind.code,
                "luy_ke",
            )


def check_ratio_measures(ctx: ValidationContext) -> Iterator[Issue]:
    """A typed percentage must agree with the one computed from its two figures."""
    for m in ctx.ratio_measures:
        md = ctx.catalog.measure(m)
        for ind in ctx.form.iter_indicators():
            typed = ctx.num(ind.code, m)
            if typed is None or md is None or md.denominator is None:
                continue
            num = next((v for n in md.numerator if (v := ctx.num(ind.code, n)) is not None), None)
            den = ctx.num(ind.code, md.denominator)
            if num is None or not den:
                continue
            computed = num / den * 100
            if abs(computed - typed) > RATIO_TOLERANCE:
                yield ctx.issue(
                    W,
                    "ty_le_khong_khop",
                    f"{ctx.cell(ind, m)}: tỷ lệ nhập {format_vn(typed)}% khác tỷ lệ tính từ số liệu "
                    f"{format_vn(computed, 2)}%.",
                    ind.code,
                    m,
                )


def check_ratio_indicators(ctx: ValidationContext) -> Iterator[Issue]:
    for ind in ctx.form.iter_indicators():
        if ind.aggregation is Aggregation.COUNT_OF_UNITS and ind.total:
            for m in ctx.value_measures:
                part, total = ctx.num(ind.code, m), ctx.num(ind.total, m)
                if part is not None and total is not None and part > total:
                    yield ctx.issue(
                        E,
                        "dat_chuan_vuot_tong",
                        f"{ctx.cell(ind, m)} = {format_vn(part)} lớn hơn tổng số ({format_vn(total)}).",
                        ind.code,
                        m,
                    )
        if ind.aggregation is not Aggregation.RATIO or not (ind.numerator and ind.denominator):
            continue
        for m in ctx.value_measures:
            typed, num, den = (
                ctx.num(ind.code, m),
                ctx.num(ind.numerator, m),
                ctx.num(ind.denominator, m),
            )
            if typed is None or num is None or not den:
                continue
            computed = num / den * ind.scale
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
    for rule in ctx.form.rules:
        expr = parse(rule.expr)  # the pack check guarantees it parses
        refs = expr.refs()
        generic = any(r.measure is None for r in refs)
        measures = rule.measures or (ctx.value_measures if generic else [None])
        first = refs[0].indicator if refs else None
        for m in measures:

            def lookup(ref: Ref, m=m):
                return ctx.num(ref.indicator, ref.measure or m)

            result = expr.evaluate(lookup)
            if result is False:
                loc_measure = m or (refs[0].measure if refs else None)
                yield ctx.issue(
                    Severity(rule.severity.value), rule.code, rule.message, first, loc_measure
                )


def check_history(ctx: ValidationContext) -> Iterator[Issue]:
    """A value 10 times larger or smaller than the last one usually means triệu ↔ tỷ."""
    comparisons = [(ctx.history.previous, ctx.history.previous_label, ("th_ky", "uoc_th"))]
    comparisons.append(
        (ctx.history.last_year, ctx.history.last_year_label, ("th_ky", "uoc_th", "luy_ke"))
    )
    for (code, m), value in ctx.submission.values.items():
        ind = ctx.indicators.get(code)
        if (
            ind is None
            or not isinstance(value, Decimal)
            or value == 0
            or ind.kind is ValueKind.TEXT
        ):
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
    reported = ctx.history.last_year
    for ind in ctx.form.iter_indicators():
        same, old = ctx.num(ind.code, "cung_ky"), reported.get((ind.code, "th_ky"))
        if same is not None and isinstance(old, Decimal) and same != old:
            yield ctx.issue(
                W,
                "cung_ky_khac_da_bao_cao",
                f"{ctx.label(ind)}: số cùng kỳ {format_vn(same)} khác số đơn vị đã báo cáo năm trước ({format_vn(old)}).",
                ind.code,
                "cung_ky",
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


REFERENCE_CHECKS = [
    check_values,
    check_required,
    check_marks,
    check_children,
    check_cumulative,
    check_ratio_measures,
    check_ratio_indicators,
    check_rules,
    check_history,
]
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def reference_validate(form, submission, catalog, *, history=None, filename=None) -> list[Issue]:
    ctx = ReferenceContext(form, submission, catalog, history or History(), filename)
    issues: list[Issue] = []
    for check in REFERENCE_CHECKS:
        issues.extend(check(ctx))
    return sorted(issues, key=lambda i: _ORDER[i.severity])
