"""From one form's figures to the paragraphs of its domain in the draft báo cáo.

One paragraph per section of the form.  Each top-level indicator with a figure becomes a
sentence (its own `sentence` pattern, else the section's, else `DEFAULT_SENTENCE`); a child
with its own pattern becomes a sentence after its parent's; any other child goes into the
footnote of the nearest sentence above it, like the seeds' breakdowns ("¹ Lúa xuân 350 ha;
Ngô 120 ha").  A child whose ancestors have no figure is written as its own sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.formdef.models import Catalog, FormDefinition, Indicator, Section
from desktop.core.report.figure_forms import chosen_pattern, form_slots, said_by_forms
from desktop.core.report.pattern import (
    DEFAULT_SENTENCE,
    FOOTNOTE_ITEM,
    LIST_ITEM,
    TARGET_ITEM,
    TARGET_LEAD,
    render,
    required_slots,
    slots_of,
)
from desktop.core.report.phrases import (
    Figures,
    count,
    main_once,
    number,
    ratio_of,
    slot_texts,
    with_coverage,
)


@dataclass
class Sentence:
    """One sentence of the draft báo cáo, with its footnote items."""

    text: str
    breakdown: list[str] = field(default_factory=list)  # footnote items (children)

    @property
    def footnote(self) -> str | None:
        if not self.breakdown:
            return None
        # a figure's parts, as seed 002 leads them: «¹ Trong đó: 2.128 ha rau, 548 ha …»
        return "Trong đó: " + "; ".join(self.breakdown) + "."


def form_paragraphs(
    form: FormDefinition,
    figures: Figures,
    catalog: Catalog,
    period_label: str,
    previous: Figures | None = None,
    *,
    partial=None,
    billions: bool = False,
    province: bool = False,
    sections=None,
) -> list[list[Sentence]]:
    """The sentences of each section that has a figure, in the form's order; `partial`:
    the percentages over fewer units than their row (`phrases.with_coverage`), `billions`:
    money in tỷ đồng (`phrases.in_billions`), `province`: the province's draft (an
    indicator's `province_sentence`), `sections`: only the sections it accepts."""
    how = {"partial": partial, "billions": billions, "province": province}
    paragraphs: list[list[Sentence]] = []
    how["indicators"] = form.indicator_map()
    how["catalog"] = catalog
    how["said"] = said_by_forms(form, figures, province)
    for section in form.sections:
        if sections is not None and not sections(section):
            continue
        sentences = _section_sentences(section, figures, catalog, period_label, previous, how)
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def target_sentence(
    form: FormDefinition, figures: Figures, catalog: Catalog, period_label: str
) -> str | None:
    """The next period's targets of a form (kh_ky_toi) as one sentence, in the form's order
    («Chỉ tiêu phấn đấu kỳ tới: công trình, dự án khởi công mới … 5 dự án; …»); None
    when the form has none.  Seed 001 lists them under mục III (nhiệm vụ tháng tới)."""
    items = []
    for section in form.sections:
        for ind in section.indicators:
            if (ind.code, "kh_ky_toi") not in figures:
                continue
            item = render(TARGET_ITEM, slot_texts(ind, figures, catalog, period_label))
            if item is not None:
                items.append(_lower_first(item))
    return TARGET_LEAD + "; ".join(items) + "." if items else None


def _section_sentences(
    section: Section, figures: Figures, catalog: Catalog, period_label: str, previous, how: dict
) -> list[Sentence]:
    children: dict[str | None, list[Indicator]] = {}
    for ind in section.indicators:
        children.setdefault(ind.parent, []).append(ind)
    in_section = {i.code for i in section.indicators}
    roots = [i for i in section.indicators if i.parent is None or i.parent not in in_section]
    out: list[Sentence] = []

    have = {code for code, _ in figures}

    def said(ind: Indicator) -> bool:
        """Every figure of the row written in another row's «15/55» or «chiếm x%»."""
        own = {key for key in figures if key[0] == ind.code}
        worded = chosen_pattern(ind, figures, how["province"])
        return bool(own) and own <= how["said"] and not worded and not _below(ind)

    def _below(ind: Indicator) -> bool:
        return any(k.code in have or _below(k) for k in children.get(ind.code, []))

    def visit(ind: Indicator, host: Sentence | None) -> None:
        if said(ind):
            return
        slots = slot_texts(
            ind, figures, catalog, period_label, previous, billions=how["billions"],
            heading=section.title,
        )  # fmt: skip
        own = chosen_pattern(ind, figures, how["province"])
        if own == "":  # its figure is 0 and its form says nothing of it then
            return
        own = own or (section.sentence if ind in roots else None)
        if own and _listed_by_parent(ind, figures, how):
            own = None  # its pattern is a phrase of its parent's list, not a sentence
        kids = children.get(ind.code, [])
        listed = bool(own) and "items" in slots_of(own)
        if listed:  # «đã ban hành 1 văn bản quy phạm pháp luật, 2 chỉ thị» (seed 002, mục I)
            slots["items"] = _listed(kids, figures, catalog, period_label, how)
            kids = [k for kid in kids for k in children.get(kid.code, [])]  # in the footnote
        if listed and slots["items"] is None and "items" in required_slots(own):
            own = None  # nothing to list: the total alone reads as any figure does
        if own or host is None:
            pattern = own or DEFAULT_SENTENCE
            # a part written alone («Trong đó: tiếp nhận trực tiếp» with no total): no «Trong đó»
            slots["label"] = (slots["label"] or "").removeprefix("Trong đó:").lstrip()
            slots |= _forms(pattern, ind, figures, how)
            text = render(pattern, main_once(slots_of(pattern), slots, ind.code, figures))
            if text is None and own:  # a figure its wording needs is missing («08/10»
                pattern = DEFAULT_SENTENCE  # without the plan): the figure in plain words
                text = render(pattern, main_once(slots_of(pattern), slots, ind.code, figures))
            if listed and (text is None or pattern is DEFAULT_SENTENCE):
                kids = children.get(ind.code, [])  # not listed after all: each its own words
            if text is not None:
                text = with_coverage(text, ind.code, slots, catalog, how["partial"])
                host = Sentence(_capital(text))
                out.append(host)
        else:  # a part in the footnote; its own parts in brackets after it, not beside it
            item = render(  # («… 210 công trình (có giấy phép: 130 …; được miễn: 80 …)»)
                FOOTNOTE_ITEM, main_once(slots_of(FOOTNOTE_ITEM), slots, ind.code, figures)
            )
            parts = Sentence("")
            for child in kids:
                visit(child, parts)
            if item is None:
                host.breakdown.extend(parts.breakdown)
                return
            item = _lower_first(with_coverage(item, ind.code, slots, catalog, how["partial"]))
            inner = f" ({'; '.join(parts.breakdown)})" if parts.breakdown else ""
            host.breakdown.append(item + inner)
            return
        for child in kids:
            visit(child, host)

    for root in roots:
        visit(root, None)
    return out


def _listed(kids: list[Indicator], figures, catalog, period_label: str, how: dict) -> str | None:
    """The {items} slot: each child with a figure as «2 chỉ thị» (or as its own pattern
    says, a phrase), in the form's order; None when none has one (so the sentence, or its
    group, is left out)."""
    items = []
    for kid in kids:
        words = chosen_pattern(kid, figures, how["province"])
        if words == "":  # a 0 its form says nothing of
            continue
        slots = slot_texts(kid, figures, catalog, period_label, billions=how["billions"])
        pattern = words or LIST_ITEM  # its own words, a phrase: «trực tiếp 2.079 hồ sơ …»
        slots = {**slots, "label": _lower_first(slots["label"] or "")}
        slots |= _forms(pattern, kid, figures, how)
        item = render(pattern, main_once(slots_of(pattern), slots, kid.code, figures))
        if item is None and pattern is not LIST_ITEM:  # as above: the plain «2 chỉ thị»
            item = render(LIST_ITEM, main_once(slots_of(LIST_ITEM), slots, kid.code, figures))
        if item is not None:
            items.append(item)
    return ", ".join(items) or None


def _listed_by_parent(ind: Indicator, figures, how: dict) -> bool:
    parent = how["indicators"].get(ind.parent) if ind.parent else None
    words = chosen_pattern(parent, figures, how["province"]) if parent else None
    return bool(words and "items" in slots_of(words))


def _forms(pattern: str, ind: Indicator, figures, how: dict) -> dict[str, str | None]:
    """The pattern's «x/y», «chiếm x%» and nghìn / triệu slots for `ind` (figure_forms.py)."""
    show = count if ind.kind == "integer" else number

    def ratio(measure: str):
        return ratio_of(how["catalog"], ind.code, measure, figures)

    return form_slots(slots_of(pattern), ind, figures, how["indicators"], show, ratio)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """A label inside a list: "Lúa xuân" → "lúa xuân"; an acronym ("TTHC …") stays; a
    label's own "Trong đó:" is dropped (the footnote is the breakdown already)."""
    text = text.removeprefix("Trong đó:").removeprefix("trong đó:").lstrip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
