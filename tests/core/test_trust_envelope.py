"""Signed feedback files: whatever the province writes comes back exactly (Hypothesis),
and any change to the signed text, or another signer, is refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.errors import InputFileError
from desktop.core.exchange.signing import SigningKey
from desktop.core.trust.enrolment import UnitRef
from desktop.core.trust.envelope import open_sealed, write_sealed
from desktop.core.trust.review import CellComment, Feedback

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
code = st.from_regex(r"[A-Z][A-Z0-9_]{0,12}", fullmatch=True)
cells = st.lists(st.builds(CellComment, indicator=code, measure=code, text=text), max_size=5)
feedback = st.builds(
    Feedback,
    feedback_uuid=st.uuids().map(str),
    decision=st.sampled_from(["accepted", "returned"]),
    unit=st.builds(UnitRef, code=st.from_regex(r"\d{3,5}", fullmatch=True), name=text),
    period=st.just("2023-H1"),
    form_id=st.just("ngan_sach"),
    revision=st.integers(1, 99),
    comment=text,
    cells=cells,
    decided_at=st.just("2026-11-23T01:02:03+00:00"),
    decided_by=text | st.none(),
)


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return SigningKey.load_or_create(tmp_path_factory.mktemp("khoa"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=feedback)
def test_feedback_round_trip(tmp_path, key, body):
    path = write_sealed(body, key, tmp_path / "phan_hoi.baocao-phanhoi")
    back, signer, public = open_sealed(path, Feedback)
    assert back == body and signer == key.fingerprint and public == key.public_b64


def test_changed_text_or_other_kind_refused(tmp_path, key):
    body = Feedback(
        feedback_uuid="u",
        decision="returned",
        unit=UnitRef(code="183", name="Huyện Cao Lộc"),
        period="2023-H1",
        form_id="ngan_sach",
        revision=1,
        comment="Số thu lệch.",
        cells=[CellComment(indicator="NS_THU", measure="th_ky", text="Kho bạc ghi khác")],
        decided_at="2026-11-23T01:02:03+00:00",
    )
    path = write_sealed(body, key, tmp_path / "a.baocao-phanhoi")
    env = json.loads(path.read_text(encoding="utf-8"))
    env["body"] = env["body"].replace("Kho bạc ghi khác", "Đã đúng")
    path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputFileError) as exc:
        open_sealed(path, Feedback)
    assert "chữ ký không hợp lệ" in exc.value.message and "a.baocao-phanhoi" in exc.value.message
    from desktop.core.trust.enrolment import EnrolmentDecision

    good = write_sealed(body, key, tmp_path / "b.baocao-phanhoi")
    with pytest.raises(InputFileError) as exc:
        open_sealed(good, EnrolmentDecision)
    assert "phản hồi của tỉnh" in exc.value.message
    (tmp_path / "rac.baocao-phanhoi").write_bytes(b"\xff\x00 khong phai json")
    with pytest.raises(InputFileError):
        open_sealed(tmp_path / "rac.baocao-phanhoi", Feedback)
