"""Review: the province accepts a received revision, or returns it («Trả lại») with a
comment on the submission and on individual cells.  The decision is kept at the province
and written as a signed feedback file (same transport as packages) that the unit imports:
a returned form reopens as a new draft revision ("bị trả lại") showing the comments; the
clerk fixes, finalises and sends revision n+1; the province sees the revision chain and
what changed between revisions, cell by cell (`revision_changes`).  The unit's side
(importing the feedback, the open return's comments) is trust/returned.py.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from desktop.core.errors import BaoCaoError, Location, NotFoundError
from desktop.core.exchange.package import MAX_REVISION
from desktop.core.exchange.signing import SigningKey
from desktop.core.formdef.period_form import form_for_period
from desktop.core.periods import Period
from desktop.core.storage.database import transaction
from desktop.core.storage.trust_tables import TrustStore, now
from desktop.core.trust.enrolment import UnitRef, _Body, unit_ref
from desktop.core.trust.envelope import write_sealed
from desktop.core.trust.policy import unit_label
from desktop.core.vn_time import vn_datetime

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
    form = form_for_period(svc.pack.get(form_id), period)  # a comment on the period's columns
    unit = svc.units.for_period(unit_code, period)
    stored = svc.repo.get(unit.code, unit.key[1], form.id, str(period))
    if stored is None or stored.origin != "imported":
        raise NotFoundError(
            f"Tỉnh chưa nhận biểu «{form.title}» của {unit.name}, {period.phrase}: không có gì để xem xét.",
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
    decided = already_decided(svc, unit, form, per, stored.revision, decision)
    if decided:
        raise BaoCaoError(decided, code="da_xem_xet")
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
    store = TrustStore(svc.db)
    with transaction(svc.db):  # the lock first: a database held elsewhere writes no file
        store.add_review(review_row(body, "sent", actor))
        store.log(
            "return" if decision == "returned" else "accept-submission",
            f"{DECISION_LABELS[decision].capitalize()}: {svc.repo.names.form(form.id)} "
            f"lần {stored.revision} của "
            f"{unit_label(svc.units, *unit.key)}, {per.phrase}.",
            actor=actor,
            unit_code=unit.code,
        )
        path = write_sealed(body, key, out)  # a file not written records no decision
    return path, body


def review_row(body: Feedback, origin: str, actor) -> dict:
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
    last = _last_review(db, unit_key, form_id, period, revision, origin)
    return last["decision"] if last else "awaiting"


def _last_review(db, unit_key, form_id: str, period: str, revision: int, origin: str = "sent"):
    rows = TrustStore(db).reviews(
        "origin = ? AND unit_code = ? AND unit_valid_from = ? AND form_id = ? AND period = ? "
        "AND revision = ?",
        [origin, *unit_key, form_id, period, revision],
    )
    return rows[-1] if rows else None


def already_decided(svc, unit, form, period, revision: int, decision: str) -> str | None:
    """Why `decision` cannot be written on this revision («Biểu … đã được chấp nhận lúc …»),
    or None when it can: an acceptance is final; a returned revision may still be accepted
    (the unit explained it), not returned twice.  The CLI refuses with it; the review page
    shows it as the disabled button's tooltip."""
    last = _last_review(svc.db, unit.key, form.id, str(period), revision)
    if last is None or (last["decision"] == "returned" and decision == "accepted"):
        return None
    done = "đã được chấp nhận" if last["decision"] == "accepted" else "đã bị trả lại"
    by = f" ({last['actor']})" if last.get("actor") else ""
    return (
        f"Biểu «{form.title}» lần {revision} của {unit.name}, {period.phrase} {done} lúc "
        f"{vn_datetime(last['at'])}{by}; không ghi thêm tệp phản hồi."
    )


def review_list(svc, period_text: str) -> list[dict]:
    """Every received current revision of a period with its review state."""
    period = str(Period.parse(period_text))
    rows = []
    order = {h.id: n for n, h in enumerate(svc.pack.by_number())}  # biểu số order
    units: dict[str, int] = {}
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
        units.setdefault(meta.unit_code, len(units))
    rows.sort(key=lambda r: (units[r["unit"]], order.get(r["form"], len(order))))
    return rows


def revision_changes(svc, *, unit_code: str, period: str, form_id: str) -> dict:
    """The revision chain of a unit's form and, between the last two, every changed cell."""
    per = Period.parse(period)
    unit = svc.units.for_period(unit_code, per)
    chain = svc.repo.history(unit.code, unit.key[1], form_id, str(per))
    if not chain:
        raise NotFoundError(
            f"Chưa có {Location(form=form_id).describe(svc.pack)} của {unit.name}, {per.phrase}.",
            code="chua_co_so_lieu",
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
