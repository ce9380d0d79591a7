"""A package's figures carry their integers × 10^6 (Submission.scaled, from the canonical
read), and `check_values` decides on them whether it has anything to say.  Against the
Decimal route (the same figures without their integers), issue for issue: same codes, same
messages, same order, over every real form, with figures on and beside every bound, whole
and not, huge, many-place, negative, zero, «-0», «007».  And every integer is its figure
× 10^6 exactly."""

from __future__ import annotations

from dataclasses import replace
from decimal import Context, localcontext
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import canonical
from desktop.core.formdef.period_form import form_for_period
from desktop.core.submission import SubmissionData, parse_submission
from desktop.core.validation.checks import check_values
from desktop.core.validation.context import ValidationContext
from desktop.core.validation.engine import validate_submission

EDGES = [
    "0", "-0", "-0.000", "007", "0.000001", "-0.000001", "1000", "1000.000001", "999.999999",
    "100", "100.000001", "12.5", "-12.5", "9223372036854.775807", "9223372036854.775808",
    "-9223372036854.775808", "-9223372036854.775809", "0.0000001", "1.0000000",
    "123456789012345678901234567890", "9999999999999999999999.9999999",
]


def _text(sign: bool, whole: str, frac: str) -> str:
    return ("-" if sign else "") + whole + (f".{frac}" if frac else "")


FREE = st.builds(
    _text,
    st.booleans(),
    st.text("0123456789", min_size=1, max_size=22),
    st.text("0123456789", max_size=8),
).filter(lambda t: len(t) <= canonical.MAX_DIGITS)


def _near(bound: D) -> list[str]:
    step = D("0.000001")
    return [canonical.to_text(b) for b in (bound, bound - step, bound + step, bound - 1)]


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_check_values_on_the_integers_says_what_the_decimals_say(pack, data):
    # the form's columns of a half-year (period_form.py): no «tháng trước», no «dự toán tháng»
    drawn = data.draw(st.sampled_from(sorted(pack.forms)), label="form")
    form = form_for_period(pack.get(drawn), "2025-H1")
    rows = {ind.code: ind for ind in form.iter_indicators()}
    keys = [(code, m) for code, ind in rows.items() for m in form.measures_of(ind)]
    capped = [k for k in keys if rows[k[0]].max is not None] or keys  # (few rows have one)
    key = st.one_of(st.sampled_from(keys), st.sampled_from(capped))
    chosen = data.draw(st.lists(key, max_size=25, unique=True), label="keys")
    values: dict[str, dict[str, str]] = {}
    for code, m in chosen:
        own = [t for b in (rows[code].min, rows[code].max) if b is not None for t in _near(b)]
        figure = st.one_of(FREE, st.sampled_from(EDGES), st.sampled_from(own or EDGES))
        values.setdefault(code, {})[m] = data.draw(figure, label=f"{code}/{m}")
    sf = SubmissionData(
        format="baocao-submission/1", form=form.id, form_version=form.version, unit="178",
        period="2025-H1", values=values,
    )
    sub, issues = parse_submission(sf, form, canonical_numbers=True)
    again, _ = parse_submission(sf, form, canonical_numbers=True)  # (its cells: seen)
    backwards = replace(sf, values=dict(reversed(values.items())))  # other cells, or none
    for read in (sub, again, parse_submission(backwards, form, canonical_numbers=True)[0]):
        assert read.values == {  # a text row's content stays its text («0» included)
            (c, m): t if rows[c].kind == "text" else canonical.read(t)
            for c, row in values.items()
            for m, t in row.items()
        }
    assert len(sub.scaled) in (0, len(sub.values))  # every figure's integer, or none
    for key, scaled in sub.scaled.items():
        assert scaled == sub.values[key] * 1_000_000  # exact: no digit changed
    decimals = replace(sub, scaled={})

    def said(s):
        ctx = ValidationContext(form, s, pack.catalog)
        return [(i.severity, i.code, i.message, i.location) for i in check_values(ctx)]

    assert said(sub) == said(decimals)
    assert validate_submission(form, sub, pack.catalog) == validate_submission(
        form, decimals, pack.catalog
    )


def test_a_figure_with_an_integer_is_still_spoken_of():
    """The integers do not only clear: a whole-number row's 2.5, a % of -1 and a figure
    under its row's minimum are said as the Decimal route says them."""
    from desktop.core.formdef.loader import load_pack
    from tests.conftest import REPO

    pack = load_pack(REPO / "forms")
    form = pack.get("quoc_phong")
    integer = next(i for i in form.iter_indicators() if i.kind.value == "integer")
    ratio = next(m for m in form.measures if pack.catalog.measure(m).kind.value == "ratio")
    sf = SubmissionData(
        format="baocao-submission/1", form=form.id, form_version=form.version, unit="178",
        period="2025-H1", values={integer.code: {"th_ky": "2.5", ratio: "-1", "luy_ke": "-3"}},
    )
    sub, _ = parse_submission(sf, form, canonical_numbers=True)
    assert sub.scaled == {
        (integer.code, "th_ky"): 2_500_000, (integer.code, ratio): -1_000_000,
        (integer.code, "luy_ke"): -3_000_000,
    }
    codes = [i.code for i in check_values(ValidationContext(form, sub, pack.catalog))]
    assert codes == ["can_so_nguyen", "ty_le_am", "nho_hon_toi_thieu"]


def test_every_bound_of_every_real_row_is_kept_to_the_millionth(pack):
    """A figure on a row's bound says nothing of it; one millionth beyond says it is out,
    decided on the integers (⌈lo·10^6⌉, ⌊hi·10^6⌋) for every bounded row of the pack."""
    step = D("0.000001")
    seen = 0
    for form_id in sorted(pack.forms):
        form = pack.get(form_id)
        measure = form.measures[0]  # th_ky: a value column of every form
        for ind in form.iter_indicators():
            if ind.kind.value in ("text", "percent"):
                continue
            for bound, beyond, code in (
                (ind.min, -step, "nho_hon_toi_thieu"),
                (ind.max, step, "lon_hon_toi_da"),
            ):
                if bound is None:
                    continue
                for figure, said in ((bound, []), (bound + beyond, [code])):
                    sf = SubmissionData(
                        format="baocao-submission/1", form=form.id, form_version=form.version,
                        unit="178", period="2025-H1",
                        values={ind.code: {measure: canonical.to_text(figure)}},
                    )
                    sub, _ = parse_submission(sf, form, canonical_numbers=True)
                    assert sub.scaled, (form.id, ind.code, figure)
                    ctx = ValidationContext(form, sub, pack.catalog)
                    codes = [i.code for i in check_values(ctx) if i.code != "can_so_nguyen"]
                    assert codes == said, (form.id, ind.code, figure)
                    seen += 1
    assert seen > 500


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(FREE, st.sampled_from(EDGES)), max_size=12))
def test_read_all_scaled_gives_each_figure_times_a_million_or_none(texts):
    numbers, scaled = canonical.read_all_scaled(texts)
    assert numbers == [canonical.read(t) for t in texts]
    with localcontext(Context(prec=100)):  # exact at these sizes
        times = [d * 1_000_000 for d in numbers]
    written = [len(t.partition(".")[2]) for t in texts]  # «1.0000000»: 7, though whole
    if all(p <= 6 for p in written) and all(-(2**63) <= t < 2**63 for t in times):
        assert scaled == [int(t) for t in times] and all(t == int(t) for t in times)
    else:
        assert scaled is None  # then every figure goes the Decimal route
