"""Which cache key a pack directory's files had when they were last hashed, so that a short
command need not read and hash every form file to find its cache entry (issue 14 point 5).

`pack_cache.pack_key` hashes the pack's files and code; the key it finds is remembered in
`<data folder>/cache/packs/stats.index` (JSON) against what the file system says of those
files without reading them (`stats`): each file's name, size, modification and change
times (ns) and inode, the code's files likewise, and BaoCao's version (a frozen build has
no code files).  The next time the same directory shows exactly the same, the remembered key is
used; anything different (a file edited, added, removed, copied over, touched, replaced by
a rename) hashes the files again.

What could fool it, and why it does not:
- a file edited again within the same tick of the file system's clock, keeping its size:
  the times would not move.  So a key is remembered only when every file's times are at
  least `SETTLED_NS` in the past when it is hashed (what git calls "racily clean"): an
  edit after that gets a later time;
- a file copied over with its old times kept (`cp -p`, an unzip): writing a file always
  sets its change time (ctime) to now, which no tool can set back, and a new file has a
  new inode;
- the same folder name holding another pack (a copied pack, another `--forms-dir`): the
  index is per absolute directory, and the files are other inodes with other times.
On Windows `st_ctime` is the creation time, not the change time: there a file overwritten
in place with another of the same size whose old modification time is put back (a copy
tool keeping times) would keep its stats.  The shipped pack is replaced only with a new
version of BaoCao, whose number is in the stats; a form author's folder changes by editing.
The index is a plain JSON file, only ever a shortcut to a key: a damaged or hand-edited
one hashes the files again, and the entry it points to is checked as any other.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from desktop.core.atomic import write_bytes
from desktop.core.errors import BaoCaoError

INDEX = "stats.index"  # JSON; not named *.json, as the entries are
KEEP = 8  # directories remembered (the shipped pack, a test's or a form author's folder)
SETTLED_NS = 2_000_000_000  # FAT's clock ticks every 2 s; ext4's and NTFS's far faster
_HEX = frozenset("0123456789abcdef")


def stats(files: list[Path], code_files: list[Path]) -> list | None:
    """What the file system says of the pack's files and its code, read from no file; None
    when a pack file cannot be looked at."""
    from desktop import __version__

    seen: list = [__version__]
    for path in [*files, *code_files]:
        try:
            st = path.stat()
        except OSError:
            if path in files:
                return None
            seen.append([path.name])  # a frozen build: no code files, its version stands
            continue
        seen.append([path.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return seen


def remembered(cache_dir: Path, directory: Path, seen: list | None) -> str | None:
    """The key remembered for `directory` when its files still show exactly `seen`."""
    if seen is None:
        return None
    entry = _index(cache_dir).get(str(Path(directory).absolute()))
    if not isinstance(entry, dict) or entry.get("stats") != seen:
        return None
    key = entry.get("key")
    return key if type(key) is str and len(key) == 64 and set(key) <= _HEX else None


def remember(cache_dir: Path, directory: Path, seen: list | None, key: str) -> None:
    """Remember `key` for `directory` showing `seen`, unless a file changed too recently
    for its times to be trusted (module docstring); a data folder that cannot be written
    remembers nothing."""
    if seen is None or not _settled(seen):
        return
    index = _index(cache_dir)
    name = str(Path(directory).absolute())
    index.pop(name, None)
    index[name] = {"stats": seen, "key": key}
    kept = dict(list(index.items())[-KEEP:])  # the most recently remembered
    body = json.dumps({"format": 1, "dirs": kept}, ensure_ascii=False).encode()
    try:
        write_bytes(cache_dir / INDEX, body)
    except (BaoCaoError, OSError):
        pass


def _settled(seen: list) -> bool:
    before = time.time_ns() - SETTLED_NS
    return all(s[2] < before and s[3] < before for s in seen[1:] if len(s) == 5)


def _index(cache_dir: Path) -> dict:
    try:
        data = json.loads((cache_dir / INDEX).read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    dirs = data.get("dirs") if isinstance(data, dict) and data.get("format") == 1 else None
    return dirs if isinstance(dirs, dict) else {}
