"""The signing key's file carries the fingerprint of its public half (trust/keystore.py).

A flipped bit inside the PEM's 32-byte seed used to be another valid Ed25519 key: the unit
then signed packages the province held as from an unknown key, and nobody knew why.  Now,
through the route every signing command takes (SigningKey.load_or_create), a damaged key
file is the key it was or a Vietnamese refusal naming the file and what to do, the file
left as it is; a key file written before the check is read and rewritten with it."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.signing import KEY_FILE, SigningKey
from desktop.core.trust.keystore import KEY_MARK, load_private
from tests.conftest import run_cli

TO_DO = ("khôi phục khóa từ bản sao lưu", "gửi yêu cầu đăng ký khóa mới cho tỉnh")


def legacy_pem() -> bytes:
    """A key file as every BaoCao before the check wrote it: the bare PKCS#8 PEM."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> tuple[bytes, str]:
    keys = tmp_path_factory.mktemp("khoa")
    key = SigningKey.load_or_create(keys)
    return (keys / KEY_FILE).read_bytes(), key.fingerprint


def load_damaged(tmp_path, data: bytes) -> SigningKey | BaoCaoError:
    path = tmp_path / KEY_FILE
    path.write_bytes(data)
    try:
        return SigningKey.load_or_create(tmp_path)
    except BaoCaoError as exc:
        assert exc.code == "khoa_hong" and str(path) in exc.message, exc.message
        assert all(part in exc.message for part in TO_DO), exc.message
        assert path.read_bytes() == data  # never a new key over it, never rewritten
        return exc


def seed_flip(data: bytes, offset: int = 68, bit: int = 0) -> bytes:
    """One bit flipped `offset` bytes into the PEM: by default in the base64 of the key's
    seed (the last 32 of its 48 bytes), where 'A'..'z' stay base64 letters."""
    out = bytearray(data)
    out[data.index(b"-----BEGIN PRIVATE KEY-----\n") + offset] ^= 1 << bit
    return bytes(out)


def test_a_flip_in_the_seed_is_refused_not_another_key(genuine, tmp_path):
    """(Before the check, 30 of the 119 flips of one bit per byte of the PEM read as
    another key.)"""
    data, _ = genuine
    flipped = seed_flip(data)
    pem = flipped[flipped.index(b"-----BEGIN") :]
    other = serialization.load_pem_private_key(pem, password=None)  # a valid key on its own
    assert isinstance(other, Ed25519PrivateKey)
    refused = load_damaged(tmp_path, flipped)
    assert isinstance(refused, BaoCaoError) and "không khớp dấu vân tay" in refused.message


def test_a_flip_the_crypto_library_calls_internal_is_refused(genuine, tmp_path):
    """A flip in the DER's lengths: cryptography raised InternalError (exit 3) before."""
    assert isinstance(load_damaged(tmp_path, seed_flip(genuine[0], 43, 0)), BaoCaoError)


def test_a_flip_in_every_byte_is_the_same_key_or_refused(genuine, tmp_path):
    """(One bit of each byte, a different one byte to byte: all eight of every byte took
    3 s.  Some flips in the PEM's DER lengths made the crypto library raise its own
    InternalError, an exit 3 before the check.)"""
    data, fingerprint = genuine
    for i in range(len(data)):
        out = bytearray(data)
        out[i] ^= 1 << (i % 8)
        got = load_damaged(tmp_path, bytes(out))
        assert isinstance(got, BaoCaoError) or got.fingerprint == fingerprint, i


@settings(max_examples=50, deadline=None)
@example(flips=[], cut=10)
@example(flips=[(70, 0)], cut=None)
@given(
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 7)), max_size=4),
    cut=st.none() | st.integers(0, 10_000),
)
def test_flips_and_truncation_give_the_same_key_or_a_vietnamese_refusal(
    genuine, tmp_path_factory, flips, cut
):
    data, fingerprint = genuine
    out = bytearray(data)
    for where, bit in flips:
        out[where % len(out)] ^= 1 << bit
    damaged = bytes(out if cut is None else out[: cut % len(out)])
    got = load_damaged(tmp_path_factory.mktemp("khoa"), damaged)
    assert isinstance(got, BaoCaoError) or got.fingerprint == fingerprint


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes; DPAPI there")
def test_a_key_file_of_an_earlier_version_is_read_then_given_the_check(tmp_path):
    pem = legacy_pem()
    path = tmp_path / KEY_FILE
    path.write_bytes(pem)
    expected = SigningKey(serialization.load_pem_private_key(pem, password=None)).fingerprint
    assert SigningKey.load_or_create(tmp_path).fingerprint == expected
    upgraded = path.read_bytes()
    assert upgraded.startswith(KEY_MARK) and expected.encode() in upgraded
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_private(path) == pem  # the same key, now guarded:
    assert isinstance(load_damaged(tmp_path, seed_flip(upgraded)), BaoCaoError)


def test_cli_refuses_a_damaged_key_in_vietnamese(genuine, tmp_path):
    data, _ = genuine
    db = tmp_path / "du_lieu" / "baocao.db"
    key = db.parent / "keys" / KEY_FILE
    key.parent.mkdir(parents=True)
    key.write_bytes(seed_flip(data))
    r = run_cli("keys", "show", db=db)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and str(key) in r.stderr
    assert "không khớp dấu vân tay" in r.stderr and all(part in r.stderr for part in TO_DO)
    assert key.read_bytes() == seed_flip(data)
