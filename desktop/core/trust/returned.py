"""The unit's side of the review (issue 12): import the province's signed feedback
(`import_feedback`), list what it said (`feedback_for`), and the return the clerk is
answering now (`open_return`): the province's comments on the last revision this
installation sent, while the revision that corrects it is not sent yet.  They are issues
of the form (`province_comments`, code «tinh_tra_lai»): the issues panel lists them and the
entry grid marks their cells; once the new revision is sent they are history
(`baocao feedback show`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.errors import BaoCaoError, Issue, Location, NotFoundError, Severity
from desktop.core.periods import Period
from desktop.core.storage.database import transaction
from desktop.core.storage.trust_tables import TrustStore
from desktop.core.vn_time import vn_datetime

if TYPE_CHECKING:
    from desktop.core.trust.review import Feedback

PROVINCE_COMMENT = "tinh_tra_lai"  # the issue code of the province's comments


def import_feedback(svc, path, *, actor: str | None = None) -> tuple[Feedback, str]:
    """Unit side: verify the province's signature against the pinned key, record the
    decision; a returned revision reopens as a new draft.  Returns (feedback, what happened).

    The signed envelope and the feedback's format (pydantic, cryptography) are imported
    here: the home list and the entry page read the returns without them."""
    from desktop.core.trust.envelope import open_sealed
    from desktop.core.trust.review import DECISION_LABELS, Feedback, review_row

    body, signer, _public = open_sealed(path, Feedback)
    try:
        Period.parse(body.period)
    except BaoCaoError as exc:
        raise exc.of_file(path.name) from None
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
        named = svc.repo.names.form(body.form_id)
        raise NotFoundError(
            f"Tệp «{path.name}»: máy này không có {named} lần {body.revision} của "
            f"{body.unit.name}, {Period.parse(body.period).phrase}.",
            code="chua_co_so_lieu",
        )
    with transaction(svc.db):
        fresh = store.add_review(review_row(body, "received", body.decided_by))  # who decided
        if fresh:
            store.log(
                "feedback-" + body.decision,
                f"Tỉnh {DECISION_LABELS[body.decision]} {svc.repo.names.form(body.form_id)} "
                f"lần {body.revision}, {Period.parse(body.period).phrase}.",
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
        note = f"bị trả lại; đã mở lại thành bản nháp lần {draft.revision} để sửa"
    return body, note


def feedback_for(db, unit_key: tuple[str, str], form_id: str, period: str) -> list[dict]:
    """What the province said about this form (unit side), oldest first."""
    return TrustStore(db).reviews(
        "origin = 'received' AND unit_code = ? AND unit_valid_from = ? "
        "AND form_id = ? AND period = ?",
        [*unit_key, form_id, period],
    )


def return_counts(db, unit_key: tuple[str, str], period: str) -> dict[str, int]:
    """How many times the province returned each form of this period (unit side), in one
    query: the clerk's home list asks `open_return` only of the forms named here."""
    counts: dict[str, int] = {}
    for r in TrustStore(db).reviews(
        "origin = 'received' AND decision = 'returned' AND unit_code = ? "
        "AND unit_valid_from = ? AND period = ?",
        [*unit_key, period],
    ):
        counts[r["form_id"]] = counts.get(r["form_id"], 0) + 1
    return counts


def open_return(db, repo, stored) -> dict | None:
    """The province's return that `stored` (the unit's current revision) answers, or None.

    The answered revision is the newest earlier one that left this installation (sent, or
    one the province gave feedback on); its return stays open while `stored` is a draft or
    finalised, and closes when `stored` is sent (the comments then belong to history)."""
    if stored is None or stored.status == "sent":
        return None
    unit_key = (stored.unit_code, stored.unit_valid_from)
    said = feedback_for(db, unit_key, stored.form_id, stored.period)
    if not any(r["decision"] == "returned" for r in said):
        return None  # the usual case, without reading the revisions
    heard = {r["revision"] for r in said}
    chain = repo.history(*unit_key, stored.form_id, stored.period)  # newest first
    answered = next(
        (
            s.revision
            for s in chain
            if s.revision < stored.revision
            and (s.status == "sent" or s.sent_at or s.revision in heard)
        ),
        None,
    )
    returned = [r for r in said if r["revision"] == answered and r["decision"] == "returned"]
    return returned[-1] if returned else None


def province_comments(db, repo, stored) -> list[Issue]:
    """The open return's comments (on the form and on cells) as issues of the form,
    severity «Lưu ý»; each says which revision, who decided and when."""
    last = open_return(db, repo, stored)
    if last is None:
        return []
    who = ", ".join(x for x in (last["actor"], vn_datetime(last["at"])) if x)
    head = f"Tỉnh trả lại lần {last['revision']}" + (f" ({who})" if who else "")
    places = [(last["comment"], None, None)] if last["comment"] else []
    places += [(c["text"], c["indicator"], c["measure"]) for c in last["cells"]]
    return [
        Issue(
            severity=Severity.INFO,
            code=PROVINCE_COMMENT,
            message=f"{head}: {text}",
            location=Location(form=stored.form_id, indicator=code, measure=measure),
        )
        for text, code, measure in places
    ]
