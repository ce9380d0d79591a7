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
from collections.abc import Callable, Mapping
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
        parts += [(here.parent / n).read_bytes() for n in ("dataspec.py", "dataspec_build.py")]
    except OSError:  # a frozen build ships bytecode only: its version stands for its code
        from desktop import __version__

        return f"version {__version__}".encode()
    return b"\0".join(parts)


def pack_key(directory: Path) -> tuple[str, list[str]] | None:
    """The cache key of the pack in `directory` and the ids its form files give (in the
    loader's order), or None when its files cannot be read."""
    digest = hashlib.sha256(f"baocao-pack/{FORMAT}\0".encode())
    digest.update(hashlib.sha256(_code_fingerprint()).digest())
    ids = []
    try:
        for path in sorted(Path(directory).glob("*.yaml")):
            body = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(body)}\0".encode())
            digest.update(body)
            if not path.name.startswith("_"):
                ids.append(path.stem)
    except OSError:
        return None
    return digest.hexdigest(), ids


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


def pack_data(catalog: object, forms: list, headers: list) -> dict:
    """The pack as plain data; fields at their default are left out (build restores them).
    Each form's header (`FormHeader`) is kept beside it: listing the forms builds none."""
    return {
        "catalog": dataspec.dump(catalog, defaults=False),
        "forms": {f.id: dataspec.dump(f, defaults=False) for f in forms},
        "headers": [dataspec.dump(h) for h in headers],
    }


def pack_from_data(data: dict, ids: list[str], on_rejected: Callable[[], Mapping]):
    """(catalog, forms, headers) from `pack_data`: the catalog and the headers read now,
    each form when first used (a command needs one form of 25).  The forms and headers must
    be exactly `ids`, the pack's files (a checked pack names each form after its file), else
    `dataspec.Rejected`, as for a damaged catalog; a form rejected later is taken from
    `on_rejected()`, the pack read from the YAML."""
    from desktop.core.formdef.models import Catalog, FormHeader

    forms, headers = data.get("forms"), data.get("headers")
    if type(forms) is not dict or list(forms) != ids or type(headers) is not list:
        raise dataspec.Rejected("not the pack's forms")
    read = {h.id: h for h in (dataspec.build(FormHeader, h) for h in headers)}
    if list(read) != ids:
        raise dataspec.Rejected("not the pack's headers")
    return dataspec.build(Catalog, data.get("catalog")), CachedForms(forms, on_rejected), read


class CachedForms(Mapping):
    """The pack's forms by id, each built from its cached data the first time it is asked
    for; the order is the pack's.  Compares equal to a dict of the same forms."""

    def __init__(self, raw: dict, on_rejected: Callable[[], Mapping]) -> None:
        self._raw = raw
        self._built: dict = {}
        self._on_rejected = on_rejected

    def __getitem__(self, form_id: str):
        form = self._built.get(form_id)
        if form is None:
            form = self._build(form_id, self._raw[form_id])
            self._built[form_id] = form
        return form

    def _build(self, form_id: str, data: object):
        from desktop.core.formdef.models import FormDefinition

        try:
            form = dataspec.build(FormDefinition, data)
            if form.id == form_id:
                return form
        except dataspec.Rejected:
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
