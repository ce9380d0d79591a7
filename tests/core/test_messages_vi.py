"""Every message a person sees is Vietnamese: hostile submission files never show pydantic's
English; a UTF-8 file with a BOM (Notepad) is read; free texts have limits and lose their
control characters with a note."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from desktop.core.errors import BaoCaoError
from desktop.core.texts import MAX_AUTHOR_CHARS, MAX_COMMENT_CHARS, clean_text
from tests.conftest import FIXTURES, run_cli

SEED = FIXTURES / "seed000" / "ngan_sach.json"
ENGLISH = (
    "Field required",
    "Input should",
    "valid string",
    "valid integer",
    "valid dictionary",
    "valid decimal",
    "Extra inputs",
    "should have",
    "String should",
    "Value error",
    "value is not",
    "Expecting",
    "Traceback",
    "Invalid",
    "object has no",
    "Unexpected",
    "surrogate",
)
HOSTILE = [None, True, False, 0, -1, 2**70, 1.5, "", "x", "\ud800", [], [1], {}, {"a": 1}]


def _base() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def _variants() -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    base = _base()
    for field in list(base):
        data = copy.deepcopy(base)
        del data[field]
        out.append((f"-{field}", data))
        for bad in HOSTILE:
            data = copy.deepcopy(base)
            data[field] = bad
            out.append((f"{field}={bad!r}", data))
    for path in (("values", "NS_THU"), ("values", "NS_THU", "th_ky"), ("comments", "NS_THU"),
                 ("comments", "NS_THU", "th_ky"), ("narratives", "ket_qua"), ("marks", "NS_CHI")):
        for bad in HOSTILE:
            data = copy.deepcopy(base)
            node = data
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = bad
            out.append(("/".join(path) + f"={bad!r}", data))
    out.append(("extra", {**base, "them": 1}))
    out.append(("root list", [base]))  # type: ignore[list-item]
    return out


def _messages(services, path: Path) -> str:
    try:
        report = services.validate_file(path)
    except BaoCaoError as exc:
        return exc.message + "\n".join(i.render() for i in exc.issues)
    return "\n".join(i.render() for i in report.issues)


def test_no_english_reaches_a_person_for_hostile_submissions(services, tmp_path):
    variants = _variants()
    assert len(variants) > 150
    leaks = []
    for n, (name, data) in enumerate(variants):
        path = tmp_path / f"hong_{n}.json"
        path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
        text = _messages(services, path)
        found = [w for w in ENGLISH if w.lower() in text.lower()]
        if found:
            leaks.append(f"{name}: {found}: {text[:300]}")
    assert not leaks, "\n".join(leaks[:20])


def test_the_cli_says_it_in_vietnamese_too(tmp_path):
    data = _base()
    data["form_version"] = "một"
    data["values"]["NS_THU"]["th_ky"] = [1]
    del data["period"]
    path = tmp_path / "sai.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run_cli("entry", "load", str(path), db=tmp_path / "db.sqlite")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "sai.json" in r.stderr and "period" in r.stderr
    assert not [w for w in ENGLISH if w.lower() in (r.stdout + r.stderr).lower()], r.stderr


def test_a_notepad_file_with_a_bom_is_read(tmp_path):
    path = tmp_path / "notepad.json"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    r = run_cli("entry", "validate", str(path), db=tmp_path / "db.sqlite")
    assert r.returncode == 0, r.stdout + r.stderr


def test_control_characters_are_removed_with_a_note_and_never_stored(services, tmp_path):
    data = _base()
    data["comments"] = {"NS_THU": {"th_ky": "Số thu\x00 đến \x1b[31m30/6\u202e2023.\u2066"}}
    data["narratives"]["ket_qua"] = "Kết quả\x07 tốt.\nDòng hai\tcó tab."
    data["author"] = "Nguyễn\x00 Văn A"
    path = tmp_path / "dieu_khien.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = services.validate_file(path)
    notes = [i for i in report.issues if i.code == "ky_tu_dieu_khien"]
    assert {(i.location.indicator, i.location.narrative, i.location.field) for i in notes} == {
        ("NS_THU", None, None), (None, "ket_qua", None), (None, None, "author")}
    assert "NUL" in notes[0].message or "NUL" in " ".join(i.message for i in notes)
    stored = services.save_entry(report, final=False)
    back = services.get_submission("178", "2023-H1", "ngan_sach")[3].submission
    assert back.comments[("NS_THU", "th_ky")] == "Số thu đến [31m30/62023."
    assert back.narratives["ket_qua"] == "Kết quả tốt.\nDòng hai\tcó tab."
    assert stored.revision == 1


@pytest.mark.parametrize(
    "change,code",
    [
        (lambda d: d["comments"].update({"NS_THU": {"th_ky": "x" * 5_000_000}}), "van_ban_qua_dai"),
        (lambda d: d.update(author="A" * (MAX_AUTHOR_CHARS + 1)), "van_ban_qua_dai"),
        (lambda d: d["comments"].update({"NS_THU": {"th_ky": "y" * (MAX_COMMENT_CHARS + 1)}}), "van_ban_qua_dai"),
    ],
)
def test_texts_over_their_limit_are_refused_and_nothing_is_stored(tmp_path, change, code):
    data = _base()
    change(data)
    path = tmp_path / "dai.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "db.sqlite"
    r = run_cli("entry", "load", str(path), "--json", db=db)
    assert r.returncode == 1, r.stdout[:500] + r.stderr[:500]
    result = json.loads(r.stdout)
    assert result["stored"] is False and code in {i["code"] for i in result["issues"]}
    assert "tối đa" in next(i["message"] for i in result["issues"] if i["code"] == code)


def test_clean_text_keeps_vietnamese_and_line_breaks_in_nfc():
    decomposed = "Tie\u0302\u0301n"  # "Tiến" typed with combining marks
    assert clean_text(decomposed + "\r\n\tx") == ("Tiến\r\n\tx", None)
