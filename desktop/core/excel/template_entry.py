"""A filled Excel template taken into the form the clerk has open (the entry page's «Nhập
từ Excel…»): read and validated by the one route every entry file takes
(`Services.validate_file`), refused unless it is the template of that very form, unit and
period, then stored as the draft (`Services.save_entry`: refused, with its issues, while a
cell cannot be read; the required rows and reasons may still be missing in a draft).
Nothing is stored when anything is refused."""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import BaoCaoError


class WrongTemplate(BaoCaoError):
    code = "bieu_mau_khac"


def load_template_draft(svc, path: Path, *, unit, form, period, actor: str | None):
    """Store the filled template at `path` as the draft of (unit, form, period); return the
    stored submission.  Raises InputFileError (the file), WrongTemplate, ValidationFailed."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise WrongTemplate(
            f"Tệp «{path.name}» không phải biểu mẫu Excel (.xlsx) của BaoCao. Hãy chọn tệp đã "
            "tạo bằng «Biểu mẫu Excel…» rồi điền số."
        )
    report = svc.validate_file(path)
    sub = report.submission
    if sub is not None and (sub.form_id, sub.unit, sub.period) != (form.id, unit.code, str(period)):
        other = svc.pack.forms.get(sub.form_id)
        unit_name = report.unit.name if report.unit is not None else f"đơn vị mã {sub.unit}"
        raise WrongTemplate(
            f"Tệp «{path.name}» là {_named(other) if other else f'biểu «{sub.form_id}»'} của "
            f"{unit_name}, {_phrase(sub.period)}; đang mở {_named(form)} của {unit.name}, "
            f"{period.phrase}. Hãy chọn đúng tệp, hoặc mở đúng biểu và kỳ rồi nhập lại. Chưa "
            "có gì thay đổi."
        )
    return svc.save_entry(report, final=False, actor=actor)


def _named(form) -> str:
    return f"{form.bieu_so[:1].lower()}{form.bieu_so[1:]} ({form.title})"


def _phrase(code: str) -> str:
    from desktop.core.periods import Period

    try:
        return Period.parse(code).phrase
    except BaoCaoError:
        return f"kỳ «{code}»"
