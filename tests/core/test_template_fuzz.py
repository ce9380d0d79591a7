"""Hostile templates: a filled template with bit flips, cut short, or with cells of the wrong
type, a huge number, a broken style or a formula put in by hand is read into figures and
Vietnamese issues, or refused with a Vietnamese message naming the file, never a traceback.

The real template (`write_template` over the real form pack), filled by openpyxl as a clerk
would, then damaged: in its zip bytes (bit flips, truncation) or in the XML of one of its
sheets (one cell replaced by a hostile one, or bit flips in the part, the archive rebuilt).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.errors import InputFileError
from desktop.core.excel.template_reader import read_template
from tests.core.test_excel_template import fill, make

_VIETNAMESE = re.compile("[ạảãầấậẩẫằắặẳẵẹẻẽềếệểễịỉĩọỏõồốộổỗờớợởỡụủũừứựửữỳỵỷỹđơư]", re.I)
_CELL = re.compile(rb"<c r=\"([A-Z]+[0-9]+)\"[^>]*?(?:/>|>.*?</c>)", re.S)
_FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def filled(pack, tmp_path_factory) -> tuple[bytes, Path]:
    tmp = tmp_path_factory.mktemp("fuzz")
    path = fill(
        make(pack, tmp),
        {
            ("NS_THU", "th_ky"): 209435,
            ("NS_THU", "luy_ke"): "1.234,5",
            ("NS_THU", "pct_ck"): 57.3,
            ("NS_CHI", "th_ky"): "95.000",
        },  # fmt: skip
        narratives={"ket_qua": "Thu ngân sách đạt 57,3% dự toán."},
    )
    return path.read_bytes(), tmp


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return buf.getvalue()


def _read_or_refuse(data: bytes, tmp: Path, pack) -> None:
    """The one outcome allowed: figures and issues, or a Vietnamese refusal naming the file."""
    path = tmp / "bieu_hong.xlsx"
    path.write_bytes(data)
    try:
        sub, issues = read_template(path, pack)
    except InputFileError as exc:
        assert exc.message and "bieu_hong.xlsx" in exc.message, exc.message
        assert unicodedata.is_normalized("NFC", exc.message) and _VIETNAMESE.search(exc.message)
        assert "Traceback" not in exc.message and "Error" not in exc.message, exc.message
        return
    for issue in issues:
        assert unicodedata.is_normalized("NFC", issue.message) and _VIETNAMESE.search(issue.message)
        assert issue.location.file == "bieu_hong.xlsx" and issue.location.cell, issue
        assert f"ô {issue.location.cell}," in issue.render(pack), issue.render(pack)
    assert all(k in {(i.code, m) for i in pack.get("ngan_sach").iter_indicators() for m in
                     pack.get("ngan_sach").measures} for k in sub.values)  # fmt: skip


@given(flips=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 7)), min_size=1, max_size=6))
@_FUZZ
def test_bit_flips_in_the_file(filled, pack, flips):
    data, tmp = filled
    raw = bytearray(data)
    for at, bit in flips:
        raw[at % len(raw)] ^= 1 << bit
    _read_or_refuse(bytes(raw), tmp, pack)


@given(keep=st.floats(0, 1))
@example(keep=0.0)
@example(keep=0.5)
@example(keep=0.999)
@_FUZZ
def test_a_file_cut_short(filled, pack, keep):
    data, tmp = filled
    _read_or_refuse(data[: int(len(data) * keep)], tmp, pack)


@given(part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml", "xl/styles.xml",
                             "xl/workbook.xml", "[Content_Types].xml"]),
       flips=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 7)), min_size=1, max_size=4))  # fmt: skip
@_FUZZ
def test_bit_flips_inside_a_part(filled, pack, part, flips):
    data, tmp = filled
    parts = _parts(data)
    raw = bytearray(parts[part])
    for at, bit in flips:
        raw[at % len(raw)] ^= 1 << bit
    parts[part] = bytes(raw)
    _read_or_refuse(_zip(parts), tmp, pack)


_HUGE = ["1e400", "-1e400", "9" * 400, "NaN", "inf", "-0", "1e-400", "0x1F", "", " ", "1,5", "１２"]


def _hostile(ref: str) -> st.SearchStrategy[str]:
    text = st.text(max_size=40).map(lambda t: escape("".join(c for c in t if c.isprintable())))
    return st.one_of(
        st.sampled_from(_HUGE).map(lambda v: f'<c r="{ref}" t="n"><v>{v}</v></c>'),
        st.sampled_from(["2", "x", "-1", ""]).map(lambda v: f'<c r="{ref}" t="b"><v>{v}</v></c>'),
        text.map(lambda v: f'<c r="{ref}" t="e"><v>{v}</v></c>'),
        st.sampled_from(["99999", "-1", "a", ""]).map(
            lambda v: f'<c r="{ref}" t="s"><v>{v}</v></c>'
        ),
        st.sampled_from(["2023-13-45", "x", "2023-01-02T10:00:00"]).map(
            lambda v: f'<c r="{ref}" t="d"><v>{v}</v></c>'
        ),
        text.map(lambda v: f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'),
        st.sampled_from(["99999", "0", "-3"]).map(lambda s: f'<c r="{ref}" s="{s}"><v>0.5</v></c>'),
        text.map(lambda v: f'<c r="{ref}"><f>{v}</f></c>'),
        st.sampled_from(["#DIV/0!", "#N/A", "#REF!"]).map(
            lambda v: f'<c r="{ref}" t="str"><f>1/0</f><v>{v}</v></c>'
        ),
        st.sampled_from(["zz", "1"]).map(lambda t: f'<c r="{ref}" t="{t}"><v>1</v></c>'),
    )


@given(data=st.data(), part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                                             "xl/worksheets/sheet3.xml"]))  # fmt: skip
@_FUZZ
def test_a_cell_of_the_wrong_type_or_size(filled, pack, data, part):
    raw, tmp = filled
    parts = _parts(raw)
    cells = list(_CELL.finditer(parts[part]))
    m = data.draw(st.sampled_from(cells))
    hostile = data.draw(_hostile(m.group(1).decode())).encode()
    parts[part] = parts[part][: m.start()] + hostile + parts[part][m.end() :]
    _read_or_refuse(_zip(parts), tmp, pack)


def test_every_input_cell_hostile_at_once(filled, pack):
    """All input cells of the data sheet replaced, one hostile kind after another."""
    raw, tmp = filled
    parts = _parts(raw)
    sheet = parts["xl/worksheets/sheet1.xml"]
    kinds = [
        '<c r="{r}" t="n"><v>1e400</v></c>',
        '<c r="{r}" t="b"><v>2</v></c>',
        '<c r="{r}" t="e"><v>#VALUE!</v></c>',
        '<c r="{r}" t="s"><v>99999</v></c>',
        '<c r="{r}"><f>SUM(A1:A2)</f></c>',
        '<c r="{r}" t="inlineStr"><is><t>12a</t></is></c>',
        '<c r="{r}" t="n"><v>123456789012345678901234567890123</v></c>',
    ]
    n = 0

    def swap(m: re.Match) -> bytes:
        nonlocal n
        ref = m.group(1).decode()
        if not re.fullmatch(r"[E-J]\d+", ref) or int(ref[1:]) < 10:
            return m.group(0)
        n += 1
        return kinds[n % len(kinds)].format(r=ref).encode()

    parts["xl/worksheets/sheet1.xml"] = _CELL.sub(swap, sheet)
    path = tmp / "bieu_hong.xlsx"
    path.write_bytes(_zip(parts))
    try:
        sub, issues = read_template(path, pack)
    except InputFileError as exc:  # calamine refuses some of these kinds outright
        assert "bieu_hong.xlsx" in exc.message
        return
    assert n > 20 and len([i for i in issues if i.is_error]) > 10
    for issue in issues:
        assert f"ô {issue.location.cell}," in issue.render(pack) and issue.location.sheet == "Biểu nhập liệu"


@pytest.mark.parametrize(("offset", "bits"), [(6, 84), (8, 1)], ids=["version-8.4", "encrypted"])
def test_a_zip_header_claiming_an_unknown_version_or_encryption(filled, pack, offset, bits):
    """Found by the bit flips: zipfile raises NotImplementedError / RuntimeError for these."""
    data, tmp = filled
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02") + offset  # the first entry of the central directory
    raw[at] = bits if offset == 6 else raw[at] | bits
    _read_or_refuse(bytes(raw), tmp, pack)
