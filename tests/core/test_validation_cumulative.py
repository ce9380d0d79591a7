"""Lũy kế không nhỏ hơn số của kỳ (validation/relations.py `check_cumulative`) on the real
forms: the rule visits only the flow rows whose lũy kế is given (plan.py `flow_at`), and
speaks of them in the form's order, whatever order the figures were given in."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.formdef.models import Aggregation
from desktop.core.submission import Submission
from desktop.core.validation.engine import validate_submission

FORM = "nong_lam_nghiep"


def _flows(pack):
    form = pack.get(FORM)
    measures = form.measures_of
    return form, [
        i.code
        for i in form.iter_indicators()
        if i.aggregation is Aggregation.FLOW and {"th_ky", "luy_ke"} <= set(measures(i))
    ]


def _said(pack, values: dict) -> list[tuple[str, str]]:
    form = pack.get(FORM)
    sub = Submission(FORM, form.version, "178", "2023-06", values=values)
    issues = validate_submission(form, sub, pack.catalog, errors_only=True)
    return [(i.location.indicator, i.message) for i in issues if i.code == "luy_ke_nho_hon_ky"]


def test_only_given_lũy_kế_speak_in_form_order(pack):
    form, flows = _flows(pack)
    assert len(flows) >= 6
    low = flows[1], flows[3], flows[5]  # lũy kế below the period's figure
    values = {}
    for code in reversed(flows[:7]):  # given backwards
        values[(code, "luy_ke")] = D(1) if code in low else D(50)
        values[(code, "th_ky")] = D(9)
    values[(flows[0], "luy_ke")] = "văn bản"  # not a figure: says nothing here
    values[(flows[4], "th_ky")] = D(-5)  # a negative period figure: nothing to compare
    values[(flows[4], "luy_ke")] = D(-9)
    said = _said(pack, values)
    assert [code for code, _ in said] == list(low)
    label = form.indicator_map()[low[0]].label
    assert said[0][1] == f"«{label}»: lũy kế (1) nhỏ hơn số thực hiện kỳ báo cáo (9)."
    assert _said(pack, {(flows[2], "luy_ke"): D(1)}) == []  # no figure of the period


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_order_figures_come_in_changes_nothing(pack, data):
    _, flows = _flows(pack)
    rows = data.draw(st.lists(st.sampled_from(flows), unique=True, max_size=12))
    figures = st.one_of(st.integers(-3, 12).map(D), st.just("chữ"))
    values = {}
    for code in rows:
        for measure in data.draw(st.sampled_from([("th_ky",), ("luy_ke",), ("th_ky", "luy_ke")])):
            values[(code, measure)] = data.draw(figures)
    shuffled = dict(data.draw(st.permutations(list(values.items()))))
    said = _said(pack, values)
    assert _said(pack, shuffled) == said
    place = {code: n for n, code in enumerate(flows)}
    assert [place[code] for code, _ in said] == sorted(place[code] for code, _ in said)
    expected = {
        code
        for code in rows
        if isinstance(values.get((code, "luy_ke")), D)
        and isinstance(values.get((code, "th_ky")), D)
        and D(0) <= values[(code, "th_ky")] > values[(code, "luy_ke")]
    }
    assert {code for code, _ in said} == expected
