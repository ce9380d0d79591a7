"""`check_values` and `check_cumulative` answer at once when they have nothing to say
(validation/quiet.py, issue 14, K9).  On arbitrary submissions over every real form —
mostly plain non-negative figures (the quiet case), with negatives, too many places,
percentages, texts, unknown rows and lũy kế figures mixed in — they give exactly the
issues a figure-by-figure reading of the rules gives, written out here on its own."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.submission import Submission
from desktop.core.validation import checks
from desktop.core.validation.context import History, ValidationContext
from desktop.core.validation.plan import plan_for
from desktop.core.validation.quiet import no_year_to_date, values_quiet

PLAIN = st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False)
ODD = st.one_of(
    st.decimals(min_value=-50, max_value=2000, places=3, allow_nan=False),
    st.sampled_from(
        ["-0", "0E-9", "0.0000001", "2.50", "1E+3", "123456789012345678901234567890"]
    ).map(D),
    st.sampled_from(["Có", ""]),
)

NEGATIVE = st.decimals(min_value=-(10**6), max_value="-0.1", places=1, allow_nan=False)
MANY_PLACES = st.decimals(min_value=0, max_value=10, places=9, allow_nan=False)


def _plain(spec) -> bool:
    return (
        not spec.text and not spec.integer and spec.hi is None and (spec.lo is None or spec.lo <= 0)
    )


def _places(v: D) -> int:
    _, digits, exp = v.as_tuple()
    if not any(digits):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exp + zeros))


def _by_hand(ctx: ValidationContext) -> Counter:
    """The rules of check_values, one figure at a time: (code, row, column) of each issue."""
    out: Counter = Counter()
    for (code, m), v in ctx.submission.values.items():
        spec = ctx.plan.specs.get(code)
        if spec is None:
            continue
        if spec.text:
            if not isinstance(v, str):
                out["can_van_ban", code, m] += 1
            continue
        if not isinstance(v, D):
            out["can_so", code, m] += 1
            continue
        if _places(v) > checks.MAX_DECIMALS:
            out["qua_nhieu_so_le", code, m] += 1
        if m in ctx.plan.ratio_set:
            if v < 0 or v > 1000:
                out["ty_le_am" if v < 0 else "ty_le_qua_lon", code, m] += 1
            continue
        if spec.integer and v != v.to_integral_value():
            out["can_so_nguyen", code, m] += 1
        if spec.lo is not None and v < spec.lo:
            out["nho_hon_toi_thieu", code, m] += 1
        if spec.hi is not None and v > spec.hi:
            out["lon_hon_toi_da", code, m] += 1
    return out


def _cumulative_by_hand(ctx: ValidationContext) -> Counter:
    out: Counter = Counter()
    values = ctx.submission.values
    for ind, period_key, ytd_key in ctx.plan.flows:
        ytd, period = values.get(ytd_key), values.get(period_key)
        if isinstance(ytd, D) and isinstance(period, D) and period >= 0 and ytd < period:
            out["luy_ke_nho_hon_ky", ind.code, "luy_ke"] += 1
    return out


def _got(issues) -> Counter:
    return Counter((i.code, i.location.indicator, i.location.measure) for i in issues)


@st.composite
def contexts(draw, pack):
    form = pack.get(draw(st.sampled_from(sorted(pack.forms))))
    rows = [i.code for i in form.iter_indicators()]
    specs, ratios = plan_for(form, pack.catalog).specs, plan_for(form, pack.catalog).ratio_set
    measures = [*form.measures, "luy_ke"]
    if draw(st.booleans()):  # rows asking only for a number ≥ 0, columns not percentages
        rows = [c for c in rows if _plain(specs[c])] or rows
        if draw(st.integers(0, 3)):  # (now and then a percentage column too)
            measures = [m for m in measures if m not in ratios]
    chosen = draw(st.lists(st.sampled_from(rows), max_size=12, unique=True))
    # plain: the import's usual case; else plain figures with a few of one odd kind
    odd = draw(st.sampled_from([None, NEGATIVE, MANY_PLACES, ODD]))
    values: dict = {}
    for code in chosen:
        for m in measures:
            if draw(st.integers(0, 2)):
                rare = odd is not None and not draw(st.integers(0, 4))
                values[(code, m)] = draw(odd if rare else PLAIN)
    if odd is ODD and draw(st.booleans()):
        values[("KHONG_CO", "th_ky")] = D(1)  # a row the form does not have
    return form.id, values  # (what a failure shows: not the whole form)


def _context(pack, form_id: str, values: dict) -> ValidationContext:
    form = pack.get(form_id)
    sub = Submission(form.id, form.version, "178", "2023-06", values=values)
    return ValidationContext(form, sub, pack.catalog, History(), "a.json", False, None)


@settings(max_examples=300)
@given(data=st.data())
def test_the_quiet_answers_are_the_rules_answers(pack, data):
    ctx = _context(pack, *data.draw(contexts(pack)))
    assert _got(checks.check_values(ctx)) == _by_hand(ctx)
    assert _got(checks.check_cumulative(ctx)) == _cumulative_by_hand(ctx)


def test_quiet_only_when_nothing_to_say(pack):
    form = pack.get("ngan_sach")
    code = next(i.code for i in form.iter_indicators() if i.kind.value == "decimal")

    def ctx(values):
        sub = Submission(form.id, form.version, "178", "2023-06", values=values)
        return ValidationContext(form, sub, pack.catalog, History(), "a.json", False, None)

    plain = ctx({(code, "th_ky"): D("12.5")})
    assert values_quiet(plain, True) and no_year_to_date(plain)
    assert list(checks.check_values(plain)) == []
    negative = ctx({(code, "th_ky"): D("-1")})
    assert not values_quiet(negative, True)
    assert [i.code for i in checks.check_values(negative)] == ["nho_hon_toi_thieu"]
    assert not no_year_to_date(ctx({(code, "luy_ke"): D(1)})) or not any(
        f[2] == (code, "luy_ke") for f in plain.plan.flows
    )
