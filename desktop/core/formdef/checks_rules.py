"""A form's rules (unique codes, expressions that parse and only name indicators and
measures of their own form), its provincial sources and year cut-off, and its narratives."""

from __future__ import annotations

import datetime as dt

from desktop.core.errors import Issue
from desktop.core.formdef.checks_indicators import form_error
from desktop.core.formdef.expr import ExprError, parse
from desktop.core.formdef.models import (
    Aggregation,
    FormDefinition,
    ProvinceSource,
    ValueKind,
)


def rule_issues(form: FormDefinition) -> list[Issue]:
    issues: list[Issue] = []
    imap = form.indicator_map()
    rule_codes: set[str] = set()
    for rule in form.rules:
        loc = {"field": f"rules.{rule.code}"}
        if rule.code in rule_codes:
            issues.append(
                form_error(form, "trung_ma_quy_tac", f"Mã quy tắc «{rule.code}» bị trùng.", **loc)
            )
        rule_codes.add(rule.code)
        for m in rule.measures or []:
            if m not in form.measures:
                issues.append(
                    form_error(
                        form,
                        "so_do_ngoai_bieu",
                        f"Quy tắc dùng số đo «{m}» không có trong biểu.",
                        **loc,
                    )
                )
        try:
            expr = parse(rule.expr)
        except ExprError as exc:
            issues.append(form_error(form, "quy_tac_sai_cu_phap", str(exc), **loc))
            continue
        for ref in expr.refs():
            if ref.indicator not in imap:
                issues.append(
                    form_error(
                        form,
                        "quy_tac_tham_chieu_sai",
                        f"Quy tắc nhắc tới «{ref.indicator}» không phải chỉ tiêu của biểu.",
                        **loc,
                    )
                )
            if ref.measure is not None and ref.measure not in form.measures:
                issues.append(
                    form_error(
                        form,
                        "quy_tac_tham_chieu_sai",
                        f"Quy tắc nhắc tới số đo «{ref.measure}» không có trong biểu.",
                        **loc,
                    )
                )
    return issues


def narrative_issues(form: FormDefinition) -> list[Issue]:
    issues: list[Issue] = []
    narr: set[str] = set()
    for n in form.narratives:
        if n.code in narr:
            issues.append(
                form_error(
                    form,
                    "trung_ma_thuyet_minh",
                    f"Mã phần thuyết minh «{n.code}» bị trùng.",
                    narrative=n.code,
                )
            )
        narr.add(n.code)
    return issues


def province_source_issues(form: FormDefinition) -> list[Issue]:
    """A department's provincial part can only be added to the units' figures of an
    additive indicator (a flow, a stock, a count of units)."""
    out = []
    if form.year_cutoff:
        try:
            dt.date.fromisoformat(f"2001-{form.year_cutoff}")
        except ValueError:
            out.append(
                form_error(
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
                form_error(
                    form,
                    "nguon_tinh_khong_cong_duoc",
                    f"Chỉ tiêu «{ind.code}» không cộng được (tỷ lệ, văn bản hoặc không tổng hợp): "
                    "không thể lấy «phần của sở cộng các đơn vị» (department_plus_units).",
                    indicator=ind.code,
                )
            )
    return out
