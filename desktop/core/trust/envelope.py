"""Small signed files that travel like packages: an enrolment request (unit → province),
an enrolment decision and review feedback (province → unit).

One JSON object: `format` "baocao-signed/1", `body` (the exact JSON text that is signed,
itself carrying `kind`), `public_key` and `signature` (Ed25519, base64).  Reading checks
the size, the JSON, the signature and the kind before anything else looks at the body.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from desktop.core import atomic, canonical
from desktop.core.errors import InputFileError
from desktop.core.exchange.signing import SigningKey, fingerprint, verify
from desktop.core.pydantic_vi import vn_validation_message

FORMAT = "baocao-signed/1"
MAX_BYTES = 2 * 1024 * 1024
KIND_LABELS = {
    "enrolment-request": "yêu cầu đăng ký khóa",
    "enrolment-decision": "quyết định đăng ký khóa",
    "review": "phản hồi của tỉnh",
}


def seal(body: BaseModel, key: SigningKey) -> bytes:
    text = json.dumps(body.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    envelope = {
        "format": FORMAT,
        "body": text,
        "public_key": key.public_b64,
        "signature": key.sign(text.encode("utf-8")),
    }
    return json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8")


def write_sealed(body: BaseModel, key: SigningKey, out: Path) -> Path:
    return atomic.write_bytes(Path(out), seal(body, key))


def peek_kind(path: Path) -> str | None:
    """The kind a signed file says it is (unverified), or None for anything else."""
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            return None
        env = json.loads(Path(path).read_text(encoding="utf-8"))
        return json.loads(env["body"]).get("kind") if env.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _is_package(data: bytes) -> bool:
    """Whether the bytes are a unit's package (a ZIP with a manifest and a signature)."""
    import io
    import zipfile

    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {"manifest.json", "signature.json"} <= set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def open_sealed(path: Path, model: type[BaseModel]):
    """(body, signer fingerprint, signer public key) of a signed file whose signature holds."""
    path = Path(path)
    label = KIND_LABELS.get(model.model_fields["kind"].default, "tệp có chữ ký")

    def bad(why: str) -> InputFileError:
        return InputFileError(f"Tệp «{path.name}» không phải {label} hợp lệ: {why}")

    try:
        size = path.stat().st_size
    except OSError:
        raise bad("không tìm thấy hoặc không đọc được tệp.") from None
    if size > MAX_BYTES:
        raise bad("tệp quá lớn (tối đa 2 MB).")
    try:
        raw_bytes = path.read_bytes()
    except OSError:  # a folder, or unreadable
        raise bad("không tìm thấy hoặc không đọc được tệp.") from None
    try:
        env = canonical.loads(raw_bytes)  # the one reader of outside JSON: no lone surrogates
        text, public, signature = env["body"], env["public_key"], env["signature"]
        if env.get("format") != FORMAT or not all(
            isinstance(x, str) for x in (text, public, signature)
        ):
            raise ValueError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        if _is_package(raw_bytes):
            raise bad(
                "đây là gói số liệu (.baocao) một đơn vị gửi lên; gói do tỉnh nhận ở «Hộp thư» "
                "(lệnh «baocao package import»), không nhận ở đây."
            ) from None
        raise bad("không đúng định dạng tệp BaoCao có chữ ký (tệp khác, hoặc bị hỏng).") from None
    if not verify(public, signature, text.encode("utf-8")):
        raise bad("chữ ký không hợp lệ (tệp đã bị sửa hoặc chữ ký giả).")
    try:
        raw = canonical.loads(text.encode("utf-8"))
    except canonical.JsonRefused as exc:
        raise bad(f"nội dung {exc.args[0]}.") from None
    if not isinstance(raw, dict) or raw.get("kind") != model.model_fields["kind"].default:
        kind = raw.get("kind") if isinstance(raw, dict) else None
        kind = kind if isinstance(kind, str) else None  # a list or a dict is no kind
        raise bad(f"đây là {KIND_LABELS.get(kind, 'loại tệp khác')}.")
    try:
        body = model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise bad(f"sai cấu trúc ở «{where}»: {vn_validation_message(first)}.") from None
    return body, fingerprint(base64.b64decode(public)), public
