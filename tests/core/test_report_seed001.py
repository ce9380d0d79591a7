"""The draft báo cáo of a monthly report uses the monthly columns the way seed 001 writes
them (TP Lạng Sơn, tháng 6/2020, fixtures in tests/fixtures/seed001): the budget's ratios
to the month's estimate and of the month's estimate («Ước thực hiện tháng 6/2020 thu được
27.644 triệu đồng đạt 69,1% dự toán tháng»), the previous month («tăng 03 vụ so với tháng
trước») and the next month's targets (mục III «Khởi công xây dựng 05 công trình»).

Each pair is (the seed's own words, checked against the seed file so the list cannot drift;
what the draft says, looked up in its sentences and footnotes, annex tables excluded)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.report.drafts import write_unit_draft
from desktop.core.report.pattern import DEFAULT_SENTENCE, render
from desktop.core.report.phrases import count, growth, slot_texts
from desktop.core.report.writer import ReportOptions
from desktop.core.submission import Submission
from tests.conftest import SHARED
from tests.core.test_report_seeds import body_text, load_seed

DAY = ReportOptions(dt.date(2020, 7, 3))  # the office's day, as the CLI and GUI give it

SEED001 = [
    # budget, to the cut-off date (14/6/2020) and the month's estimate
    ("số thu trong tháng được 9.050 triệu đồng", "tháng 6 năm 2020 đạt 9.050 triệu đồng"),
    ("đạt 22,6% dự toán tháng", "bằng 22,6% dự toán tháng"),
    ("đạt 41,3% Dự toán tỉnh giao", "bằng 41,3% dự toán tỉnh giao"),
    ("đạt 39,3% Dự toán thành phố giao", "bằng 39,3% dự toán đơn vị phấn đấu"),
    ("đạt 79,1% so với cùng kỳ", "bằng 79,1% so với cùng kỳ"),
    ("Ước thực hiện tháng 6/2020 thu được 27.644", "ước thực hiện tháng 6 năm 2020 đạt 27.644 triệu đồng"),
    ("đạt 69,1% dự toán tháng", "bằng 69,1% dự toán tháng"),
    ("đạt 45,7% Dự toán tỉnh giao", "bằng 45,7% dự toán tỉnh giao"),
    ("đạt 43,5% Dự toán thành phố giao", "bằng 43,5% dự toán đơn vị phấn đấu"),
    ("đạt 87,6% so với cùng kỳ", "bằng 87,6% so với cùng kỳ"),
    ("đến ngày 15/6/2020 là 24.169 triệu đồng", "tháng 6 năm 2020 là 24.169 triệu đồng"),
    ("lũy kế là 223.489 triệu đồng", "lũy kế từ đầu năm 223.489 triệu đồng"),
    # the previous month (th_tt = 07 − 03)
    ("tăng 03 vụ so với tháng trước", "phát hiện 07 vụ, tăng 03 vụ so với tháng trước"),
    # next month's targets (kh_ky_toi), mục III: under IV. Nhiệm vụ trọng tâm kỳ tới
    ("Khởi công xây dựng 05 công trình", "Chỉ tiêu phấn đấu kỳ tới: công trình, dự án khởi công mới trong kế hoạch năm 05 dự án;"),
    ("Hoàn thành thẩm tra quyết toán 07 dự án", "được phê duyệt quyết toán 07 công trình."),
    ("điều chỉnh cục bộ quy hoạch 02 dự án", "điều chỉnh cục bộ quy hoạch xây dựng được cấp có thẩm quyền phê duyệt 02 đồ án."),
    ("Hòa giải viên cơ sở tại 03 phường, xã", "hòa giải cho hòa giải viên cơ sở 03 xã."),
]


@pytest.fixture
def draft(services, tmp_path) -> str:
    load_seed(services, "seed001")
    out = write_unit_draft(
        services.repo, services.pack, services.units, "178", "2020-06", tmp_path / "t6.docx", DAY
    )
    return body_text(out)


def _seed_text() -> str:
    [path] = sorted((SHARED / "seeds").glob("001_*.txt"))
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return text.replace("**", "").replace("*", "")


def test_the_seed001_words_are_in_the_seed():
    text = _seed_text()
    assert [words for words, _ in SEED001 if words not in text] == []


def test_the_monthly_columns_are_written_the_way_seed001_writes_them(draft):
    missing = [said for _, said in SEED001 if said not in draft]
    assert len(SEED001) - len(missing) >= 5
    assert missing == []


def test_next_period_targets_are_under_the_next_tasks_only(draft):
    results, tasks = draft.split("IV. NHIỆM VỤ TRỌNG TÂM THÁNG 7 NĂM 2020")
    assert "kỳ tới" not in results.split("II. KẾT QUẢ", 1)[1]  # written once, in IV
    assert tasks.count("Chỉ tiêu phấn đấu kỳ tới: ") == 3  # dau_tu_cong, do_thi, tu_phap


def test_the_main_figure_is_not_written_twice_and_a_missing_ratio_is_left_out(services, tmp_path):
    form = services.pack.get("ngan_sach")
    sub = Submission(
        form.id, form.version, "178", "2020-06",
        values={
            ("NS_THU", "uoc_th"): D(27644),
            ("NS_THU", "du_toan_thang"): D(40000),
            ("NS_CHI", "luy_ke"): D(223489),
        },
    )
    services.repo.save(
        sub, form_hash=services.pack.content_hash(form.id), unit_valid_from="", actor="t"
    )
    out = write_unit_draft(
        services.repo, services.pack, services.units, "178", "2020-06", tmp_path / "u.docx", DAY
    )
    text = body_text(out)
    # 27.644 ÷ 40.000 = 69,11 %: computed from the month's estimate, one decimal
    assert (
        "Thu ngân sách nhà nước tháng 6 năm 2020 đạt 27.644 triệu đồng, bằng 69,1% dự toán tháng."
        in text
    )
    assert "Tổng chi ngân sách địa phương tháng 6 năm 2020 là 223.489 triệu đồng." in text
    assert "ước thực hiện" not in text and "lũy kế" not in text
    assert "0%" not in text and "None" not in text


def test_growth_against_the_previous_month_as_typed_or_computed(services, tmp_path):
    form = services.pack.get("cong_thuong_dich_vu")
    sub = Submission(
        form.id, form.version, "178", "2020-06",
        values={
            ("CT_DL_KHACH", "th_ky"): D(1200),
            ("CT_DL_KHACH", "th_tt"): D(1000),  # no stored May: the column typed this month
            ("CT_TD_DU_NO", "th_ky"): D(39420),
            ("CT_TD_DU_NO", "pct_tt"): D("100.1"),  # seed 002: «tăng 0,1% so với 31/12/2022»
        },
    )
    services.repo.save(
        sub, form_hash=services.pack.content_hash(form.id), unit_valid_from="", actor="t"
    )
    out = write_unit_draft(
        services.repo, services.pack, services.units, "178", "2020-06", tmp_path / "c.docx", DAY
    )
    text = body_text(out)
    assert "đạt 1.200 lượt khách, tăng 20% so với tháng trước." in text
    assert "Tổng dư nợ tín dụng đạt 39.420 tỷ đồng, tăng 0,1% so với tháng trước." in text


_counts = st.integers(min_value=0, max_value=10**7).map(D)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(now=_counts, before=st.one_of(st.none(), _counts), typed=st.one_of(st.none(), st.integers(1, 10**5).map(lambda n: D(n) / 100)))
def test_the_previous_month_is_written_from_what_exists_never_as_an_empty_slot(pack, now, before, typed):
    """Whatever of th_tt / pct_tt a clerk typed: a count's difference says tăng/giảm by
    exactly the difference in the indicator's unit, the growth is the typed ratio (else the
    computed one), and with neither nothing about the previous month is written."""
    form = pack.get("an_ninh_trat_tu")
    ind = form.indicator_map()["ANTT_PPHS_VU"]
    figures = {("ANTT_PPHS_VU", "th_ky"): now}
    if before is not None:
        figures[("ANTT_PPHS_VU", "th_tt")] = before
    if typed is not None:
        figures[("ANTT_PPHS_VU", "pct_tt")] = typed
    slots = slot_texts(ind, figures, pack.catalog, "Tháng 6 năm 2020")
    text = render(ind.sentence, slots)
    default = render(DEFAULT_SENTENCE, slots)
    assert text and default and "None" not in text + default and "{" not in text + default
    if before is None:
        assert slots["chenh_tt"] is None and "tháng trước" not in text
    else:
        delta = now - before
        word = "tăng" if delta > 0 else "giảm" if delta < 0 else "tương đương"
        # an equal figure is «tương đương tháng trước» (as seed 002's «tương đương cùng kỳ»)
        assert slots["chenh_tt"].startswith(word) and text.count(" tháng trước") == 1
        if delta:
            assert slots["chenh_tt"] == f"{word} {count(abs(delta))} vụ"  # «tăng 03 vụ»
    if typed is not None:
        assert slots["thang_truoc"] == growth(typed)
        # 100% reads «tương đương tháng trước», as seed 002's «tương đương cùng kỳ»
        said = "tương đương tháng trước" if typed == 100 else "so với tháng trước"
        assert said in default
    elif before:
        assert slots["thang_truoc"] == growth(now / before * 100)
    else:
        assert slots["thang_truoc"] is None and "tháng trước" not in default
