"""A submission file is read strictly without pydantic (`SubmissionData`) when it is exactly
as the format says, else by the format's pydantic model: wherever the strict reader accepts
a file, pydantic accepts it too and reads the very same fields; the units catalog likewise."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop.core import dataspec
from desktop.core.submission import SubmissionData, submission_from_json
from desktop.core.submission_schema import SubmissionFile
from desktop.core.units import Unit
from tests.conftest import REPO

ANY = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 20_000), st.text(max_size=6),
    st.decimals(allow_nan=True, allow_infinity=True, places=2), st.just([]), st.just({}),
    st.just("2023-06-30"), st.just("2023-6-30"), st.just("20230630"), st.just("178"),
    st.just("178\n"), st.just("baocao-submission/1"), st.just("chua_co_so_lieu"),
)  # fmt: skip
FIGURE = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5),
                   st.decimals(allow_nan=False, allow_infinity=False), st.just([1]))  # fmt: skip
MARK = st.dictionaries(st.sampled_from(["mark", "reason", "other"]), ANY, max_size=3)
FIELDS = {
    "format": ANY, "form": ANY, "form_version": ANY, "unit": ANY, "period": ANY, "author": ANY,
    "values": st.one_of(ANY, st.dictionaries(st.text(max_size=3), st.one_of(
        ANY, st.dictionaries(st.text(max_size=3), FIGURE, max_size=3)), max_size=3)),
    "comments": st.one_of(ANY, st.dictionaries(st.text(max_size=3), st.dictionaries(
        st.text(max_size=3), ANY, max_size=2), max_size=2)),
    "narratives": st.one_of(ANY, st.dictionaries(st.text(max_size=3), ANY, max_size=2)),
    "data_cutoff": ANY,
    "marks": st.one_of(ANY, st.dictionaries(st.text(max_size=3), st.one_of(ANY, MARK), max_size=2)),
    "extra": ANY,
}  # fmt: skip
VALID = {"format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1, "unit": "178",
         "period": "2023-H1"}  # fmt: skip


@st.composite
def raw_files(draw):
    raw = {k: v for k, v in VALID.items() if draw(st.booleans()) or draw(st.booleans())}
    for name in draw(st.sets(st.sampled_from(sorted(FIELDS)), max_size=5)):
        raw[name] = draw(FIELDS[name])
    return raw


def _pydantic_fields(sf: SubmissionFile) -> dict:
    data = sf.model_dump(mode="json")
    data.setdefault("marks", {})
    data.setdefault("data_cutoff", None)
    return data


@given(raw_files())
def test_where_the_strict_reader_accepts_pydantic_reads_the_same(raw):
    try:
        strict = dataspec.build(SubmissionData, raw)
    except dataspec.Rejected:
        return
    assert _pydantic_fields(SubmissionFile.model_validate(raw)) == dataspec.dump(strict)


def test_a_wellformed_file_is_read_strictly_and_a_bad_one_worded_by_pydantic():
    good = json.loads((REPO / "tests/fixtures/seed000/ngan_sach.json").read_text(encoding="utf-8"))
    assert isinstance(submission_from_json(good, "a.json"), SubmissionData)
    assert isinstance(submission_from_json({**VALID, "data_cutoff": "2023-06-30"}, "a.json"),
                      SubmissionData)  # fmt: skip
    lax = {**VALID, "values": {"NS_THU": {"th_ky": 1.5}}}  # a float: pydantic reads it as Decimal
    assert submission_from_json(lax, "a.json").values["NS_THU"]["th_ky"] == Decimal("1.5")
    import pytest

    from desktop.core.errors import InputFileError

    with pytest.raises(InputFileError) as exc:
        submission_from_json({**VALID, "unit": "178\n", "form_version": True}, "x.json")
    assert "trường «unit»: không đúng dạng quy định" in exc.value.message
    assert "trường «form_version»: phải là số nguyên" in exc.value.message


def test_every_unit_of_the_catalog_reads_the_same_both_ways():
    for name in ("lang_son.json", "lang_son_departments.json"):
        data = json.loads((REPO / "resources/units" / name).read_text(encoding="utf-8"))
        for raw in data["units"]:
            strict = dataspec.build(Unit, raw)
            assert strict == dataspec.validator(Unit).validate_python(raw)
            assert dataspec.dump(strict) == dataspec.validator(Unit).dump_python(strict, mode="json")
