"""«Nhập phản hồi của tỉnh» on a unit's home page: the files the province sends down — the
decision on this installation's key (.baocao-xacnhan, which also pins the province's key)
and review feedback (.baocao-phanhoi: accepted, or returned, which reopens the form as a
draft with the comments).  Thin over desktop/core/trust/enrolment.py and returned.py."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QPushButton

from desktop.core.errors import BaoCaoError, Location
from desktop.gui.dialogs import ask

FILTER = "Tệp tỉnh gửi (*.baocao-xacnhan *.baocao-phanhoi);;Tất cả tệp (*)"


def import_feedback_files(svc, files, actor: str | None) -> tuple[list[str], int, tuple | None]:
    """One entry per file saying what happened (or why it was refused; nothing changed), a
    returned form's with the province's comments on lines of their own («<br>»: the message
    box reads rich text); how many files were refused; and the last returned form as (form
    id, Period), for the list to show it (else None)."""
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.trust import enrolment, returned
    from desktop.core.trust.envelope import peek_kind

    lines, refused, shown = [], 0, None
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
                said = [f"«{path.name}»: {form} lần {body.revision}, {when}: {note}."]
                if body.decision == "returned":
                    said += comment_lines(body, svc.pack)
                    shown = (body.form_id, Period.parse(body.period))
                lines.append("<br>".join(said))
        except BaoCaoError as exc:
            lines.append(exc.message)
            refused += 1
    return lines, refused, shown


def comment_lines(body, pack) -> list[str]:
    """What the province said of a returned form, a line each: its comment on the form,
    then each commented cell by its row and column names («Chỉ tiêu «Tổng chi…», cột «…»»)."""
    said = [f"– Tỉnh nhận xét: {escape(body.comment)}"] if body.comment else []
    for c in body.cells:
        where = Location(form=body.form_id, indicator=c.indicator, measure=c.measure)
        named = where.describe(pack, skip=("form",))
        said.append(f"– {named[:1].upper()}{named[1:]}: {escape(c.text)}")
    return said


def show_form(page, form_id: str, period) -> None:
    """The home list on `period` with the cursor on `form_id`: the returned form is the one
    the clerk opens next (the cursor stayed on the form it was on, Biểu 02)."""
    page.select_period(period)  # another period: the list is refreshed for it
    row = next((i for i, it in enumerate(page.model.items) if it.form.id == form_id), None)
    if row is not None:
        index = page.model.index(row, 0)
        page.view.setCurrentIndex(index)
        page.view.scrollTo(index)
        page.view.setFocus()  # not the button just clicked: Enter opens the form


def feedback_button(page, actor: str | None = None) -> QPushButton:
    """The button for a page that has `svc` and `refresh()` (the unit's home page)."""
    button = QPushButton("Nhập phản hồi của tỉnh")

    def run() -> None:
        files = ask.open_files(page, "Chọn tệp tỉnh gửi", FILTER)
        if not files:
            return
        lines, refused, shown = import_feedback_files(page.svc, files, actor)
        page.refresh()
        if shown is not None:
            show_form(page, *shown)
        show = ask.warn if refused else ask.info  # a refused file is not news to skim past
        show(page, "Phản hồi của tỉnh", "<br>".join(lines))

    button.clicked.connect(run)
    return button
