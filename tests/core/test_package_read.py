"""Reading a package fast changes nothing (issue 14, import): the payload read strictly
(`PayloadData`, the `SubmissionData` route) agrees with the pydantic route on arbitrary
mutated payloads — the same Submission or the same rejection message; the content hash
built from the fields is the previous definition (pydantic's dump) for every submission;
a package's figures read all at once are the ones the strict codec reads one by one."""

from __future__ import annotations

import copy
import hashlib
import json
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop.core import canonical, dataspec
from desktop.core.errors import PackageRejected
from desktop.core.exchange import package
from desktop.core.exchange.package import FormEntry, Package, Payload, SignedPackage, UnitInfo
from desktop.core.exchange.signing import SigningKey
from desktop.core.formdef.period_form import form_for_period
from desktop.core.numbers import NumberFormatError
from desktop.core.submission import SubmissionData, parse_submission
from desktop.core.submission_schema import SubmissionFile
from tests.core.test_submission_read import raw_files


def _old_content_hash(sf: SubmissionFile) -> str:
    """The definition every stored hash was made with (the function before issue 14)."""
    data = sf.model_dump(mode="json", exclude={"author"})
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@given(raw_files())
@example({"format": "baocao-submission/1", "form": "f", "form_version": 1, "unit": "178",
          "period": "2023-H1", "values": {"A": {"b": Decimal("1E+3"), "c": -0, "d": None}},
          "marks": {"A": {"mark": "chua_co_so_lieu"}}, "data_cutoff": "2023-06-30"})  # fmt: skip
def test_content_hash_is_the_previous_definition_for_both_readings(raw):
    try:
        sf = SubmissionFile.model_validate(raw)
    except ValueError:  # pydantic's ValidationError: nothing to hash
        return
    assert package.content_hash(sf) == _old_content_hash(sf)
    try:
        strict = dataspec.build(SubmissionData, raw)
    except dataspec.Rejected:
        return
    assert package.content_hash(strict) == _old_content_hash(sf)


# ------------------------------------------------------------- the payload, both routes

FIGURES = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(canonical.to_text),
    st.sampled_from(["144.505", "-0", "007", "1e3", "1,5", "", " ", "١٢", "9" * 31]),
)
HOSTILE = st.sampled_from([None, True, 0, -1, 1.5, 10**40, "", "x", "178", [], {}, [1], {"a": 1},
                           "2023-06-30", "baocao-submission/1", "chua_co_so_lieu"])  # fmt: skip


@pytest.fixture(scope="module")
def form(pack):
    return pack.get("ngan_sach")


@st.composite
def payloads(draw, codes):
    """A genuine payload of ngan_sach figures, then a few mutations anywhere in it."""
    values = draw(st.dictionaries(st.sampled_from(codes), st.dictionaries(
        st.sampled_from(["th_ky", "luy_ke", "cung_ky", "zz"]), FIGURES, min_size=1, max_size=3),
        max_size=6))  # fmt: skip
    sub = {"format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1, "unit": "178",
           "period": "2023-H1", "author": draw(st.sampled_from([None, "Lan"])), "values": values,
           "comments": {}, "narratives": {"ket_qua": "Ổn định."}}  # fmt: skip
    data = {"submissions": [sub]}
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["top", "sub", "values", "row", "marks", "cutoff"]))
        literal = copy.deepcopy(draw(HOSTILE))  # a fresh [] or {} each time: no cycles
        if where == "top":
            data[draw(st.sampled_from(["submissions", "extra"]))] = literal
        elif where == "sub":
            sub[draw(st.sampled_from(sorted(sub) + ["extra"]))] = literal
        elif where == "values" and isinstance(sub.get("values"), dict):
            sub["values"][draw(st.sampled_from(codes + ["KHONG_CO"]))] = literal
        elif where == "row" and isinstance(sub.get("values"), dict) and sub["values"]:
            row = sub["values"][draw(st.sampled_from(sorted(sub["values"])))]
            if isinstance(row, dict):
                row[draw(st.sampled_from(["th_ky", "zz"]))] = literal
        elif where == "marks":
            sub["marks"] = {draw(st.sampled_from(codes)): {"mark": literal}}
        elif where == "cutoff":
            sub["data_cutoff"] = literal
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _signed(payload_bytes: bytes) -> SignedPackage:
    """The payload under a manifest whose content hash is what a faithful writer would have
    put (when pydantic can read the submission), so the checks after it are reached."""
    content = "0" * 64
    try:
        [sf] = Payload.model_validate(canonical.loads(payload_bytes)).submissions
        content = _old_content_hash(sf)
    except Exception:  # noqa: BLE001 — unreadable: the manifest keeps a hash that cannot match
        pass
    entry = FormEntry(id="ngan_sach", version=1, form_hash="h", revision=1, content_hash=content)
    manifest = package.Manifest(
        format=package.FORMAT, package_uuid="u", created_at="c", app_version="0", period="2023-H1",
        unit=UnitInfo(code="178", name="Xã A"), forms=[entry], payload_sha256="-", key_fingerprint="-",
    )  # fmt: skip
    signature = package.Signature(algorithm="ed25519", public_key="", signature="")
    return SignedPackage(manifest, signature, b"{}", payload_bytes)


def _outcome(read, signed: SignedPackage, form):
    try:
        pkg = read("goi.baocao", signed)
    except PackageRejected as exc:
        return ("rejected", exc.message, exc.code)
    out = []
    for sf in pkg.payload.submissions:
        sub, issues = parse_submission(sf, form, filename="goi.baocao", canonical_numbers=True)
        out.append((sub.__dict__, [i.__dict__ for i in issues]))
    return ("read", out)


def _pydantic_route(name: str, signed: SignedPackage) -> Package:
    payload = package._parse(name, signed.payload_bytes, Payload, "data.json")
    pkg = Package(signed.manifest, payload, signed.signature, signed.manifest_bytes)
    package._check_consistency(name, pkg)
    return pkg


@given(data=st.data())
def test_the_strict_payload_reader_and_pydantic_agree_on_mutated_payloads(form, data):
    codes = [i.code for i in form.iter_indicators()]
    signed = _signed(data.draw(payloads(codes)))
    assert _outcome(package.parse_payload, signed, form) == _outcome(_pydantic_route, signed, form)


def test_our_own_payload_takes_the_strict_route(tmp_path, form):
    sf = SubmissionFile(format="baocao-submission/1", form="ngan_sach", form_version=1, unit="178",
                        period="2023-H1", values={"NS_THU": {"th_ky": "144.505"}})  # fmt: skip
    entry = FormEntry(id="ngan_sach", version=1, form_hash="h", revision=1,
                      content_hash=package.content_hash(sf))  # fmt: skip
    raw, _ = package.build_package(
        unit=UnitInfo(code="178", name="Xã A"), period="2023-H1", entries=[(entry, sf)],
        key=SigningKey.load_or_create(tmp_path / "k"), created_at="c", app_version="0",
    )  # fmt: skip
    (tmp_path / "goi.baocao").write_bytes(raw)
    pkg = package.read_package(tmp_path / "goi.baocao")
    assert isinstance(pkg.payload, package.PayloadData)
    [sub] = pkg.payload.submissions
    assert isinstance(sub, SubmissionData)
    parsed, issues = parse_submission(sub, form, canonical_numbers=True)
    assert parsed.values == {("NS_THU", "th_ky"): Decimal("144.505")} and issues == []


# ------------------------------------------------------------- figures, all at once

TEXTS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False).map(canonical.to_text),
    st.text(st.sampled_from("0123456789-.,e+ \n١٢"), max_size=8),
    st.integers(),
    st.none(),
    st.just("9" * 30),
    st.just("9" * 31),
    st.just("-" + "9" * 30),
)


@given(st.lists(TEXTS, max_size=8))
def test_figures_read_at_once_are_those_read_one_by_one(texts):
    at_once = canonical.read_all(texts)
    one_by_one = []
    for text in texts:
        try:
            one_by_one.append(canonical.read(text))
        except NumberFormatError:
            assert at_once is None  # a text `read` refuses is never read at once
            return
    if all(len(t) <= canonical.MAX_DIGITS and "," not in t for t in texts):
        assert at_once is not None
    if at_once is not None:
        assert [(str(a), type(a)) for a in at_once] == [(str(b), type(b)) for b in one_by_one]


def read_by_the_rule(form, values: dict) -> tuple[dict, list]:
    """A payload's values read by the rule itself, value by value (the oracle of the
    properties here and in test_canonical_cells.py): an unknown row or column is an error,
    an empty value is left out, a text row keeps its text, a figure is `canonical.read`'s.
    Returns (values, [(issue code, indicator, measure)])."""
    imap = form.indicator_map()
    expected, problems = {}, []
    for code, row in values.items():
        if code not in imap:
            problems.append(("chi_tieu_khong_co", code, None))
            continue
        for mea, raw in row.items():
            if mea not in form.measures_of(imap[code]):
                problems.append(("so_do_khong_co", code, mea))
            elif raw is None or (isinstance(raw, str) and not raw.strip()):
                pass
            elif imap[code].kind == "text":
                expected[(code, mea)] = str(raw).strip()
            else:
                try:
                    expected[(code, mea)] = canonical.read(raw)
                except NumberFormatError:
                    problems.append(("khong_phai_so", code, mea))
    return expected, problems


@given(data=st.data())
def test_canonical_values_of_real_forms_read_as_the_strict_codec_reads_each(pack, data):
    """Against the rule itself, value by value: an unknown row or column is an error, an
    empty value is left out, a text row keeps its text, a figure is `canonical.read`'s."""
    # a half-year's columns (period_form.py): no «tháng trước», no «dự toán tháng»
    form = form_for_period(pack.get(data.draw(st.sampled_from(sorted(pack.forms)))), "2023-H1")
    inds = list(form.iter_indicators())
    codes = st.sampled_from([i.code for i in inds] + ["KHONG_CO"])
    measures = st.sampled_from(form.measures + ["zz"])
    values = data.draw(st.dictionaries(codes, st.dictionaries(measures, st.one_of(
        FIGURES, FIGURES, FIGURES, st.none(), st.integers(-5, 5)), max_size=4), max_size=8))  # fmt: skip
    sf = SubmissionData(format="baocao-submission/1", form=form.id, form_version=form.version,
                        unit="178", period="2023-H1", values=values)  # fmt: skip
    sub, issues = parse_submission(sf, form, filename="f", canonical_numbers=True)
    expected, problems = read_by_the_rule(form, values)
    assert [(k, str(v)) for k, v in sub.values.items()] == [
        (k, str(v)) for k, v in expected.items()
    ]
    assert [(i.code, i.location.indicator, i.location.measure) for i in issues] == problems


# ------------------------------------------------------------- manifest and signature

GOOD_MANIFEST = {
    "format": "baocao-package/2", "package_uuid": "u", "created_at": "c", "app_version": "0",
    "unit": {"code": "178", "name": "Xã A", "valid_from": "2025-07-01"}, "period": "2023-H1",
    "forms": [{"id": "ngan_sach", "version": 1, "form_hash": "h", "revision": 2,
               "content_hash": "c", "finalised_at": None}],
    "payload_sha256": "p", "key_fingerprint": "k",
}  # fmt: skip
ANYTHING = st.one_of(HOSTILE, st.integers(-2, 10**7), st.sampled_from(
    ["baocao-package/1", "baocao-package/3", "ed25519", "", "178"]))  # fmt: skip


@given(data=st.data())
def test_manifest_and_signature_read_strictly_are_what_pydantic_reads(data):
    """Wherever the strict reader accepts a member, the pydantic model accepts it with the
    same fields; wherever it does not, `_parse` gives pydantic's verdict (the message)."""
    manifest = json.loads(json.dumps(GOOD_MANIFEST))
    signature = {"algorithm": "ed25519", "public_key": "a", "signature": "b"}
    for _ in range(data.draw(st.integers(0, 3))):
        target = data.draw(st.sampled_from(["manifest", "unit", "form", "forms", "signature"]))
        node = {"manifest": manifest, "unit": manifest.get("unit"), "signature": signature,
                "form": (manifest.get("forms") or [None])[0] if isinstance(
                    manifest.get("forms"), list) else None}.get(target)  # fmt: skip
        if target == "forms":
            manifest["forms"] = data.draw(st.sampled_from([[], {}, None, "x"]))
        elif isinstance(node, dict):
            key = data.draw(st.sampled_from(sorted(node) + ["extra"]))
            if data.draw(st.booleans()):
                node[key] = copy.deepcopy(data.draw(ANYTHING))
            else:
                node.pop(key, None)
    for raw, model, member in ((manifest, package.Manifest, "manifest.json"),
                               (signature, package.Signature, "signature.json")):  # fmt: skip
        text = json.dumps(raw, ensure_ascii=False).encode("utf-8")
        try:
            loaded = canonical.loads(text)
        except canonical.JsonRefused:
            continue  # refused before any model: the one route for both
        try:
            expected = ("read", model.model_validate(loaded).model_dump(mode="json"))
        except ValueError:  # pydantic's ValidationError: its message refuses the package
            with pytest.raises(PackageRejected) as pydantic_says:
                package._validate("goi.baocao", loaded, model, member)
            expected = ("rejected", pydantic_says.value.message)
        try:
            got = package._parse("goi.baocao", text, model, member)
            outcome = ("read", got.model_dump(mode="json"))
        except PackageRejected as exc:
            outcome = ("rejected", exc.message)
        assert outcome == expected
