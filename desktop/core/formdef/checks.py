"""Checks on a parsed form pack that field types cannot express.

Unique codes (in a form and across the pack), known units of measure, measures and
domains, parents that exist and come before their children (so the tree has no cycles),
ratio/count references, and rule expressions that parse and only name indicators and
measures of their own form.  Each problem is an `Issue` with file + field location.
"""

from __future__ import annotations

from desktop.core.errors import Issue, Location, Severity
from desktop.core.formdef.checks_indicators import form_error, indicator_issues
from desktop.core.formdef.checks_periods import measure_period_issues
from desktop.core.formdef.checks_rules import (
    narrative_issues,
    province_source_issues,
    rule_issues,
)
from desktop.core.formdef.models import FormDefinition, MeasureKind
from desktop.core.report.sentence_checks import (
    domain_group_issues,
    placement_issues,
    sentence_issues,
)


def check_catalog(pack) -> list[Issue]:
    cat = pack.catalog
    issues: list[Issue] = []
    loc = Location(file="_catalog.yaml")
    for name, items in (
        ("đơn vị tính", cat.units_of_measure),
        ("số đo", cat.measures),
        ("lĩnh vực", cat.domains),
    ):
        seen: set[str] = set()
        for item in items:
            if item.code in seen:
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="trung_ma",
                        location=loc,
                        message=f"Mã {name} «{item.code}» bị trùng.",
                    )
                )
            seen.add(item.code)
    codes = {m.code for m in cat.measures}
    for m in cat.measures:
        if m.kind is MeasureKind.RATIO:
            refs = [*m.numerator, m.denominator]
            if not m.numerator or m.denominator is None or any(r not in codes for r in refs):
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="so_do_ty_le_sai",
                        location=loc,
                        message=f"Số đo tỷ lệ «{m.code}» phải có tử số và mẫu số là số đo đã khai báo.",
                    )
                )
    return issues


def check_form(form: FormDefinition, pack) -> list[Issue]:
    cat = pack.catalog
    issues: list[Issue] = []
    if cat.domain(form.domain) is None:
        issues.append(
            form_error(
                form,
                "linh_vuc_khong_ro",
                f"Lĩnh vực «{form.domain}» không có trong danh mục.",
                field="domain",
            )
        )
    if not form.period_types:
        issues.append(
            form_error(
                form,
                "thieu_ky",
                "Biểu phải nhận ít nhất một loại kỳ báo cáo.",
                field="period_types",
            )
        )
    if len(set(form.measures)) != len(form.measures):
        issues.append(
            form_error(form, "trung_so_do", "Danh sách số đo có mục trùng.", field="measures")
        )
    for m in form.measures:
        if cat.measure(m) is None:
            issues.append(
                form_error(
                    form,
                    "so_do_khong_ro",
                    f"Số đo «{m}» không có trong danh mục.",
                    field="measures",
                )
            )
    if not any(s.indicators for s in form.sections):
        issues.append(
            form_error(form, "bieu_rong", "Biểu không có chỉ tiêu nào.", field="sections")
        )
    issues.extend(measure_period_issues(form, cat))
    issues.extend(indicator_issues(form, cat))
    issues.extend(rule_issues(form))
    issues.extend(province_source_issues(form))
    issues.extend(narrative_issues(form))
    return issues


def check_form_pack(pack) -> list[Issue]:
    issues = check_catalog(pack) + domain_group_issues(pack.catalog)  # the báo cáo's groups
    issues += placement_issues(pack.forms.values())  # sections under another domain
    numbers: dict[str, str] = {}
    for form in pack.forms.values():
        if form.bieu_so in numbers:
            issues.append(
                form_error(
                    form,
                    "trung_bieu_so",
                    f"«{form.bieu_so}» đã dùng cho biểu «{numbers[form.bieu_so]}».",
                    field="bieu_so",
                )
            )
        numbers.setdefault(form.bieu_so, form.id)
    owner: dict[str, str] = {}
    for form in pack.forms.values():
        issues.extend(check_form(form, pack))
        issues.extend(sentence_issues(form, pack.catalog))  # report sentence patterns
        for code in form.indicator_map():
            if code in owner and owner[code] != form.id:
                issues.append(
                    form_error(
                        form,
                        "trung_ma_chi_tieu_giua_bieu",
                        f"Mã chỉ tiêu «{code}» đã dùng ở biểu «{owner[code]}».",
                        indicator=code,
                    )
                )
            owner.setdefault(code, form.id)
    return issues
