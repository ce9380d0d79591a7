"""A hostile «open these files» request left for the running window (gui/single_instance.py:
a second start writes `mo-tep/<uuid>.json`; the window reads it on its timer, where an
exception would reach the error dialog).  Damaged (fuzz_corpus.mutate), it is a list of
paths or skipped — never an exception."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.gui.single_instance import _read_request
from tests.core.fuzz_corpus import mutate


@settings(max_examples=40)
@example(rng=random.Random(4))  # "files" nested 100,000 deep: RecursionError
@given(rng=st.randoms(use_true_random=False))
def test_a_damaged_open_request_is_read_or_skipped(tmp_path_factory, rng):
    genuine = json.dumps({"files": ["/home/lan/Tải về/goi 178.baocao"]}, ensure_ascii=False)
    path = tmp_path_factory.mktemp("mo-tep") / "yeu_cau.json"
    path.write_bytes(mutate(genuine.encode(), rng)[1])
    files = _read_request(path)
    assert files is None or all(isinstance(f, Path) for f in files)
