"""Hostile signed files (core/trust/envelope.py): a unit's key request at the province
(`baocao keys receive`, enrolment.receive_requests) and the province's decision and review
feedback at the unit («Nhập phản hồi của tỉnh», gui/dialogs/feedback_import.py's
import_feedback_files; `baocao feedback import`).  A genuine file is mutated
(fuzz_corpus.mutate) either as bytes or inside its signed body, then signed again by the
key that signed it (a hostile unit signs whatever it likes; a province's faulty writer).
Every file is recorded, or refused with a Vietnamese message naming it — never "không
mong đợi" (an unexpected exception) — and a refused file changes no table."""

from __future__ import annotations

import json
import random
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.core.exchange.signing import SigningKey
from desktop.core.submission import Submission
from desktop.core.trust.enrolment import receive_requests, write_request
from desktop.core.trust.review import review_submission
from desktop.gui.dialogs.feedback_import import import_feedback_files
from tests.core.fuzz_corpus import mutate
from tests.core.test_import_fuzz import dump
from tests.core.test_template_fuzz import _VIETNAMESE
from tests.core.test_trust_returned import World


def vietnamese(text: str) -> bool:
    return (
        unicodedata.is_normalized("NFC", text)
        and bool(_VIETNAMESE.search(text))
        and "Traceback" not in text
    )


def hostile(genuine: bytes, key: SigningKey, rng: random.Random) -> tuple[str, bytes]:
    """The file's bytes mutated, or its body mutated and signed again with `key`."""
    if rng.random() < 0.4:
        return mutate(genuine, rng)
    env = json.loads(genuine)
    kind, body = mutate(env["body"].encode("utf-8"), rng)
    text = body.decode("utf-8", "surrogateescape")  # bytes that are not UTF-8 stay as they are
    env["body"] = text
    env["signature"] = key.sign(text.encode("utf-8", "surrogateescape"))
    return "body_" + kind, json.dumps(env, ensure_ascii=False).encode("utf-8", "surrogateescape")


def check_refusal(message: str, name: str, kind: str) -> None:
    assert name in message and vietnamese(message), (kind, message)
    assert "không mong đợi" not in message, (kind, message)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The unit enrolled at the province (its key accepted, the decision imported), its
    budget form sent, imported and returned with a cell comment: the three genuine files."""
    root = tmp_path_factory.mktemp("hostile_trust")
    w = World(root)
    values = {("NS_THU", "th_ky"): Decimal("209435"), ("NS_CHI", "th_ky"): Decimal("1000")}
    w.unit.save_entry(w.unit.validate(Submission("ngan_sach", 1, "178", "2023-H1", values=values)),
                      final=True, actor="Lan")  # fmt: skip
    w.send()
    w.unit_key = SigningKey.load_or_create(w.unit.key_dir)
    w.request = write_request(w.unit_key, w.ref, "Nguyễn Thị Lan", root / "dk.baocao-dangky")
    w.decision = root / "xn.baocao-xacnhan"
    w.feedback, _ = review_submission(
        w.province, w.key, unit_code="178", period="2023-H1", form_id="ngan_sach",
        decision="returned", out=root / "tl.baocao-phanhoi",
        cells={("NS_THU", "th_ky"): "Kho bạc ghi 219.435"}, comment="", actor="Minh",
    )  # fmt: skip
    w.dir = root / "bien_the"
    w.dir.mkdir()
    return w


@settings(max_examples=30)
@example(rng=random.Random(26))  # nested 100,000 deep in the signed body: RecursionError
@example(rng=random.Random(7823))  # "valid_from": "1e3": «Không có đơn vị …» without the file
@given(rng=st.randoms(use_true_random=False))
def test_a_hostile_key_request_is_recorded_or_refused_and_the_next_file_still_read(world, rng):
    """`keys receive hostile genuine`: the genuine request (already received: idempotent)
    is read after the hostile one; a refused file changes nothing."""
    w = world
    kind, data = hostile(w.request.read_bytes(), w.unit_key, rng)
    path = w.dir / "dang_ky_hong.baocao-dangky"
    path.write_bytes(data)
    before = dump(w.province.db_path)
    first, second = receive_requests(
        w.province.db, w.province.units, [path, w.request], actor="Minh"
    )
    assert second.request is not None, second.message
    if first.request is None:
        check_refusal(first.message, path.name, kind)
        assert dump(w.province.db_path) == before, kind


@settings(max_examples=30)
@example(rng=random.Random(32), which="decision")  # the file nested deep: RecursionError
@example(rng=random.Random(26), which="feedback")  # its signed body nested deep
@example(rng=random.Random(814), which="decision")  # "\ud800" in the body: UnicodeEncodeError
@example(rng=random.Random(883), which="decision")  # "kind": [] — TypeError: unhashable
@example(rng=random.Random(542), which="feedback")  # "period": "1e3" — without the file
@given(rng=st.randoms(use_true_random=False), which=st.sampled_from(["decision", "feedback"]))
def test_a_hostile_file_from_the_province_is_refused_in_vietnamese(world, rng, which):
    """«Nhập phản hồi của tỉnh» with a hostile decision or feedback file, then the genuine
    decision (already imported: nothing new) in the same choice of files."""
    w = world
    genuine = getattr(w, which)
    kind, data = hostile(genuine.read_bytes(), w.key, rng)
    path = w.dir / ("hong" + genuine.suffix)
    path.write_bytes(data)
    before = dump(w.unit.db_path)
    lines, refused, _ = import_feedback_files(w.unit, [path, w.decision], "Lan")
    assert len(lines) == 2 and "tỉnh đã chấp nhận khóa" in lines[1], lines
    if refused:
        check_refusal(lines[0], path.name, kind)
        assert dump(w.unit.db_path) == before, kind


def test_feedback_import_reads_every_file_when_one_is_hostile(world, capsys):
    """`baocao feedback import hong.baocao-phanhoi xn.baocao-xacnhan`: the refused file has
    its line and the next one is still read (the command stopped at the first refusal,
    the files after it unread); exit 2, as for a file that cannot be read."""
    w = world
    bad = w.dir / "hong_cli.baocao-phanhoi"
    bad.write_bytes(hostile(w.feedback.read_bytes(), w.key, random.Random(26))[1])  # nested deep
    capsys.readouterr()
    rc = main(["feedback", "import", str(bad), str(w.decision), "--db", str(w.unit.db_path)])
    out, err = capsys.readouterr()
    assert rc == 2, out + err
    assert f"«{bad.name}»" in err and "không mong đợi" not in out + err, err
    assert f"«{w.decision.name}»: tỉnh đã chấp nhận khóa" in out, out
