"""A package's figures are stored from the integers its canonical read made
(`Submission.scaled`, storage/codec.py `value_rows`), no Decimal looked at; any figure
without one goes the Decimal route.  Whatever the figures — canonical text of up to 30
digits, negatives, -0, leading zeros, many places, beyond 64 bits — and whichever of them
carry their integer, the rows are exactly those the Decimal route writes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import canonical
from desktop.core.storage.codec import encode, value_rows
from desktop.core.storage.errors import UnstorableValue

text = st.one_of(
    st.builds(
        lambda neg, whole, frac: ("-" if neg else "") + whole + ("." + frac if frac else ""),
        st.booleans(),
        st.from_regex(r"[0-9]{1,30}", fullmatch=True),
        st.from_regex(r"[0-9]{0,9}", fullmatch=True),
    ),
    st.sampled_from(["0", "-0", "007", "-0.000000", "9223372036854.775807", "-9223372036854.775808",
                     "9223372036854.775808", "0.0000001"]),
)
figures = st.dictionaries(
    st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(["th_ky", "luy_ke"])),
    st.one_of(text.map(lambda t: canonical.read(t, max_digits=60)), st.sampled_from(["Có", ""])),
    max_size=8,
)


def _integer(value) -> int | None:
    """What a canonical read gives a figure: its integer × 10^6 when it has one."""
    if isinstance(value, str):
        return None
    try:
        return encode(value)[0]
    except UnstorableValue:
        return None


def _rows(values, scaled):
    try:
        return value_rows(5, values, scaled)
    except UnstorableValue as exc:
        return ("refused", exc.message, exc.code)


@settings(max_examples=30)
@given(values=figures, data=st.data())
def test_rows_from_the_integers_are_the_decimal_routes(values, data):
    known = {k: n for k, v in values.items() if (n := _integer(v)) is not None}
    some = data.draw(st.sets(st.sampled_from(sorted(known)) if known else st.nothing()))
    expected = _rows(values, None)
    assert _rows(values, known) == expected  # every integer given (the usual package)
    assert _rows(values, {k: known[k] for k in some}) == expected  # some dropped


def test_integers_are_taken_as_given():
    """The integer is what is stored: no Decimal is looked at for a figure that has one
    (a figure and its integer that disagree show which one was written)."""
    values = {("A", "th_ky"): D("1.5"), ("B", "th_ky"): D("2")}
    assert value_rows(1, values, {("A", "th_ky"): 7, ("B", "th_ky"): 8}) == [
        (1, "A", "th_ky", 7, None, None),
        (1, "B", "th_ky", 8, None, None),
    ]
    # one without: it alone goes the Decimal route
    assert value_rows(1, values, {("A", "th_ky"): 7}) == [
        (1, "A", "th_ky", 7, None, None),
        (1, "B", "th_ky", 2_000_000, None, None),
    ]
    with pytest.raises(UnstorableValue):
        value_rows(1, {("A", "th_ky"): D("0.0000001")}, {})


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_package_read_stores_what_the_decimal_route_stores(pack, data):
    """Through the package's own read (parse_submission, canonical numbers): the rows made
    from its integers are the rows made from its Decimals."""
    from desktop.core.submission import SubmissionData, parse_submission

    form = pack.get(data.draw(st.sampled_from(sorted(pack.forms)), label="form"))
    keys = [(ind.code, m) for ind in form.iter_indicators() if ind.kind.value != "text"
            for m in form.measures_of(ind)]  # fmt: skip
    chosen = data.draw(st.lists(st.sampled_from(keys), max_size=20, unique=True), label="keys")
    raw: dict[str, dict[str, str]] = {}
    for code, m in chosen:
        raw.setdefault(code, {})[m] = data.draw(text.filter(lambda t: len(t) <= 30), label=code)
    sf = SubmissionData(
        format="baocao-submission/1", form=form.id, form_version=form.version, unit="178",
        period="2025-H1", values=raw,
    )
    sub, _ = parse_submission(sf, form, canonical_numbers=True)
    assert _rows(sub.values, sub.scaled) == _rows(sub.values, None)


SUBMISSION = ("", "ngan_sach", 1, "h", "2023-H1", 1, "received", "imported", None, None)
SUBMISSION += ("2024-01-01", "2024-01-01", None, None, "2024-01-01", None, 1)


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    from desktop.core.storage.database import open_database

    db = open_database(tmp_path_factory.mktemp("kho") / "baocao.db")
    yield db.conn
    db.conn.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.dictionaries(
        st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(["th_ky", "luy_ke"])),
        st.builds(
            lambda neg, whole, frac: canonical.read(("-" if neg else "") + whole + frac),
            st.booleans(),
            st.from_regex(r"[0-9]{1,12}", fullmatch=True),
            st.from_regex(r"(\.[0-9]{1,6})?", fullmatch=True),
        ),
        max_size=8,
    )
)
def test_a_submission_with_every_integer_is_stored_as_the_decimal_route_stores_it(conn, values):
    """On a real SQLite file: the columns route (every figure with its integer) leaves the
    `vals` rows, and hands the running totals the figures, the Decimal route does."""
    from desktop.core.storage import contents, revisions
    from desktop.core.submission import Submission

    known = {k: _integer(v) for k, v in values.items()}
    assert None not in known.values()  # ≤ 12 digits, ≤ 6 places: every one has its integer
    written = []
    with conn:
        for unit, scaled in (("178", known), ("179", {})):
            sid = conn.execute(revisions.INSERT_SUBMISSION, (unit, *SUBMISSION)).lastrowid
            sub = Submission("ngan_sach", 1, "178", "2023-H1", values=dict(values), scaled=scaled)
            figures = contents.insert_contents(conn, sid, sub)
            rows = conn.execute(
                "SELECT indicator, measure, num, txt, big FROM vals WHERE submission_id = ? "
                "ORDER BY indicator, measure", (sid,)
            ).fetchall()
            written.append((rows, figures))
        conn.execute("DELETE FROM vals")
        conn.execute("DELETE FROM submissions")
    assert written[0] == written[1]
