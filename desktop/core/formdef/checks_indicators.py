"""A form's indicators: codes unique in the form, known units of measure, parents that
exist and come before their children in the same section (so the tree has no cycles),
measures of the form, and the references of sums, ratios and counts of units.

`form_error` is the `Issue` every form check gives, located at the form's file.
"""

from __future__ import annotations

from desktop.core.errors import Issue, Location, Severity
from desktop.core.formdef.models import (
    Aggregation,
    ChildrenRule,
    FormDefinition,
    ValueKind,
)


def form_error(form: FormDefinition, code: str, message: str, **loc) -> Issue:
    return Issue(
        severity=Severity.ERROR,
        code=code,
        message=message,
        location=Location(file=f"{form.id}.yaml", form=form.id, **loc),
    )


def indicator_issues(form: FormDefinition, cat) -> list[Issue]:
    """The tree's problems, then the references': in the form's order of indicators."""
    issues, has_children = _tree_issues(form, cat)
    issues.extend(_reference_issues(form, has_children))
    return issues


def _tree_issues(form: FormDefinition, cat) -> tuple[list[Issue], set[str]]:
    """Problems of each indicator in its place in the tree, and the codes that are parents."""
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    section_of = {i.code: n for n, s in enumerate(form.sections) for i in s.indicators}
    has_children: set[str] = set()
    for ind in form.iter_indicators():
        loc = {"indicator": ind.code}
        if ind.parent in seen and section_of[ind.parent] != section_of[ind.code]:
            issues.append(
                form_error(
                    form,
                    "cha_khac_phan",
                    f"Chỉ tiêu cha «{ind.parent}» phải cùng phần (section).",
                    **loc,
                )
            )
        if ind.code in seen:
            issues.append(
                form_error(
                    form,
                    "trung_ma_chi_tieu",
                    f"Mã chỉ tiêu «{ind.code}» bị trùng trong biểu.",
                    **loc,
                )
            )
        if cat.unit(ind.unit) is None:
            issues.append(
                form_error(
                    form,
                    "dvt_khong_ro",
                    f"Đơn vị tính «{ind.unit}» không có trong danh mục.",
                    **loc,
                )
            )
        if ind.parent is not None:
            if ind.parent == ind.code:
                issues.append(
                    form_error(
                        form, "cha_vong_lap", "Chỉ tiêu không thể là cha của chính nó.", **loc
                    )
                )
            elif ind.parent not in seen:
                issues.append(
                    form_error(
                        form,
                        "cha_khong_ton_tai",
                        f"Chỉ tiêu cha «{ind.parent}» không có (hoặc đứng sau) trong biểu.",
                        **loc,
                    )
                )
            else:
                has_children.add(ind.parent)
        if ind.min is not None and ind.max is not None and ind.min > ind.max:
            issues.append(form_error(form, "can_sai", "Giá trị tối thiểu lớn hơn tối đa.", **loc))
        for m in form.measures_of(ind):
            if m not in form.measures:
                issues.append(
                    form_error(
                        form,
                        "so_do_ngoai_bieu",
                        f"Số đo «{m}» của chỉ tiêu không có trong số đo của biểu.",
                        **loc,
                    )
                )
        if ind.kind is ValueKind.TEXT and ind.aggregation is not Aggregation.NONE:
            issues.append(
                form_error(
                    form, "tong_hop_sai", "Chỉ tiêu dạng văn bản phải có aggregation: none.", **loc
                )
            )
        seen[ind.code] = len(seen)
    return issues, has_children


def _reference_issues(form: FormDefinition, has_children: set[str]) -> list[Issue]:
    issues: list[Issue] = []
    imap = form.indicator_map()
    for ind in form.iter_indicators():
        loc = {"indicator": ind.code}
        if ind.children is ChildrenRule.SUM and (
            ind.kind in (ValueKind.TEXT, ValueKind.PERCENT)
            or ind.aggregation not in (Aggregation.FLOW, Aggregation.STOCK)
        ):
            issues.append(
                form_error(
                    form,
                    "tong_khong_cong_duoc",
                    "«children: sum» chỉ dùng cho chỉ tiêu là số cộng được "
                    "(aggregation: flow hoặc stock).",
                    **loc,
                )
            )
        if ind.children is not ChildrenRule.NONE and ind.code not in has_children:
            issues.append(
                form_error(
                    form,
                    "khong_co_chi_tieu_con",
                    "Khai báo quan hệ tổng các chỉ tiêu con nhưng không có chỉ tiêu con.",
                    **loc,
                )
            )
        refs = {
            "numerator": ind.numerator,
            "denominator": ind.denominator,
            "weight": ind.weight,
            "total": ind.total,
        }
        for field_name, ref in refs.items():
            if ref is not None and ref not in imap:
                issues.append(
                    form_error(
                        form,
                        "tham_chieu_sai",
                        f"«{field_name}: {ref}» không phải chỉ tiêu của biểu.",
                        **loc,
                    )
                )
            elif ref is not None and ref == ind.code:
                issues.append(
                    form_error(
                        form,
                        "tham_chieu_vong",
                        f"«{field_name}» không thể trỏ vào chính chỉ tiêu.",
                        **loc,
                    )
                )
        if ind.aggregation is Aggregation.RATIO:
            if not ((ind.numerator and ind.denominator) or ind.weight):
                issues.append(
                    form_error(
                        form,
                        "ty_le_thieu_thanh_phan",
                        "Chỉ tiêu tỷ lệ cần tử số và mẫu số (numerator, denominator) hoặc quyền số (weight).",
                        **loc,
                    )
                )
            for ref in (ind.numerator, ind.denominator, ind.weight):
                if ref in imap and imap[ref].aggregation in (Aggregation.RATIO, Aggregation.NONE):
                    issues.append(
                        form_error(
                            form,
                            "ty_le_long_nhau",
                            f"Thành phần «{ref}» của tỷ lệ phải là chỉ tiêu cộng được (flow/stock).",
                            **loc,
                        )
                    )
        elif ind.aggregation is Aggregation.COUNT_OF_UNITS and not ind.total:
            issues.append(
                form_error(
                    form,
                    "thieu_tong_so",
                    "Chỉ tiêu đếm đơn vị đạt chuẩn cần «total» (tổng số đơn vị).",
                    **loc,
                )
            )
    return issues
