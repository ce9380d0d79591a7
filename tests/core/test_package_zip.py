"""A package's archive read straight from its headers when it is laid out as our writer
lays it out (exchange/package_zip.py `_as_we_write_it`), else by zipfile.  Whatever the
bytes, the straight reading gives nothing or exactly what zipfile gives: damaged, cut,
lengthened and re-pointed archives (Hypothesis), and the real packages of an export."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.errors import PackageRejected
from desktop.core.exchange.package_zip import MEMBERS, _as_we_write_it, _by_zipfile
from tests.core.package_tools import zip_members

MEMBER = st.binary(max_size=3000) | st.text(max_size=800).map(str.encode)


def _zipfile_says(raw: bytes):
    try:
        return _by_zipfile("goi.baocao", raw)
    except PackageRejected as exc:
        return exc.code


@settings(max_examples=150, deadline=None)
@given(
    st.lists(MEMBER, min_size=3, max_size=3),
    st.permutations(MEMBERS),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), max_size=3),
    st.sampled_from(["keep", "cut", "grow", "junk before"]),
)
def test_straight_reading_is_none_or_what_zipfile_reads(contents, order, flips, change):
    raw = zip_members(list(zip(order, contents, strict=True)))
    assert _as_we_write_it(raw) == dict(zip(order, contents, strict=True))  # as we write it
    data = bytearray(raw)
    for at, by in flips:
        data[at % len(data)] ^= by
    if change == "cut":
        del data[len(data) // 2 :]
    elif change == "grow":
        data += b"PK\x05\x06" + bytes(18)
    elif change == "junk before":
        data[:0] = b"PK\x03\x04"
    straight = _as_we_write_it(bytes(data))
    if straight is not None:
        assert straight == _zipfile_says(bytes(data))


def test_a_member_inflating_past_its_declared_size_goes_to_zipfile():
    """The central directory says 10 bytes, the stream holds 5,000: never inflated past
    the declared size here; zipfile's reading decides (a CRC error: «bị hỏng»)."""
    raw = bytearray(zip_members([("manifest.json", b"{}"), ("data.json", b"0" * 5000),
                                 ("signature.json", b"{}")]))
    at = raw.index(b"data.json", raw.index(b"PK\x01\x02")) - 46  # data.json's central entry
    struct.pack_into("<L", raw, at + 24, 10)  # its uncompressed size
    assert _as_we_write_it(bytes(raw)) is None
    assert _zipfile_says(bytes(raw)) == "thanh_phan_hong"


@pytest.mark.parametrize("member", MEMBERS)
def test_an_empty_member_reads_as_zipfile_reads_it_and_a_missing_one_is_refused(member):
    empty = zip_members([(m, b"" if m == member else b"{}") for m in MEMBERS])
    assert _as_we_write_it(empty) == _zipfile_says(empty)  # (then pydantic says it is empty)
    two = [(m, b"{}") for m in MEMBERS if m != member]
    assert _as_we_write_it(zip_members(two)) is None
    assert _zipfile_says(zip_members(two)) == "sai_thanh_phan"
