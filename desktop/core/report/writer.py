"""The draft báo cáo (.docx): the last arrow of the pipeline (DESIGN), from `ReportData`
(see `sources.py`) to a Word file the office edits and signs.

Skeleton of the seeds: I. Công tác chỉ đạo, điều hành · II. Kết quả đạt được, one heading
per reporting domain (catalog order): the sentences from the figures, their breakdowns as
footnotes, then the units' narrative paragraphs · III. Hạn chế, khó khăn, nguyên nhân ·
IV. Nhiệm vụ trọng tâm kỳ tới · Nơi nhận and signature · annex.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path

import docx

from desktop.core import atomic
from desktop.core.errors import BaoCaoError
from desktop.core.formdef.models import Catalog
from desktop.core.periods import Period
from desktop.core.record import record
from desktop.core.report import annex
from desktop.core.report.compose import form_paragraphs, target_sentence
from desktop.core.report.docx_parts import Footnotes, set_font
from desktop.core.report.layout import (
    BODY_SIZE,
    body_paragraph,
    header_block,
    heading,
    next_label,
    recipients,
    setup_page,
    signature_block,
    title_block,
)
from desktop.core.report.phrases import padded_months
from desktop.core.report.sources import FormData, ReportData

HAN_CHE, NHIEM_VU = "han_che", "nhiem_vu"
CHI_DAO_DOMAIN = "chi_dao_dieu_hanh"  # section I; every other domain goes to section II
ANNEX_CHOICES = ("tables", "workbook", "none")


@record
class ReportOptions:
    """How the draft báo cáo is laid out: date, number, grouping and annex.  The date is
    always the caller's (the office's day, `Services.today`, or the one typed): no machine
    clock in the report code."""

    day: dt.date  # the date line
    number: str = "      /BC-UBND"  # số/ký hiệu, left blank for the văn thư
    group_by_unit: bool = True  # province: each unit's paragraph under its name
    annex: str = "tables"  # tables | workbook | none
    workbook_name: str = ""  # the consolidated workbook's file name (annex = workbook)
    recipients: list[str] = field(default_factory=list)  # Nơi nhận; empty = by level
    # who signs and how money is written: the office's settings, as its workbook
    # (`settings_options`); a unit's draft keeps the committee's default
    signer: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    signer_name: str = ""
    money_in_billions: bool = False  # triệu đồng figures of 10 tỷ or more in tỷ đồng


def settings_options(settings) -> dict:
    """`ReportOptions` keywords from the office's settings (None: a provincial office's,
    `settings.office_display`): the signature and tỷ đồng, the same the consolidated
    workbook uses (Cài đặt)."""
    from desktop.core.settings import office_display

    shown = office_display(settings)
    lines = (shown.sign_on_behalf, shown.sign_for, shown.signer_position)
    return {
        "signer": tuple(t for t in lines if t.strip()),
        "signer_name": shown.signer_name.strip(),
        "money_in_billions": shown.money_in_billions,
    }


class ReportError(BaoCaoError):
    pass


def _domains(data: ReportData, catalog: Catalog) -> list[tuple[str, str, list[FormData]]]:
    """(domain code, title, its forms), in the catalog's order of domains; a domain only
    another form's section is written under (`report_under`) has no forms of its own."""
    order = {d.code: n for n, d in enumerate(catalog.domains)}
    groups: dict[str, list[FormData]] = {}
    for f in data.forms:
        groups.setdefault(f.form.domain, []).append(f)
        for s in f.form.sections:
            if s.report_under and f.figures:
                groups.setdefault(s.report_under, [])
    out = []
    for code in sorted(groups, key=lambda c: order.get(c, len(order))):
        d, forms = catalog.domain(code), groups[code]
        out.append((code, d.title if d else forms[0].form.title, forms))
    return out


def _guests(data: ReportData, code: str) -> list[FormData]:
    """The other domains' forms with a section written under domain `code` (seed 002
    writes the province's industrial products under industry and trade)."""
    return [
        f for f in data.forms
        if f.form.domain != code and any(s.report_under == code for s in f.form.sections)
    ]  # fmt: skip


class _Writer:
    def __init__(self, data: ReportData, catalog: Catalog, options: ReportOptions) -> None:
        self.data, self.catalog, self.options = data, catalog, options
        self.document = docx.Document()
        self.footnotes = Footnotes(self.document)

    def texts(self, forms: list[FormData], codes) -> list[tuple[str, str]]:
        """(unit name, text) of the given narrative sections, in the forms' and units' order."""
        out = []
        for f in forms:
            for unit_name, narr in f.narratives:
                for code in codes(f):
                    text = (narr.get(code) or "").strip()
                    if text:
                        out.append((unit_name, text))
        return out

    def narrative_paragraphs(self, items: list[tuple[str, str]]) -> None:
        named = self.data.level != "unit" and self.options.group_by_unit
        for unit_name, text in items:
            for n, chunk in enumerate(t for t in text.splitlines() if t.strip()):
                lead = f"{unit_name}: " if named and n == 0 else None
                body_paragraph(self.document, lead).add_run(chunk.strip())

    def section_paragraphs(self, f: FormData, section) -> list:
        return form_paragraphs(
            f.form,
            f.figures,
            self.catalog,
            self.data.period_label,
            f.previous,
            partial=f.partial,
            billions=self.options.money_in_billions,
            province=self.data.level == "province",
            sections=lambda s: s is section,
        )

    def paragraphs(self, forms: list[FormData], code: str) -> list[tuple[FormData, list, bool]]:
        """(form, paragraphs, its missing note after them?) under domain `code`: its own
        forms' sections (but those written under another domain), each followed by the other
        forms' sections placed after it (`report_after`), then those placed at the end."""
        placed: dict[str | None, list] = {}
        for g in _guests(self.data, code):
            for s in g.form.sections:
                if s.report_under == code:
                    placed.setdefault(s.report_after, []).append((g, s))
        out = []
        for f in forms:
            for s in f.form.sections:
                if s.report_under in (None, code):
                    out.append((f, self.section_paragraphs(f, s), False))
                    guests = placed.pop(s.title, [])
                    out += [(g, self.section_paragraphs(g, t), False) for g, t in guests]
            out.append((f, [], True))
        for rest in placed.values():  # at the end: no report_after, or no such section here
            out += [(g, self.section_paragraphs(g, t), False) for g, t in rest]
        return out

    def figures(self, parts: list[tuple[FormData, list, bool]]) -> None:
        for f, paragraphs, note in parts:
            for sentences in paragraphs:
                p = body_paragraph(self.document)
                for n, s in enumerate(sentences):
                    p.add_run(("" if n == 0 else " ") + s.text)
                    if s.footnote:
                        self.footnotes.add(p, s.footnote)
            if note and f.missing_note and f.figures and f.units_counted:
                p = body_paragraph(self.document)
                set_font(p.add_run(f"({f.missing_note}.)"), BODY_SIZE, italic=True)

    def targets(self, forms: list[FormData]) -> list[str]:
        """The next period's targets (kh_ky_toi) of a domain's forms, one sentence a form."""
        found = (
            target_sentence(f.form, f.figures, self.catalog, self.data.period_label) for f in forms
        )
        return [t for t in found if t]

    def section_by_domain(self, title: str, code: str) -> None:
        heading(self.document, title, level=1)
        domains = [
            (
                name,
                self.texts(
                    forms, lambda f, c=code: [c] if c in {n.code for n in f.form.narratives} else []
                ),
                self.targets(forms) if code == NHIEM_VU else [],
            )
            for _, name, forms in _domains(self.data, self.catalog)
        ]
        for n, (name, items, targets) in enumerate([d for d in domains if d[1] or d[2]], 1):
            heading(self.document, f"{n}. {name}", level=2)
            for text in targets:
                body_paragraph(self.document).add_run(text)
            self.narrative_paragraphs(items)
        if not any(items or targets for _, items, targets in domains):
            p = body_paragraph(self.document)
            note = "Chưa có phần thuyết minh nào nêu nội dung này: cơ quan soạn thảo viết phần này."
            set_font(p.add_run(note), BODY_SIZE, italic=True)

    def result_texts(self, forms: list[FormData]) -> list[tuple[str, str]]:
        return self.texts(
            forms,
            lambda f: [s.code for s in f.form.narratives if s.code not in (HAN_CHE, NHIEM_VU)],
        )

    def has_results(self, forms: list[FormData], code: str) -> bool:
        parts = self.paragraphs(forms, code)
        return any(p for _, p, _ in parts) or bool(self.result_texts(forms))

    def results(
        self, forms: list[FormData], code: str, level: str | None, sub: bool = False
    ) -> bool:
        """A domain's sentences, then its units' narratives (all but limitations and next
        tasks), under the heading `level` when given; False when it has nothing to say."""
        texts = self.result_texts(forms)
        parts = self.paragraphs(forms, code)
        if not any(p for _, p, _ in parts) and not texts:
            return False
        if level:
            heading(self.document, level, level=3 if sub else 2)
        self.figures(parts)
        self.narrative_paragraphs(texts)
        return True

    def results_by_group(self, domains) -> None:
        """II, numbered as seed 002: a domain of a catalog `group` under the group's heading
        («1. Lĩnh vực phát triển kinh tế», «1.1. Nông, lâm nghiệp …», «1.2. …»), any other
        on its own («3. Chuyển đổi số»); only what has something to say is numbered."""
        n, k, current = 0, 0, None
        for code, name, forms in domains:
            d = self.catalog.domain(code)
            group = d.group if d else None
            if group is None:
                current = None
                if self.results(forms, code, level=f"{n + 1}. {name}"):
                    n += 1
                continue
            if group != current and self.has_results(forms, code):
                n, k, current = n + 1, 0, group
                heading(self.document, f"{n}. {group}", level=2)
            sub = f"{n}.{k + 1}. {name}"
            if group == current and self.results(forms, code, level=sub, sub=True):
                k += 1

    def write(self, out: Path) -> Path:
        d, o = self.data, self.options
        setup_page(self.document)
        props = self.document.core_properties
        props.author = f"Ủy ban nhân dân {d.area}"
        props.title = f"Báo cáo tình hình kinh tế - xã hội {Period.parse(d.period).phrase}"
        header_block(self.document, d.agency, o.number, d.place, o.day)
        title_block(self.document, d.period_label, d.area, next_label(d.period))
        heading(self.document, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", level=1)
        domains = _domains(d, self.catalog)
        direction = [forms for code, _, forms in domains if code == CHI_DAO_DOMAIN]
        if not (direction and self.results(direction[0], CHI_DAO_DOMAIN, level=None)):
            p = body_paragraph(self.document)
            set_font(
                p.add_run(
                    "Chưa có số liệu, thuyết minh biểu «Công tác chỉ đạo, điều hành»: "
                    "cơ quan soạn thảo viết phần này."
                ),
                BODY_SIZE,
                italic=True,
            )
        heading(self.document, "II. KẾT QUẢ ĐẠT ĐƯỢC TRÊN CÁC LĨNH VỰC", level=1)
        self.results_by_group([(c, name, forms) for c, name, forms in domains if c != CHI_DAO_DOMAIN])
        self.section_by_domain("III. HẠN CHẾ, KHÓ KHĂN, NGUYÊN NHÂN", HAN_CHE)
        tasks = padded_months(next_label(d.period)).upper()  # «THÁNG 02 NĂM 2023» (seed 002)
        self.section_by_domain(f"IV. NHIỆM VỤ TRỌNG TÂM {tasks}", NHIEM_VU)
        p = body_paragraph(self.document)
        set_font(
            p.add_run(
                f"Trên đây là báo cáo tình hình kinh tế - xã hội "
                f"{padded_months(d.period_label[:1].lower() + d.period_label[1:])} "
                f"trên địa bàn {d.area}./."
            ),
            BODY_SIZE,
        )
        signature_block(self.document, o.recipients or recipients(d.level, d.period, d.area), o.signer, o.signer_name)
        self.annex()
        return self.save(out)

    def annex(self) -> None:
        o = self.options
        if o.annex == "none":
            return
        if o.annex == "workbook":
            p = body_paragraph(self.document)
            name = f" (tệp {o.workbook_name})" if o.workbook_name else ""
            set_font(
                p.add_run(f"Số liệu chi tiết: xem biểu tổng hợp kèm theo{name}."),
                BODY_SIZE,
                italic=True,
            )
            return
        if not any(f.figures for f in self.data.forms):
            return
        self.document.add_page_break()
        p = self.document.add_paragraph()
        p.alignment = 1  # centre
        set_font(p.add_run("PHỤ LỤC SỐ LIỆU"), 14, bold=True)
        p = self.document.add_paragraph()
        p.alignment = 1
        day = o.day.strftime("%d/%m/%Y")
        said = f"(Kèm theo Báo cáo số {o.number.strip()} ngày {day} của UBND {self.data.area})"
        set_font(p.add_run(said), 13, italic=True)  # as the biểu tổng hợp say it (GLOSSARY)
        for f in self.data.forms:
            annex.form_table(self.document, f, self.catalog, billions=o.money_in_billions)

    def save(self, out: Path) -> Path:
        out = Path(out)
        with atomic.writing(out) as tmp:  # whole or not at all; failures in Vietnamese
            self.document.save(str(tmp))
        return out


def write_report(data: ReportData, catalog: Catalog, out: Path, options: ReportOptions) -> Path:
    """Write the draft báo cáo to `out` (.docx) and return its path."""
    if options.annex not in ANNEX_CHOICES:
        raise ReportError(
            f"Phụ lục «{options.annex}» không có: chọn {', '.join(ANNEX_CHOICES)}.",
            code="phu_luc_sai",
        )
    return _Writer(data, catalog, options).write(out)
