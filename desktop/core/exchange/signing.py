"""This installation's Ed25519 signing key, and fingerprints to read out over the phone.

The key is created on first use beside the database (`paths.key_dir`) and kept at rest by
`trust/keystore.py` (owner-only file; DPAPI on Windows); the private key never leaves the
machine except encrypted with a passphrase in a backup.  The province counts a unit's
packages only once it has enrolled the unit's key (docs/trust.md, `desktop/core/trust/`).
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop import paths
from desktop.core.errors import BaoCaoError
from desktop.core.trust.keystore import fingerprint, load_private, store_private

KEY_FILE = "ed25519_private.pem"


def key_dir() -> Path:
    return paths.key_dir()  # the default installation's; Services.key_dir follows --db


__all__ = ["SigningKey", "fingerprint", "normalise_fingerprint", "verify"]


def normalise_fingerprint(text: str) -> str:
    clean = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    if len(clean) != 32:
        raise BaoCaoError(
            "Dấu vân tay khóa phải gồm 32 chữ số hệ 16 (ví dụ 1A2B-3C4D-…, 8 nhóm 4 ký tự).",
            code="van_tay_sai",
        )
    return "-".join(clean[i : i + 4] for i in range(0, 32, 4))


class SigningKey:
    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public_raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self._private.sign(data)).decode("ascii")

    @classmethod
    def load_or_create(cls, directory: Path | None = None) -> SigningKey:
        directory = directory or key_dir()
        path = directory / KEY_FILE
        if path.exists():  # checked against the fingerprint written beside it (keystore)
            key = serialization.load_pem_private_key(load_private(path), password=None)
            assert isinstance(key, Ed25519PrivateKey)  # load_private refuses any other
            return cls(key)
        directory.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        store_private(path, pem)  # owner-only; DPAPI on Windows (trust/keystore.py)
        return cls(key)


@lru_cache(maxsize=4096)
def _public_key(public_b64: str) -> Ed25519PublicKey:
    # one object per signer: a province's batch holds many packages of each unit
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))


def verify(public_b64: str, signature_b64: str, data: bytes) -> bool:
    try:
        public = _public_key(public_b64)
        public.verify(base64.b64decode(signature_b64, validate=True), data)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False
