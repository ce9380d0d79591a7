"""A package's members as frozen dataclasses read without pydantic (`dataspec.py`): what
package.py reads `manifest.json`, `signature.json` and `data.json` into when they are
exactly as our writer makes them (every import reads all three, every recalled duplicate
its manifest).  Anything this does not accept as it stands goes to the pydantic models of
package.py (`Manifest`, `Signature`, `Payload`: the specification), whose conversions and
messages decide; tests hold the two to the same fields wherever this one accepts
(tests/core/test_package_read.py).

No `from __future__ import annotations` here: real annotations let the strict reader
resolve the field types without compiling each one.
"""

from typing import Annotated, Literal

from desktop.core import dataspec
from desktop.core.dataspec import Range
from desktop.core.record import record
from desktop.core.submission_data import SubmissionData

MAX_REVISION = 1_000_000  # package.MAX_REVISION (that module imports this one)


@record(kw_only=True)
class UnitData(dataspec.Model):
    """`UnitInfo`'s fields."""

    code: str
    name: str
    valid_from: str = ""


@record(kw_only=True)
class FormEntryData(dataspec.Model):
    """`FormEntry`'s fields."""

    id: str
    version: Annotated[int, Range(ge=1, le=10_000)]
    form_hash: str
    revision: Annotated[int, Range(ge=1, le=MAX_REVISION)]
    content_hash: str
    finalised_at: str | None = None


@record(kw_only=True)
class ManifestData(dataspec.Model):
    """`Manifest`'s fields."""

    format: Literal["baocao-package/1", "baocao-package/2"]
    package_uuid: str
    created_at: str
    app_version: str
    unit: UnitData
    period: str
    forms: list[FormEntryData]
    payload_sha256: str
    key_fingerprint: str

    def __post_init__(self) -> None:
        if not self.forms:  # Manifest: at least one form (its message says so)
            raise dataspec.Rejected("a manifest without forms")


@record(kw_only=True)
class SignatureData(dataspec.Model):
    """`Signature`'s fields."""

    algorithm: Literal["ed25519"]
    public_key: str
    signature: str


@record
class PayloadData:
    """`Payload` read strictly: what our own writer wrote (`build_package`), every
    submission a `SubmissionData` (submission_data.py).  A payload this does not accept as
    it stands goes to `Payload`, whose conversions and messages decide (`parse_payload`)."""

    submissions: list[SubmissionData]

    @classmethod
    def read(cls, data: object) -> "PayloadData | None":
        if type(data) is not dict or data.keys() != {"submissions"}:
            return None
        subs = data["submissions"]
        if type(subs) is not list:
            return None
        try:
            return cls([dataspec.build(SubmissionData, sub) for sub in subs])
        except dataspec.Rejected:
            return None
