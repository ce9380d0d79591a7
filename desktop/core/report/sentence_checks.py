"""`forms check` for sentence patterns: every slot known, groups balanced, and each
measure slot one the indicator has (a slot that can never get a figure is a typo)."""

from __future__ import annotations

from desktop.core.errors import Issue, Location, Severity
from desktop.core.report.pattern import KNOWN_SLOTS, pattern_problems, slots_of


def sentence_issues(form, catalog) -> list[Issue]:
    measures = {m.code for m in catalog.measures}
    known = set(KNOWN_SLOTS) | measures
    issues: list[Issue] = []

    def report(message: str, **loc) -> None:
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code="mau_cau_sai",
                message=message,
                location=Location(file=f"{form.id}.yaml", form=form.id, **loc),
            )
        )

    for section in form.sections:
        if section.sentence:
            for problem in pattern_problems(section.sentence, known):
                report(f"Mẫu câu của mục «{section.title}»: {problem}", field="sentence")
        for ind in section.indicators:
            if not ind.sentence:
                continue
            for problem in pattern_problems(ind.sentence, known):
                report(f"Mẫu câu: {problem}", indicator=ind.code, field="sentence")
            if "items" in slots_of(ind.sentence) and not any(
                i.parent == ind.code for s in form.sections for i in s.indicators
            ):
                report(
                    "Mẫu câu dùng ô {items} nhưng chỉ tiêu không có chỉ tiêu con: "
                    "ô này không bao giờ có số liệu.",
                    indicator=ind.code,
                    field="sentence",
                )
            own = set(form.measures_of(ind))
            for slot in slots_of(ind.sentence):
                if slot in measures and slot not in own and not _computable(catalog, slot, own):
                    report(
                        f"Mẫu câu dùng ô {{{slot}}} nhưng chỉ tiêu không có số đo «{slot}»: "
                        "ô này không bao giờ có số liệu.",
                        indicator=ind.code,
                        field="sentence",
                    )
    return issues


def _computable(catalog, measure: str, own: set[str]) -> bool:
    m = catalog.measure(measure)
    return bool(m and m.denominator in own and any(n in own for n in m.numerator))
