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
hostile file (zip bomb, `..` member names, huge or truncated files) is just bad input.
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
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.core import canonical, dataspec
from desktop.core.errors import PackageRejected
from desktop.core.exchange.package_data import (
    MAX_REVISION,
    ManifestData,
    PayloadData,
    SignatureData,
)
from desktop.core.exchange.signing import SigningKey, fingerprint, verify
from desktop.core.submission import SubmissionData, SubmissionFile, vn_validation_message

FORMAT = "baocao-package/2"
EXTENSION = ".baocao"
MEMBERS = ("manifest.json", "data.json", "signature.json")
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = {
    "manifest.json": 1024 * 1024,
    "data.json": 100 * 1024 * 1024,
    "signature.json": 64 * 1024,
}
MAX_RATIO = 200  # uncompressed / compressed: anything above is a bomb, not JSON


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


@dataclass(frozen=True)
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


def _reject(name: str, message: str, code: str) -> PackageRejected:
    return PackageRejected(f"Gói «{name}» bị từ chối: {message}", code=code)


@dataclass(frozen=True)
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
        raise _reject(name, "đây là một thư mục, không phải tệp gói.", "khong_phai_tep")
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
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise _reject(
            name,
            _SUBMISSION_JSON
            if _is_submission_json(raw)
            else "không phải gói BaoCao (không đúng định dạng ZIP, hoặc tệp bị cắt cụt).",
            "sai_dinh_dang",
        ) from None
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        for n in names:
            if n.startswith(("/", "\\")) or ".." in n.replace("\\", "/").split("/") or ":" in n:
                raise _reject(name, f"chứa đường dẫn nguy hiểm «{n}».", "duong_dan_nguy_hiem")
        if sorted(names) != sorted(MEMBERS):
            raise _reject(name, _wrong_members(names), "sai_thanh_phan")
        members: dict[str, bytes] = {}
        for info in infos:
            limit = MAX_MEMBER_BYTES[info.filename]
            if (
                info.file_size > limit
                or info.file_size > max(info.compress_size, 1) * MAX_RATIO + 4096
            ):
                raise _reject(
                    name,
                    f"thành phần «{info.filename}» có kích thước bất thường (nghi tệp nén độc hại).",
                    "nghi_bom_nen",
                )
            try:
                with zf.open(info) as fh:
                    data = fh.read(limit + 1)
            except (
                zipfile.BadZipFile,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
                zlib.error,
            ):
                raise _reject(
                    name, f"thành phần «{info.filename}» bị hỏng.", "thanh_phan_hong"
                ) from None
            if len(data) > limit:
                raise _reject(name, f"thành phần «{info.filename}» quá lớn.", "nghi_bom_nen")
            members[info.filename] = data
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


_SUBMISSION_JSON = (
    "không phải gói BaoCao mà là tệp số liệu JSON của đơn vị (baocao-submission), nạp bằng "
    "lệnh «baocao entry load»; gói .baocao do đơn vị tạo bằng «Gửi báo cáo…»."
)


def _is_submission_json(raw: bytes) -> bool:
    """A submission JSON file renamed .baocao (L6): told apart from a damaged package."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and str(data.get("format", "")).startswith("baocao-submission")


def _wrong_members(names: list[str]) -> str:
    """One sentence: what the zip seems to be, what it lacks, at most three strangers named."""
    kind = next((k for p, k in _OFFICE if any(n.startswith(p) for n in names)), "tệp nén ZIP")
    missing = [m for m in MEMBERS if m not in names]
    extra = sorted({n for n in names if n not in MEMBERS or names.count(n) > 1})
    what = f"thiếu {', '.join(missing)}" if missing else "có thành phần lạ hoặc trùng tên"
    if extra and not missing:
        more = f" và {len(extra) - 3} thành phần khác" if len(extra) > 3 else ""
        what += " " + ", ".join(f"«{n}»" for n in extra[:3]) + more
    return f"tệp này là {kind}, không phải gói BaoCao ({what})."


_OFFICE = (("word/", "tệp Word"), ("xl/", "tệp Excel"), ("ppt/", "tệp PowerPoint"))


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
