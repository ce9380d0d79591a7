"""Sentence patterns: how a form author words a figure in the draft báo cáo.

A pattern is plain Vietnamese text with slots in braces and optional groups in square
brackets, stored in the form definition (`sentence:` of an indicator or a section):

    "Thu ngân sách nhà nước đạt {value} {unit}[, bằng {pct_dt_tinh} dự toán tỉnh giao]
     [, {pct_ck} so với cùng kỳ]."

- `{slot}` outside a group must have a figure, otherwise the whole sentence is left out;
- `[ … ]` is kept only when every slot inside it has a figure: a comparison with no
  figure disappears with its words, never printed as "0%" or "bằng …%".
Slots are listed in `KNOWN_SLOTS` plus every measure code of the catalog; `forms check`
rejects any other (see `pattern_problems`); a slot may also take a form, «x/y», a share
or nghìn / triệu (`figure_forms.py`).  No `str.format`: slots are looked up by name in a
dict, nothing is evaluated.  This module depends only on `figure_forms` and `numbers`, so
`formdef.checks` can use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from desktop.core.report.figure_forms import parse

# slot → what it prints (measure codes of the catalog are slots too: value measures as
# numbers, percentage measures as "57,3%"; `pct_ck`, `pct_uoc_ck`, `pct_tt` and
# `thang_truoc` as growth, `chenh_tt` as a difference in the indicator's unit)
KNOWN_SLOTS = {
    "label": "tên chỉ tiêu",
    "value": "số liệu kỳ báo cáo (TH kỳ, nếu không có thì ước TH, lũy kế)",
    "unit": "đơn vị tính",
    "ky": "kỳ báo cáo, ví dụ «6 tháng đầu năm 2023»",
    "thang_truoc": "so với tháng trước: «tăng 5%» hoặc «bằng 95%»",
    "chenh_tt": "chênh lệch so với tháng trước theo đơn vị tính: «tăng 3 vụ», «giảm 2 vụ»",
    "chenh_ck": "chênh lệch so với cùng kỳ theo đơn vị tính: «tăng 02 vụ» (seed 002)",
    "items": "các chỉ tiêu con có số liệu, liệt kê: «1 văn bản quy phạm pháp luật, 2 chỉ thị»",
    "chiem": "tỷ lệ trong số liệu của chỉ tiêu cha: «chiếm 25,17%» (figure_forms.py)",
}
# slots that print no figure of their own: no «x/y» nor nghìn, triệu form of them
_WORDS = {"label", "unit", "ky", "items", "thang_truoc", "chenh_tt", "chenh_ck"}

# the wording used when neither the indicator nor its section has a pattern
# (a plan is «đạt x%», as the seeds write it: 39 «đạt … kế hoạch», 15 «đạt … dự toán»)
_AGAINST_PLAN = (
    "[, đạt {pct_dt_tinh} dự toán tỉnh giao][, đạt {pct_dt_huyen} dự toán đơn vị giao]"
    "[, đạt {pct_kh} kế hoạch năm]"
)
DEFAULT_SENTENCE = (
    "{label}: {value} {unit}" + _AGAINST_PLAN
    + "[, {pct_ck} so với cùng kỳ][, {thang_truoc} so với tháng trước]."
)
# a child indicator listed in its parent's footnote, with the same comparisons (seed 002:
# «thu nội địa 165 tỷ đồng, đạt 7,5% dự toán, bằng 68,6%»); items are joined by «; »
FOOTNOTE_ITEM = "{label}: {value} {unit}" + _AGAINST_PLAN + "[, {pct_ck} so với cùng kỳ]"
# a next-period target (kh_ky_toi), listed under IV. Nhiệm vụ trọng tâm kỳ tới
TARGET_ITEM = "{label} {kh_ky_toi} {unit}"
TARGET_LEAD = "Chỉ tiêu phấn đấu kỳ tới: "
# a child indicator in its parent's {items} list: «2 chỉ thị» (its label names the thing)
LIST_ITEM = "{value} {label}"

_TOKEN = re.compile(r"\{([^{}\[\]]*)\}|\[|\]|\{|\}")


def slots_of(pattern: str) -> list[str]:
    return [m.group(1) for m in _TOKEN.finditer(pattern) if m.group(1) is not None]


def required_slots(pattern: str) -> set[str]:
    """The slots outside any «[ … ]» group: without their figure there is no sentence."""
    out, depth = set(), 0
    for m in _TOKEN.finditer(pattern):
        if m.group(1) is not None and not depth:
            out.add(m.group(1))
        depth += {"[": 1, "]": -1}.get(m.group(0), 0)
    return out


def slot_names(pattern: str) -> list[str]:
    """The figure each slot prints: «value» of {value/kh_nam} and of {value:nghin}."""
    names = []
    for text in slots_of(pattern):
        f = parse(text)
        names.append(text if isinstance(f, str) else f.name)
    return names


def _slot_problems(text: str, known: set[str]) -> list[str]:
    token = "{" + text + "}"
    f = parse(text)
    if isinstance(f, str):
        return [f]
    if f.name not in known:
        return [f"Ô «{token}» không có: dùng một trong {', '.join('{' + k + '}' for k in sorted(known))}."]
    if not f.plain and f.name in _WORDS:
        return [f"Ô «{token}»: «{{{f.name}}}» không phải số liệu, không viết dạng «x/y» hay nghìn, triệu."]
    if f.over is not None and f.over.islower() and (f.over not in known or f.over in KNOWN_SLOTS):
        return [f"Ô «{token}»: «{f.over}» không phải số đo; sau «/» là mã số đo (kh_nam …) hoặc mã chỉ tiêu."]
    return []


def pattern_problems(pattern: str, known: set[str], *, main: bool = True) -> list[str]:
    """Every problem of a pattern, in Vietnamese; [] when it is well formed.  `main`: it
    must write the main figure (not a `zero_sentence`, whose words say «không có»)."""
    problems: list[str] = []
    depth = 0
    for m in _TOKEN.finditer(pattern):
        token = m.group(0)
        if m.group(1) is not None:
            problems.extend(_slot_problems(m.group(1), known))
        elif token == "[":
            if depth:
                problems.append("Nhóm tùy chọn «[ … ]» không được lồng trong nhau.")
            depth += 1
        elif token == "]":
            if not depth:
                problems.append("Dấu «]» thừa: không có «[» mở nhóm tương ứng.")
            depth = max(0, depth - 1)
        else:
            problems.append(
                f"Dấu «{token}» lẻ: ô số liệu viết trong cặp ngoặc nhọn, ví dụ {{value}}."
            )
    if depth:
        problems.append("Thiếu dấu «]» đóng nhóm tùy chọn.")
    if main and not {"value", "items"} & set(slot_names(pattern)) and not any(
        s.startswith(("luy_ke", "th_ky", "uoc_th")) for s in slot_names(pattern)
    ):
        problems.append(
            "Mẫu câu phải có ô số liệu chính {value} (hoặc {th_ky}, {luy_ke}, {items})."
        )
    return problems


def render(pattern: str, slots: Mapping[str, str | None]) -> str | None:
    """The sentence with its slots filled, or None when a required slot has no figure.

    `slots` maps each slot to its printed text; None or a missing key = no figure."""
    out: list[str] = []
    group: list[str] | None = None
    group_ok = True
    pos = 0
    for m in _TOKEN.finditer(pattern):
        literal = pattern[pos : m.start()]
        pos = m.end()
        (group if group is not None else out).append(literal)
        token = m.group(0)
        if m.group(1) is not None:
            text = slots.get(m.group(1))
            if text is None:
                if group is None:
                    return None
                group_ok = False
            elif group is not None:
                group.append(text)
            else:
                out.append(text)
        elif token == "[":
            group, group_ok = [], True
        elif token == "]" and group is not None:
            if group_ok:
                out.extend(group)
            group = None
    out.append(pattern[pos:])
    return tidy("".join(out))


# no space before punctuation, nor before % after a figure («57,3%»); a label's «(điểm %)» keeps it
_SPACE_BEFORE = re.compile(r"\s+([,.;:)])|(?<=\d)\s+(%)")
_SPACES = re.compile(r"\s+")


def tidy(text: str) -> str:
    """One space between words, none before punctuation (an empty unit leaves no gap)."""
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE.sub(lambda m: m.group(1) or m.group(2), text)
    # an equal figure: «tương đương cùng kỳ», not «tương đương so với cùng kỳ» (seed 002)
    return text.replace("( ", "(").replace("tương đương so với ", "tương đương ")
