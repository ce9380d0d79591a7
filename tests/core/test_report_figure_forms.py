"""Seed 002's phrasings the pattern language writes (report/figure_forms.py): «08/10 xã»,
«2.079 hồ sơ (chiếm 25,17%)», «4.490 nghìn con» / «104,6 triệu cây» with exact
ROUND_HALF_UP rounding, and what `forms check` says of a slot form that could never be
written."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.numbers import parse_number
from desktop.core.report.compose import form_paragraphs
from desktop.core.report.figure_forms import SCALES, parse, scaled, share, up_down
from desktop.core.report.sentence_checks import sentence_issues


def _text(pack, form_id: str, figures) -> str:
    form = pack.get(form_id)
    paragraphs = form_paragraphs(form, figures, pack.catalog, "Tháng 1 năm 2023")
    return " ".join(s.text + " " + (s.footnote or "") for p in paragraphs for s in p)


def test_scaled_counts_as_the_seed_writes_them():
    assert scaled(D(1234567), "trieu") == "1,23 triệu"
    assert scaled(D(1234567), "nghin", 1) == "1.234,6 nghìn"
    assert scaled(D(4490000), "nghin") == "4.490 nghìn"  # seed 002: «4.490 nghìn con»
    assert scaled(D(104600000), "trieu") == "104,6 triệu"  # «104,6 triệu cây»
    assert scaled(D(250950), "nghin") == "250,95 nghìn"  # «250,95 nghìn lượt khách»
    # half up, as an office rounds by hand (half-even would give 1,24 and 2)
    assert scaled(D(1245000), "trieu") == "1,25 triệu"
    assert scaled(D(2500), "nghin", 0) == "3 nghìn"
    assert share(D(2079), D(8259)) == "chiếm 25,17%" and share(D(2), D(8513)) == "chiếm 0,02%"
    # {pct_ck:tang_giam}: «giảm 2,25%» (seed 002's herds) where growth says «bằng 97,75%»
    assert up_down(D("97.75")) == "giảm 2,25%" and up_down(D("107.65")) == "tăng 7,65%"
    assert up_down(D("100")) == "tương đương" and up_down(D(80) / D(3)) == "giảm 73,3%"


def test_industrial_products_as_seed_002_lists_them(pack):
    """Seed 002 ⁵: «Điện sản xuất 60,5 TrKw/h, đạt 6,8% so với kế hoạch, giảm 8,9% với cùng
    kỳ; … Than sạch: 50 nghìn tấn, đạt 8,9%, tăng 0,8%»: the section's pattern, as typed by
    Sở Công Thương (tests/fixtures/seed002/2006_kinh_te_tinh.json)."""
    text = _text(pack, "kinh_te_tinh", {
        ("SP_DIEN_SX", "th_ky"): D("60.5"), ("SP_DIEN_SX", "pct_kh"): D("6.8"),
        ("SP_DIEN_SX", "pct_ck"): D("91.1"), ("SP_THAN", "th_ky"): D(50),
        ("SP_THAN", "pct_kh"): D("8.9"), ("SP_THAN", "pct_ck"): D("100.8"),
    })  # fmt: skip
    assert "Điện sản xuất: 60,5 triệu kWh, đạt 6,8% kế hoạch năm, giảm 8,9% so với cùng kỳ." in text
    assert "Than sạch: 50 nghìn tấn, đạt 8,9% kế hoạch năm, tăng 0,8% so với cùng kỳ." in text


@settings(max_examples=50, deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=D(10) ** 15, places=0),
    scale=st.sampled_from(sorted(SCALES)),
    places=st.integers(0, 3),
)
def test_a_scaled_figure_reads_back_as_the_figure_rounded_half_up(value, scale, places):
    """«1,23 triệu» read back (the Vietnamese number parser) × 10^6 is the figure rounded
    half up to the places shown: never a float's 1,2299999, never more than half a unit
    of the last place away."""
    text = scaled(value, scale, places)
    number, word = text.rsplit(" ", 1)
    factor = SCALES[scale][1]
    assert word == SCALES[scale][0]
    back = parse_number(number.replace(".", "") if "," in number else number).value
    step = D(1).scaleb(-places)
    assert back == (value / factor).quantize(step, rounding=ROUND_HALF_UP)
    assert abs(back * factor - value) <= step * factor / 2


def test_the_slot_forms_of_seed_002(pack):
    """«công nhận 08/10 xã đạt chuẩn nông thôn mới và 03/05 xã đạt chuẩn nông thôn mới nâng
    cao, 121/121 công trình …»; «kết thúc 15/55 cuộc thanh tra»; «đã giải quyết được 03/11
    đơn»: the «/y» is not written again as a sentence of its own."""
    text = _text(pack, "nong_thon_moi", {
        ("NTM_XA_DAT_CHUAN", "th_ky"): D(8), ("NTM_XA_DAT_CHUAN", "kh_nam"): D(10),
        ("NTM_XA_NANG_CAO", "th_ky"): D(3), ("NTM_XA_NANG_CAO", "kh_nam"): D(5),
        ("NTM_CT_HT", "th_ky"): D(121), ("NTM_CT_KH", "th_ky"): D(121),
    })  # fmt: skip
    assert "Công nhận 08/10 xã đạt chuẩn nông thôn mới theo kế hoạch năm." in text
    assert "Công nhận 03/05 xã đạt chuẩn nông thôn mới nâng cao" in text
    assert "121/121 công trình" in text and ": 121 công trình" not in text
    # below one nghìn a figure is written as it is, as small amounts stay in triệu đồng
    text = _text(pack, "nong_lam_nghiep", {("NN_DAN_GIA_CAM", "th_ky"): D(850)})
    assert "Tổng đàn gia cầm 850 con." in text, text
    # without the plan the figure is still written, in plain words
    text = _text(pack, "nong_thon_moi", {("NTM_XA_DAT_CHUAN", "th_ky"): D(8)})
    assert "Xã đạt chuẩn nông thôn mới (kể cả xã đạt chuẩn nâng cao, kiểu mẫu): 08 xã." in text
    text = _text(pack, "thanh_tra", {("TTR_TT_KL", "th_ky"): D(15), ("TTR_TT_CUOC", "th_ky"): D(55),
                                     ("TTR_TT_CUOC_KH", "th_ky"): D(50)})  # fmt: skip
    # the 55 has parts (a footnote): its own sentence stays
    assert "15/55 cuộc" in text and "Cuộc thanh tra đã triển khai: 55 cuộc" in text


def test_a_zero_is_said_in_words_never_0_out_of_y(pack):
    """Seed 000's new rural criteria, «tiêu chí xã nông thôn mới kiểu mẫu 4/4 tiêu chí chưa
    đạt»: the achieved count 0 out of 4 read «đạt 0/04 tiêu chí». A pattern with «x/y» has
    a `zero_sentence` (forms check asks for it): the zero in words, the 4 still written."""
    text = _text(pack, "nong_thon_moi", {
        ("NTM_TC_KM_DAT", "th_ky"): D(0), ("NTM_TC_KM_DAT", "kh_nam"): D(4),
        ("NTM_TC_KM_TONG", "th_ky"): D(4),
        ("NTM_XA_DAT_CHUAN", "th_ky"): D(0), ("NTM_XA_DAT_CHUAN", "kh_nam"): D(10),
    })  # fmt: skip
    assert "0/" not in text, text
    assert "Các xã phấn đấu đạt chuẩn nông thôn mới kiểu mẫu chưa đạt tiêu chí nào, kế " \
        "hoạch năm 04 tiêu chí." in text
    assert "của các xã phấn đấu: 04 tiêu chí." in text  # the total, no longer «/04»
    assert "Chưa có xã nào được công nhận đạt chuẩn nông thôn mới (kế hoạch năm 10 xã)." in text
    text = _text(pack, "thanh_tra", {("TTR_TT_KL", "th_ky"): D(0), ("TTR_TT_CUOC", "th_ky"): D(55)})
    assert "Chưa kết thúc, ban hành kết luận cuộc thanh tra nào." in text and "0/55" not in text
    # seed 000's «không có tình hình phức tạp liên quan đến tôn giáo xảy ra», «không có
    # trường hợp … bị xử lý do kê khai tài sản không trung thực»: not «…: 0 vụ việc»
    text = _text(pack, "dan_toc_ton_giao", {("DTTG_TG_VU_VIEC", "th_ky"): D(0)})
    assert text.strip() == (
        "Trong tháng 01 năm 2023, không có vụ việc phức tạp liên quan đến tôn giáo, tín "
        "ngưỡng xảy ra."
    )
    text = _text(pack, "thanh_tra", {("TTR_XM_VP", "th_ky"): D(0)})
    assert "Không có trường hợp bị xử lý do kê khai tài sản, thu nhập không trung thực." in text
    # the rule: an «x/y» pattern without a zero_sentence is refused by forms check
    form = pack.get("thanh_tra")
    bare = form.model_copy(update={"sections": [
        s.model_copy(update={"indicators": [
            i.model_copy(update={"zero_sentence": None}) for i in s.indicators
        ]}) for s in form.sections
    ]})  # fmt: skip
    codes = [i.location.indicator for i in sentence_issues(bare, pack.catalog)]
    assert codes == ["TTR_TT_KL", "TTR_DON_GQ", "TTR_PCTN_KL"]


def test_forms_check_refuses_a_section_placed_under_no_domain(pack):
    """`report_under` names the domain whose heading a section's paragraph goes under (seed
    002's industrial products under industry and trade): a code not in «domains:» is said."""
    form = pack.get("kinh_te_tinh")
    assert sentence_issues(form, pack.catalog) == []
    moved = form.model_copy(update={"sections": [
        s.model_copy(update={"report_under": "cong_thuong"}) if s.title == "Vận tải" else s
        for s in form.sections
    ]})  # fmt: skip
    assert [i.message for i in sentence_issues(moved, pack.catalog)] == [
        "Mục «Vận tải» ghi report_under: «cong_thuong», không phải lĩnh vực nào trong "
        "«domains:» của danh mục."
    ]


def test_forms_check_refuses_a_paragraph_placed_after_no_section(pack):
    """`report_after` names the host domain's section whose paragraph it follows («Sản
    xuất công nghiệp»): a title the domain's forms do not have is said, with the file."""
    from desktop.core.report.sentence_checks import placement_issues

    assert placement_issues(pack.forms.values()) == []
    form = pack.get("kinh_te_tinh")
    moved = form.model_copy(update={"sections": [
        s.model_copy(update={"report_after": "Thương mại"}) if s.title == "Vận tải" else s
        for s in form.sections
    ]})  # fmt: skip
    forms = [moved if f.id == form.id else f for f in pack.forms.values()]
    issues = placement_issues(forms)
    assert [(i.message, i.location.file) for i in issues] == [(
        "Mục «Vận tải» ghi report_after: «Thương mại», không phải tên mục nào trong các biểu "
        "của lĩnh vực «cong_thuong_dich_vu».", "kinh_te_tinh.yaml",
    )]  # fmt: skip


def test_a_share_of_the_parent_typed_or_computed(pack):
    """«tiếp nhận 8.259 hồ sơ, trong đó tiếp nhận trực tiếp 2.079 hồ sơ (chiếm 25,17%) …»:
    the ratio the office typed (73,95, seed 002's own rounding) is the one written, and not
    written again as «Tỷ lệ …: 73,95%»; a share not typed is computed half up."""
    figures = {
        ("NV_HS_TN", "th_ky"): D(8259), ("NV_HS_TN_TT", "th_ky"): D(6107),
        ("NV_HS_TN_TRUC_TIEP", "th_ky"): D(2079), ("NV_HS_TN_BCCI", "th_ky"): D(73),
        ("NV_HS_TL_TT", "th_ky"): D("73.95"),
    }  # fmt: skip
    text = _text(pack, "noi_vu_cchc", figures)
    assert (
        "Trong tháng 01 năm 2023, đã tiếp nhận 8.259 hồ sơ thủ tục hành chính, trong đó tiếp "
        "nhận trực tuyến 6.107 hồ sơ (chiếm 73,95%), tiếp nhận trực tiếp 2.079 hồ sơ (chiếm "
        "25,17%), tiếp nhận qua dịch vụ bưu chính công ích 73 hồ sơ (chiếm 0,88%)."
    ) in text, text
    assert "Tỷ lệ hồ sơ tiếp nhận trực tuyến" not in text
    # the parts without their total: nothing to list them in, each still written
    text = _text(pack, "noi_vu_cchc", {("NV_HS_TN_TRUC_TIEP", "th_ky"): D(2079),
                                       ("NV_HS_TN_BCCI", "th_ky"): D(73)})  # fmt: skip
    assert "Tiếp nhận trực tiếp: 2.079 hồ sơ." in text, text  # in plain words, not a phrase
    assert "Tiếp nhận qua dịch vụ bưu chính công ích: 73 hồ sơ." in text, text
    # a part of zero: listed, its share 0%
    text = _text(pack, "noi_vu_cchc", {("NV_HS_GQ", "th_ky"): D(5), ("NV_HS_GQ_QUA", "th_ky"): D(0)})
    assert "Đã trả kết quả giải quyết 05 hồ sơ, trong đó quá hạn 0 hồ sơ (chiếm 0%)." in text


def _with(form, code: str, sentence: str):
    sections = [
        s.model_copy(update={"indicators": [
            i.model_copy(update={"sentence": sentence}) if i.code == code else i
            for i in s.indicators
        ]})
        for s in form.sections
    ]  # fmt: skip
    return form.model_copy(update={"sections": sections})


def test_forms_check_says_which_slot_form_can_never_be_written(pack):
    cases = {
        ("NTM_XA_DAT_CHUAN", "Công nhận {value/NTM_KHONG_CO} xã."): "biểu không có chỉ tiêu «NTM_KHONG_CO»",
        ("NTM_XA_DAT_CHUAN", "Công nhận {value:nghìn} xã."): "đơn vị «nghìn» không có",
        ("NTM_XA_DAT_CHUAN", "Công nhận {value:trieu:5} xã."): "số chữ số thập phân «5»",
        ("NTM_XA_DAT_CHUAN", "Công nhận {value/kh_nam:nghin} xã."): "không đổi đơn vị",
        ("NTM_XA_DAT_CHUAN", "Công nhận {value} xã[ ({chiem})]."): "không có chỉ tiêu cha",
        ("NTM_XA_DAT_CHUAN", "Công nhận {value} {unit/kh_nam}."): "«{unit}» không phải số liệu",
        ("NTM_XA_DAT_CHUAN", "Công nhận {value/ky} xã."): "«ky» không phải số đo",
        ("NTM_XA_DAT_CHUAN", "Công nhận {value:tang_giam} xã."): "chỉ dùng cho pct_ck, pct_uoc_ck",
        ("NTM_VON_XHH", "Vốn {value:nghin} {unit}."): "«triệu đồng» không đổi sang nghìn",
    }
    base = pack.get("nong_thon_moi")
    for (code, sentence), said in cases.items():
        issues = sentence_issues(_with(base, code, sentence), pack.catalog)
        messages = [i.message for i in issues if i.location.indicator == code]
        assert any(said in m for m in messages), (sentence, messages)
    assert sentence_issues(base, pack.catalog) == []
    # «(tăng 02 vụ so với cùng kỳ)» needs last year's figure
    issues = sentence_issues(
        _with(pack.get("noi_vu_cchc"), "NV_HS_CBCCVC", "Cập nhật {value} {unit}[ ({chenh_ck})]."),
        pack.catalog,
    )
    assert [i.message for i in issues] == [
        "Mẫu câu dùng ô {chenh_ck} nhưng chỉ tiêu không có số đo «cung_ky»: ô này không bao "
        "giờ có số liệu."
    ]
    # a child its parent lists is a phrase of the parent's sentence: no full stop
    issues = sentence_issues(
        _with(pack.get("noi_vu_cchc"), "NV_HS_GQ_QUA", "{label} {value} {unit}."), pack.catalog
    )
    assert [i.message for i in issues] == [
        "Mẫu câu: chỉ tiêu được liệt kê trong ô {items} của «NV_HS_GQ», mẫu là một cụm từ "
        "trong câu của chỉ tiêu cha: bỏ dấu chấm cuối."
    ]
    assert isinstance(parse("value/kh_nam"), type(parse("value:nghin:1")))


def test_forms_check_keeps_a_groups_domains_together(pack):
    """The catalog's `group` heads consecutive domains in II («1. Lĩnh vực phát triển kinh
    tế», «1.1. …»); a group's domain placed apart would be headed twice: refused."""
    from desktop.core.report.sentence_checks import domain_group_issues

    catalog = pack.catalog
    assert domain_group_issues(catalog) == []
    domains = list(catalog.domains)
    moved = domains[:1] + domains[2:] + domains[1:2]  # nông thôn mới after chỉ đạo, điều hành
    issues = domain_group_issues(catalog.model_copy(update={"domains": moved}))
    assert [i.message for i in issues] == [
        "Lĩnh vực «nong_thon_moi» thuộc nhóm «Lĩnh vực phát triển kinh tế» nhưng không đứng liền "
        "các lĩnh vực cùng nhóm: báo cáo sẽ viết tiêu đề nhóm hai lần. Xếp các lĩnh vực cùng nhóm "
        "liền nhau trong «domains:»."
    ]


FORMS_WITH_FORMS = ("nong_thon_moi", "thanh_tra", "noi_vu_cchc", "lao_dong_xa_hoi", "an_ninh_trat_tu")


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_no_figure_is_lost_nor_a_slot_left_empty(pack, data):
    """Any counts of the forms whose patterns use «x/y», «chiếm» and «tăng 02 vụ»: every figure is
    in the text (a sentence, a list, a «/y», a footnote), nothing empty («None», «{», «0/0»,
    «chiếm %»), even as rows are left out of the «not said twice» route."""
    form = pack.get(data.draw(st.sampled_from(FORMS_WITH_FORMS)))
    counts = [
        i for i in form.iter_indicators()
        if i.kind == "integer" and "th_ky" in form.measures_of(i)
    ]  # fmt: skip
    chosen = data.draw(st.lists(st.sampled_from(counts), unique_by=lambda i: i.code, max_size=25))
    amounts = st.integers(0, 3) | st.integers(0, 10**6)  # zeros drawn often: «không có …»
    figures = {(i.code, "th_ky"): data.draw(amounts.map(D)) for i in chosen}
    text = _text(pack, form.id, figures)
    assert "None" not in text and "{" not in text and "0/0 " not in text
    assert "chiếm %" not in text and "()" not in text
    assert not re.search(r"(?<![\d.,])0/\d", text), text  # a zero is said in words
    from desktop.core.report.phrases import count

    worded = {i.code for i in form.iter_indicators() if i.zero_sentence is not None}
    missing = [
        (code, v) for (code, _), v in figures.items()
        if not (v == 0 and code in worded)  # «chưa đạt tiêu chí nào», «không có vụ …»
        and not re.search(rf"(?<![\d.,]){re.escape(count(v))}(?![\d.,]\d)", text)
    ]  # fmt: skip
    assert missing == [], text
