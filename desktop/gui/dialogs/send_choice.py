"""«Gửi báo cáo…» on the entry page: which forms to send — this one, or every finalised
form of the unit and period not sent yet — asked through the dialog seam (ask.py); the
window then writes the signed package (main_window.send_forms)."""

from __future__ import annotations

from desktop.gui.dialogs import ask

THIS = "Chỉ biểu này"


def forms_to_send(parent, session) -> list[str] | None:
    """The form ids to send, or None when the clerk cancels."""
    from desktop.core.storage.sends import unsent_final_forms

    others = unsent_final_forms(session.repo, session.unit, str(session.period))
    every = f"Tất cả biểu đã hoàn thành, chưa gửi ({len(others)} biểu)"
    buttons = [THIS, every, "Hủy"] if others else [THIS, "Hủy"]
    choice = ask.choose(
        parent,
        "Gửi báo cáo",
        f"Gửi những biểu nào của {session.unit.name}, {session.period.phrase}?",
        buttons,
    )
    if choice == THIS:
        return [session.form.id]
    if choice == every:
        return others
    return None
