"""Load the form pack (`forms/*.yaml` + `forms/_catalog.yaml`) into frozen models.

`load_pack()` is what every service calls; it raises `FormDefinitionError` carrying all
issues.  `check_pack()` returns the issues instead, for `baocao forms check`.

A pack that loaded without errors is kept on disk (`pack_cache.py`) keyed by the hash of its
files; the next `load_pack()` of the same files rebuilds it from there without YAML,
pydantic or the checks.  A pack with errors is never cached: its messages always come from
reading the YAML here, the same words whatever the cache holds.
"""

from __future__ import annotations

import json
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import dataspec
from desktop.core.errors import FormDefinitionError, Issue, Location, Severity
from desktop.core.formdef import pack_cache
from desktop.core.formdef.models import Catalog, FormDefinition, FormHeader
from desktop.core.record import record

if TYPE_CHECKING:
    from pydantic import ValidationError

CATALOG_FILE = "_catalog.yaml"


@record
class FormPack:
    """The whole set of forms and their shared catalog, as loaded from one directory."""

    catalog: Catalog
    forms: dict[str, FormDefinition]
    directory: Path | None = None
    hashes: dict[str, str] = field(default_factory=dict)
    headers: dict[str, FormHeader] = field(default_factory=dict)  # from the cache, or made

    def get(self, form_id: str) -> FormDefinition:
        try:
            return self.forms[form_id]
        except KeyError:
            raise self._unknown(form_id) from None

    def _unknown(self, form_id: str) -> Exception:
        from desktop.core.errors import NotFoundError

        return NotFoundError(
            f"Không có biểu mẫu «{form_id}». Các biểu hiện có: {', '.join(sorted(self.forms))}.",
            code="bieu_khong_ton_tai",
        )

    def header(self, form_id: str) -> FormHeader:
        """A form's header; a cached pack has them all without building a form."""
        if form_id not in self.headers:
            if form_id not in self.forms:
                raise self._unknown(form_id)
            self.headers[form_id] = form_header(self.forms[form_id], self.content_hash(form_id))
        return self.headers[form_id]

    def listing(self) -> list[FormHeader]:
        """Every form's header, in the pack's order."""
        return [self.header(form_id) for form_id in self.forms]

    def by_number(self) -> list[FormHeader]:
        """Every form's header in the order of its biểu số, as the forms are printed, listed
        and consolidated (Biểu số 01, 02 …), not in the order of their ids."""
        return sorted(self.listing(), key=lambda f: f.bieu_so)

    def content_hash(self, form_id: str) -> str:
        if form_id not in self.hashes:  # computed once, when first asked for
            known = self.headers.get(form_id)
            self.hashes[form_id] = known.hash if known else form_hash(self.get(form_id))
        return self.hashes[form_id]

    @cached_property
    def indicator_count(self) -> int:
        return sum(h.indicators for h in self.listing())


def form_hash(form: FormDefinition) -> str:
    """A content hash of a form definition: same structure ⇒ same hash, whatever the YAML
    formatting.  Packages and Excel templates carry it so a changed form is detected.

    The report's sentence patterns (`sentence`, `province_sentence`, `zero_sentence`, and a
    section's `report_under` / `report_after`) are left out:
    they word the province's draft báo cáo and play no part in what a unit fills, checks or
    sends, so rewording a sentence must not make every unit's package of that form «made
    with another form» and refused until the unit updates.

    `measure_periods` counts only where a form has it: the forms without (most) keep the
    hash they had before the field existed, and their units' packages stay good."""
    import hashlib  # not on the path of a cached pack: its headers carry the hashes

    data = dataspec.dump(form)
    if not data.get("measure_periods"):
        data.pop("measure_periods", None)
    for section in data["sections"]:  # how the draft words and places it: not the form's
        section["sentence"] = None
        section.pop("report_under", None)
        section.pop("report_after", None)
        for indicator in section["indicators"]:
            indicator["sentence"] = None
            indicator.pop("province_sentence", None)
            indicator.pop("zero_sentence", None)
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def form_header(form: FormDefinition, content_hash: str) -> FormHeader:
    return FormHeader(
        id=form.id,
        version=form.version,
        bieu_so=form.bieu_so,
        title=form.title,
        domain=form.domain,
        calendar=form.calendar,
        period_types=list(form.period_types),
        deadline_days=form.deadline_days,
        indicators=len(form.indicator_map()),
        hash=content_hash,
    )


def _pydantic_issues(exc: ValidationError, file: str) -> list[Issue]:
    from desktop.core.pydantic_vi import vn_validation_message

    out = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        # what the author wrote; a missing field has nothing to quote (its parent is the input)
        got = "" if err["type"] == "missing" else f" (nhận được: {err.get('input')!r:.80})"
        # a column's types of period (`measure_periods: {du_toan_thang: [quy]}`): name it
        loc = err["loc"]
        measure = str(loc[1]) if loc[:1] == ("measure_periods",) and len(loc) > 1 else None
        what = f"Loại kỳ của số đo «{measure}»" if measure else "Giá trị"
        out.append(
            Issue(
                severity=Severity.ERROR,
                code="sai_cau_truc",
                message=f"{what} không hợp lệ: {vn_validation_message(err)}{got}",
                location=Location(file=file, field=path, measure=measure),
            )
        )
    return out


def read_pack(directory: Path) -> tuple[FormPack | None, list[Issue]]:
    """Parse every file; return the pack (if all files parse) and the parse issues."""
    from pydantic import ValidationError

    from desktop.core.formdef.yaml_source import read_yaml  # not on a cached pack's path

    issues: list[Issue] = []
    directory = Path(directory)
    if not directory.is_dir():
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code="khong_co_thu_muc",
                message=f"Không tìm thấy thư mục biểu mẫu: {directory}",
            )
        )
        return None, issues
    catalog = None
    raw = (
        read_yaml(directory / CATALOG_FILE, issues)
        if (directory / CATALOG_FILE).exists()
        else None
    )
    if raw is None and not issues:
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code="thieu_danh_muc",
                message=f"Thiếu tệp danh mục {CATALOG_FILE} (đơn vị tính, số đo, lĩnh vực).",
                location=Location(file=CATALOG_FILE),
            )
        )
    elif raw is not None:
        try:
            catalog = Catalog.model_validate(raw)
        except ValidationError as exc:
            issues.extend(_pydantic_issues(exc, CATALOG_FILE))
    forms: dict[str, FormDefinition] = {}
    hashes: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        raw = read_yaml(path, issues)
        if raw is None:
            continue
        try:
            form = FormDefinition.model_validate(raw)
        except ValidationError as exc:
            issues.extend(_pydantic_issues(exc, path.name))
            continue
        if form.id != path.stem:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="ten_tep_khac_ma_bieu",
                    message=f"Mã biểu «{form.id}» phải trùng tên tệp «{path.stem}».",
                    location=Location(file=path.name, field="id"),
                )
            )
        if form.id in forms:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="trung_ma_bieu",
                    message=f"Mã biểu «{form.id}» bị trùng.",
                    location=Location(file=path.name, field="id"),
                )
            )
        forms[form.id] = form
        hashes[form.id] = form_hash(form)
    if catalog is None:
        return None, issues
    return FormPack(catalog=catalog, forms=forms, directory=directory, hashes=hashes), issues


def check_pack(directory: Path) -> tuple[FormPack | None, list[Issue]]:
    from desktop.core.formdef.checks import check_form_pack

    pack, issues = read_pack(directory)
    if pack is not None:
        issues.extend(check_form_pack(pack))
    return pack, issues


def load_pack(directory: Path) -> FormPack:
    """The checked pack: from the on-disk cache when it holds these exact files."""
    directory = Path(directory)
    key, ids = pack_cache.pack_key(directory) or (None, [])
    cached = pack_cache.read(key) if key else None
    if cached is not None:
        try:
            catalog, forms, headers = pack_cache.pack_from_data(
                cached, ids, lambda: _load_from_yaml(directory, key).forms
            )
        except dataspec.Rejected:
            pass  # damaged or hand-edited: read the YAML again and rewrite the entry
        else:
            return FormPack(catalog=catalog, forms=forms, directory=directory, headers=headers)  # type: ignore[arg-type]
    return _load_from_yaml(directory, key)


def _load_from_yaml(directory: Path, key: str | None) -> FormPack:
    pack, issues = check_pack(directory)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if pack is None or errors:
        raise FormDefinitionError(
            f"Bộ biểu mẫu ở {directory} có {len(errors)} lỗi.", issues=errors or issues
        )
    if key:
        _remember(key, pack)
    return pack


def _remember(key: str, pack: FormPack) -> None:
    """Cache the pack, when its plain data rebuilds to this very pack."""
    data = pack_cache.pack_data(pack.catalog, list(pack.forms.values()), pack.listing())

    def rejected() -> dict:
        raise dataspec.Rejected("the pack's own data")

    try:
        catalog, forms, headers = pack_cache.pack_from_data(
            pack_cache.decode(key, pack_cache.encode(key, data)) or {}, list(pack.forms), rejected
        )
        rebuilt = [catalog, *forms.values(), *headers.values()]
    except dataspec.Rejected:
        return
    # compared as their full dumps: a Decimal "100.0" must not come back as 100
    if dataspec.dump(rebuilt) == dataspec.dump(
        [pack.catalog, *pack.forms.values(), *pack.listing()]
    ):
        pack_cache.write(key, data)
