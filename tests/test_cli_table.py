"""Tables and lists said short, and kept whole: the CLI's table layout (cli_table), forms
named as runs of numbers (core/form_runs) and an import's short line (results_short)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.cli_table import layout
from desktop.core.exchange.results import FormOutcome, forms_text
from desktop.core.exchange.results_short import short_forms_text
from desktop.core.form_runs import form_runs

WORDS = st.sampled_from(["Huyện", "Cao", "Lộc", "Biểu", "số", "05", "trễ", "—", "Đình", "Lập"])
CELL = st.lists(WORDS, max_size=6).map(" ".join)


@settings(max_examples=40)
@given(
    headers=st.lists(CELL.filter(bool), min_size=1, max_size=8),
    data=st.data(),
    budget=st.integers(min_value=60, max_value=160),
)
def test_a_table_fits_the_terminal_and_keeps_every_word(headers, data, budget):
    rows = data.draw(st.lists(st.lists(CELL, min_size=len(headers), max_size=len(headers)),
                              max_size=5))  # fmt: skip
    right = {len(headers) - 1} if len(headers) > 2 else set()
    whole = layout(headers, rows, right)
    assert len(whole) == len(rows) + 2  # piped: one complete line a row
    fitted = layout(headers, rows, right, budget)
    assert all(len(line) <= budget for line in fitted), fitted
    said = " ".join(fitted).split()
    for text in [*headers, *(c for r in rows for c in r)]:
        for word in text.split():  # wrapped or in another block, never cut or lost
            assert said.count(word) >= 1


def test_the_status_matrix_prints_in_blocks_that_repeat_the_unit():
    headers = ["Đơn vị", *(f"Biểu {n:02d}" for n in range(1, 25))]
    rows = [["Thành phố Lạng Sơn", *["trễ ?"] * 24], ["Huyện Đình Lập", *["—"] * 24]]
    lines = layout(headers, rows, budget=119)
    heads = [line for line in lines if line.startswith("Đơn vị")]
    assert len(heads) == 3 and all(line.count("Biểu") == 8 for line in heads)
    assert sum(line.startswith("Thành phố Lạng Sơn  trễ ?") for line in lines) == 3
    assert len(layout(headers, rows)[0]) > 200  # piped: whole


@settings(max_examples=40)
@given(st.sets(st.integers(min_value=1, max_value=40), min_size=1))
def test_runs_of_form_numbers_say_every_form_once(numbers):
    names = [f"Biểu số {n:02d}" for n in sorted(numbers)]
    text = form_runs(names)
    assert text.startswith("Biểu số ") and text.count("Biểu số") == 1
    said = set()
    for part in text.removeprefix("Biểu số ").split(", "):
        first, _, last = part.partition("–")
        said |= set(range(int(first), int(last or first) + 1))
    assert said == numbers


def test_an_import_of_24_forms_is_one_short_line_with_each_form_in_it(pack):
    ids = [f.id for f in pack.by_number() if f.bieu_so != "Biểu số 22"]
    forms = [FormOutcome(i, 1, "new") for i in ids]
    forms[4] = FormOutcome(ids[4], 2, "new_revision", 1)
    short = short_forms_text(forms, pack)
    budget = pack.get(ids[4])
    assert short == (
        f"Biểu số 01–04, 06–21, 23–25 (23 biểu) lần 1: mới; "
        f"{budget.bieu_so} ({budget.title}) lần 2: bản sửa đổi (thay lần 1)"
    )
    assert len(short) < 200 and len(forms_text(forms, pack)) > 1000
    two = forms[:2]
    assert short_forms_text(two, pack) == forms_text(two, pack)  # two forms: by title
    assert re.search(r"\bngan_sach\b", short) is None
