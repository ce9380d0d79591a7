"""A forms/ folder with a hostile YAML file (`baocao forms check --forms-dir`, the pack every
command loads): a form file bit-flipped, cut short, re-encoded (UTF-16, cp1258), emptied,
replaced by garbage or a zip (fuzz_corpus.mutate), nested deep, or an alias bomb.  The real
CLI (main() in-process) says in Vietnamese what is wrong in which file, exit 0 or 1 — never
exit 3 nor the YAML library's English."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from tests.core.fuzz_corpus import mutate
from tests.core.test_hostile_entry_file import vietnamese
from tests.core.test_pack_stats import forms  # noqa: F401 — the fixture

DEEP = b"ten: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((n,) * 2 + (n - 1,) * 9)
    for n in range(ord("b"), ord("k"))
)  # 9^10 x's once expanded (the «billion laughs»)
_ENGLISH = re.compile(r"\b(codec|decode|position|invalid|expected|found|while)\b")


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(extra=DEEP, rng=random.Random(0))
@example(extra=BOMB, rng=random.Random(0))
@example(extra=None, rng=random.Random(4))  # a flip that is not UTF-8: «'utf-8' codec can't decode …»
@given(extra=st.none(), rng=st.randoms(use_true_random=False))
def test_a_hostile_form_file_is_named_in_vietnamese(forms, capsys, extra, rng):  # noqa: F811
    path = forms / "ngan_sach.yaml"
    genuine = path.read_bytes()
    kind, data = ("extra", extra) if extra else mutate(genuine, rng)
    path.write_bytes(data)
    capsys.readouterr()
    try:
        rc = main(["forms", "check", "--forms-dir", str(forms)])
        out, err = capsys.readouterr()
    finally:
        path.write_bytes(genuine)
    said = out + err
    assert rc in (0, 1) and "Traceback" not in said and "không mong đợi" not in said, (kind, said)
    if rc:
        assert "ngan_sach.yaml" in said and vietnamese(said), (kind, said)
        assert not _ENGLISH.search(said), (kind, said)
