"""Hostile submission files for `baocao entry validate` / `entry load` (Services.load_file,
what both commands call): a genuine JSON submission bit-flipped, cut short, re-encoded,
given a wrong type, a huge number or deep nesting anywhere (fuzz_corpus.mutate).  Each is
stored as a clean file would be, or refused with a Vietnamese message naming the file,
and a refused file leaves every table of the database as it was; never another exception
(the CLI's exit 3)."""

from __future__ import annotations

import json
import random
import unicodedata
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.errors import BaoCaoError
from desktop.core.submission import Submission
from tests.core.fuzz_corpus import mutate
from tests.core.test_import_fuzz import dump
from tests.core.test_template_fuzz import _VIETNAMESE

NAME = "so_lieu.json"


def genuine() -> bytes:
    sub = Submission(
        "ngan_sach", 1, "178", "2023-H1",
        values={("NS_THU", "th_ky"): Decimal("209435"), ("NS_THU", "pct_ck"): Decimal("57.3"),
                ("NS_CHI", "th_ky"): Decimal("95000")},
        comments={("NS_THU", "th_ky"): "Theo Kho bạc."},
        narratives={"ket_qua": "Thu ngân sách đạt 57,3% dự toán."}, author="Lan",
    )  # fmt: skip
    return json.dumps(sub.to_file().model_dump(mode="json"), ensure_ascii=False).encode()


def vietnamese(text: str) -> bool:
    return (
        unicodedata.is_normalized("NFC", text)
        and bool(_VIETNAMESE.search(text))
        and "Traceback" not in text
    )


@settings(max_examples=40)
@example(rng=random.Random(108))  # "form": "1111…": «Không có biểu mẫu …» did not name the file
@given(rng=st.randoms(use_true_random=False))
def test_a_hostile_submission_file_is_stored_or_refused_in_vietnamese(services, tmp_path, rng):
    kind, data = mutate(genuine(), rng)
    path = tmp_path / NAME
    path.write_bytes(data)
    assert services.repo is not None  # the database exists before the file is read (the CLI)
    before = dump(services.db_path)
    try:
        report, _stored = services.load_file(path)
    except BaoCaoError as exc:
        assert NAME in exc.message and vietnamese(exc.message), (kind, exc.message)
        for issue in exc.issues:
            assert vietnamese(issue.render(services.pack)), (kind, issue.render(services.pack))
        assert dump(services.db_path) == before, kind
        return
    for issue in report.issues:
        assert vietnamese(issue.render(services.pack)), (kind, issue.render(services.pack))
