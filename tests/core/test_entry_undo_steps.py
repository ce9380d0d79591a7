"""Undo of a step of edits (desktop/core/entry_session.py, `one_step`): a block pasted from
Excel, or cells cleared at once, is taken back by one undo, and what was typed before it
is still undone on its own afterwards.  Real SQLite; a Hypothesis property over blocks of
any size and figures, some landing on cells already typed."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.entry_session import EntrySession
from desktop.core.numbers import format_vn
from desktop.core.periods import Period

CELLS = [  # figure cells of Biểu 05 none of which is a `children: sum` total
    (ind, mea)
    for ind in ("NS_THU", "NS_THU_ND", "NS_THU_SDD", "NS_CHI", "NS_CHI_DTPT", "NS_CHI_TX")
    for mea in ("th_ky", "uoc_th", "luy_ke")
]


MONTHS = itertools.cycle(
    [Period.parse(f"{y}-{m:02d}") for y in (2022, 2023, 2024) for m in range(1, 13)]
)


def _session(svc) -> EntrySession:
    """A month of its own for each example (a clean draft without clearing it first)."""
    period = next(MONTHS)
    unit = svc.units.for_period("178", period)
    s = EntrySession(svc, unit=unit, form=svc.pack.get("ngan_sach"), period=period, actor="Lan")
    for key in list(s.submission.values):  # a month met again (Hypothesis' shrinking)
        s.set_cell(*key, "")
    s._undo.clear()
    return s


figure = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.dictionaries(st.sampled_from(CELLS), figure, max_size=4),
    block=st.dictionaries(st.sampled_from(CELLS), figure | st.none(), min_size=1, max_size=9),
)
def test_one_undo_takes_back_a_whole_step(services, before, block):
    s = _session(services)
    typed = dict(before)
    for key, value in before.items():
        assert s.set_cell(*key, format_vn(value)).ok
    values_before = dict(s.submission.values)
    with s.one_step():  # as EntryGridModel.paste and .clear do
        for key, value in block.items():
            assert s.set_cell(*key, "" if value is None else format_vn(value)).ok
    changed = any(
        values_before.get(k) != (None if v is None else Decimal(v)) for k, v in block.items()
    )
    if changed:
        s.undo()
    assert dict(s.submission.values) == values_before
    for _ in typed:  # the edits before the step are still undone one by one
        s.undo()
    assert not s.submission.values
    assert s.undo() is None and not s.can_undo
