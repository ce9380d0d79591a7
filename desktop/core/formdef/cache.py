"""The parsed form files kept on disk, so a short command does not parse YAML again.

Each YAML document of the form pack is stored as JSON under `<data folder>/cache/forms/`,
named by the SHA-256 of the file's text: a changed file has a new name, so a stale entry is
never read (old ones are simply left; each is a few kilobytes).  JSON, never pickle: reading
the cache runs no code.  A document that JSON cannot carry exactly (a YAML date, a number
used as a key) is not cached; an unreadable or damaged entry is parsed again and rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from desktop import paths
from desktop.core.atomic import write_text
from desktop.core.errors import BaoCaoError

FORMAT = 1


def cache_dir() -> Path:
    return paths.data_dir() / "cache" / "forms"


def cached_parse(text: str, parse: Callable[[], object]) -> object:
    """`parse()`'s result for `text`, from the cache when it holds this exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    entry = cache_dir() / f"{digest}.json"
    try:
        stored = json.loads(entry.read_bytes())
        if isinstance(stored, dict) and stored.get("format") == FORMAT:
            return stored["data"]
    except (OSError, ValueError, KeyError):
        pass
    data = parse()
    _store(entry, data)
    return data


def _store(entry: Path, data: object) -> None:
    try:
        body = json.dumps({"format": FORMAT, "data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # a date or another value JSON does not carry
    if json.loads(body)["data"] != data:
        return  # e.g. a number used as a key would come back as text
    try:
        write_text(entry, body)
    except BaoCaoError:  # a read-only data folder: no cache, nothing else changes
        pass
