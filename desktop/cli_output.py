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


def setup_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass


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
        return Path(text)

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
    print(unicodedata.normalize("NFC", text))


def err(text: str) -> None:
    print(unicodedata.normalize("NFC", text), file=sys.stderr)


def _json_default(value: object) -> object:
    """Figures in canonical text (plain digits, never an exponent); anything else as text."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        from desktop.core.canonical import to_text

        return to_text(value)
    return str(value)


def dump_json(data: object) -> None:
    out(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _width(s: str) -> int:
    return len(unicodedata.normalize("NFC", s))


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: set[int] | None = None
) -> None:
    right = right or set()
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def fmt(row: Sequence[str]) -> str:
        parts = []
        for i, c in enumerate(row):
            pad = " " * (widths[i] - _width(c))
            parts.append(pad + c if i in right else c + pad)
        return "  ".join(parts).rstrip()

    out(fmt(headers))
    out("  ".join("-" * w for w in widths))
    for r in cells:
        out(fmt(r))


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
