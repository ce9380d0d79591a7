"""A package's archive: its three members read from the file's bytes (package.py checks
the signature and everything after).

Nothing is extracted to disk and every size is checked before anything is inflated, so a
hostile file (zip bomb, `..` member names, huge or truncated files) is just bad input.  An
archive laid out exactly as our writer lays it out (`build_package`: the three members,
deflated, one after the other, then the central directory, no extras, comments or flags)
is read straight from its headers (`_as_we_write_it`), each member inflated no further than
its declared size and its CRC-32 checked; anything else, and anything that fails there, is
read by `zipfile`, whose verdict and messages decide as they always did.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib

from desktop.core.errors import PackageRejected

MEMBERS = ("manifest.json", "data.json", "signature.json")
MAX_MEMBER_BYTES = {
    "manifest.json": 1024 * 1024,
    "data.json": 100 * 1024 * 1024,
    "signature.json": 64 * 1024,
}
MAX_RATIO = 200  # uncompressed / compressed: anything above is a bomb, not JSON


def reject(name: str, message: str, code: str) -> PackageRejected:
    return PackageRejected(f"Gói «{name}» bị từ chối: {message}", code=code)


def read_members(name: str, raw: bytes) -> dict[str, bytes]:
    """The three members' bytes, or PackageRejected saying what is wrong with the archive."""
    members = _as_we_write_it(raw)
    return members if members is not None else _by_zipfile(name, raw)


def _by_zipfile(name: str, raw: bytes) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise reject(
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
                raise reject(name, f"chứa đường dẫn nguy hiểm «{n}».", "duong_dan_nguy_hiem")
        if sorted(names) != sorted(MEMBERS):
            raise reject(name, _wrong_members(names), "sai_thanh_phan")
        members: dict[str, bytes] = {}
        for info in infos:
            limit = MAX_MEMBER_BYTES[info.filename]
            if _too_big(info.file_size, info.compress_size, limit):
                raise reject(
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
                raise reject(
                    name, f"thành phần «{info.filename}» bị hỏng.", "thanh_phan_hong"
                ) from None
            if len(data) > limit:
                raise reject(name, f"thành phần «{info.filename}» quá lớn.", "nghi_bom_nen")
            members[info.filename] = data
    return members


def _too_big(size: int, compressed: int, limit: int) -> bool:
    return size > limit or size > max(compressed, 1) * MAX_RATIO + 4096


# zipfile's own record layouts (end of central directory, central entry, local header)
_END = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_LOCAL = struct.Struct("<4s2B4HL2L2H")


def _as_we_write_it(raw: bytes) -> dict[str, bytes] | None:
    """The members of an archive laid out exactly as `build_package` writes it, each
    inflated to its declared size and no further, its CRC-32 matched; None for anything
    else (then zipfile reads it and decides)."""
    end = len(raw) - _END.size
    if end < 0:
        return None
    sig, disk, cd_disk, here, total, cd_size, cd_at, comment = _END.unpack_from(raw, end)
    if (sig, disk, cd_disk, here, total, comment) != (b"PK\x05\x06", 0, 0, 3, 3, 0):
        return None
    if cd_at + cd_size != end or raw[end - 20 : end - 16] == b"PK\x06\x07":
        return None  # (zipfile would look for a zip64 record there)
    members: dict[str, bytes] = {}
    at, expected = cd_at, 0  # each member's local header follows the previous one's data
    try:
        for _ in range(3):
            c = _CENTRAL.unpack_from(raw, at)
            (sig, _, _, version, _, flags, method, _, _, crc, csize, size, nlen, xlen, clen,
             disk, _, _, offset) = c  # fmt: skip
            if (sig, version, flags, method, xlen, clen, disk) != (
                b"PK\x01\x02", 20, 0, 8, 0, 0, 0
            ) or offset != expected:
                return None
            member = raw[at + _CENTRAL.size : at + _CENTRAL.size + nlen].decode("ascii")
            at += _CENTRAL.size + nlen
            limit = MAX_MEMBER_BYTES.get(member)
            if limit is None or member in members or _too_big(size, csize, limit):
                return None
            lsig, lversion, _, lflags, lmethod, _, _, _, _, _, lnlen, lxlen = _LOCAL.unpack_from(
                raw, offset
            )
            start = offset + _LOCAL.size + lnlen
            if (lsig, lversion, lflags, lmethod, lxlen) != (b"PK\x03\x04", 20, 0, 8, 0) or raw[
                offset + _LOCAL.size : start
            ] != member.encode("ascii"):
                return None
            expected = start + csize
            inflate = zlib.decompressobj(-15)
            data = inflate.decompress(raw[start:expected], size + 1)
            if (
                len(data) != size
                or not inflate.eof
                or inflate.unconsumed_tail
                or inflate.unused_data
                or zlib.crc32(data) != crc
            ):
                return None
            members[member] = data
    except (struct.error, zlib.error, UnicodeDecodeError):
        return None
    return members if expected == cd_at and at == end else None


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
