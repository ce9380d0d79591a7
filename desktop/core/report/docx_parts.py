"""Word features python-docx has no API for, built with its OPC and oxml layers (elements,
never XML text): real footnotes (the `word/footnotes.xml` part), the PAGE field, and a
short rule under a heading line (a paragraph bottom border, as Nghị định 30/2020 draws it).
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"


def set_font(run, size: float, *, bold=False, italic=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


class Footnotes:
    """The document's footnotes part, created on first use; `add` puts the reference mark
    at the end of a paragraph and the text in the part."""

    def __init__(self, document, size: float = 12) -> None:
        self._document = document
        self._size = size
        self._root = None
        self._style = None
        self._next = 1

    def _ensure(self):
        if self._root is None:
            root = OxmlElement("w:footnotes")
            for fid, kind in ((-1, "separator"), (0, "continuationSeparator")):
                note = OxmlElement("w:footnote", {qn("w:type"): kind, qn("w:id"): str(fid)})
                p = OxmlElement("w:p")
                r = OxmlElement("w:r")
                r.append(OxmlElement(f"w:{kind}"))
                p.append(r)
                note.append(p)
                root.append(note)
            doc_part = self._document.part
            part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, doc_part.package)
            doc_part.relate_to(part, RT.FOOTNOTES)
            self._root = root
            # Word's built-in character style for the marks (LibreOffice maps it to its own
            # footnote anchor style, so the number is raised in the footnote area too)
            style = self._document.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
            style.font.superscript = True
            self._style = style
        return self._root

    def add(self, paragraph: Paragraph, text: str) -> int:
        root = self._ensure()
        fid = self._next
        self._next += 1
        mark = paragraph.add_run()
        set_font(mark, 14)
        mark.style = self._style
        mark._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(fid)}))

        note = OxmlElement("w:footnote", {qn("w:id"): str(fid)})
        p = OxmlElement("w:p")
        note.append(p)
        root.append(note)
        body = Paragraph(p, None)
        body.paragraph_format.space_after = Pt(0)
        ref = body.add_run()
        set_font(ref, self._size)
        ref._r.get_or_add_rPr().style = self._style.style_id  # no part: set the id itself
        ref._r.append(OxmlElement("w:footnoteRef"))
        set_font(body.add_run(" " + text), self._size)
        return fid

    @property
    def count(self) -> int:
        return self._next - 1


def add_page_field(paragraph: Paragraph, size: float) -> None:
    """A PAGE field (begin · instruction · separate · shown number · end)."""

    def run_with(element):
        run = paragraph.add_run()
        set_font(run, size)
        run._r.append(element)
        return run

    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    shown = paragraph.add_run("2")
    set_font(shown, size)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


def add_rule(container, width_cm: float, line_width_cm: float) -> Paragraph:
    """A short centred line (a bottom border of an almost empty paragraph) in a cell or the
    body whose text is `width_cm` wide: the rule under the issuing body, the motto, the title."""
    from docx.shared import Cm

    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max(0.0, (width_cm - line_width_cm) / 2)
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(
        OxmlElement(
            "w:bottom",
            {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"},
        )
    )
    # schema order: pBdr comes before spacing and indentation in pPr
    anchor = p_pr.find(qn("w:spacing"))
    if anchor is None:
        anchor = p_pr.find(qn("w:ind"))
    anchor.addprevious(borders)
    return paragraph
