"""The checked form pack kept on disk, so a short command neither parses nor checks it again.

`load_pack()` asks here first.  The key is the SHA-256 of everything the pack's meaning
depends on: each `*.yaml` file of the pack directory (name and bytes) and the code that
reads and checks it (this package's modules, or the version number in a frozen build).
Any changed, added or removed form file gives a new key, so a stale entry is never read.
Hashing the files each time is what `pack_stats.py` saves: a key is remembered against the
files' sizes, times and inodes, and the files are hashed again whenever those change.

An entry (format 2) is `<data folder>/cache/packs/<key>.json`: a first line with the
checksum of the rest (`_checksum`); a second line, the head, as plain JSON: the format,
the key, the catalog, each form's header (`FormHeader`) and where each form's JSON lies;
then the forms' JSON one after another (`dataspec.dump`; never pickle, reading runs no
code).  A command parses the head and only the forms it uses (a `status` none, an
`entry show` one of 25).  An entry of another format is never read: the format is part of
the key, and the head must say it.  The entry is used only when the checksum matches and
`dataspec.build` accepts every field again with its constraints; anything else (a flipped
bit, a cut-short file, a file too big, a hand-edited value) counts as no entry, and the
pack is read from the YAML and the entry rewritten.  It is written atomically
(`core/atomic.py`), and only for a pack without errors that rebuilds from its own entry to
an equal pack.  The cache buys speed and nothing else: whoever can write the data folder
can change the database beside it anyway.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

from desktop import paths
from desktop.core import dataspec
from desktop.core.atomic import write_bytes
from desktop.core.errors import BaoCaoError
from desktop.core.formdef import pack_stats

FORMAT = 2
MAX_ENTRY_BYTES = 32 * 1024 * 1024
_CODE = (
    "models.py",
    "loader.py",
    "checks.py",
    "checks_indicators.py",
    "checks_rules.py",
    "expr.py",
    "pack_cache.py",
    "pack_stats.py",
    "yaml_source.py",
)
_SPEC = ("dataspec.py", "dataspec_build.py")


def cache_dir() -> Path:
    return paths.data_dir() / "cache" / "packs"


def _code_files() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / name for name in _CODE] + [here.parent / name for name in _SPEC]


def _code_fingerprint() -> bytes:
    try:
        return b"\0".join(path.read_bytes() for path in _code_files())
    except OSError:  # a frozen build ships bytecode only: its version stands for its code
        from desktop import __version__

        return f"version {__version__}".encode()


def pack_key(directory: Path) -> tuple[str, list[str]] | None:
    """The cache key of the pack in `directory` and the ids its form files give (in the
    loader's order), or None when its files cannot be read."""
    try:
        files = sorted(Path(directory).glob("*.yaml"))
    except OSError:
        return None
    ids = [path.stem for path in files if not path.name.startswith("_")]
    seen = pack_stats.stats(files, _code_files())
    key = pack_stats.remembered(cache_dir(), directory, seen)
    if key is None:
        key = _hash_files(files)
        if key is None:
            return None
        pack_stats.remember(cache_dir(), directory, seen, key)
    return key, ids


def _hash_files(files: list[Path]) -> str | None:
    import hashlib  # only when the files are hashed: not on a short command's path

    digest = hashlib.sha256(f"baocao-pack/{FORMAT}\0".encode())
    digest.update(hashlib.sha256(_code_fingerprint()).digest())
    try:
        for path in files:
            body = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(body)}\0".encode())
            digest.update(body)
    except OSError:
        return None
    return digest.hexdigest()


def encode(key: str, data: dict) -> bytes:
    """The entry's body (all but its digest line) for `pack_data`'s `data`."""
    texts = [json.dumps(form, ensure_ascii=False).encode() for form in data["forms"].values()]
    spans, end = {}, 0
    for form_id, text in zip(data["forms"], texts, strict=True):
        spans[form_id] = [end, end + len(text)]
        end += len(text)
    head = {"format": FORMAT, "key": key, "catalog": data["catalog"],
            "headers": data["headers"], "forms": spans}  # fmt: skip
    # compact JSON never holds a raw newline (one is written \n), nor does UTF-8 inside a
    # character: the head is the body's first line
    return json.dumps(head, ensure_ascii=False).encode() + b"\n" + b"".join(texts)


def decode(key: str, body: bytes) -> dict | None:
    """The head of an entry's body, its forms' JSON texts under "texts"; None when it is
    not a format-2 entry of `key`."""
    head_text, newline, texts = body.partition(b"\n")
    try:
        head = json.loads(head_text) if newline else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("key") != key:
        return None
    head["texts"] = texts
    return head


def read(key: str) -> dict | None:
    """The head of the entry stored under `key` (with its forms' texts), when the entry is
    whole; otherwise None."""
    entry = cache_dir() / f"{key}.json"
    try:
        if entry.stat().st_size > MAX_ENTRY_BYTES:
            return None
        raw = entry.read_bytes()
    except OSError:
        return None
    digest, _, body = raw.partition(b"\n")
    if digest != _checksum(body):
        return None
    return decode(key, body)


def write(key: str, data: dict) -> None:
    """Store `data` under `key`; a data folder that cannot be written means no cache."""
    body = encode(key, data)
    try:
        write_bytes(cache_dir() / f"{key}.json", _checksum(body) + b"\n" + body)
    except (BaoCaoError, OSError):
        pass


def _checksum(body: bytes) -> bytes:
    """The entry's first line: the CRC-32 of the rest, in hex.  It catches damage (a
    flipped bit, a cut-short file: every burst of up to 32 bits, any other with odds of
    2^-32, after which the strict re-reading still stands); what it does not guard against
    is a deliberate edit, which the digest could not either (it can be recomputed).  The
    key, a SHA-256, names the pack; this only checks the file: without hashlib, whose
    OpenSSL costs a short command more than all the rest of reading the entry."""
    return b"%08x" % zlib.crc32(body)


def pack_data(catalog: object, forms: list, headers: list) -> dict:
    """The pack as plain data; fields at their default are left out (build restores them).
    Each form's header (`FormHeader`) is kept beside it: listing the forms builds none."""
    return {
        "catalog": dataspec.dump(catalog, defaults=False),
        "forms": {f.id: dataspec.dump(f, defaults=False) for f in forms},
        "headers": [dataspec.dump(h) for h in headers],
    }


def pack_from_data(data: dict, ids: list[str], on_rejected: Callable[[], Mapping]):
    """(catalog, forms, headers) from an entry's head (`decode`): the catalog and the
    headers read now, each form's JSON parsed and built when first used (a command needs
    one form of 25).  The forms and headers must be exactly `ids`, the pack's files (a
    checked pack names each form after its file), each form's place within the texts,
    else `dataspec.Rejected`, as for a damaged catalog; a form rejected later is taken
    from `on_rejected()`, the pack read from the YAML."""
    from desktop.core.formdef.models import Catalog, FormHeader

    spans, headers, texts = data.get("forms"), data.get("headers"), data.get("texts")
    if type(spans) is not dict or list(spans) != ids or type(headers) is not list:
        raise dataspec.Rejected("not the pack's forms")
    raw = {}
    for form_id, span in spans.items():
        if not (type(span) is list and len(span) == 2 and all(type(n) is int for n in span)
                and 0 <= span[0] <= span[1] <= len(texts)):  # fmt: skip
            raise dataspec.Rejected("not a place in the entry")
        raw[form_id] = texts[span[0] : span[1]]
    read = {h.id: h for h in (dataspec.build(FormHeader, h) for h in headers)}
    if list(read) != ids:
        raise dataspec.Rejected("not the pack's headers")
    return dataspec.build(Catalog, data.get("catalog")), CachedForms(raw, on_rejected), read


class CachedForms(Mapping):
    """The pack's forms by id, each parsed and built from its cached JSON the first time
    it is asked for; the order is the pack's.  Compares equal to a dict of the same forms."""

    def __init__(self, raw: dict[str, bytes], on_rejected: Callable[[], Mapping]) -> None:
        self._raw = raw
        self._built: dict = {}
        self._on_rejected = on_rejected

    def __getitem__(self, form_id: str):
        form = self._built.get(form_id)
        if form is None:
            form = self._build(form_id, self._raw[form_id])
            self._built[form_id] = form
        return form

    def _build(self, form_id: str, text: bytes):
        from desktop.core.formdef.models import FormDefinition

        try:
            form = dataspec.build(FormDefinition, json.loads(text))
            if form.id == form_id:
                return form
        except (dataspec.Rejected, ValueError, RecursionError):
            pass
        # a hand-edited entry: every form now comes from the YAML (and the entry is rewritten)
        self._built = dict(self._on_rejected())
        self._raw = dict.fromkeys(self._built)
        return self._built[form_id]

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"CachedForms({list(self._raw)})"
