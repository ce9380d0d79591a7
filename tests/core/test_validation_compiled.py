"""The rules compiled per form (validation/plan.py) on arbitrary submissions over every
real form in forms/: the import's errors-only run gives exactly the errors of the full run,
in the same order (the import's use of it, with the database, is test_validation_import.py);
the plan is made once per form; the decimal check reads the written figure.  (When the
rules were first compiled, a verbatim copy of the earlier rules checked the compiled ones
gave the same issues; the behaviour tests of test_validation.py pin those issues since.)"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.marks import CHUA_CO_SO_LIEU, KHONG_PHAT_SINH, Mark
from desktop.core.submission import Submission
from desktop.core.validation.context import History
from desktop.core.validation.engine import validate_submission
from desktop.core.validation.plan import plan_for
from tests.conftest import REPO

# figures as the parsers give them, and the written forms the fast decimal check reads
# from str(): exponents, trailing zeros, a point with nothing but zeros after it
ODD_FIGURES = [
    "1E+2", "1.0000000", "0.0000001", "1E-7", "-0", "5.000", "2.50", "12.3456789",
    "123456789012345678901234567", "-0.000001", "1000.5", "0.1500",
]  # fmt: skip
FIGURES = st.one_of(
    st.integers(-3, 40).map(D),
    st.sampled_from(ODD_FIGURES).map(D),
    st.decimals(min_value=-1000, max_value=10**7, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=2, places=8, allow_nan=False),
)
VALUES = st.one_of(FIGURES, FIGURES, FIGURES, st.sampled_from(["Có", "", "Chuyên đề 1"]))
EARLIER = st.one_of(
    st.sampled_from([D(0), D(1), D(10), D("0.5"), D(-3), D(400), "văn bản"]), FIGURES
)


def _related(form, chosen: list) -> list:
    """The chosen rows and the rows their rules tie them to (parent, children, parts)."""
    out = dict.fromkeys(i.code for i in chosen)
    for ind in chosen:
        for code in (ind.parent, ind.numerator, ind.denominator, ind.total):
            if code:
                out[code] = None
    for ind in form.iter_indicators():
        if ind.parent in out:
            out[ind.code] = None
    imap = form.indicator_map()
    return [imap[c] for c in out if c in imap]


@st.composite
def submissions(draw, form):
    rows = list(form.iter_indicators())
    chosen = _related(form, draw(st.lists(st.sampled_from(rows), max_size=8, unique_by=id)))
    measures = [*form.measures, "uoc_th"]  # a measure the form lacks: ignored by every rule
    values, previous, last_year = {}, {}, {}
    for ind in chosen:
        for m in measures:
            if draw(st.integers(0, 3)):
                values[(ind.code, m)] = draw(VALUES)
            if not draw(st.integers(0, 4)):
                previous[(ind.code, m)] = draw(EARLIER)
            if not draw(st.integers(0, 3)):
                last_year[(ind.code, m)] = draw(EARLIER)
    if draw(st.booleans()):
        values[("KHONG_CO", "th_ky")] = D(1)  # a row the form does not have
    marks = {
        ind.code: Mark(
            draw(st.sampled_from([KHONG_PHAT_SINH, CHUA_CO_SO_LIEU])),
            draw(st.sampled_from(["", "Chưa tổng hợp xong."])),
        )
        for ind in chosen
        if not draw(st.integers(0, 5))
    }
    narratives = {
        n.code: draw(st.sampled_from(["", "Ổn định.", "x" * (n.max_chars + 1)]))
        for n in form.narratives
        if draw(st.booleans())
    }
    sub = Submission(form.id, form.version, "178", "2023-06", values=values, marks=marks,
                     narratives=narratives)  # fmt: skip
    history = History(previous=previous, last_year=last_year) if draw(st.booleans()) else None
    return sub, history


@pytest.fixture(scope="module")
def real_pack():
    from desktop.core.formdef.loader import load_pack
    from tests.conftest import REPO

    return load_pack(REPO / "forms")


# Every form of the pack, each with its own examples: 10 per form in CI (250 in all, ~9 s),
# where 500 over a form drawn at random (17 s: an example's cost is drawing its ~500 choices)
# left forms untried (2 of the 25 in a run measured) and met fewer kinds of error (21 codes
# in the full runs' errors, against 27-29 with every form tried); locally 4 per form (the
# dev profile's 25 // 60 gave 1: a single draw per form, mostly a near-empty submission).
FORM_IDS = sorted(p.stem for p in (REPO / "forms").glob("*.yaml") if not p.name.startswith("_"))
PER_FORM = max(4, settings.default.max_examples // 50)  # dev: 4, ci (500): 10


@pytest.mark.parametrize("form_id", FORM_IDS)
@settings(max_examples=PER_FORM)
@given(data=st.data())
def test_errors_only_gives_the_errors_of_the_full_run(real_pack, form_id, data):
    form = real_pack.get(form_id)
    sub, history = data.draw(submissions(form))
    catalog = real_pack.catalog
    expected = validate_submission(form, sub, catalog, history=history, filename="a.json")
    errors_only = validate_submission(
        form, sub, catalog, history=history, filename="a.json", errors_only=True
    )
    assert errors_only == [i for i in expected if i.is_error]


def test_the_plan_is_made_once_per_form_object(real_pack):
    form = real_pack.get("ngan_sach")
    assert plan_for(form, real_pack.catalog) is plan_for(form, real_pack.catalog)


@pytest.mark.parametrize(
    ("written", "kind", "codes"),
    [
        ("1.0000000", "integer", []),  # 7 zeros after the point: a whole 1
        ("3.000", "integer", []),
        ("1E+2", "integer", []),  # 100
        ("2.50", "integer", ["can_so_nguyen"]),
        ("0.0000001", "decimal", ["qua_nhieu_so_le"]),
        ("1E-7", "decimal", ["qua_nhieu_so_le"]),
        ("12.345678", "decimal", []),  # six decimals are allowed
        ("-0.5", "decimal", ["nho_hon_toi_thieu"]),
    ],
)
def test_decimals_and_whole_numbers_read_from_the_written_figure(tmp_path, written, kind, codes):
    """Hand-computed: the figure's decimals as written, trailing zeros not counted."""
    from desktop.core.formdef.loader import load_pack
    from tests.conftest import REPO

    (tmp_path / "_catalog.yaml").write_text(
        (REPO / "forms" / "_catalog.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "so.yaml").write_text(
        'id: so\nversion: 1\ntitle: "Biểu số liệu"\nbieu_so: "Biểu số 98"\ndomain: tong_hop\n'
        "period_types: [month]\nmeasures: [th_ky]\nsections:\n"
        '  - title: "Số"\n    indicators:\n'
        f'      - {{code: S_MOT, label: "Số một", unit: nguoi, kind: {kind}, min: 0}}\n',
        encoding="utf-8",
    )
    pack = load_pack(tmp_path)
    sub = Submission("so", 1, "178", "2023-06", values={("S_MOT", "th_ky"): D(written)})
    issues = validate_submission(pack.get("so"), sub, pack.catalog)
    assert [i.code for i in issues] == codes


@pytest.mark.usefixtures("warm_pack")  # the pack cached, as after a first run
def test_a_thirty_digit_figure_gets_its_messages_not_a_failure(tmp_path):
    """30 digits pass the number reader (numbers.MAX_DIGITS); over a base of 0,001 its % has
    34 digits, past Decimal's 28: the message still says it (exit 1), no unexpected failure
    (exit 3, as before the % was rounded with room for every digit)."""
    from tests.conftest import run_cli

    path = tmp_path / "so_lon.json"
    path.write_text(
        '{"format": "baocao-submission/1", "form": "giao_duc", "form_version": 1, "unit": "178",'
        ' "period": "2023-H1", "values": {"GD_TRUONG_CHUAN": {"kh_nam": "0,001",'
        ' "th_ky": "100000000000000000000000000000", "pct_kh": "5"}}}',
        encoding="utf-8",
    )
    done = run_cli("entry", "validate", str(path), db=tmp_path / "b.db")
    assert done.returncode == 1, done.stderr
    assert "ty_le_khong_khop" in done.stdout
    assert "10.000.000.000.000.000.000.000.000.000.000.000%" in done.stdout  # 10^34, every digit
