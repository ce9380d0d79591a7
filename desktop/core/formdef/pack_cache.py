"""The checked form pack kept on disk, so a short command neither parses nor checks it again.

`load_pack()` asks here first.  The key is the SHA-256 of everything the pack's meaning
depends on: each `*.yaml` file of the pack directory (name and bytes) and the code that
reads and checks it (this package's modules, or the version number in a frozen build).
Any changed, added or removed form file gives a new key, so a stale entry is never read.

An entry is `<data folder>/cache/packs/<key>.json`: a first line with the SHA-256 of the
rest, then the pack as plain JSON (`dataspec.dump`; never pickle, reading runs no code).
It is used only when the digest matches and `dataspec.build` accepts every field again
with its constraints; anything else (a flipped bit, a cut-short file, a file too big,
a hand-edited value) counts as no entry, and the pack is read from the YAML and the entry
rewritten.  It is written atomically (`core/atomic.py`), and only for a pack without errors
that rebuilds from its own entry to an equal pack.  The cache buys speed and nothing else:
whoever can write the data folder can change the database beside it anyway.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from desktop import paths
from desktop.core import dataspec
from desktop.core.atomic import write_text
from desktop.core.errors import BaoCaoError

FORMAT = 1
MAX_ENTRY_BYTES = 32 * 1024 * 1024
_CODE = ("models.py", "loader.py", "checks.py", "expr.py", "pack_cache.py")


def cache_dir() -> Path:
    return paths.data_dir() / "cache" / "packs"


def _code_fingerprint() -> bytes:
    here = Path(__file__).resolve().parent
    try:
        parts = [(here / name).read_bytes() for name in _CODE]
        parts.append((here.parent / "dataspec.py").read_bytes())
    except OSError:  # a frozen build ships bytecode only: its version stands for its code
        from desktop import __version__

        return f"version {__version__}".encode()
    return b"\0".join(parts)


def pack_key(directory: Path) -> str | None:
    """The cache key of the pack in `directory`, or None when its files cannot be read."""
    digest = hashlib.sha256(f"baocao-pack/{FORMAT}\0".encode())
    digest.update(hashlib.sha256(_code_fingerprint()).digest())
    try:
        for path in sorted(Path(directory).glob("*.yaml")):
            body = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(body)}\0".encode())
            digest.update(body)
    except OSError:
        return None
    return digest.hexdigest()


def read(key: str) -> dict | None:
    """The plain data stored under `key`, when the entry is whole; otherwise None."""
    entry = cache_dir() / f"{key}.json"
    try:
        if entry.stat().st_size > MAX_ENTRY_BYTES:
            return None
        raw = entry.read_bytes()
    except OSError:
        return None
    digest, _, body = raw.partition(b"\n")
    if digest.decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    return data


def write(key: str, data: dict) -> None:
    """Store `data` under `key`; a data folder that cannot be written means no cache."""
    body = json.dumps({"format": FORMAT, "key": key, **data}, ensure_ascii=False)
    encoded = body.encode("utf-8")
    try:
        write_text(cache_dir() / f"{key}.json", hashlib.sha256(encoded).hexdigest() + "\n" + body)
    except (BaoCaoError, OSError):
        pass


def pack_data(catalog: object, forms: list) -> dict:
    """The pack as plain data; fields at their default are left out (build restores them)."""
    return {
        "catalog": dataspec.dump(catalog, defaults=False),
        "forms": [dataspec.dump(f, defaults=False) for f in forms],
    }


def pack_from_data(data: dict):
    """(catalog, [form, …]) rebuilt from `pack_data`, or `dataspec.Rejected`."""
    from desktop.core.formdef.models import Catalog, FormDefinition

    forms = data.get("forms")
    if not isinstance(forms, list):
        raise dataspec.Rejected("no list of forms")
    catalog = dataspec.build(Catalog, data.get("catalog"))
    return catalog, [dataspec.build(FormDefinition, f) for f in forms]
