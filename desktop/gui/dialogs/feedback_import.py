"""«Nhập phản hồi của tỉnh» on a unit's home page: the files the province sends down — the
decision on this installation's key (.baocao-xacnhan, which also pins the province's key)
and review feedback (.baocao-phanhoi: accepted, or returned, which reopens the form as a
draft with the comments).  Thin over desktop/core/trust/enrolment.py and returned.py."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop.core.errors import BaoCaoError, Location
from desktop.gui.dialogs import ask

FILTER = "Tệp tỉnh gửi (*.baocao-xacnhan *.baocao-phanhoi);;Tất cả tệp (*)"


def import_feedback_files(svc, files, actor: str | None) -> tuple[list[str], int]:
    """One line per file saying what happened (or why it was refused; nothing changed),
    and how many files were refused."""
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.trust import enrolment, returned
    from desktop.core.trust.envelope import peek_kind

    lines, refused = [], 0
    for path in files:
        try:
            if peek_kind(path) == "enrolment-decision":
                own = SigningKey.load_or_create(svc.key_dir).fingerprint
                body = enrolment.import_decision(svc.db, own, path, actor=actor)
                word = "đã chấp nhận" if body.decision == "accepted" else "đã từ chối"
                why = f" (lý do: {body.reason})" if body.reason else ""
                lines.append(f"«{path.name}»: tỉnh {word} khóa của máy này{why}.")
            else:
                body, note = returned.import_feedback(svc, path, actor=actor)
                form = Location(form=body.form_id).describe(svc.pack)  # «biểu số 05»
                when = Period.parse(body.period).phrase  # a clerk has many periods open
                lines.append(f"«{path.name}»: {form} lần {body.revision}, {when}: {note}.")
        except BaoCaoError as exc:
            lines.append(exc.message)
            refused += 1
    return lines, refused


def feedback_button(page, actor: str | None = None) -> QPushButton:
    """The button for a page that has `svc` and `refresh()` (the unit's home page)."""
    button = QPushButton("Nhập phản hồi của tỉnh")

    def run() -> None:
        files = ask.open_files(page, "Chọn tệp tỉnh gửi", FILTER)
        if not files:
            return
        lines, refused = import_feedback_files(page.svc, files, actor)
        page.refresh()
        show = ask.warn if refused else ask.info  # a refused file is not news to skim past
        show(page, "Phản hồi của tỉnh", "<br>".join(lines))

    button.clicked.connect(run)
    return button
