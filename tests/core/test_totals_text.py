# ruff: noqa: F811  (the svc fixture is imported, and named as a parameter by pytest convention)
"""A batch's end adds to the running sums as scaled integers (storage/totals_cache.py): each
sum's stored text is written from its integer, the very text `canonical.to_text` gives of
the Decimal sum, and read back to the same integer; a stored sum this program could not
have written is not added to but dropped, and made again from the figures when read."""

from __future__ import annotations

from decimal import Context
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.canonical import to_text
from desktop.core.storage.totals_cache import SumsCache, decimals, from_text, text
from tests.core.test_consolidation import put, svc  # noqa: F401  (svc: the fixture)
from tests.core.test_running_totals import PERIOD, maintained, receive, scratch

WIDE = Context(prec=200)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.integers(-(10**60), 10**60), st.integers(-(10**7), 10**7)),
    st.sampled_from([6, 12]),
)
def test_the_text_of_a_scaled_sum_is_the_canonical_text_and_reads_back(scaled, digits):
    written = text(scaled, digits)
    assert written == to_text(D(scaled).scaleb(-digits, WIDE))
    assert from_text(written, digits) == scaled
    assert D(written) == D(scaled).scaleb(-digits, WIDE)


def test_stored_texts_not_written_by_this_program():
    assert from_text("1.5E+3", 6) == 1_500_000_000  # an older copy's exponent form
    assert from_text("0.0000001", 6) is None  # finer than a figure can be
    assert from_text("0.0000001", 12) == 100_000
    assert from_text("1.", 6) == from_text(".5", 6) * 2 == 1_000_000  # as Decimal reads them
    for bad in ("", "-", "1,5", "abc", "NaN", "-Infinity", "1e999999999", "-1e-999999999"):
        assert from_text(bad, 6) is None, bad


def test_the_cache_gives_scaled_sums_as_the_decimals_read_back_from_the_table():
    cache = SumsCache()
    scaled = {
        ("s", "X", "th_ky"): (100_500_000, 0, 2),
        ("w", "Y", "pct"): (-(10**12) // 4, 5 * 10**6, 1),
    }
    cache.put_scaled(("2023-H1", "a"), "t", scaled)
    assert cache.get(("2023-H1", "a"), "t") == {
        ("s", "X", "th_ky"): (D("100.5"), D(0), 2),
        ("w", "Y", "pct"): (D("-0.25"), D(5), 1),
    }
    assert cache.scaled(("2023-H1", "a"), "t") == scaled
    assert cache.scaled(("2023-H1", "a"), "other") is None  # written since by someone else
    cache.put(("2023-H1", "b"), "t", decimals(scaled))
    assert cache.scaled(("2023-H1", "b"), "t") is None  # Decimals only: read from the table


def test_a_stored_sum_this_program_could_not_have_written_is_made_again(svc):
    put(svc, "178", PERIOD, {"FL.th_ky": "1.5", "NU.th_ky": "3"})
    conn = svc.repo.conn
    # another program writes a sum finer than any figure (and a new token: nothing cached holds)
    conn.execute("UPDATE totals SET a = '1.50000001' WHERE indicator = 'FL' AND measure = 'th_ky'")
    conn.execute("UPDATE totals_state SET token = 'khác'")
    conn.commit()
    assert receive(svc, "181", 1, {"FL.th_ky": "2"}, "181-1").outcome == "new"
    assert maintained(svc) is None  # dropped, not added to
    assert svc.repo.counted_totals(PERIOD, "thu") == scratch(svc)  # made again from the figures
    assert maintained(svc)[0][("s", "FL", "th_ky")] == (D("3.5"), D(0), 2)


def test_sums_read_back_from_the_table_are_added_to_exactly(svc):
    put(svc, "178", PERIOD, {"FL.th_ky": "1.5", "NU.th_ky": "3"})
    svc.repo.conn.execute("UPDATE totals_state SET token = 'khác'")  # the cached copy is stale
    svc.repo.conn.commit()
    assert (
        receive(svc, "181", 1, {"FL.th_ky": "0.000001", "NU.th_ky": "-3"}, "181-1").outcome == "new"
    )
    assert maintained(svc) == scratch(svc)
    assert maintained(svc)[0][("s", "FL", "th_ky")] == (D("1.500001"), D(0), 2)
