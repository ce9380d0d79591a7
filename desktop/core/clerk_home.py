"""The clerk's home list: every form that takes a period, with its status (empty, draft,
with errors, finished, sent, or returned by the province and not yet sent again: listed
first, it is what most needs doing), deadline and number of sends; and the periods a clerk may
report on now.  What the home page and the period picker show, before any form is opened
(desktop/core/entry_session.py is the open form), so it imports little: the form pack, the
database and validation are reached through `svc` only when the list is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.periods import Period
from desktop.core.record import record
from desktop.core.vn_time import vn_datetime

if TYPE_CHECKING:
    from desktop.core.formdef.models import FormDefinition

STATUS_LABELS = {
    "empty": "Chưa nhập",
    "draft": "Đang nhập",
    "errors": "Có lỗi",
    "final": "Hoàn thành",
    "sent": "Đã gửi",
    "returned": "Bị tỉnh trả lại",  # home list only: an open return (trust/returned.py)
}


@record
class FormStatus:
    """One row of the clerk's home list: a form, where it stands for the period, its deadline."""
    form: FormDefinition
    status: str
    label: str
    deadline: object
    revision: int | None
    errors: int
    warnings: int
    sends: int = 0  # "Lần gửi": how many times the unit sent this form for the period
    returns: int = 0  # how many times the province returned it (any revision)
    returned: dict | None = None  # the open return (a review row), while not sent again
    correction: str = ""  # status key of the revision answering the open return

    @property
    def note(self) -> str:
        """The tooltip of the status: for a returned form, how often, when, by whom, what
        the province said and where the correction stands."""
        if self.returned is None:
            return ""
        r = self.returned
        who = ", ".join(x for x in (vn_datetime(r["at"]), r["actor"]) if x)
        said = f": {r['comment']}" if r["comment"] else ""
        cells = len(r["cells"])
        lines = [
            f"Tỉnh đã trả lại biểu này {self.returns} lần; lần gần nhất"
            f"{f' ({who})' if who else ''}, bản lần {r['revision']}{said}",
        ]
        if cells:
            lines.append(f"Tỉnh nhận xét {cells} ô số liệu (xem khi mở biểu).")
        lines.append(
            f"Bản sửa lần {self.revision}: {STATUS_LABELS[self.correction].lower()}, chưa gửi lại tỉnh."
        )
        return "\n".join(lines)


def outside_unit(unit, period: Period) -> str:
    """'' when this version of `unit` reports `period` (it is in force on the period's last
    day, as units.for_period asks); else why not, for the clerk: figures typed there would
    be stored under a unit the period does not know, and «Gửi báo cáo» would find none."""
    from desktop.core.formdef.models import Calendar

    last = period.window(Calendar.CALENDAR)[1]
    if unit.valid_on(last):
        return ""
    if unit.valid_from is not None and last < unit.valid_from:
        return (
            f"{unit.name} (đơn vị từ ngày {unit.valid_from:%d/%m/%Y}) chưa có ở {period.phrase}: "
            "số liệu kỳ này do đơn vị trước sắp xếp báo cáo. Hãy chọn kỳ kết thúc từ ngày "
            f"{unit.valid_from:%d/%m/%Y}."
        )
    return (
        f"{unit.name} chỉ hoạt động đến ngày {unit.valid_to:%d/%m/%Y}: không báo cáo "
        f"{period.phrase}. Hãy chọn kỳ kết thúc đến ngày đó, hoặc «Đổi thiết lập…» sang "
        "đơn vị sau sắp xếp trong Cài đặt."
    )


def another_unit_of_the_code(units, own_key: tuple[str, str], unit, period: Period) -> str:
    """'' unless `unit` (the unit a file's code names in `period`) is another unit under
    this installation's code `own_key` (its settings: code, valid from): a code reused at
    the 1/7/2025 reform names the former commune before that day, and a new commune's
    figures of an earlier period were stored as the former's, silently.  Else why the
    figures are not this installation's, naming both units with their dates."""
    from desktop.core.trust.policy import named

    if unit.code != own_key[0] or unit.key == own_key:
        return ""
    own = next((u for u in units.versions(unit.code) if u.key == own_key), None)
    if own is None:
        return ""
    return (
        f"Mã {unit.code} ở {period.phrase} là {named(units, unit)}, không phải đơn vị của máy "
        f"này, {named(units, own)}. {outside_unit(own, period)}"
    )


def form_statuses(svc, unit, period: Period) -> list[FormStatus]:
    """The clerk's home list: every form that takes this period and the unit reports
    (Services.reports_form), with its status; the forms returned by the province and not
    sent again come first."""
    from desktop.core.storage.sends import send_counts
    from desktop.core.trust.returned import open_return, return_counts

    exists = svc.db_exists()
    sends = send_counts(svc.repo, unit.code, unit.key[1], str(period)) if exists else {}
    returns = return_counts(svc.db, unit.key, str(period)) if exists else {}
    if outside_unit(unit, period):
        return []  # nothing this version of the unit reports (the page says why)
    out = []
    for form in sorted(svc.pack.forms.values(), key=lambda f: f.bieu_so):
        if period.type not in form.period_types or not svc.reports_form(unit, form.id):
            continue
        stored = (
            svc.repo.get(unit.code, unit.key[1], form.id, str(period)) if svc.db_exists() else None
        )
        errors = warnings = 0
        if stored is None:
            status = "empty"
        elif stored.status in ("final", "sent"):
            status = stored.status
        else:
            issues = svc.validate(stored.submission).issues
            errors = sum(i.is_error for i in issues)
            warnings = sum(i.severity == "warning" for i in issues)
            status = "errors" if errors else "draft"
        back = open_return(svc.db, svc.repo, stored) if form.id in returns else None
        out.append(
            FormStatus(
                form,
                "returned" if back else status,
                STATUS_LABELS["returned" if back else status],
                period.deadline(form.calendar, form.deadline_days),
                stored.revision if stored else None,
                errors,
                warnings,
                sends.get(form.id, 0),
                returns.get(form.id, 0),
                back,
                status if back else "",
            )
        )
    return sorted(out, key=lambda s: s.status != "returned")  # stable: by biểu số within

