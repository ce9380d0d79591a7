"""A package's figures read all at once (submission.py `_read_canonical`) only when every
cell is one where its row holds figures: a payload whose every value is canonical text but
one cell sits in a column its row lacks, in a column the form lacks, in a text row or in an
unknown row is read value by value and gets that cell's issue, exactly as the rule says.
Over every real form, whose rows have different columns."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.core import canonical
from desktop.core.formdef.period_form import form_for_period
from desktop.core.submission import SubmissionData, parse_submission
from tests.core.test_package_read import read_by_the_rule

TEXTS = st.decimals(min_value=-(10**12), max_value=10**12, places=2).map(canonical.to_text)


@given(data=st.data())
def test_one_odd_cell_among_canonical_figures_gets_its_issue(pack, data):
    # a half-year's columns (period_form.py): no «tháng trước», no «dự toán tháng»
    form = form_for_period(pack.get(data.draw(st.sampled_from(sorted(pack.forms)))), "2023-H1")
    rows = list(form.iter_indicators())
    chosen = data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=6, unique_by=id))
    values = {
        ind.code: {m: data.draw(TEXTS) for m in form.measures_of(ind)}
        for ind in chosen
        if ind.kind != "text"
    }
    odd = data.draw(st.sampled_from(["other_column", "no_column", "text_row", "no_row", "none"]))
    narrow = [i for i in rows if i.kind != "text" and set(form.measures) - set(form.measures_of(i))]
    texts = [i for i in rows if i.kind == "text"]
    if odd == "other_column" and narrow:
        ind = data.draw(st.sampled_from(narrow))
        lacks = sorted(set(form.measures) - set(form.measures_of(ind)))
        values.setdefault(ind.code, {})[data.draw(st.sampled_from(lacks))] = "1"
    elif odd == "no_column":
        values[chosen[0].code] = {**values.get(chosen[0].code, {}), "zz": "1"}
    elif odd == "text_row" and texts:
        values[data.draw(st.sampled_from(texts)).code] = {form.measures_of(texts[0])[0]: "12"}
    elif odd == "no_row":
        values["KHONG_CO"] = {"th_ky": "1"}
    sf = SubmissionData(format="baocao-submission/1", form=form.id, form_version=form.version,
                        unit="178", period="2023-H1", values=values)  # fmt: skip
    sub, issues = parse_submission(sf, form, filename="f", canonical_numbers=True)
    expected, problems = read_by_the_rule(form, values)
    assert [(k, str(v), type(v)) for k, v in sub.values.items()] == [
        (k, str(v), type(v)) for k, v in expected.items()
    ]
    assert [(i.code, i.location.indicator, i.location.measure) for i in issues] == problems
