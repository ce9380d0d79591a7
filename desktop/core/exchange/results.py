"""What an import answers per file (exchange/service.py, exchange/known.py): the outcome,
its Vietnamese message and the forms it concerns, as the inbox and the CLI show them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

OUTCOME_LABELS = {
    "new": "Mới",
    "new_revision": "Bản sửa đổi",
    "duplicate": "Trùng (đã có, không thay đổi)",
    "older_revision": "Bản cũ hơn (lưu lịch sử, không thay bản mới)",
    "rejected": "Bị từ chối",
    "held": "Chờ xác nhận khóa (giữ lại, chưa tính)",
}


@dataclass
class FormOutcome:
    """What the import did with one form of a package."""
    form_id: str
    revision: int
    outcome: str
    supersedes: int | None = None


@dataclass
class ImportResult:
    """What the import did with one file: its outcome, message and forms."""
    file: str
    outcome: str  # new | new_revision | duplicate | older_revision | rejected | held
    message: str
    unit_code: str | None = None
    unit_name: str | None = None
    period: str | None = None
    package_uuid: str | None = None
    forms: list[FormOutcome] = field(default_factory=list)
    quarantine_path: str | None = None

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "outcome": self.outcome,
            "outcome_label": OUTCOME_LABELS[self.outcome],
            "message": self.message,
            "unit": self.unit_code,
            "unit_name": self.unit_name,
            "period": self.period,
            "package_uuid": self.package_uuid,
            "quarantine": self.quarantine_path,
            "forms": [f.__dict__ for f in self.forms],
        }


def forms_text(forms: list[FormOutcome], pack) -> str:
    """«Biểu số 05 (Thu, chi ngân sách nhà nước) lần 1: mới; …»: what happened to each form,
    in the order of their numbers, named as people name them (the id only for a form the
    pack does not have).  The one wording of the CLI's import line and the inbox's."""
    parts = []
    for f in sorted(forms, key=lambda f: getattr(pack.forms.get(f.form_id), "bieu_so", f.form_id)):
        form = pack.forms.get(f.form_id)
        name = f"{form.bieu_so} ({form.title})" if form else f.form_id
        text = f"{name} lần {f.revision}: {OUTCOME_LABELS[f.outcome].lower()}"
        if f.outcome == "new_revision" and f.supersedes:
            text += f" (thay lần {f.supersedes})"
        parts.append(text)
    return "; ".join(parts)


def describe(forms: list[FormOutcome], unit_name: str, period_label: str, pack) -> str:
    """An import's message (the CLI prints it, the import log stores it): unit, period and
    `forms_text`.  Rows logged before forms were named keep their ids: text either way."""
    return _message(unit_name, period_label, forms_text(forms, pack))


def _message(unit_name: str, period_label: str, said: str) -> str:
    return f"{unit_name}, {period_label} — {said}"


def detail(result: ImportResult, pack) -> str:
    """The inbox's «Chi tiết» (unit and period have their own columns): `forms_text`, or
    the message of a file whose forms were not stored (rejected, held) — its reason first,
    without «Gói «x.baocao» bị từ chối:», which the file and outcome columns say already."""
    if result.forms:
        return forms_text(result.forms, pack)
    reason = result.message.removeprefix(f"Gói «{result.file}» bị từ chối: ")
    return reason[:1].upper() + reason[1:]


def duplicate_texts(forms: tuple[tuple[str, int], ...], pack) -> tuple[str, str]:
    """What a duplicate of these (form, revision) says whatever its unit: `forms_text`, and
    its import-log detail as JSON text (the row `ImportLog.row` writes for the whole
    route's duplicate); made once per form list by exchange/known.py."""
    outcomes = [FormOutcome(form_id, revision, "duplicate", None) for form_id, revision in forms]
    detail = json.dumps([f.__dict__ for f in outcomes], ensure_ascii=False)
    return forms_text(outcomes, pack), detail


def duplicate_result(name: str, unit, period, package_uuid: str, forms, said: str) -> ImportResult:
    """What the whole route answers for a package whose forms are all stored already;
    `said` is the forms' `duplicate_texts`[0]."""
    outcomes = [FormOutcome(form_id, revision, "duplicate", None) for form_id, revision in forms]
    message = _message(unit.name, period.label, said)
    return ImportResult(
        name, "duplicate", message, unit.code, unit.name, str(period), package_uuid, outcomes
    )


def stopped_by_lock(message: str, imported: int, total: int) -> str:
    """An import stopped because another program holds the database (storage/errors.py,
    `DatabaseBusy`'s `message`): how far it got; the files left are where they were, none
    quarantined or logged."""
    if imported == 0:
        return f"{message} Chưa nhập gói nào; các tệp vẫn ở nguyên chỗ cũ."
    return (
        f"{message} Đã nhập {imported}/{total} tệp đầu; {total - imported} tệp còn lại chưa "
        "nhập, vẫn ở nguyên chỗ cũ: hãy nhập lại chúng sau."
    )
