"""Review: the province accepts a received revision, or returns it («Trả lại») with a
comment on the submission and on individual cells.  The decision is kept at the province
and written as a signed feedback file (same transport as packages) that the unit imports:
a returned form reopens as a new draft revision ("bị trả lại") showing the comments; the
clerk fixes, finalises and sends revision n+1; the province sees the revision chain and
what changed between revisions, cell by cell (`revision_changes`).
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from desktop.core.errors import BaoCaoError, NotFoundError
from desktop.core.exchange.package import MAX_REVISION
from desktop.core.exchange.signing import SigningKey
from desktop.core.periods import Period
from desktop.core.storage.database import transaction
from desktop.core.storage.trust_tables import TrustStore, now
from desktop.core.trust.enrolment import UnitRef, _Body, unit_ref
from desktop.core.trust.envelope import open_sealed, write_sealed
from desktop.core.trust.policy import unit_label

FEEDBACK_EXTENSION = ".baocao-phanhoi"
DECISION_LABELS = {"accepted": "đã chấp nhận", "returned": "bị trả lại", "awaiting": "chờ xem xét"}


class CellComment(_Body):
    indicator: str
    measure: str
    text: str


class Feedback(_Body):
    kind: Literal["review"] = "review"
    feedback_uuid: str
    decision: Literal["accepted", "returned"]
    unit: UnitRef
    period: str
    form_id: str
    revision: int = Field(ge=1, le=MAX_REVISION)
    comment: str = ""
    cells: list[CellComment] = []
    decided_at: str
    decided_by: str | None = None


def _received(svc, unit_code: str, period_text: str, form_id: str):
    period = Period.parse(period_text)
    form = svc.pack.get(form_id)
    unit = svc.units.for_period(unit_code, period)
    stored = svc.repo.get(unit.code, unit.key[1], form.id, str(period))
    if stored is None or stored.origin != "imported":
        raise NotFoundError(
            f"Tỉnh chưa nhận biểu «{form.title}» của {unit.name}, {period.label}: không có gì để xem xét.",
            code="chua_nhan",
        )
    return form, unit, period, stored


def check_cells(form, cells: dict[tuple[str, str], str]) -> list[CellComment]:
    indicators = form.indicator_map()
    out = []
    for (code, measure), text in cells.items():
        ind = indicators.get(code)
        if ind is None:
            raise BaoCaoError(
                f"Biểu «{form.title}» không có chỉ tiêu mã «{code}».", code="chi_tieu_khong_co"
            )
        if measure not in form.measures_of(ind):
            raise BaoCaoError(
                f"Chỉ tiêu «{ind.label}» ({code}) không có cột «{measure}»; các cột: "
                f"{', '.join(form.measures_of(ind))}.",
                code="cot_khong_co",
            )
        if not text.strip():
            raise BaoCaoError(f"Ý kiến cho ô {code}/{measure} đang trống.", code="y_kien_trong")
        out.append(CellComment(indicator=code, measure=measure, text=text.strip()))
    return out


def review_submission(
    svc,
    key: SigningKey,
    *,
    unit_code: str,
    period: str,
    form_id: str,
    decision: str,
    out,
    comment: str = "",
    cells: dict[tuple[str, str], str] | None = None,
    actor: str | None = None,
):
    """Record the decision on the current received revision and write the feedback file."""
    form, unit, per, stored = _received(svc, unit_code, period, form_id)
    checked = check_cells(form, cells or {})
    if decision == "returned" and not (comment.strip() or checked):
        raise BaoCaoError("Trả lại cần ý kiến: cho cả biểu hoặc cho từng ô.", code="thieu_y_kien")
    body = Feedback(
        feedback_uuid=str(uuid.uuid4()),
        decision=decision,
        unit=unit_ref(unit),
        period=str(per),
        form_id=form.id,
        revision=stored.revision,
        comment=comment.strip(),
        cells=checked,
        decided_at=now(),
        decided_by=actor,
    )
    path = write_sealed(body, key, out)
    store = TrustStore(svc.db)
    with transaction(svc.db):
        store.add_review(_row(body, "sent", actor))
        store.log(
            "return" if decision == "returned" else "accept-submission",
            f"{DECISION_LABELS[decision].capitalize()}: biểu «{form.id}» lần {stored.revision} của "
            f"{unit_label(svc.units, *unit.key)}, {per.label}.",
            actor=actor,
            unit_code=unit.code,
        )
    return path, body


def _row(body: Feedback, origin: str, actor) -> dict:
    return {
        "feedback_uuid": body.feedback_uuid,
        "origin": origin,
        "unit_code": body.unit.code,
        "unit_valid_from": body.unit.valid_from,
        "form_id": body.form_id,
        "period": body.period,
        "revision": body.revision,
        "decision": body.decision,
        "comment": body.comment,
        "cells": [c.model_dump() for c in body.cells],
        "at": body.decided_at,
        "actor": actor,
    }


def review_state(
    db, unit_key: tuple[str, str], form_id: str, period: str, revision: int, origin: str = "sent"
) -> str:
    """accepted | returned | awaiting, for one revision."""
    rows = TrustStore(db).reviews(
        "origin = ? AND unit_code = ? AND unit_valid_from = ? AND form_id = ? AND period = ? "
        "AND revision = ?",
        [origin, *unit_key, form_id, period, revision],
    )
    return rows[-1]["decision"] if rows else "awaiting"


def review_list(svc, period_text: str) -> list[dict]:
    """Every received current revision of a period with its review state."""
    period = str(Period.parse(period_text))
    rows = []
    for meta in svc.repo.list_for_period(period):
        if meta.origin != "imported":
            continue
        rows.append(
            {
                "unit": meta.unit_code,
                "unit_name": unit_label(svc.units, *meta.unit_key),
                "form": meta.form_id,
                "revision": meta.revision,
                "state": review_state(svc.db, meta.unit_key, meta.form_id, period, meta.revision),
            }
        )
    return rows


def revision_changes(svc, *, unit_code: str, period: str, form_id: str) -> dict:
    """The revision chain of a unit's form and, between the last two, every changed cell."""
    per = Period.parse(period)
    unit = svc.units.for_period(unit_code, per)
    chain = svc.repo.history(unit.code, unit.key[1], form_id, str(per))
    if not chain:
        raise NotFoundError(
            f"Chưa có biểu «{form_id}» của {unit.name}, {per.label}.", code="chua_co_so_lieu"
        )
    revisions = [
        {
            "revision": s.revision,
            "status": s.status,
            "received_at": s.received_at,
            "review": review_state(svc.db, unit.key, form_id, str(per), s.revision),
        }
        for s in reversed(chain)
    ]
    changes = []
    if len(chain) >= 2:
        new, old = chain[0].submission, chain[1].submission
        for key in sorted(set(new.values) | set(old.values)):
            a, b = old.values.get(key), new.values.get(key)
            if a != b:
                changes.append(
                    {
                        "indicator": key[0],
                        "measure": key[1],
                        "old": None if a is None else str(a),
                        "new": None if b is None else str(b),
                    }
                )
        for key in sorted(set(new.comments) | set(old.comments)):
            if old.comments.get(key) != new.comments.get(key):
                changes.append(
                    {"indicator": key[0], "measure": key[1], "explanation": new.comments.get(key)}
                )
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "period": str(per),
        "form": form_id,
        "revisions": revisions,
        "from": chain[1].revision if len(chain) >= 2 else None,
        "to": chain[0].revision,
        "changes": changes,
    }


def import_feedback(svc, path, *, actor: str | None = None) -> tuple[Feedback, str]:
    """Unit side: verify the province's signature against the pinned key, record the
    decision; a returned revision reopens as a new draft.  Returns (feedback, what happened)."""
    body, signer, _public = open_sealed(path, Feedback)
    store = TrustStore(svc.db)
    pinned = store.province_pin()
    if pinned is None:
        raise BaoCaoError(
            f"Tệp «{path.name}»: máy này chưa ghi nhận khóa của tỉnh. Hãy nhập tệp xác nhận đăng ký khóa "
            "(.baocao-xacnhan) trước.",
            code="chua_co_khoa_tinh",
        )
    if pinned[0] != signer:
        raise BaoCaoError(
            f"Tệp «{path.name}» được ký bằng khóa {signer}, không phải khóa của tỉnh đã ghi nhận ({pinned[0]}). "
            "Không nhận.",
            code="khoa_tinh_sai",
        )
    stored = svc.repo.get(
        body.unit.code, body.unit.valid_from, body.form_id, body.period, body.revision
    )
    if stored is None:
        raise NotFoundError(
            f"Tệp «{path.name}»: máy này không có biểu «{body.form_id}» lần {body.revision} của "
            f"{body.unit.name}, kỳ {body.period}.",
            code="chua_co_so_lieu",
        )
    with transaction(svc.db):
        fresh = store.add_review(_row(body, "received", actor))
        if fresh:
            store.log(
                "feedback-" + body.decision,
                f"Tỉnh {DECISION_LABELS[body.decision]} biểu "
                f"«{body.form_id}» lần {body.revision}, kỳ {body.period}.",
                actor=actor,
                unit_code=body.unit.code,
                fingerprint=signer,
            )
    note = "đã nhận trước đó, không thay đổi" if not fresh else DECISION_LABELS[body.decision]
    if (
        fresh
        and body.decision == "returned"
        and stored.is_current
        and stored.status in ("final", "sent")
    ):
        draft = svc.repo.reopen(stored.id, actor=actor)
        note = f"bị trả lại: đã mở lại thành bản nháp lần {draft.revision} để sửa"
    return body, note


def feedback_for(db, unit_key: tuple[str, str], form_id: str, period: str) -> list[dict]:
    """What the province said about this form (unit side), oldest first."""
    return TrustStore(db).reviews(
        "origin = 'received' AND unit_code = ? AND unit_valid_from = ? "
        "AND form_id = ? AND period = ?",
        [*unit_key, form_id, period],
    )


def province_comments(
    db, unit_key: tuple[str, str], form_id: str, period: str, revision: int
) -> list:
    """The province's comments on the revision it returned, as issues for the form's issues
    panel (unit side): shown while the clerk corrects the draft that reopened from it."""
    from desktop.core.errors import Issue, Location, Severity

    returned = [
        r
        for r in feedback_for(db, unit_key, form_id, period)
        if r["decision"] == "returned" and r["revision"] == revision - 1
    ]
    if not returned:
        return []
    last = returned[-1]
    head = f"Tỉnh trả lại lần {last['revision']}"
    issues = []
    if last["comment"]:
        issues.append(
            Issue(
                severity=Severity.INFO,
                code="tinh_tra_lai",
                message=f"{head}: {last['comment']}",
                location=Location(form=form_id),
            )
        )
    for c in last["cells"]:
        issues.append(
            Issue(
                severity=Severity.INFO,
                code="tinh_tra_lai",
                message=f"{head}: {c['text']}",
                location=Location(form=form_id, indicator=c["indicator"], measure=c["measure"]),
            )
        )
    return issues
