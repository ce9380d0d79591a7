"""Submission packages (`.baocao` files): the signed envelope a unit sends the province.

A package is a ZIP archive with exactly three members:

- `manifest.json` — format version, package UUID, creation time, app version, the unit,
  the period, per form its id, version, form-definition hash, revision and content hash,
  the SHA-256 of `data.json`, and the signer's key fingerprint;
- `data.json` — the submissions (values, comments, narratives) in the JSON submission
  format, one per form;
- `signature.json` — Ed25519 signature of the exact bytes of `manifest.json`, and the
  signer's public key.

Reading never extracts anything to disk and checks every size before reading, so a
hostile file (zip bomb, `..` member names, huge or truncated files) is just bad input
(the archive: package_zip.py).
The order of the checks is fixed: sizes, then the signature over the exact manifest bytes,
then the payload hash, and only then is any of the signed content parsed; every JSON goes
through `canonical.loads` (bounded numbers, no lone surrogates).  A member exactly as our
writer makes it is read strictly without pydantic (package_data.py); anything else goes to
the pydantic models here, whose Vietnamese message refuses it (or whose conversions read it).

Format 2 (`baocao-package/2`) writes every figure as canonical text (`core.canonical`)
and the importer reads it with the strict reader.  Format 1 wrote the same canonical text
(`to_plain`) but old importers read it the clerk way (`144.505` → 144505); a format-1
package is still accepted and now read canonically, which is what its writer meant, and
an old importer refuses a format-2 package instead of multiplying figures by 1000.
See docs/package-format.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import uuid
import zipfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.core import canonical, dataspec
from desktop.core.exchange.package_data import (
    MAX_REVISION,
    ManifestData,
    PayloadData,
    SignatureData,
)
from desktop.core.exchange.package_zip import (  # noqa: F401 — offered here too
    MAX_MEMBER_BYTES,
    MAX_RATIO,
    MEMBERS,
    read_members,
)
from desktop.core.exchange.package_zip import reject as _reject
from desktop.core.exchange.signing import SigningKey, fingerprint, verify
from desktop.core.record import record
from desktop.core.submission import SubmissionData, SubmissionFile, vn_validation_message

FORMAT = "baocao-package/2"
EXTENSION = ".baocao"
MAX_PACKAGE_BYTES = 50 * 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class UnitInfo(_Strict):
    code: str
    name: str
    valid_from: str = ""


class FormEntry(_Strict):
    id: str
    version: int = Field(ge=1, le=10_000)
    form_hash: str
    revision: int = Field(ge=1, le=MAX_REVISION)
    content_hash: str
    finalised_at: str | None = None


class Manifest(_Strict):
    format: Literal["baocao-package/1", "baocao-package/2"]
    package_uuid: str
    created_at: str
    app_version: str
    unit: UnitInfo
    period: str
    forms: list[FormEntry] = Field(min_length=1)
    payload_sha256: str
    key_fingerprint: str


class Signature(_Strict):
    algorithm: Literal["ed25519"]
    public_key: str
    signature: str


class Payload(_Strict):
    submissions: list[SubmissionFile]


@record
class Package:
    """A package read and checked: manifest, payload, signature and the manifest's bytes."""
    manifest: Manifest | ManifestData
    payload: Payload | PayloadData
    signature: Signature | SignatureData
    manifest_bytes: bytes

    @property
    def signer_fingerprint(self) -> str:
        import base64

        return fingerprint(base64.b64decode(self.signature.public_key))


def content_hash(sf: SubmissionFile | SubmissionData) -> str:
    """Hash of a submission's content, independent of key order: the SHA-256 of its JSON
    (`SubmissionFile.model_dump(mode="json")`: marks and the data cut-off only when set)
    without the author, keys sorted, a Decimal as `str()` writes it.  Built from the fields,
    which both readings of the format share (a Hypothesis test holds it to the dump)."""
    data = {
        "format": sf.format,
        "form": sf.form,
        "form_version": sf.form_version,
        "unit": sf.unit,
        "period": sf.period,
        "values": sf.values,
        "comments": sf.comments,
        "narratives": sf.narratives,
    }
    if sf.data_cutoff:
        data["data_cutoff"] = sf.data_cutoff.isoformat()
    if sf.marks:
        data["marks"] = {k: {"mark": m.mark, "reason": m.reason} for k, m in sf.marks.items()}
    # (read from JSON or from a model: no cycles to look for, and the same text without)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, check_circular=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dumps(obj: BaseModel) -> bytes:
    return json.dumps(
        obj.model_dump(mode="json"), ensure_ascii=False, indent=1, sort_keys=True
    ).encode("utf-8")


def build_package(
    *,
    unit: UnitInfo,
    period: str,
    entries: list[tuple[FormEntry, SubmissionFile]],
    key: SigningKey,
    created_at: str,
    app_version: str,
) -> tuple[bytes, Manifest]:
    payload = Payload(submissions=[sf for _, sf in entries])
    payload_bytes = _dumps(payload)
    manifest = Manifest(
        format=FORMAT,
        package_uuid=str(uuid.uuid4()),
        created_at=created_at,
        app_version=app_version,
        unit=unit,
        period=period,
        forms=[fe for fe, _ in entries],
        payload_sha256=hashlib.sha256(payload_bytes).hexdigest(),
        key_fingerprint=key.fingerprint,
    )
    manifest_bytes = _dumps(manifest)
    signature = Signature(
        algorithm="ed25519", public_key=key.public_b64, signature=key.sign(manifest_bytes)
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", manifest_bytes)
        zf.writestr("data.json", payload_bytes)
        zf.writestr("signature.json", _dumps(signature))
    return buf.getvalue(), manifest


@record
class SignedPackage:
    """A package whose signature and payload hash are verified, its data not yet parsed:
    enough to see that every form in it is already stored (a duplicate)."""

    manifest: Manifest | ManifestData
    signature: Signature | SignatureData
    manifest_bytes: bytes
    payload_bytes: bytes

    @property
    def signer_fingerprint(self) -> str:
        import base64

        return fingerprint(base64.b64decode(self.signature.public_key))


def read_package(path: Path) -> Package:
    """Read, structurally check and verify a package; raise PackageRejected on any problem."""
    return parse_payload(Path(path).name, open_package(path))


def open_package(path: Path) -> SignedPackage:
    """The archive checked, the signature verified, the manifest read and the payload's
    hash matched to it; the payload itself is parsed by `parse_payload`."""
    path = Path(path)
    name = path.name
    try:
        info = path.stat()
    except OSError:
        raise _reject(name, "không tìm thấy hoặc không đọc được tệp.", "khong_doc_duoc") from None
    if stat.S_ISDIR(info.st_mode):
        none = "" if any(path.glob(f"*{EXTENSION}")) else " và trong đó không có tệp gói nào"
        raise _reject(name, f"đây là một thư mục, không phải tệp gói{none}.", "khong_phai_tep")
    size = info.st_size
    if size > MAX_PACKAGE_BYTES:
        raise _reject(
            name, f"tệp quá lớn ({size:,} byte; tối đa 50 MB).".replace(",", "."), "qua_lon"
        )
    if size == 0:
        raise _reject(name, "tệp rỗng.", "tep_rong")
    try:
        raw = path.read_bytes()
    except OSError:
        raise _reject(name, "không đọc được tệp.", "khong_doc_duoc") from None
    members = read_members(name, raw)
    # the signature first: nothing the signer wrote is parsed before it is verified
    signature = _parse(name, members["signature.json"], Signature, "signature.json")
    if not verify(signature.public_key, signature.signature, members["manifest.json"]):
        raise _reject(
            name,
            "chữ ký không hợp lệ: nội dung đã bị sửa sau khi ký, hoặc chữ ký giả.",
            "chu_ky_sai",
        )
    manifest = _parse(name, members["manifest.json"], Manifest, "manifest.json")
    if hashlib.sha256(members["data.json"]).hexdigest() != manifest.payload_sha256:
        raise _reject(
            name, "số liệu trong gói không khớp với bản kê đã ký (đã bị sửa).", "so_lieu_bi_sua"
        )
    signed = SignedPackage(manifest, signature, members["manifest.json"], members["data.json"])
    if signed.signer_fingerprint != manifest.key_fingerprint:
        raise _reject(name, "dấu vân tay khóa trong bản kê không khớp khóa đã ký.", "chu_ky_sai")
    return signed


def parse_payload(name: str, signed: SignedPackage) -> Package:
    data = _load(name, signed.payload_bytes, "data.json")
    payload = PayloadData.read(data) or _validate(name, data, Payload, "data.json")
    package = Package(signed.manifest, payload, signed.signature, signed.manifest_bytes)
    _check_consistency(name, package)
    return package


def _parse(name: str, data: bytes, model: type[BaseModel], member: str):
    """A signed member read strictly when it is exactly as our writer makes it
    (manifest_data.py), else by its pydantic model, whose message refuses it."""
    raw = _load(name, data, member)
    strict = _STRICT.get(model)
    if strict is not None:
        try:
            return dataspec.build(strict, raw)
        except dataspec.Rejected:
            pass
    return _validate(name, raw, model, member)


def _load(name: str, data: bytes, member: str) -> object:
    try:
        return canonical.loads(data)
    except canonical.JsonRefused as exc:
        raise _reject(name, f"«{member}»: {exc.args[0]}.", "sai_dinh_dang") from None


def _validate(name: str, data: object, model: type[BaseModel], member: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _reject(
            name,
            f"«{member}» sai cấu trúc ở «{where}»: {vn_validation_message(first)}.",
            "sai_cau_truc",
        ) from None


_STRICT = {Manifest: ManifestData, Signature: SignatureData}


def _check_consistency(name: str, package: Package) -> None:
    m = package.manifest
    subs = package.payload.submissions
    if len(subs) != len(m.forms) or len({f.id for f in m.forms}) != len(m.forms):
        raise _reject(name, "danh sách biểu trong bản kê không khớp số liệu.", "khong_khop")
    for entry, sf in zip(m.forms, subs, strict=True):
        if (sf.form, sf.form_version, sf.unit, sf.period) != (
            entry.id,
            entry.version,
            m.unit.code,
            m.period,
        ):
            raise _reject(
                name,
                f"biểu «{sf.form}» không khớp bản kê (đơn vị, kỳ hoặc phiên bản).",
                "khong_khop",
            )
        if content_hash(sf) != entry.content_hash:
            raise _reject(
                name, f"nội dung biểu «{sf.form}» không khớp mã băm trong bản kê.", "so_lieu_bi_sua"
            )
