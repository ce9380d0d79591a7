"""Plain-text rendering for the CLI: aligned tables and issue lists, UTF-8 on any console;
forms named as people name them, and the files the CLI writes named as they open."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import Severity

if TYPE_CHECKING:
    from desktop.core.issues import Issue


_BOM = {"pending": False, "shared": False}


def setup_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass
    _BOM["pending"] = _new_file(sys.stdout)
    _BOM["shared"] = _BOM["pending"] and _same_file(sys.stdout, sys.stderr)  # `> f 2>&1`


def _same_file(a, b) -> bool:
    import os

    try:
        return os.path.sameopenfile(a.fileno(), b.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def _new_file(stream) -> bool:
    """Whether `stream` is an empty file on disk (`baocao status > tinh_hinh.txt`): its text
    then begins with the UTF-8 mark, so Notepad and Excel on a Windows read «Thành phố
    Lạng Sơn» and not «ThÃ nh phá»‘ Láº¡ng SÆ¡n»: Excel takes a file without it for the
    ANSI code page.  A terminal, a pipe (`| head`, `| findstr`) and a file appended to
    (`>>`) get none, nor does JSON (dump_json; RFC 8259 forbids it)."""
    import os
    import stat

    try:
        fd = stream.fileno()
        info = os.fstat(fd)
        return stat.S_ISREG(info.st_mode) and info.st_size == 0 and os.lseek(fd, 0, 1) == 0
    except (AttributeError, ValueError, OSError):
        return False


def terminal_width() -> int | None:
    """The width a table or a long line may take: the terminal's, or None when the text
    goes to a pipe or a file, which get complete lines."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    from desktop.cli_args import terminal_columns

    return max(terminal_columns() - 1, 40)


class OutPath(type(Path())):
    """A file the command writes (--out, --json TỆP): `check_outputs` tries each one before
    the command does any work."""


class OutPathOrFolder(OutPath):
    """An output that may name a folder, the file then named inside it (package export)."""


def check_outputs(args) -> None:
    """The one route for output paths: refuse (exit 1, nothing written) when any file the
    command would write cannot be written, before it reads or writes anything."""
    from desktop.core.atomic import check_writable

    for value in vars(args).values():
        if isinstance(value, OutPath):
            check_writable(value, folder_ok=isinstance(value, OutPathOrFolder))


def out_file(suffix: str):
    """The type of an --out whose file only opens under its own extension (Excel, Word): a
    workbook named «.docx» opens in neither, so a name with another extension is refused
    before any work (a name without one, or ending in figures as «báo cáo 30.6.2023», is
    written as given)."""

    def parse(text: str) -> Path:
        given = Path(text).suffix.lower()
        if any(c.isalpha() for c in given) and given != suffix:
            raise argparse.ArgumentTypeError(
                f"tệp «{text}» phải có đuôi {suffix}, ví dụ {Path(text).stem or 'bao_cao'}{suffix}"
            )
        return OutPath(text)

    return parse


def no_database(svc) -> str:
    """What to say when the database named (by --db, or the default) does not exist: a
    mistyped --db showed every unit «chưa báo cáo», and `consolidate` created the file
    and its folders on the way to saying nothing was reported.  "" when it exists."""
    if svc.db_exists():
        return ""
    return (
        f"Chưa có cơ sở dữ liệu «{svc.db_path}»: chưa nhận, chưa nhập báo cáo nào vào đây "
        "(hãy kiểm tra đường dẫn --db)."
    )


def require_database(svc) -> None:
    """Refuse (exit 1, nothing created) a command that reads figures from no database."""
    said = no_database(svc)
    if said:
        from desktop.core.errors import BaoCaoError

        raise BaoCaoError(f"{said} Không ghi tệp nào.", code="chua_co_co_so_du_lieu")


def form_named(pack, form_id: str) -> str:
    """«biểu số 05 (Thu, chi ngân sách nhà nước)»: a form as people name it (the GUI and the
    validation messages do too); the id only for a form the pack does not have."""
    form = pack.forms.get(form_id)
    if form is None:
        return f"biểu {form_id}"
    return f"{form.bieu_so[:1].lower()}{form.bieu_so[1:]} ({form.title})"


def out(text: str = "") -> None:
    if _BOM["pending"]:
        _BOM["pending"] = False
        text = "\ufeff" + text
    print(unicodedata.normalize("NFC", text))


def out_wrapped(text: str, indent: str = "  ") -> None:
    """A long line (who is overdue for which forms): wrapped to the terminal's width under
    its indent; whole when piped or redirected."""
    import textwrap

    budget = terminal_width()
    if budget is None:
        out(indent + text)
        return
    for line in textwrap.wrap(text, budget, initial_indent=indent, subsequent_indent=indent * 2):
        out(line)


def err(text: str) -> None:
    if _BOM["pending"] and _BOM["shared"]:  # the message comes first in the one file
        _BOM["pending"] = False
        text = "\ufeff" + text
    print(unicodedata.normalize("NFC", text), file=sys.stderr)


def _json_default(value: object) -> object:
    """Figures in canonical text (plain digits, never an exponent); anything else as text."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        from desktop.core.canonical import to_text

        return to_text(value)
    return str(value)


def dump_json(data: object) -> None:
    _BOM["pending"] = False  # JSON never begins with the mark
    out(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: set[int] | None = None
) -> None:
    """An aligned table (cli_table.layout): fitted to the terminal, complete when piped."""
    from desktop.cli_table import layout

    for line in layout(headers, rows, right, terminal_width()):
        out(line)


def issues_text(issues: list[Issue], pack=None) -> None:
    """One line per issue, its place by names when the form pack is given."""
    for i in issues:
        out("  " + i.render(pack))
    counts = {s: sum(1 for i in issues if i.severity is s) for s in Severity}
    out(
        f"Tổng cộng: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
        f"{counts[Severity.INFO]} lưu ý."
    )


def issues_json(issues: list[Issue]) -> list[dict]:
    """Each issue as JSON data, leaving out the parts of its location that are empty."""
    return [_without_none(i.model_dump(mode="json")) for i in issues]


def _without_none(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_none(v) for k, v in data.items() if v is not None}
    return data
