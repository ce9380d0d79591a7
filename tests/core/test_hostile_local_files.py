"""Hostile files of the installation itself, as a failing disk, a sync tool or a hand edit
leaves them (fuzz_corpus.mutate of the genuine file):
- the signing key (`keys/ed25519_private.pem`, SigningKey.load_or_create, read by every
  signing command): the key it was, or a Vietnamese refusal naming the file — never the
  crypto library's English — and the file left as it is (never a new key over it);
- the settings and the window's state (settings.py): read, or taken as absent (the
  first-run dialog asks again), never an exception at start;
- the pack-stats index (formdef/pack_stats.py): only a shortcut, a damaged one costs the
  hashing and reads the same pack."""

from __future__ import annotations

import random
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.signing import KEY_FILE, SigningKey
from desktop.core.formdef import pack_cache, pack_stats
from desktop.core.formdef.loader import load_pack
from desktop.core.settings import (
    SETTINGS_FILE,
    UI_STATE_FILE,
    Role,
    Settings,
    load_settings,
    load_ui_state,
    save_settings,
    save_ui_state,
)  # fmt: skip
from tests.core.fuzz_corpus import mutate
from tests.core.test_hostile_entry_file import vietnamese
from tests.core.test_pack_stats import forms  # noqa: F401 — the fixture

_ENGLISH = re.compile(r"\b(the|could|not|data|key|format|error|invalid)\b", re.I)
RANDOMS = st.randoms(use_true_random=False)


@settings(max_examples=30)
@example(rng=random.Random(3))  # the library's «Could not deserialize key data …» in the message
@given(rng=RANDOMS)
def test_a_damaged_signing_key_is_named_in_vietnamese_and_kept(tmp_path_factory, rng):
    keys = tmp_path_factory.mktemp("keys")
    genuine = SigningKey.load_or_create(keys)
    path = keys / KEY_FILE
    kind, data = mutate(path.read_bytes(), rng)
    path.write_bytes(data)
    try:
        key = SigningKey.load_or_create(keys)
    except BaoCaoError as exc:
        assert str(path) in exc.message and vietnamese(exc.message), (kind, exc.message)
        assert not _ENGLISH.search(exc.message.replace(str(path), "")), (kind, exc.message)
        assert path.read_bytes() == data, kind
        return
    # read: only ever the same key (a flip in the PEM's padding bits).  A flip inside its
    # 32-byte seed is another valid Ed25519 key, whose packages the province would hold as
    # signed by an unknown key: the fingerprint written beside it refuses that (keystore)
    assert key.fingerprint == genuine.fingerprint, kind


@settings(max_examples=30)
@given(rng=RANDOMS, which=st.sampled_from([SETTINGS_FILE, UI_STATE_FILE]))
def test_damaged_settings_are_read_or_taken_as_absent(tmp_path_factory, rng, which):
    data_dir = tmp_path_factory.mktemp("data")
    save_settings(Settings(role=Role.UNIT, unit_code="178", unit_name="Xã Hoàng Đồng",
                           person_name="Nguyễn Thị Lan"), data_dir)  # fmt: skip
    save_ui_state({"period": "2023-H1", "page": "home"}, data_dir)
    path = data_dir / which
    path.write_bytes(mutate(path.read_bytes(), rng)[1])
    assert isinstance(load_settings(data_dir), Settings | None)
    state = load_ui_state(data_dir)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in state.items())


def _read(forms) -> dict:
    pack = load_pack(forms)
    return {f: [(i.code, i.label, i.unit) for i in pack.get(f).iter_indicators()] for f in pack.forms}


@settings(max_examples=25)
@given(rng=RANDOMS)
def test_a_damaged_pack_stats_index_reads_the_same_pack(forms, rng):  # noqa: F811
    """(The key it finds may differ: a flip in a remembered key is another well-formed key,
    whose entry is then built from the files under that name — only a name.)"""
    pack = _read(forms)
    index = pack_cache.cache_dir() / pack_stats.INDEX
    genuine = index.read_bytes()
    index.write_bytes(mutate(genuine, rng)[1])
    assert _read(forms) == pack
    index.write_bytes(genuine)
