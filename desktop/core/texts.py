"""Limits on the free texts of a submission: justifications (giải trình), the author, the
narratives (phần thuyết minh) and text-kind figures, wherever they come from (a JSON file,
a filled template, a package).

- Characters that only do harm are removed, with a note saying how many and where: control
  characters (NUL, ESC and the rest of C0/C1, except tab and line breaks), the byte-order
  mark, and the bidirectional embedding/override/isolate marks (U+202A–U+202E,
  U+2066–U+2069) that can make a text read differently from what is stored.
- Texts are stored in Unicode NFC, the form every other text of BaoCao has.
- Length limits (documented in docs/submission-format.md): a justification at most
  `MAX_COMMENT_CHARS`, the author `MAX_AUTHOR_CHARS`, a text figure `MAX_TEXT_VALUE_CHARS`;
  a narrative at most its form's `max_chars` (checked with the form's other rules).
  Longer is an error: nothing is stored.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.core.errors import Issue, Location, Severity

MAX_COMMENT_CHARS = 2_000
MAX_AUTHOR_CHARS = 200
MAX_TEXT_VALUE_CHARS = 2_000

_HARMFUL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\u202e": "đảo chiều chữ (RLO)", "\u202d": "LRO"}


def clean_text(text: str) -> tuple[str, str | None]:
    """`text` without harmful characters, in NFC; and a note of what was removed (or None)."""
    found = _HARMFUL.findall(text)
    cleaned = unicodedata.normalize("NFC", _HARMFUL.sub("", text) if found else text)
    if not found:
        return cleaned, None
    kinds = sorted({_NAMES.get(ch, f"U+{ord(ch):04X}") for ch in found})
    return cleaned, (
        f"đã bỏ {len(found)} ký tự điều khiển không hiển thị được ({', '.join(kinds[:5])})"
    )


def clean_submission_texts(sub, filename: str | None = None) -> list[Issue]:
    """Clean every free text of `sub` in place; return notes (removed characters) and
    errors (texts over their limit)."""
    issues: list[Issue] = []

    def clean(text: str, what: str, limit: int | None, **where) -> str:
        loc = Location(file=filename, form=sub.form_id, **where)
        cleaned, note = clean_text(text)
        if note:
            issues.append(Issue(severity=Severity.INFO, code="ky_tu_dieu_khien",
                                message=f"{what}: {note}.", location=loc))  # fmt: skip
        if limit is not None and len(cleaned) > limit:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="van_ban_qua_dai",
                    message=f"{what} dài {_vn(len(cleaned))} ký tự, tối đa {_vn(limit)} ký tự.",
                    location=loc,
                )
            )
        return cleaned

    for (code, measure), text in list(sub.comments.items()):
        sub.comments[(code, measure)] = clean(
            text, "Giải trình", MAX_COMMENT_CHARS, indicator=code, measure=measure
        )
    for code, text in list(sub.narratives.items()):
        sub.narratives[code] = clean(text, "Phần thuyết minh", None, narrative=code)
    # the text figures, if any: a package's hundreds of figures are seldom texts
    if any(issubclass(kind, str) for kind in set(map(type, sub.values.values()))):
        for (code, measure), value in list(sub.values.items()):
            if isinstance(value, str):
                sub.values[(code, measure)] = clean(
                    value, "Nội dung", MAX_TEXT_VALUE_CHARS, indicator=code, measure=measure
                )
    if sub.author:
        sub.author = clean(sub.author, "Tên người lập biểu", MAX_AUTHOR_CHARS, field="author")
    return issues


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")
