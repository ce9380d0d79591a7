"""300 corrupted variants of a genuine package, made deterministically (seeded), for the
import fuzz test (tests/core/test_import_fuzz.py) and benchmarks/bench_import_fuzz.py.

Kinds: bit flips anywhere in the file and inside each member, truncations, huge numbers
and exponents, wrong JSON types, lone surrogates, deep nesting, duplicate members, path
traversal, zip bombs, empty/garbage files and a folder named like a package.  Variants
that change signed content are signed again with the unit's own key (a hostile unit), so
that they reach the checks after the signature instead of all stopping there.
"""

from __future__ import annotations

import hashlib
import json
import random
import warnings
import zipfile
from pathlib import Path

from desktop.core.exchange.signing import SigningKey

COUNT = 300
DIRECTORY = object()  # a folder named *.baocao instead of a file

HOSTILE = [  # JSON literals put where a figure or an integer belongs
    "true", "false", "null", "5", "1.5", '"1.234,5"', '"1e3"', '"NaN"', "NaN", "Infinity",
    "1e-999999999", "1e999999999", "9" * 5000, '"' + "9" * 5000 + '"', str(2**63), str(-(2**63) - 1),
    "-1", "0", "[]", "{}", '"\\ud800"', '"' + "1" * 31 + '"',
]


def _zip(items: list[tuple[str, bytes]], method=zipfile.ZIP_DEFLATED) -> bytes:
    import io

    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some variants
        with zipfile.ZipFile(buf, "w", compression=method) as zf:
            for name, data in items:
                zf.writestr(name, data)
    return buf.getvalue()


def _content_hash(sub: dict) -> str:
    data = {k: v for k, v in sub.items() if k != "author"}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def flip_bits(data: bytes, rng: random.Random, count: int) -> bytes:
    """`count` single-bit flips at random places (a disk, a mail gateway, a USB stick)."""
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _json_paths(node, path=()) -> list[tuple]:
    """Every place in a JSON document (the root too), depth first."""
    found = [path]
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for step, child in items:
        found.extend(_json_paths(child, (*path, step)))
    return found


def json_with(doc: bytes, path: tuple, literal: str) -> bytes:
    """The JSON document `doc` with the value at `path` replaced by the JSON text `literal`
    (which need not be valid JSON, nor something a dict can hold: 1e999999999, NaN …)."""
    if not path:
        return literal.encode()
    tree = json.loads(doc)
    target = tree
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = "@@HOSTILE@@"
    return json.dumps(tree, ensure_ascii=False).encode().replace(b'"@@HOSTILE@@"', literal.encode())


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


MUTATIONS = ("flip", "truncated", "literal", "deep", "utf16", "cp1258", "bom", "empty", "garbage",
             "not_json", "zip")  # fmt: skip


def mutate(raw: bytes, rng: random.Random, kind: str | None = None) -> tuple[str, bytes]:
    """One hostile variant of the genuine file `raw` (a JSON document for the kinds that
    edit JSON, UTF-8 text for those that re-encode it; other bytes get flips): (kind, bytes).  Drawn from `rng`,
    so a Hypothesis test passes `st.randoms()` and the same mutator serves every reader."""
    kind = kind or rng.choice(MUTATIONS)
    try:
        doc = json.loads(raw)
    except ValueError:
        doc = None
    if doc is None and kind in ("literal", "deep", "not_json"):
        kind = "flip"
    if kind in ("utf16", "cp1258", "bom") and not _is_utf8(raw):
        kind = "flip"
    if kind == "flip":
        return kind, flip_bits(raw, rng, rng.randint(1, 3))
    if kind == "truncated":
        return kind, raw[: rng.randrange(len(raw))]
    if kind == "literal":  # a wrong type, a huge number, NaN, a lone surrogate … anywhere
        return kind, json_with(raw, rng.choice(_json_paths(doc)), rng.choice(HOSTILE))
    if kind == "deep":
        depth = rng.choice((1_000, 100_000))
        return kind, json_with(raw, rng.choice(_json_paths(doc)), "[" * depth + "]" * depth)
    if kind == "utf16":
        return kind, raw.decode("utf-8").encode("utf-16")
    if kind == "cp1258":  # the Windows Vietnamese code page, as an old editor saves it
        return kind, raw.decode("utf-8").encode("cp1258", errors="replace")
    if kind == "bom":
        return kind, b"\xef\xbb\xbf" + raw
    if kind == "empty":
        return kind, rng.choice((b"", b"   \n", b"\0" * 64))
    if kind == "garbage":
        return kind, bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 2048)))
    if kind == "not_json":  # a JSON file that is not the object expected
        return kind, rng.choice((b"[]", b"{}", b"null", b'"x"', b"1", raw + b"{}", b"{" + raw))
    return kind, _zip([("data.json", raw)])  # a zip where the file was expected


class Corpus:
    def __init__(self, genuine: Path, key_dir: Path, seed: int = 9) -> None:
        self.raw = genuine.read_bytes()
        with zipfile.ZipFile(genuine) as zf:
            self.members = {n: zf.read(n) for n in zf.namelist()}
        self.key = SigningKey.load_or_create(key_dir)
        self.rng = random.Random(seed)

    def signed(self, manifest: bytes | None = None, data: bytes | None = None, *, rehash=True) -> bytes:
        """Members changed and the manifest signed again (payload hash kept right)."""
        data = self.members["data.json"] if data is None else data
        if manifest is None:
            man = json.loads(self.members["manifest.json"])
            if rehash:
                man["payload_sha256"] = hashlib.sha256(data).hexdigest()
            manifest = json.dumps(man, ensure_ascii=False).encode()
        sig = json.dumps(
            {"algorithm": "ed25519", "public_key": self.key.public_b64, "signature": self.key.sign(manifest)}
        ).encode()
        return _zip([("manifest.json", manifest), ("data.json", data), ("signature.json", sig)])

    def manifest_with(self, path: list, literal: str) -> bytes:
        man = json.loads(self.members["manifest.json"])
        target = man
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = "@@HOSTILE@@"
        return self.signed(json.dumps(man).encode().replace(b'"@@HOSTILE@@"', literal.encode()))

    def payload_with(self, path: list, literal: str) -> bytes:
        """A payload value replaced; the manifest's content hash and payload hash follow, so
        only the number/type checks can refuse it."""
        data = json.loads(self.members["data.json"])
        sub = data["submissions"][0]
        target = sub
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = "@@HOSTILE@@"
        raw = json.dumps(data, ensure_ascii=False).encode().replace(b'"@@HOSTILE@@"', literal.encode())
        man = json.loads(self.members["manifest.json"])
        try:  # the hash a faithful writer would have put in (when the value can be hashed)
            man["forms"][0]["content_hash"] = _content_hash(json.loads(raw)["submissions"][0])
        except (ValueError, RecursionError):
            pass
        man["payload_sha256"] = hashlib.sha256(raw).hexdigest()
        return self.signed(json.dumps(man, ensure_ascii=False).encode(), raw)

    def variants(self) -> list[tuple[str, bytes | object]]:
        rng, out = self.rng, []
        add = out.append
        # wrong types, huge numbers and exponents in the signed manifest
        for field in (["forms", 0, "revision"], ["forms", 0, "version"], ["format"], ["period"],
                      ["unit", "code"], ["forms"], ["package_uuid"], ["created_at"]):
            for literal in rng.sample(HOSTILE, 5):
                add((f"manifest_{field[-1]}", self.manifest_with(field, literal)))
        # the same in the payload, with the hashes made to match
        for field in (["values", "NS_THU", "th_ky"], ["values", "NS_CHI", "th_ky"], ["form_version"]):
            for literal in HOSTILE:
                add((f"payload_{field[-2] if len(field) > 1 else field[0]}", self.payload_with(field, literal)))
        # lone surrogates in every kind of text; deep nesting
        for field in (["author"], ["narratives", "ket_qua"], ["unit"]):
            add((f"surrogate_{field[-1]}", self.payload_with(field, '"a\\udc80b"')))
        add(("surrogate_manifest", self.manifest_with(["unit", "name"], '"\\ud83d"')))
        add(("deep_manifest", self.signed(b"[" * 100_000 + b"]" * 100_000)))
        add(("deep_payload", self.payload_with(["narratives"], "[" * 50_000 + "]" * 50_000)))
        add(("not_utf8", self.signed(self.members["manifest.json"].replace(b"2023", b"\xff\xfe\xfd", 1))))
        add(("payload_hash_wrong", self.signed(data=self.members["data.json"] + b" ", rehash=False)))
        # duplicate members, path traversal, extra/missing members, bombs
        m = self.members
        for dup in m:
            add((f"duplicate_{dup}", _zip([*m.items(), (dup, m[dup])])))
        for bad in ("../manifest.json", "/manifest.json", "C:manifest.json", "a/../../data.json",
                    "..\\signature.json"):
            items = [(bad if n == "manifest.json" else n, d) for n, d in m.items()]
            add(("traversal", _zip(items)))
        add(("extra_member", _zip([*m.items(), ("virus.exe", b"MZ")])))
        add(("missing_member", _zip([(n, d) for n, d in m.items() if n != "data.json"])))
        add(("no_members", _zip([])))
        for member, size in (("data.json", 3 << 20), ("manifest.json", 2 << 20), ("signature.json", 1 << 20)):
            add((f"bomb_{member}", _zip([(n, b"0" * size if n == member else d) for n, d in m.items()])))
        add(("zip_in_zip", _zip([("goi.baocao", self.raw)])))
        add(("empty", b""))
        add(("garbage", bytes(rng.getrandbits(8) for _ in range(4096))))
        add(("folder", DIRECTORY))
        # flips inside each member (not signed again), and truncations
        for name in m:
            for _ in range(8):
                data = flip_bits(m[name], rng, 1)
                add((f"flip_in_{name}", _zip([(n, data if n == name else d) for n, d in m.items()])))
        for _ in range(25):
            add(("truncated", self.raw[: rng.randrange(1, len(self.raw))]))
        # bit flips anywhere in the file (deflate streams, headers, directory) to make 300
        while len(out) < COUNT:
            add(("flip", flip_bits(self.raw, rng, rng.randint(1, 3))))
        return out[:COUNT]

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for n, (kind, data) in enumerate(self.variants()):
            path = folder / f"{n:03d}_{kind}.baocao"
            if data is DIRECTORY:
                path.mkdir()
            else:
                path.write_bytes(data)
            paths.append(path)
        return paths
