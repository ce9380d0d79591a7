"""Checks on a parsed form pack that field types cannot express.

Unique codes (in a form and across the pack), known units of measure, measures and
domains, parents that exist and come before their children (so the tree has no cycles),
ratio/count references, and rule expressions that parse and only name indicators and
measures of their own form.  Each problem is an `Issue` with file + field location.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.errors import Issue, Location, Severity
from desktop.core.formdef.expr import ExprError, parse
from desktop.core.formdef.models import (
    Aggregation,
    ChildrenRule,
    FormDefinition,
    MeasureKind,
    ProvinceSource,
    ValueKind,
)
from desktop.core.report.sentence_checks import sentence_issues


def _err(form: FormDefinition, code: str, message: str, **loc) -> Issue:
    return Issue(
        severity=Severity.ERROR,
        code=code,
        message=message,
        location=Location(file=f"{form.id}.yaml", form=form.id, **loc),
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
            _err(
                form,
                "linh_vuc_khong_ro",
                f"Lĩnh vực «{form.domain}» không có trong danh mục.",
                field="domain",
            )
        )
    if not form.period_types:
        issues.append(
            _err(
                form,
                "thieu_ky",
                "Biểu phải nhận ít nhất một loại kỳ báo cáo.",
                field="period_types",
            )
        )
    if len(set(form.measures)) != len(form.measures):
        issues.append(_err(form, "trung_so_do", "Danh sách số đo có mục trùng.", field="measures"))
    for m in form.measures:
        if cat.measure(m) is None:
            issues.append(
                _err(
                    form,
                    "so_do_khong_ro",
                    f"Số đo «{m}» không có trong danh mục.",
                    field="measures",
                )
            )
    if not any(s.indicators for s in form.sections):
        issues.append(_err(form, "bieu_rong", "Biểu không có chỉ tiêu nào.", field="sections"))

    seen: dict[str, int] = {}
    section_of = {i.code: n for n, s in enumerate(form.sections) for i in s.indicators}
    has_children: set[str] = set()
    for ind in form.iter_indicators():
        loc = {"indicator": ind.code}
        if ind.parent in seen and section_of[ind.parent] != section_of[ind.code]:
            issues.append(
                _err(
                    form,
                    "cha_khac_phan",
                    f"Chỉ tiêu cha «{ind.parent}» phải cùng phần (section).",
                    **loc,
                )
            )
        if ind.code in seen:
            issues.append(
                _err(
                    form,
                    "trung_ma_chi_tieu",
                    f"Mã chỉ tiêu «{ind.code}» bị trùng trong biểu.",
                    **loc,
                )
            )
        if cat.unit(ind.unit) is None:
            issues.append(
                _err(
                    form,
                    "dvt_khong_ro",
                    f"Đơn vị tính «{ind.unit}» không có trong danh mục.",
                    **loc,
                )
            )
        if ind.parent is not None:
            if ind.parent == ind.code:
                issues.append(
                    _err(form, "cha_vong_lap", "Chỉ tiêu không thể là cha của chính nó.", **loc)
                )
            elif ind.parent not in seen:
                issues.append(
                    _err(
                        form,
                        "cha_khong_ton_tai",
                        f"Chỉ tiêu cha «{ind.parent}» không có (hoặc đứng sau) trong biểu.",
                        **loc,
                    )
                )
            else:
                has_children.add(ind.parent)
        if ind.min is not None and ind.max is not None and ind.min > ind.max:
            issues.append(_err(form, "can_sai", "Giá trị tối thiểu lớn hơn tối đa.", **loc))
        for m in form.measures_of(ind):
            if m not in form.measures:
                issues.append(
                    _err(
                        form,
                        "so_do_ngoai_bieu",
                        f"Số đo «{m}» của chỉ tiêu không có trong số đo của biểu.",
                        **loc,
                    )
                )
        if ind.kind is ValueKind.TEXT and ind.aggregation is not Aggregation.NONE:
            issues.append(
                _err(
                    form, "tong_hop_sai", "Chỉ tiêu dạng văn bản phải có aggregation: none.", **loc
                )
            )
        seen[ind.code] = len(seen)

    imap = form.indicator_map()
    for ind in form.iter_indicators():
        loc = {"indicator": ind.code}
        if ind.children is ChildrenRule.SUM and (
            ind.kind in (ValueKind.TEXT, ValueKind.PERCENT)
            or ind.aggregation not in (Aggregation.FLOW, Aggregation.STOCK)
        ):
            issues.append(
                _err(
                    form,
                    "tong_khong_cong_duoc",
                    "«children: sum» chỉ dùng cho chỉ tiêu là số cộng được "
                    "(aggregation: flow hoặc stock).",
                    **loc,
                )
            )
        if ind.children is not ChildrenRule.NONE and ind.code not in has_children:
            issues.append(
                _err(
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
                    _err(
                        form,
                        "tham_chieu_sai",
                        f"«{field_name}: {ref}» không phải chỉ tiêu của biểu.",
                        **loc,
                    )
                )
            elif ref is not None and ref == ind.code:
                issues.append(
                    _err(
                        form,
                        "tham_chieu_vong",
                        f"«{field_name}» không thể trỏ vào chính chỉ tiêu.",
                        **loc,
                    )
                )
        if ind.aggregation is Aggregation.RATIO:
            if not ((ind.numerator and ind.denominator) or ind.weight):
                issues.append(
                    _err(
                        form,
                        "ty_le_thieu_thanh_phan",
                        "Chỉ tiêu tỷ lệ cần tử số và mẫu số (numerator, denominator) hoặc quyền số (weight).",
                        **loc,
                    )
                )
            for ref in (ind.numerator, ind.denominator, ind.weight):
                if ref in imap and imap[ref].aggregation in (Aggregation.RATIO, Aggregation.NONE):
                    issues.append(
                        _err(
                            form,
                            "ty_le_long_nhau",
                            f"Thành phần «{ref}» của tỷ lệ phải là chỉ tiêu cộng được (flow/stock).",
                            **loc,
                        )
                    )
        elif ind.aggregation is Aggregation.COUNT_OF_UNITS and not ind.total:
            issues.append(
                _err(
                    form,
                    "thieu_tong_so",
                    "Chỉ tiêu đếm đơn vị đạt chuẩn cần «total» (tổng số đơn vị).",
                    **loc,
                )
            )

    rule_codes: set[str] = set()
    for rule in form.rules:
        loc = {"field": f"rules.{rule.code}"}
        if rule.code in rule_codes:
            issues.append(
                _err(form, "trung_ma_quy_tac", f"Mã quy tắc «{rule.code}» bị trùng.", **loc)
            )
        rule_codes.add(rule.code)
        for m in rule.measures or []:
            if m not in form.measures:
                issues.append(
                    _err(
                        form,
                        "so_do_ngoai_bieu",
                        f"Quy tắc dùng số đo «{m}» không có trong biểu.",
                        **loc,
                    )
                )
        try:
            expr = parse(rule.expr)
        except ExprError as exc:
            issues.append(_err(form, "quy_tac_sai_cu_phap", str(exc), **loc))
            continue
        for ref in expr.refs():
            if ref.indicator not in imap:
                issues.append(
                    _err(
                        form,
                        "quy_tac_tham_chieu_sai",
                        f"Quy tắc nhắc tới «{ref.indicator}» không phải chỉ tiêu của biểu.",
                        **loc,
                    )
                )
            if ref.measure is not None and ref.measure not in form.measures:
                issues.append(
                    _err(
                        form,
                        "quy_tac_tham_chieu_sai",
                        f"Quy tắc nhắc tới số đo «{ref.measure}» không có trong biểu.",
                        **loc,
                    )
                )

    issues.extend(_province_source_issues(form))
    narr: set[str] = set()
    for n in form.narratives:
        if n.code in narr:
            issues.append(
                _err(
                    form,
                    "trung_ma_thuyet_minh",
                    f"Mã phần thuyết minh «{n.code}» bị trùng.",
                    narrative=n.code,
                )
            )
        narr.add(n.code)
    return issues


def _province_source_issues(form: FormDefinition) -> list[Issue]:
    """A department's provincial part can only be added to the units' figures of an
    additive indicator (a flow, a stock, a count of units)."""
    out = []
    if form.year_cutoff:
        try:
            dt.date.fromisoformat(f"2001-{form.year_cutoff}")
        except ValueError:
            out.append(
                _err(
                    form,
                    "ngay_chot_nam_sai",
                    f"«year_cutoff: {form.year_cutoff}» không phải một ngày (tháng-ngày, ví dụ 01-31).",
                    field="year_cutoff",
                )
            )
    additive = (Aggregation.FLOW, Aggregation.STOCK, Aggregation.COUNT_OF_UNITS)
    for ind in form.iter_indicators():
        source = form.source_of(ind)
        if source is ProvinceSource.DEPARTMENT_PLUS_UNITS and (
            ind.kind is ValueKind.TEXT or ind.aggregation not in additive
        ):
            out.append(
                _err(
                    form,
                    "nguon_tinh_khong_cong_duoc",
                    f"Chỉ tiêu «{ind.code}» không cộng được (tỷ lệ, văn bản hoặc không tổng hợp): "
                    "không thể lấy «phần của sở cộng các đơn vị» (department_plus_units).",
                    indicator=ind.code,
                )
            )
    return out


def check_form_pack(pack) -> list[Issue]:
    issues = check_catalog(pack)
    numbers: dict[str, str] = {}
    for form in pack.forms.values():
        if form.bieu_so in numbers:
            issues.append(
                _err(
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
                    _err(
                        form,
                        "trung_ma_chi_tieu_giua_bieu",
                        f"Mã chỉ tiêu «{code}» đã dùng ở biểu «{owner[code]}».",
                        indicator=code,
                    )
                )
            owner.setdefault(code, form.id)
    return issues
