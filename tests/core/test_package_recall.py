"""A known file's manifest recalled from the import log (exchange/recall.py, the
duplicate path of exchange/known.py) is what the strict reading (`package._parse`) makes of
the same text: the same `ManifestData`, field for field, for every manifest our writer
makes and the strict reader accepts; a text that is not such a manifest as it stands
(a field missing or unknown, no forms, not an object, not JSON) gets `_parse`'s own
answer, the same manifest or the same Vietnamese refusal."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import PackageRejected
from desktop.core.exchange import package
from desktop.core.exchange.package import FormEntry, Manifest, UnitInfo
from desktop.core.exchange.package_data import ManifestData
from desktop.core.exchange.recall import recall_package
from desktop.core.exchange.service import _file_digest, import_packages
from desktop.core.storage.exchange_tables import ImportLog
from tests.core.package_tools import budget, enrol, export, finalise, installation

TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)  # no lone surrogate
HEX = st.text("0123456789abcdef", min_size=64, max_size=64)


@st.composite
def manifests(draw) -> Manifest:
    """A manifest as `build_package` makes one, any values its models accept."""
    forms = draw(st.lists(st.builds(
        FormEntry, id=TEXT, version=st.integers(1, 10_000), form_hash=HEX,
        revision=st.integers(1, package.MAX_REVISION), content_hash=HEX,
        finalised_at=st.none() | TEXT), min_size=1, max_size=4))  # fmt: skip
    return Manifest(
        format=draw(st.sampled_from(["baocao-package/1", "baocao-package/2"])),
        package_uuid=draw(TEXT),
        created_at=draw(TEXT),
        app_version=draw(TEXT),
        unit=UnitInfo(code=draw(TEXT), name=draw(TEXT), valid_from=draw(TEXT)),
        period=draw(TEXT),
        forms=forms,
        payload_sha256=draw(HEX),
        key_fingerprint=draw(TEXT),
    )


def strict(text: bytes):
    return package._parse("goi.baocao", text, Manifest, "manifest.json")


def same(recalled, expected) -> None:
    assert type(recalled) is type(expected) is ManifestData
    assert recalled == expected
    assert repr(recalled) == repr(expected)  # field order and values, nested ones too
    assert recalled.model_dump() == expected.model_dump()


@given(manifests(), st.booleans())
def test_a_manifest_our_writer_makes_is_recalled_as_the_strict_reader_reads_it(m, compact):
    text = package._dumps(m)
    if compact:  # the same JSON without the writer's layout
        text = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")).encode()
    same(recall_package("goi.baocao", text).manifest, strict(text))


@given(manifests())
def test_a_unit_without_its_valid_from_is_recalled_with_the_default(m):
    """Manifests before the 2025 reform carried no `valid_from`: the model's default."""
    raw = json.loads(package._dumps(m))
    del raw["unit"]["valid_from"]
    text = json.dumps(raw, ensure_ascii=False).encode()
    recalled = recall_package("goi.baocao", text).manifest
    same(recalled, strict(text))
    assert recalled.unit.valid_from == ""


def _outcome(read, text: bytes):
    try:
        return "read", read(text)
    except PackageRejected as exc:
        return "rejected", exc.message


@given(manifests(), st.data())
def test_a_text_that_is_not_such_a_manifest_gets_the_strict_readers_answer(m, data):
    raw = json.loads(package._dumps(m))
    where = data.draw(st.sampled_from(["manifest", "unit", "form"]))
    node = {"manifest": raw, "unit": raw["unit"], "form": raw["forms"][0]}[where]
    change = data.draw(st.sampled_from(["drop", "extra", "forms", "unit", "whole"]))
    if change == "drop":
        node.pop(data.draw(st.sampled_from(sorted(node))))
    elif change == "extra":
        node["khac"] = copy.deepcopy(data.draw(st.sampled_from([None, 1, "x", [], {}])))
    elif change == "forms":
        raw["forms"] = data.draw(st.sampled_from([[], {}, None, "x", [None], [[]]]))
    elif change == "unit":
        raw["unit"] = data.draw(st.sampled_from([None, [], "178", 178]))
    else:
        raw = data.draw(st.sampled_from([[], None, "x", 1, [raw]]))
    text = json.dumps(raw, ensure_ascii=False).encode()
    got = _outcome(lambda t: recall_package("goi.baocao", t).manifest, text)
    expected = _outcome(strict, text)
    assert got[0] == expected[0]
    if got[0] == "read":
        same(got[1], expected[1])
    else:
        assert got[1] == expected[1]


@pytest.mark.parametrize("text", [b"", b"{", b"\xff\xfe", b'{"forms": [' * 3000])
def test_what_is_not_json_is_refused_as_the_strict_reader_refuses_it(text):
    with pytest.raises(PackageRejected) as strict_says:
        strict(text)
    with pytest.raises(PackageRejected) as recalled:
        recall_package("goi.baocao", text)
    assert recalled.value.message == strict_says.value.message


def test_the_log_keeps_what_the_package_signed_and_recalls_it_as_read(tmp_path):
    """A real export and import: the manifest the log kept reads back as the file's own."""
    unit, province = installation(tmp_path, "xa"), installation(tmp_path, "tinh")
    finalise(unit, budget("178", "2023-H1", "1234.5"))
    path = export(unit, "178", "2023-H1", tmp_path / "goi.baocao")
    enrol(province, unit, "178", "2023-H1")
    assert import_packages(province, [path])[0].outcome == "new"
    kept = ImportLog(province.db).accepted_manifest(_file_digest(path))
    same(recall_package(path.name, kept).manifest, package.open_package(path).manifest)
