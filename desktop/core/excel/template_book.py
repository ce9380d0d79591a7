"""A filled template opened for reading: python-calamine gives every sheet's values (the
cached value of a formula); the data sheet's XML is searched for what calamine does not say
— which cells hold a formula or an error (calamine shows both as empty when there is no
cached value), and, asked cell by cell, a number's exact digits and its number format.
Called only after `template_archive._read_archive` has checked the archive (size, zip bomb,
no DTD/entity in any part, sheet size), so the XML searched here is plain and bounded.
The sheet is searched, not parsed into a tree: a form's sheet holds a few thousand cells,
most of the part is data validation, and only a few input cells are ever asked about.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import NamedTuple
from xml.etree import ElementTree
from xml.sax.saxutils import unescape

import python_calamine
from openpyxl.styles.numbers import BUILTIN_FORMATS
from python_calamine import CalamineWorkbook

from desktop.core.excel.template_archive import (
    _MAIN_NS,
    Archive,
    _sheet_data_end,
    _sheet_names,
)

# everything python-calamine raises for a file it cannot read
BOOK_ERRORS = tuple(
    getattr(python_calamine, n) for n in ("CalamineError", "PasswordError", "XmlError", "ZipError")
)
# a cell's start tag and end tag (any namespace prefix), its attributes, formula and value
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CLOSE = re.compile(rb"</(?:\w+:)?c>")
_REF = re.compile(rb"""\sr=["']([A-Z]{1,3}[0-9]{1,7})["']""")
_KIND = re.compile(rb"""\st=["']([^"']*)["']""")
_STYLE = re.compile(rb"""\ss=["'](\d{1,9})["']""")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
# where a cell holds a formula or an error, found by bytes.find (a regex scan of the sheet
# cost more than the rest of the read): a formula's tag, an error's type attribute.  A
# match that is not one (a text holding "<f ") only costs that cell a closer look.
_MARKS = (b"<f", b":f", b't="e"', b"t='e'")
_TAG_END = frozenset(b" \t\r\n/>")


class CellInfo(NamedTuple):
    """One cell as the sheet's XML stores it."""

    kind: str  # the t attribute: "n" (number), "s", "str", "inlineStr", "b", "e"
    formula: bool
    text: str | None  # the <v> text (a number's digits, an error's code)
    number_format: str


class Sheet:
    """A sheet's values by 1-based row and column; an empty cell is None."""

    def __init__(self, rows: list[list]):
        self.rows = rows
        self.max_row = len(rows)
        self.max_column = max((len(r) for r in rows), default=0)

    def value(self, row: int, col: int):
        if row < 1 or col < 1 or row > self.max_row:
            return None
        line = self.rows[row - 1]
        got = line[col - 1] if col <= len(line) else ""
        return None if got == "" else got


class TemplateBook:
    def __init__(self, archive: Archive):
        self._data = archive.data
        self._parts = archive.parts
        self._book = CalamineWorkbook.from_filelike(io.BytesIO(archive.data))
        self.sheetnames: list[str] = list(self._book.sheet_names)
        self._sheets: dict[str, Sheet] = {}
        self._xml: dict[str, bytes] = {}
        self._at: dict[str, int] = {}
        self._formats: list[str] | None = None

    def sheet(self, name: str) -> Sheet:
        if name not in self._sheets:
            rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            self._sheets[name] = Sheet(rows)
        return self._sheets[name]

    def marked(self, name: str) -> dict[str, CellInfo]:
        """The cells of a sheet holding a formula or an error, by coordinate ("E12")."""
        xml = self._sheet_xml(name)
        found: dict[str, CellInfo] = {}
        starts = {
            _cell_start(xml, at)
            for needle in _MARKS
            for at in _all(xml, needle)
            if needle[1] != 102 or xml[at + 2 : at + 3] and xml[at + 2] in _TAG_END  # b"f"
        }
        for start in sorted(starts - {-1}):
            got = self._cell_at(xml, start)
            if got is not None:
                found[got[0]] = got[1]
        return found

    def cell(self, name: str, coord: str) -> CellInfo | None:
        """One cell as the XML stores it (None: not stored, an empty cell).  Cells asked in
        the sheet's order (by row, then column) are found by searching on from the last."""
        xml = self._sheet_xml(name)
        at = _find_ref(xml, coord, self._at.get(name, 0))
        if at < 0:
            at = _find_ref(xml, coord, 0)  # cells out of the usual order
            if at < 0:
                return None
        self._at[name] = at
        got = self._cell_at(xml, xml.rfind(b"<", 0, at))
        return got[1] if got is not None else None

    def close(self) -> None:
        self._book.close()

    # ------------------------------------------------------------------ the XML

    def _sheet_xml(self, name: str) -> bytes:
        """The sheet's cells (its part up to the end of sheetData)."""
        if name not in self._xml:
            parts = {sheet: part for part, sheet in _sheet_names(self._parts.__getitem__).items()}
            xml = self._parts[parts[name]]
            end = _sheet_data_end(xml, 0)  # found by bytes.find, as in the check
            self._xml[name] = xml[:end] if end >= 0 else xml
        return self._xml[name]

    def _cell_at(self, xml: bytes, start: int) -> tuple[str, CellInfo] | None:
        head_end = xml.find(b">", start)
        if start < 0 or head_end < 0:
            return None
        head = xml[start:head_end]
        ref = _REF.search(head)
        if ref is None:
            return None
        if head.endswith(b"/"):
            body = b""
        else:
            close = xml.find(b"</c>", head_end)  # a prefixed "</x:c>" by the pattern
            if close < 0 and (m := _CLOSE.search(xml, head_end)):
                close = m.start()
            body = xml[head_end + 1 : close if close >= 0 else len(xml)]
        kind, style = _KIND.search(head), _STYLE.search(head)
        v = _VALUE.search(body) if b"v>" in body else None
        style = int(style.group(1)) if style else 0
        formats = self._number_formats()
        return ref.group(1).decode(), CellInfo(
            kind=kind.group(1).decode("utf-8", "replace") if kind else "n",
            formula=b"f" in body and _FORMULA.search(body) is not None,
            text=None if v is None else unescape(v.group(1).decode("utf-8", "replace")),
            number_format=formats[style] if style < len(formats) else "General",
        )

    def _number_formats(self) -> list[str]:
        if self._formats is None:
            with zipfile.ZipFile(io.BytesIO(self._data)) as zf:
                self._formats = _cell_formats(zf)
        return self._formats


def _all(xml: bytes, needle: bytes):
    at = xml.find(needle)
    while at >= 0:
        yield at
        at = xml.find(needle, at + 1)


def _cell_start(xml: bytes, pos: int) -> int:
    """Where the cell holding position `pos` starts (its "<c" tag), -1 if none before it."""
    at = xml.rfind(b"<", 0, pos + 1)
    while at >= 0 and not _CELL_OPEN.match(xml, at):
        if xml.startswith(b"</", at) and _CLOSE.match(xml, at):
            return -1  # the previous cell ended: `pos` is outside any cell
        at = xml.rfind(b"<", 0, at)
    return at


def _cell_formats(zf: zipfile.ZipFile) -> list[str]:
    """The number format code of each cell style (cellXfs), built-in ids as openpyxl names them."""
    try:
        root = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return []
    custom = {
        int(el.get("numFmtId")): el.get("formatCode", "")
        for el in root.iter(f"{{{_MAIN_NS}}}numFmt")
    }
    xfs = root.find(f"{{{_MAIN_NS}}}cellXfs")
    out = []
    for xf in xfs if xfs is not None else ():
        fid = int(xf.get("numFmtId") or 0)
        out.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))
    return out


def _find_ref(xml: bytes, coord: str, start: int) -> int:
    """Where the attribute r="coord" of a cell is (bytes.find: the sheet is searched in C)."""
    needle = f'r="{coord}"'.encode()
    at = xml.find(needle, start)
    while at > 0 and not xml[at - 1 : at].isspace():  # "xr=" and the like are other attributes
        at = xml.find(needle, at + 1)
    return at
