"""The draft báo cáo written from the seed fixtures says what the seed reports say: for
budget, public investment, agriculture, tourism, security and administrative reform, the
figures and comparisons of seed 000 (Lạng Sơn city, unit 178) and seed 004 (Cao Lộc, unit
183), formatted the Vietnamese way, found in the draft's sentences and footnotes (the
annex tables are left out of the search, so a figure only in a table does not count)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from desktop.core.report.drafts import write_unit_draft
from desktop.core.report.writer import ReportOptions
from tests.conftest import SHARED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = SHARED / "seeds"


def body_text(path: Path) -> str:
    """The draft's paragraphs (tables excluded) and footnotes, one string."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    return "\n".join(parts + footnotes(document))


def footnotes(document) -> list[str]:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = parse_xml(rel.target_part.blob)
            return [
                "".join(t.text or "" for t in note.iter(qn("w:t")))
                for note in root.iter(qn("w:footnote"))
                if int(note.get(qn("w:id"))) > 0
            ]
    return []


def load_seed(services, folder: str) -> None:
    for path in sorted((FIXTURES / folder).glob("*.json")):
        report = services.validate_file(path)
        assert not [i for i in report.issues if i.is_error], path
        services.save_entry(report, final=True, actor="Kiểm thử")


def draft(services, tmp_path, folder: str, unit: str) -> str:
    load_seed(services, folder)
    out = write_unit_draft(
        services.repo, services.pack, services.units, unit, "2023-H1", tmp_path / "bao_cao.docx",
        ReportOptions(dt.date(2023, 7, 4)),
    )
    return body_text(out)


# (the seed's own words, what the draft must say): the first is checked against the seed
# file so this list cannot drift from the source; the second is looked up in the draft.
SEED000 = [
    # budget (II.1.c)
    ("đạt 209.435 triệu đồng", "đạt 209.435 triệu đồng"),
    ("bằng 57,3% dự toán", "bằng 57,3% dự toán tỉnh giao"),
    ("bằng 52,4% dự toán thành phố", "bằng 52,4% dự toán đơn vị phấn đấu"),
    ("bằng 85% so với cùng kỳ", "bằng 85% so với cùng kỳ"),
    ("đất đạt 144.505 triệu đồng", "đất đạt 144.505 triệu đồng"),
    ("bằng 56,5% dự toán", "bằng 56,5% dự toán tỉnh giao"),
    ("bằng 109,1% so với cùng kỳ", "tăng 9,1% so với cùng kỳ"),
    ("là 323.115 triệu đồng", "là 323.115 triệu đồng"),
    ("đạt 52,6% dự toán", "đạt 52,6% dự toán tỉnh giao"),
    ("bằng 39,2% so với dự toán", "bằng 39,2% dự toán đơn vị giao"),
    ("bằng 104,4% so với cùng kỳ", "tăng 4,4% so với cùng kỳ"),
    # new rural areas (II.7): «x/y» from two figures (figure_forms), the narrative aside
    (
        "đạt 13/19 tiêu chí của xã nông thôn mới nâng cao",
        "Các xã phấn đấu đạt chuẩn nông thôn mới nâng cao đạt 13/19 tiêu chí của xã nông thôn "
        "mới nâng cao.",
    ),
    # public investment (II.2)
    (
        "đạt 86.720 triệu đồng, bằng 31% tổng kế hoạch vốn",
        "đạt 86.720 triệu đồng, bằng 31% tổng kế hoạch vốn",
    ),
    ("là 280.758 triệu đồng", "280.758 triệu đồng"),
    (
        "đạt 89.056 triệu đồng, bằng 32% tổng kế hoạch vốn giao",
        "đạt 89.056 triệu đồng, bằng 32% tổng kế hoạch vốn giao",
    ),
    ("là 247.058 triệu đồng", "247.058 triệu đồng"),
    ("bằng 35% kế hoạch vốn", "bằng 35% kế hoạch vốn"),
    ("bằng 36% kế hoạch vốn giao", "bằng 36% kế hoạch vốn giao"),
    ("cho 55 dự án", "cho 55 dự án"),
    ("06 dự án do tỉnh quản lý", "dự án do tỉnh quản lý: 06 dự án"),
    ("38 dự án do thành phố quản lý", "dự án do huyện, thành phố quản lý: 38 dự án"),
    (
        "giải ngân được 828 triệu đồng đạt 33,3% kế hoạch vốn",
        "giải ngân 828 triệu đồng, đạt 33,3% kế hoạch vốn",
    ),
    # agriculture (II.1.a)
    ("55,18ha", "55,18 ha"),
    ("1,2 ha", "1,2 ha"),
    ("2,466 ha", "2,466 ha"),
    ("35.180", "35.180 lượt con"),
    # tourism (II.1.b)
    (
        "đạt 1.798.700 lượt khách, đạt 62,8% kế hoạch, tăng 32,5% so với cùng kỳ",
        "đạt 1.798.700 lượt khách, đạt 62,8% kế hoạch, tăng 32,5% so với cùng kỳ",
    ),
    (
        "Doanh thu du lịch đạt 491 tỉ đồng, đạt 61,4% kế hoạch, tăng 3,4% so với cùng kỳ",
        "Doanh thu du lịch đạt 491 tỷ đồng, đạt 61,4% kế hoạch, tăng 3,4% so với cùng kỳ",
    ),
    # security (II.6)
    ("Phạm pháp hình sự phát hiện 35 vụ", "Phạm pháp hình sự phát hiện 35 vụ"),
    ("làm bị thương 13 người", "13 người"),
    ("khoảng 238,3 triệu đồng", "238,3 triệu đồng"),
    ("Bắt 51 vụ 66 đối tượng", "Bắt 51 vụ"),
    ("khởi tố 50 vụ 65 bị can", "65 đối tượng"),
    # administrative reform (II.8)
    ("đơn giản hóa TTHC đối với 40 TTHC", "đơn giản hóa 40 thủ tục hành chính"),
    ("20 TTHC cấp huyện, 20 TTHC cấp xã", "Trong đó: cấp huyện: 20 thủ tục; cấp xã: 20 thủ tục"),
    (
        "cắt giảm thời hạn giải quyết TTHC đối với 25 TTHC",
        "thời hạn giải quyết đối với 25 thủ tục hành chính",
    ),
    ("Tiếp nhận 8.786 hồ sơ TTHC", "8.786 hồ sơ"),
    ("đã giải quyết 8.727 hồ sơ TTHC", "8.727 hồ sơ"),
    ("1.406 hồ sơ", "1.406 hồ sơ, đạt 100% kế hoạch năm"),
]

SEED004 = [
    # budget (1.5)
    ("là 256.812 triệu đồng", "đạt 256.812 triệu đồng"),
    ("đạt 114,14% dự toán tỉnh giao", "bằng 114,14% dự toán tỉnh giao"),
    ("đạt 91,72% dự toán huyện giao", "bằng 91,72% dự toán đơn vị phấn đấu"),
    ("đạt 190,63% so với cùng kỳ", "tăng 90,63% so với cùng kỳ"),
    ("là 389.000 triệu đồng", "là 389.000 triệu đồng"),
    ("đạt 50,93% so với dự toán tỉnh giao", "đạt 50,93% dự toán tỉnh giao"),
    ("đạt 48,51% so với dự toán huyện giao", "bằng 48,51% dự toán đơn vị giao"),
    ("tăng 21,09% so với cùng kỳ", "tăng 21,09% so với cùng kỳ"),
    # public investment (1.6)
    ("huyện giao: 144.049 triệu đồng", "144.049"),
    (
        "73.417 triệu đồng, đạt 50,96% kế hoạch vốn giao",
        "đạt 73.417 triệu đồng, bằng 50,96% tổng kế hoạch vốn giao",
    ),
    ("phê duyệt được 12 công trình", "12 công trình"),
    ("quyết toán: 44.738 triệu đồng", "44.738 triệu đồng"),
    # agriculture (1.1)
    (
        "ước đạt 4.347,07/6.918,54 ha, bằng 62,83% KH năm, bằng 103,71% so với cùng kỳ",
        "4.347,07 ha, đạt 62,83% kế hoạch năm, tăng 3,71% so với cùng kỳ",
    ),
    ("Lúa Xuân cấy ước được 1.990,48", "1.990,48 ha"),
    ("Ngô Xuân trồng ước được 1.051,12", "1.051,12 ha"),
    ("6.918,54 ha", "6.918,54"),
    # tourism (1.3 / văn hóa)
    (
        "đạt 95,2% so với kế hoạch, tăng 382,8% so với cùng kỳ",
        "đạt 1.000.000 lượt khách, đạt 95,2% kế hoạch, tăng 382,8% so với cùng kỳ",
    ),
    (
        "doanh thu ước đạt trên 118 tỷ đồng, đạt 63% so với kế hoạch",
        "Doanh thu du lịch đạt 118 tỷ đồng, đạt 63% kế hoạch, tăng 156,9% so với cùng kỳ",
    ),
    # administrative reform (4.x, TTHC)
    ("Tổng số hồ sơ tiếp nhận là 1.741 hồ sơ", "1.741 hồ sơ"),
    ("1.691 hồ sơ giải quyết", "1.691 hồ sơ"),
    ("trước hạn: 744 hồ sơ", "744 hồ sơ"),
    ("đúng hạn: 913 hồ sơ", "913 hồ sơ"),
    ("34 hồ sơ chậm hạn", "34 hồ sơ"),
    ("50 hồ sơ đang xem xét giải quyết", "50 hồ sơ"),
    ("trong hạn: 46 hồ sơ", "46 hồ sơ"),
    ("Cấp huyện: 1.287/1.741 đạt 73,8%", "73,8%"),
]


def _seed_text(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "folder", "unit", "pairs"),
    [("000", "seed000", "178", SEED000), ("004", "seed004", "183", SEED004)],
    ids=["seed000", "seed004"],
)
def test_draft_says_what_the_seed_says(services, tmp_path, prefix, folder, unit, pairs):
    assert len(pairs) >= 25
    seed = _seed_text(prefix)
    assert [s for s, _ in pairs if s not in seed] == []
    text = draft(services, tmp_path, folder, unit)
    assert [d for _, d in pairs if d not in text] == []
    assert "None" not in text and "{" not in text and "[" not in text
    assert unicodedata.normalize("NFC", text) == text
