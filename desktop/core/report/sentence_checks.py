"""`forms check` for sentence patterns: every slot known, groups balanced, and each
measure slot one the indicator has (a slot that can never get a figure is a typo)."""

from __future__ import annotations

from desktop.core.errors import Issue, Location, Severity
from desktop.core.formdef.models import MeasureKind
from desktop.core.report.figure_forms import SHARE, UP_DOWN, parse
from desktop.core.report.pattern import KNOWN_SLOTS, pattern_problems, slot_names, slots_of


def sentence_issues(form, catalog) -> list[Issue]:
    measures = {m.code for m in catalog.measures}
    known = set(KNOWN_SLOTS) | measures
    issues: list[Issue] = []
    by_code = form.indicator_map()

    def report(message: str, **loc) -> None:
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code="mau_cau_sai",
                message=message,
                location=Location(file=f"{form.id}.yaml", form=form.id, **loc),
            )
        )

    domains = {d.code for d in catalog.domains}
    for section in form.sections:
        if section.report_under and section.report_under not in domains:
            report(
                f"Mục «{section.title}» ghi report_under: «{section.report_under}», không phải "
                f"lĩnh vực nào trong «domains:» của danh mục.",
                field="report_under",
            )
        if section.sentence:
            for problem in pattern_problems(section.sentence, known):
                report(f"Mẫu câu của mục «{section.title}»: {problem}", field="sentence")
        for ind, name, pattern in _patterns(section):
            for problem in pattern_problems(pattern, known, main=name != "zero_sentence"):
                report(f"Mẫu câu: {problem}", indicator=ind.code, field=name)
            if "items" in slots_of(pattern) and not any(
                i.parent == ind.code for s in form.sections for i in s.indicators
            ):
                report(
                    "Mẫu câu dùng ô {items} nhưng chỉ tiêu không có chỉ tiêu con: "
                    "ô này không bao giờ có số liệu.",
                    indicator=ind.code,
                    field=name,
                )
            own = set(form.measures_of(ind))
            for slot in slot_names(pattern):
                if slot in measures and slot not in own and not _computable(catalog, slot, own):
                    report(
                        f"Mẫu câu dùng ô {{{slot}}} nhưng chỉ tiêu không có số đo «{slot}»: "
                        "ô này không bao giờ có số liệu.",
                        indicator=ind.code,
                        field=name,
                    )
            if "chenh_ck" in slot_names(pattern) and "cung_ky" not in own:
                report(
                    "Mẫu câu dùng ô {chenh_ck} nhưng chỉ tiêu không có số đo «cung_ky»: "
                    "ô này không bao giờ có số liệu.",
                    indicator=ind.code,
                    field=name,
                )
            for problem in form_problems(ind, form, catalog, by_code, pattern):
                report(f"Mẫu câu: {problem}", indicator=ind.code, field=name)
            if name != "zero_sentence" and ind.zero_sentence is None and _out_of(pattern):
                report(
                    f"Mẫu câu viết «x/y» ({{{_out_of(pattern)}}}): thêm zero_sentence, câu "
                    "viết khi số liệu bằng 0 («Chưa có xã nào …»), hoặc zero_sentence: \"\" "
                    "để bỏ câu, để báo cáo không viết «0/10».",
                    indicator=ind.code,
                    field=name,
                )
    return issues


def _out_of(pattern: str) -> str | None:
    """The pattern's first «x/y» slot ({value/kh_nam}), if any."""
    for text in slots_of(pattern):
        f = parse(text)
        if not isinstance(f, str) and f.over is not None and f.name != SHARE:
            return text
    return None


def _patterns(section):
    """(indicator, field, pattern) of every pattern a section's indicators carry: the
    `sentence`, the province's `province_sentence`, the `zero_sentence` (empty: say
    nothing, nothing to check)."""
    for ind in section.indicators:
        for name in ("sentence", "province_sentence", "zero_sentence"):
            if getattr(ind, name):
                yield ind, name, getattr(ind, name)


def form_problems(ind, form, catalog, by_code, pattern: str | None = None) -> list[str]:
    """The slot forms of `ind`'s pattern (figure_forms.py) that could never be written:
    «x/y» over an indicator the form lacks, «chiếm» with nothing to be a share of, nghìn /
    triệu of money or of a percentage; and a child its parent lists ({items}) worded as a
    sentence (its pattern is a phrase of the list: no full stop)."""
    out = []
    uom = catalog.unit(ind.unit)
    label = uom.label if uom else ""
    pattern = pattern or ind.sentence
    for text in slots_of(pattern):
        f = parse(text)
        if isinstance(f, str) or (f.plain and f.name != SHARE):
            continue
        m = catalog.measure(f.name)
        if m is not None and m.kind is MeasureKind.RATIO and f.scale != UP_DOWN:
            out.append(f"ô {{{text}}}: «{f.name}» là tỷ lệ %, không viết dạng «x/y» hay nghìn, triệu.")
        if f.over_indicator and f.over not in by_code:
            out.append(f"ô {{{text}}}: biểu không có chỉ tiêu «{f.over}».")
        if f.name == SHARE and f.over is None and ind.parent is None:
            out.append(
                f"ô {{{text}}}: chỉ tiêu không có chỉ tiêu cha; ghi «{{chiem/MÃ_CHỈ_TIÊU}}» "
                "để nói tỷ lệ trong số liệu nào."
            )
        if f.scale is not None and f.scale != UP_DOWN and (
            label == "%" or "đồng" in label or label.split(" ")[0] in ("nghìn", "triệu", "tỷ")
        ):
            out.append(
                f"ô {{{text}}}: đơn vị tính «{label}» không đổi sang nghìn, triệu, tỷ "
                "(số tiền viết theo tỷ đồng trong Cài đặt)."
            )
    parent = by_code.get(ind.parent) if ind.parent else None
    lists = [parent.sentence, parent.province_sentence] if parent is not None else []
    if any(t and "items" in slot_names(t) for t in lists):
        if pattern.rstrip().endswith("."):
            out.append(
                f"chỉ tiêu được liệt kê trong ô {{items}} của «{parent.code}», mẫu là một cụm "
                "từ trong câu của chỉ tiêu cha: bỏ dấu chấm cuối."
            )
    return out


def _computable(catalog, measure: str, own: set[str]) -> bool:
    m = catalog.measure(measure)
    return bool(m and m.denominator in own and any(n in own for n in m.numerator))


def domain_group_issues(catalog) -> list[Issue]:
    """The domains of a `group` (the báo cáo's heading over them) stand together in
    `domains:`; otherwise the draft would head the group twice."""
    issues, seen, last = [], set(), None
    for d in catalog.domains:
        if d.group and d.group != last and d.group in seen:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="nhom_linh_vuc_roi",
                    message=(
                        f"Lĩnh vực «{d.code}» thuộc nhóm «{d.group}» nhưng không đứng liền các "
                        "lĩnh vực cùng nhóm: báo cáo sẽ viết tiêu đề nhóm hai lần. Xếp các lĩnh "
                        "vực cùng nhóm liền nhau trong «domains:»."
                    ),
                    location=Location(file="_catalog.yaml", field="domains"),
                )
            )
        seen.add(d.group)
        last = d.group
    return issues


def placement_issues(forms) -> list[Issue]:
    """A section's `report_after` names a section of the forms of its `report_under`
    domain (the paragraph it follows in the draft); a title no such form has is a typo."""
    forms = list(forms)
    issues = []
    for form in forms:
        for section in form.sections:
            if not section.report_after:
                continue
            host = section.report_under
            titles = {s.title for f in forms if f.domain == host for s in f.sections}
            if host and section.report_after in titles:
                continue
            where = f"của lĩnh vực «{host}»" if host else "(mục không ghi report_under)"
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="mau_cau_sai",
                    message=(
                        f"Mục «{section.title}» ghi report_after: «{section.report_after}», "
                        f"không phải tên mục nào trong các biểu {where}."
                    ),
                    location=Location(file=f"{form.id}.yaml", form=form.id, field="report_after"),
                )
            )
    return issues
