"""A filled template opened for reading: python-calamine gives every sheet's values (the
cached value of a formula), one streamed pass over the data sheet's XML gives what calamine
does not say about the input cells — which cells hold a formula, which an error, the exact
number text, the number format.  Called only after `template_archive._read_archive` has
checked the archive (size, zip bomb, no DTD/entity in any part), so the XML parsed here is
plain.  The data sheet is searched, not parsed into a tree: a form's sheet holds a few
thousand cells, most of the part is data validation, and only the input cells are wanted.
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

from desktop.core.excel.template_archive import _MAIN_NS, _sheet_names

# everything python-calamine raises for a file it cannot read
BOOK_ERRORS = tuple(
    getattr(python_calamine, n) for n in ("CalamineError", "PasswordError", "XmlError", "ZipError")
)
# a cell's end tag (any namespace prefix), attributes, formula and value
_CLOSE = re.compile(r"</(?:\w+:)?c>")
_KIND = re.compile(r'\st="([^"]*)"')
_STYLE = re.compile(r'\ss="(\d+)"')
_FORMULA = re.compile(r"<(?:\w+:)?f\b")
_VALUE = re.compile(r"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


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
    def __init__(self, data: bytes):
        self._data = data
        self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.sheetnames: list[str] = list(self._book.sheet_names)
        self._sheets: dict[str, Sheet] = {}

    def sheet(self, name: str) -> Sheet:
        if name not in self._sheets:
            rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            self._sheets[name] = Sheet(rows)
        return self._sheets[name]

    def cells(self, name: str, wanted: list[str]) -> dict[str, CellInfo]:
        """The wanted cells (coordinates such as "E12", in the sheet's order: by row, then by
        column) of a sheet, as its XML stores them."""
        parts = {sheet: part for part, sheet in _sheet_names(self._data).items()}
        with zipfile.ZipFile(io.BytesIO(self._data)) as zf:
            formats = _cell_formats(zf)
            xml = zf.read(parts[name]).decode("utf-8")
        found: dict[str, CellInfo] = {}
        pos = 0
        for coord in wanted:
            at = _find_ref(xml, coord, pos)
            if at < 0:
                at = _find_ref(xml, coord, 0)  # cells out of the usual order
                if at < 0:
                    continue  # not stored: an empty cell
            pos = at
            head_end = xml.find(">", at)
            head = xml[xml.rfind("<", 0, at) : head_end]
            if head.endswith("/"):
                body = ""
            else:
                close = xml.find("</c>", head_end)  # a prefixed "</x:c>" by the pattern
                if close < 0 and (m := _CLOSE.search(xml, head_end)):
                    close = m.start()
                body = xml[head_end + 1 : close if close >= 0 else len(xml)]
            kind, style = _KIND.search(head), _STYLE.search(head)
            v = _VALUE.search(body) if "v>" in body else None
            style = int(style.group(1)) if style else 0
            found[coord] = CellInfo(
                kind=kind.group(1) if kind else "n",
                formula="f" in body and _FORMULA.search(body) is not None,
                text=None if v is None else unescape(v.group(1)),
                number_format=formats[style] if style < len(formats) else "General",
            )
        return found

    def close(self) -> None:
        self._book.close()


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


def _find_ref(xml: str, coord: str, start: int) -> int:
    """Where the attribute r="coord" of a cell is (str.find: the sheet is searched in C)."""
    needle = f'r="{coord}"'
    at = xml.find(needle, start)
    while at > 0 and not xml[at - 1].isspace():  # "xr=" and the like are other attributes
        at = xml.find(needle, at + 1)
    return at
