"""The CLI's aligned tables, laid out for where they go (cli_output.table prints them).

Piped or redirected (`baocao status > tinh_hinh.txt`, `| grep`), a row is one complete line
however wide.  In a terminal the table fits its width: a text column wider than it can be
(the form's title, an import's detail) is wrapped inside its column, never cut; when the
columns still do not fit (the status board's 24 forms), they are printed in blocks, each
repeating the first column (the unit), as a spreadsheet prints a wide sheet on pages.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence

GAP = "  "
NARROWEST = 16  # a wrapped text column keeps at least this many characters a line


def width(text: str) -> int:
    return len(unicodedata.normalize("NFC", text))  # Vietnamese letters: one code point each


def layout(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    right: set[int] | None = None,
    budget: int | None = None,
) -> list[str]:
    """The table's lines: `right` the columns aligned right (figures); `budget` the
    terminal's width, None for complete lines."""
    right = right or set()
    headers = [unicodedata.normalize("NFC", h) for h in headers]
    cells = [[unicodedata.normalize("NFC", "" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    every = list(range(len(headers)))
    if budget is None:
        return _render(every, widths, headers, cells, right)
    floor = _floors(widths, headers, cells, right)
    blocks = [every] if _line_width(floor) <= budget else _blocks(widths, budget)
    lines: list[str] = []
    for block in blocks:
        fitted = list(widths)
        _narrow(block, fitted, floor, right, budget)
        lines += [""] if lines else []
        lines += _render(block, fitted, headers, cells, right)
    return lines


def _line_width(widths: Sequence[int]) -> int:
    return sum(widths) + len(GAP) * (len(widths) - 1)


def _floors(widths, headers, cells, right: set[int]) -> list[int]:
    """How narrow each column may become: a figure column's heading on two lines («Chưa
    báo» / «cáo»), a text column NARROWEST or its longest word."""
    floor = [
        max([_two_lines(h), *(width(r[i]) for r in cells)])
        if i in right
        else max(NARROWEST, *(width(w) for t in [h, *(r[i] for r in cells)] for w in t.split()))
        for i, h in enumerate(headers)
    ]
    return [min(f, w) for f, w in zip(floor, widths, strict=True)]


def _narrow(block: list[int], widths: list[int], floor, right: set[int], budget: int) -> None:
    """Narrow the block's columns until its line fits `budget`: first the figure columns'
    headings, then the widest text columns, each not below its floor."""
    for first in ([i for i in block if i in right], [i for i in block if i not in right]):
        while _line_width([widths[i] for i in block]) > budget:
            can = [i for i in first if widths[i] > floor[i]]
            if not can:
                break
            widest = max(can, key=lambda i: widths[i])
            widths[widest] -= 1


def _two_lines(text: str) -> int:
    """The narrowest width that puts `text` on at most two lines, no word cut."""
    for w in range(max(width(word) for word in text.split() or [""]), width(text)):
        if len(_wrap(text, w)) <= 2:
            return w
    return width(text)


def _blocks(widths: Sequence[int], budget: int | None) -> list[list[int]]:
    """The columns of each printed block: all of them in one, or, when they do not fit,
    the first column and as many others as fit, in blocks of even size."""
    n = len(widths)
    if budget is None or n < 2 or _line_width(widths) <= budget:
        return [list(range(n))]
    rest = list(range(1, n))
    room = budget - widths[0]
    per = 0
    used = 0
    for i in rest:  # how many of the others fit beside the first
        used += len(GAP) + widths[i]
        if used > room:
            break
        per += 1
    per = max(per, 1)
    count = -(-len(rest) // per)
    even = -(-len(rest) // count)
    return [[0, *rest[k : k + even]] for k in range(0, len(rest), even)]


def _wrap(text: str, w: int) -> list[str]:
    if width(text) <= w:
        return [text]
    return textwrap.wrap(text, w, break_on_hyphens=False) or [""]


def _render(block, widths, headers, cells, right) -> list[str]:
    def fmt(row: Sequence[str]) -> list[str]:
        parts = [_wrap(row[i], widths[i]) for i in block]
        lines = []
        for k in range(max(len(p) for p in parts)):
            line = []
            for i, p in zip(block, parts, strict=True):
                c = p[k] if k < len(p) else ""
                pad = " " * (widths[i] - width(c))
                line.append(pad + c if i in right else c + pad)
            lines.append(GAP.join(line).rstrip())
        return lines

    rule = GAP.join("-" * widths[i] for i in block)
    return [*fmt(list(headers)), rule, *(line for r in cells for line in fmt(r))]
