"""Signed trust files are read strictly (issue 12): a feedback whose revision is the string
"1", a boolean, 0 or absurdly large is refused with a Vietnamese message naming the field,
even though its signature holds; an int in range is read."""

from __future__ import annotations

import json

import pytest

from desktop.core.errors import InputFileError
from desktop.core.exchange.signing import SigningKey
from desktop.core.trust.envelope import FORMAT, open_sealed
from desktop.core.trust.review import Feedback


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return SigningKey.load_or_create(tmp_path_factory.mktemp("khoa"))


def signed(tmp_path, key, revision):
    """A correctly signed feedback envelope whose body carries `revision` as given."""
    body = {
        "kind": "review",
        "feedback_uuid": "u-1",
        "decision": "returned",
        "unit": {"code": "183", "name": "Huyện Cao Lộc", "valid_from": ""},
        "period": "2023-H1",
        "form_id": "ngan_sach",
        "revision": revision,
        "comment": "Số thu lệch.",
        "cells": [],
        "decided_at": "2026-11-23T01:02:03+00:00",
        "decided_by": "Minh",
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    env = {
        "format": FORMAT,
        "body": text,
        "public_key": key.public_b64,
        "signature": key.sign(text.encode("utf-8")),
    }
    path = tmp_path / "tra_lai.baocao-phanhoi"
    path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("revision", "words"),
    [
        ("1", "phải là số nguyên"),
        (True, "phải là số nguyên"),
        (1.0, "phải là số nguyên"),
        (0, "phải lớn hơn hoặc bằng 1"),
        (-3, "phải lớn hơn hoặc bằng 1"),
        (10**7, "phải nhỏ hơn hoặc bằng 1000000"),
    ],
)
def test_revision_must_be_an_int_in_range(tmp_path, key, revision, words):
    with pytest.raises(InputFileError) as caught:
        open_sealed(signed(tmp_path, key, revision), Feedback)
    message = caught.value.message
    assert message.startswith("Tệp «tra_lai.baocao-phanhoi» không phải phản hồi của tỉnh hợp lệ")
    assert "«revision»" in message and words in message, message


@pytest.mark.parametrize("revision", [1, 2, 1_000_000])
def test_revision_in_range_is_read(tmp_path, key, revision):
    body, signer, _ = open_sealed(signed(tmp_path, key, revision), Feedback)
    assert body.revision == revision and type(body.revision) is int
    assert signer == key.fingerprint
