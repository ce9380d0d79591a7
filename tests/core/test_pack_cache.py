"""The checked form pack cached on disk (formdef/pack_cache.py): a warm load gives exactly
the pack a cold load gives; any change to a form file, and any damage to the entry, sends
the load back to the YAML; a pack with errors is never cached; an entry of the old format
is rebuilt, not misread."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import dataspec
from desktop.core.errors import FormDefinitionError, NotFoundError
from desktop.core.formdef import pack_cache
from desktop.core.formdef.loader import form_hash, load_pack, read_pack
from desktop.core.formdef.models import Catalog, FormDefinition
from tests.conftest import REPO


def _copy_pack(tmp_path, names=None):
    """The shipped pack's files in a folder of the test's own (only `names`' forms, if given)."""
    target = tmp_path / "forms"
    if names is None:
        shutil.copytree(REPO / "forms", target)
        return target
    target.mkdir()
    for name in ("_catalog", *names):
        shutil.copy(REPO / "forms" / f"{name}.yaml", target)
    return target


def _fields(data, path: str = "") -> set[str]:
    """Every field path set in a form's cache data (list positions merged)."""
    if isinstance(data, dict):
        return {f"{path}/{k}" for k in data}.union(*(_fields(v, f"{path}/{k}") for k, v in data.items()))
    if isinstance(data, list):
        return set().union(*(_fields(v, path + "[]") for v in data))
    return set()


def _covering_forms(pack) -> list[str]:
    """ngan_sach and y_te (the hand edits name them), then, greedily, forms that set a field
    of the cache data no form chosen so far sets, until every field any form of the shipped
    pack sets is set by one of them: five forms of the 25, a fifth of the pack's YAML."""
    fields = {f: _fields(dataspec.dump(form, defaults=False)) for f, form in pack.forms.items()}
    chosen = ["ngan_sach", "y_te"]
    wanted = set().union(*fields.values())
    covered = set().union(*(fields[f] for f in chosen))
    while covered != wanted:
        best = max(fields, key=lambda f: len(fields[f] - covered))
        chosen.append(best)
        covered |= fields[best]
    return sorted(chosen)


def _entry(forms):
    return pack_cache.cache_dir() / f"{pack_cache.pack_key(forms)[0]}.json"


def _same(a, b) -> bool:
    """Equal field by field, and equal as text (a Decimal "100.0" is not 100 here); the
    forms' headers too."""
    return dataspec.dump([a.catalog, *a.forms.values(), *a.listing()]) == dataspec.dump(
        [b.catalog, *b.forms.values(), *b.listing()]
    ) and list(a.forms) == list(b.forms)


def _same_as(loaded, cold) -> bool:
    """`_same(loaded, cold's pack)`, the cold pack dumped once for the module."""
    return dataspec.dump(
        [loaded.catalog, *loaded.forms.values(), *loaded.listing()]
    ) == cold.dumped and list(loaded.forms) == list(cold[1].forms)


class Cold(tuple):
    def __repr__(self) -> str:  # Hypothesis prints its arguments; the entry is ~1 MB
        return "<the shipped pack and its cache entry>"


def _crc(body: bytes) -> bytes:
    """An entry's first line: the CRC-32 of the rest, in hex."""
    return b"%08x" % zlib.crc32(body)


def _put(entry, raw: bytes) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(raw)


@pytest.fixture(scope="module")
def cold(tmp_path_factory, pack):
    """A pack of the shipped forms read from its YAML, and its cache entry's bytes (each test
    then has its own data folder: the entry is written there again, byte for byte the same).
    Each damaged entry below sends the load back to the YAML: with the forms that between
    them set every field of the whole pack (`_covering_forms`), that costs a fifth of the
    whole pack's time, and every kind of field is still in the entry that gets damaged."""
    tmp = tmp_path_factory.mktemp("cold")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BAOCAO_DATA_DIR", str(tmp / "data"))
        forms = _copy_pack(tmp, _covering_forms(pack))
        sample = load_pack(forms)
        cold = Cold((forms, sample, _entry(forms).read_bytes()))
        cold.dumped = dataspec.dump([sample.catalog, *sample.forms.values(), *sample.listing()])
        return cold


def test_a_warm_load_is_the_cold_pack(tmp_path):
    forms = _copy_pack(tmp_path)
    first = load_pack(forms)
    entry = _entry(forms)
    assert entry.exists()
    digest, _, body = entry.read_bytes().partition(b"\n")
    assert digest == _crc(body)
    assert json.loads(body.partition(b"\n")[0])["format"] == pack_cache.FORMAT == 2
    warm = load_pack(forms)
    assert _same(warm, first) and warm.forms == first.forms and warm.catalog == first.catalog
    assert {f: warm.content_hash(f) for f in warm.forms} == {
        f: first.content_hash(f) for f in first.forms
    }


def test_listing_a_warm_pack_builds_no_form(tmp_path):
    """`forms list` and the reporting status read the headers kept in the entry: the same
    headers the YAML gives, and not one form built for them."""
    forms = _copy_pack(tmp_path)
    cold = read_pack(forms)[0]
    load_pack(forms)
    warm = load_pack(forms)
    assert isinstance(warm.forms, pack_cache.CachedForms)
    assert warm.listing() == cold.listing() and warm.indicator_count == cold.indicator_count
    assert [h.hash for h in warm.listing()] == [form_hash(f) for f in cold.forms.values()]
    assert warm.header("y_te").indicators == len(cold.get("y_te").indicator_map())
    assert warm.forms._built == {}  # noqa: SLF001 — what was built, nothing
    assert all(type(t) is bytes for t in warm.forms._raw.values())  # noqa: SLF001 — nor parsed
    with pytest.raises(NotFoundError) as exc:
        warm.header("khong_co")
    assert exc.value.message.startswith("Không có biểu mẫu «khong_co». Các biểu hiện có: ")


def test_dump_is_what_pydantic_writes_so_hashes_are_unchanged(pack):
    for form in pack.forms.values():
        assert dataspec.dump(form) == dataspec.validator(FormDefinition).dump_python(
            form, mode="json"
        )
        assert dataspec.build(FormDefinition, dataspec.dump(form, defaults=False)) == form
    assert dataspec.dump(pack.catalog) == dataspec.validator(Catalog).dump_python(
        pack.catalog, mode="json"
    )
    # the content hash the packages and templates carry, as computed before the cache existed
    # (pydantic's dump), the report's sentence patterns left out, and the report-only fields
    # added since (province_sentence, zero_sentence, report_under) not in it
    data = dataspec.validator(FormDefinition).dump_python(pack.get("ngan_sach"), mode="json")
    for section in data["sections"]:
        section["sentence"] = None
        section.pop("report_under"), section.pop("report_after")
        for indicator in section["indicators"]:
            indicator["sentence"] = None
            del indicator["province_sentence"], indicator["zero_sentence"]
    assert form_hash(pack.get("ngan_sach")) == hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def test_rewording_a_report_sentence_keeps_the_form_hash_a_label_moves_it(pack):
    """A unit's package carries its form's hash; the province's report wording is not part
    of what the unit fills, so rewording it must not make the unit's package «another form»."""
    form = pack.get("ngan_sach")
    section = form.sections[0]
    worded = [i for i in section.indicators if i.sentence]
    assert worded, "ngan_sach's first section has a worded indicator"
    first = worded[0]
    reworded_indicator = dataclasses.replace(
        first, sentence=first.sentence + " (đã sửa lời)", province_sentence="{value} {unit}.",
        zero_sentence="Không có.",
    )  # fmt: skip
    reworded = dataclasses.replace(
        form,
        sections=[
            dataclasses.replace(
                section,
                sentence=(section.sentence or "") + " {value}",
                report_under="tong_hop",
                report_after="Thu ngân sách",
                indicators=[reworded_indicator if i is first else i for i in section.indicators],
            ),
            *form.sections[1:],
        ],
    )
    assert form_hash(reworded) == form_hash(form)
    relabelled = dataclasses.replace(
        form,
        sections=[
            dataclasses.replace(
                section,
                indicators=[
                    dataclasses.replace(i, label=i.label + " (sửa)") if i is first else i
                    for i in section.indicators
                ],
            ),
            *form.sections[1:],
        ],
    )
    assert form_hash(relabelled) != form_hash(form)


def test_a_changed_added_or_removed_file_is_read_again(tmp_path, pack):
    forms = _copy_pack(tmp_path, _covering_forms(pack))
    key = pack_cache.pack_key(forms)[0]
    path = forms / "ngan_sach.yaml"
    form = load_pack(forms).get("ngan_sach")
    path.write_text(
        path.read_text(encoding="utf-8").replace(form.title, form.title + " (sửa)", 1),
        encoding="utf-8",
    )
    assert pack_cache.pack_key(forms)[0] != key
    assert load_pack(forms).get("ngan_sach").title == form.title + " (sửa)"
    (forms / "y_te.yaml").unlink()
    assert "y_te" not in load_pack(forms).forms
    (forms / "thu_moi.yaml").write_text("id: thu_moi\n", encoding="utf-8")  # incomplete
    with pytest.raises(FormDefinitionError):
        load_pack(forms)


def test_a_pack_with_errors_is_never_cached_and_says_the_same_each_time(tmp_path):
    forms = _copy_pack(tmp_path)
    path = forms / "ngan_sach.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 1", "version: 0", 1),
                    encoding="utf-8")  # fmt: skip
    messages = []
    for _ in range(2):
        with pytest.raises(FormDefinitionError) as exc:
            load_pack(forms)
        messages.append([i.render() for i in exc.value.issues])
    assert messages[0] == messages[1]
    assert any("phải lớn hơn hoặc bằng 1" in m and "ngan_sach.yaml" in m for m in messages[0])
    assert not _entry(forms).exists()


# Each example rebuilds the pack from its YAML (the covering forms: about a tenth of a second,
# the whole pack was half a second): the CI profile's 500 examples would still take minutes
# per test, so these two keep 25 whatever the profile.
@settings(max_examples=25, deadline=None)
@given(position=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_a_flipped_bit_is_never_used(cold, position, bit):
    forms, _, good = cold
    entry = _entry(forms)
    damaged = bytearray(good)
    damaged[int(position * len(good))] ^= 1 << bit
    _put(entry, bytes(damaged))
    assert _same_as(load_pack(forms), cold)
    assert entry.read_bytes() == good  # read from the YAML and written again


@settings(max_examples=25, deadline=None)
@given(keep=st.floats(0, 1, exclude_max=True))
def test_a_cut_short_entry_is_never_used(cold, keep):
    forms, _, good = cold
    entry = _entry(forms)
    _put(entry, good[: int(keep * len(good))])
    assert _same_as(load_pack(forms), cold)
    assert entry.read_bytes() == good


def _opened(good: bytes) -> dict:
    """An entry as one JSON document: its head, each form's JSON parsed in place of its
    place in the entry (what a person editing it by hand sees)."""
    head, _, texts = good.partition(b"\n")[2].partition(b"\n")
    body = json.loads(head)
    body["forms"] = {f: json.loads(texts[a:b]) for f, (a, b) in body["forms"].items()}
    return body


def _sealed(body, spans=None) -> bytes:
    """An entry whose digest matches: what a hand edit with a recomputed digest looks like.
    A dict of forms is laid out as pack_cache lays it out (or at `spans`, when given);
    anything else stays in the head as it is."""
    texts = b""
    if isinstance(body, dict) and isinstance(body.get("forms"), dict):
        laid = {}
        for form_id, form in body["forms"].items():
            text = json.dumps(form, ensure_ascii=False).encode()
            laid[form_id] = [len(texts), len(texts) + len(text)]
            texts += text
        body = {**body, "forms": spans if spans is not None else laid}
    text = json.dumps(body, ensure_ascii=False).encode() + b"\n" + texts
    return _crc(text) + b"\n" + text


def _first(body: dict) -> dict:
    return next(iter(body["forms"].values()))


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: _first(d).update(version=0),  # out of range
        lambda d: _first(d).update(version="1"),  # text where a number belongs
        lambda d: _first(d).update(id="Không hợp lệ"),  # breaks the code pattern
        lambda d: _first(d).update(title="   "),  # empty once stripped
        lambda d: _first(d).update(calendar="lunar"),  # not a choice
        lambda d: _first(d).update(extra_field=1),  # unknown field
        lambda d: _first(d).pop("sections"),  # required field gone
        lambda d: _first(d)["sections"][0]["indicators"][0].update(min="NaN"),
        lambda d: _first(d)["sections"][0]["indicators"][0].update(min=1e400),
        lambda d: d.update(forms={"a": 1}),
        lambda d: d.update(forms=[1]),
        lambda d: d["forms"].update(ngan_sach=d["forms"]["y_te"]),  # a form under another id
        lambda d: d.update(catalog=[[[[[[[[[[[]]]]]]]]]]]),
        lambda d: d.update(key="0" * 64),
        lambda d: d.update(format=99),
        lambda d: d["headers"][0].update(indicators="3"),  # text where a number belongs
        lambda d: d["headers"][0].update(calendar="lunar"),
        lambda d: d["headers"].pop(),  # a form without its header
        lambda d: d["headers"].reverse(),  # headers not in the pack's order
        lambda d: d.update(headers={}),
        lambda d: d.pop("headers"),
    ],
)
def test_a_hand_edited_entry_is_ignored_and_rebuilt(cold, edit):
    forms, _, good = cold
    entry = _entry(forms)
    body = _opened(good)
    edit(body)
    _put(entry, _sealed(body))
    assert _same_as(load_pack(forms), cold)
    assert entry.read_bytes() == good


def _spans(good: bytes) -> dict:
    return json.loads(good.partition(b"\n")[2].partition(b"\n")[0])["forms"]


@pytest.mark.parametrize(
    "misplace",
    [
        lambda s, n: s.update({f: [0, n + 1] for f in s}),  # past the end
        lambda s, n: s.update({f: [a, b - 1] for f, (a, b) in s.items()}),  # cut short
        lambda s, n: s.update({f: [a + 1, b] for f, (a, b) in s.items()}),  # a byte late
        lambda s, n: s.update({f: [-1, b] for f, (a, b) in s.items()}),
        lambda s, n: s.update({f: [str(a), b] for f, (a, b) in s.items()}),
        lambda s, n: s.update(dict(zip(s, reversed(list(s.values())), strict=True))),  # swapped
    ],
)
def test_a_form_out_of_its_place_is_ignored_and_rebuilt(cold, misplace):
    """Format 2 keeps each form's JSON at a place the head names: a place outside the
    entry, cut short, shifted or given to another form is no entry either."""
    forms, _, good = cold
    entry = _entry(forms)
    body, spans = _opened(good), _spans(good)
    misplace(spans, len(good))
    _put(entry, _sealed(body, spans))
    loaded = load_pack(forms)
    assert _same_as(loaded, cold)
    assert entry.read_bytes() == good


def test_an_entry_of_the_old_format_is_rebuilt_not_misread(cold):
    """Format 1 kept the whole pack as one JSON document (the forms inline): under the
    current key it is not read as format 2, and the entry is written again."""
    forms, _, good = cold
    entry = _entry(forms)
    old = {**_opened(good), "format": 1}
    text = json.dumps(old, ensure_ascii=False).encode()
    _put(entry, _crc(text) + b"\n" + text)
    assert _same_as(load_pack(forms), cold)
    assert entry.read_bytes() == good


def test_hostile_shapes_do_not_crash(cold):
    forms, _, good = cold
    entry = _entry(forms)
    for raw in (b"", b"\n", b"\xff\xfe\n{}", _sealed([1, 2]), b"x" * 100, _sealed({"forms": 1}),
                _crc(b"[" * 100_000) + b"\n" + b"[" * 100_000):  # fmt: skip
        _put(entry, raw)
        assert _same_as(load_pack(forms), cold)


def test_a_data_folder_that_cannot_be_written_means_no_cache(tmp_path, monkeypatch, pack):
    forms = _copy_pack(tmp_path, _covering_forms(pack))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(blocker))
    read, _ = read_pack(forms)
    assert _same(load_pack(forms), load_pack(forms))
    assert set(load_pack(forms).forms) == set(read.forms)
