"""A form's `measure_periods` (columns kept for some types of period only): each names a
column of the form, at least one type of period, only types the form is reported for, and
a percentage column is never kept in a period whose base column is not there.

(A type of period that does not exist at all, «quy» for «quarter», is refused as the YAML
is read: loader._pydantic_issues names the file and the column.)
"""

from __future__ import annotations

from desktop.core.errors import Issue
from desktop.core.formdef.checks_indicators import form_error
from desktop.core.formdef.models import FormDefinition, MeasureKind
from desktop.core.formdef.period_form import PERIOD_TYPE_WORDS, periods_phrase


def measure_period_issues(form: FormDefinition, cat) -> list[Issue]:
    issues: list[Issue] = []
    own = set(form.measures)
    for code, types in form.measure_periods.items():
        loc = {"field": f"measure_periods.{code}", "measure": code}
        if code not in own:
            issues.append(
                form_error(
                    form,
                    "so_do_ngoai_bieu",
                    f"«measure_periods» ghi số đo «{code}», không có trong «measures» của biểu.",
                    **loc,
                )
            )
            continue
        name = _name(cat, code)
        if not types:
            issues.append(
                form_error(
                    form,
                    "so_do_khong_co_ky",
                    f"Số đo {name} phải có trong ít nhất một loại kỳ (ví dụ [month]).",
                    **loc,
                )
            )
        for t in types:
            if t not in form.period_types:
                reported = ", ".join(PERIOD_TYPE_WORDS[p] for p in form.period_types)
                issues.append(
                    form_error(
                        form,
                        "ky_so_do_ngoai_bieu",
                        f"Số đo {name} ghi kỳ «{t.value}» ({PERIOD_TYPE_WORDS[t]}) nhưng biểu "
                        f"không báo cáo kỳ này; các kỳ của biểu: {reported}.",
                        **loc,
                    )
                )
    issues.extend(_ratio_issues(form, cat))
    return issues


def _ratio_issues(form: FormDefinition, cat) -> list[Issue]:
    """A percentage column present in a type of period where the column it is computed
    from (its base, or every one of its numerators) is not."""
    out = []
    for code in form.measures:
        md = cat.measure(code)
        if md is None or md.kind is not MeasureKind.RATIO:
            continue
        # (a column in no period at all is already said above)
        parts = [
            m
            for m in (md.denominator, *md.numerator)
            if m in form.measures and form.measure_periods.get(m) != []
        ]
        for t in form.period_types:
            if not form.in_period_type(code, t):
                continue
            missing = [m for m in parts if not form.in_period_type(m, t)]
            numerators = [m for m in md.numerator if m in parts]
            if md.denominator in missing or (numerators and set(numerators) <= set(missing)):
                base = next(m for m in missing if m == md.denominator or m in numerators)
                out.append(
                    form_error(
                        form,
                        "ty_le_thieu_so_do_trong_ky",
                        f"Số đo tỷ lệ {_name(cat, code)} có ở kỳ {PERIOD_TYPE_WORDS[t]} nhưng "
                        f"số đo {_name(cat, base)} mà nó tính từ thì không (chỉ có ở "
                        f"{periods_phrase(form, base)}): ghi cho «{code}» cùng các kỳ như «{base}».",
                        field=f"measure_periods.{code}",
                        measure=code,
                    )
                )
                break  # one message a column
    return out


def _name(cat, code: str) -> str:
    md = cat.measure(code)
    return f"«{code}» ({md.short})" if md else f"«{code}»"
