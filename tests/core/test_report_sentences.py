"""Sentences from figures: the Vietnamese number forms, optional comparisons that vanish
when they have no figure, `forms check` on patterns, and no empty slot or "None" in the
draft of any form, whatever is missing."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.numbers import parse_number
from desktop.core.report.drafts import write_unit_draft
from desktop.core.report.pattern import render
from desktop.core.report.phrases import growth, number, percent, slot_texts
from desktop.core.report.writer import ReportOptions
from desktop.core.submission import Submission
from tests.conftest import REPO, run_cli
from tests.core.test_report_seeds import body_text


def test_numbers_the_vietnamese_way():
    assert number(D("209435")) == "209.435"
    assert number(D("554.1")) == "554,1"
    assert number(D("3074.865")) == "3.074,865"
    assert number(D("10") / D("3")) == "3,33"  # a recomputed fraction, not 28 digits
    assert percent(D("57.3")) == "57,3%"
    assert percent(D("85.00")) == "85%"
    assert percent(D("114.14")) == "114,14%"  # as typed
    assert percent(D(800) / D(3000) * 100) == "26,7%"  # computed: one decimal


def test_growth_as_the_seeds_write_it():
    assert growth(D("109.1")) == "tăng 9,1%"
    assert growth(D("85")) == "bằng 85%"
    assert growth(D("100")) == "tương đương"  # seed 002: «tương đương cùng kỳ»
    assert growth(D("100.00")) == "tương đương" and growth(D("99.99")) == "bằng 99,99%"
    assert growth(D("482.8")) == "tăng 382,8%"


def test_an_index_and_percentage_points():
    from desktop.core.report.phrases import index, points

    assert index(D("100.81")) == "100,81 (tăng 0,81%)"  # seed 002: «tăng 0,81%»
    assert index(D("97.5")) == "97,5 (giảm 2,5%)" and index(D("100")) == "100"
    assert points(D("3.28")) == "3,28 điểm phần trăm"


def test_an_index_by_its_sections_title(pack):
    """«Khai khoáng» is an index by its section «Chỉ số sản xuất công nghiệp theo ngành
    (cùng kỳ năm trước = 100)»: «Khai khoáng: 95,2 (giảm 4,8%).», not «95,2%»."""
    from desktop.core.report.compose import form_paragraphs

    form = pack.get("kinh_te_tinh")
    figures = {("KT_IIP_KK", "th_ky"): D("95.2"), ("KT_CPI_KY_TRUOC", "th_ky"): D("100.35")}
    paragraphs = form_paragraphs(form, figures, pack.catalog, "Tháng 1 năm 2023")
    text = " ".join(s.text + " " + (s.footnote or "") for p in paragraphs for s in p)
    assert "Khai khoáng: 95,2 (giảm 4,8%)." in text, text
    assert "(tháng trước = 100): 100,35 (tăng 0,35%)." in text, text


def test_a_parts_own_parts_are_bracketed_after_it_in_the_footnote(pack):
    """«210 công trình có giấy phép hoặc được miễn» and its two kinds were listed side by side
    in the footnote («…: 210 công trình; có giấy phép xây dựng: 130 …; được miễn …: 80 …»),
    reading as three parts of the 250 inspected; the kinds now follow their total in
    brackets, and a part without a figure of its own hands its kinds up unbracketed."""
    from desktop.core.report.compose import form_paragraphs

    form = pack.get("do_thi_xay_dung")
    figures = {
        ("DTXD_KT_CT", "th_ky"): D("250"),
        ("DTXD_KT_HOP_PHAP", "th_ky"): D("210"),
        ("DTXD_KT_CO_GP", "th_ky"): D("130"),
        ("DTXD_KT_MIEN_GP", "th_ky"): D("80"),
        ("DTXD_KT_KHONG_GP", "th_ky"): D("40"),
    }
    notes = [s.footnote for p in form_paragraphs(form, figures, pack.catalog, "Tháng 1 năm 2023")
             for s in p if s.footnote]  # fmt: skip
    assert (
        "Trong đó: công trình có giấy phép xây dựng hoặc được miễn giấy phép: 210 công trình "
        "(có giấy phép xây dựng: 130 công trình; được miễn giấy phép xây dựng: 80 công trình); "
        "công trình xây dựng không có giấy phép (thuộc diện phải có): 40 công trình."
    ) in notes, notes
    del figures[("DTXD_KT_HOP_PHAP", "th_ky")]
    notes = [s.footnote for p in form_paragraphs(form, figures, pack.catalog, "Tháng 1 năm 2023")
             for s in p if s.footnote]  # fmt: skip
    assert any(n.startswith("Trong đó: có giấy phép xây dựng: 130 công trình; được miễn") for n in notes), notes


def test_a_total_without_its_kinds_is_still_written(pack):
    """Mục I lists the kinds issued («đã ban hành 01 văn bản quy phạm pháp luật, 02 chỉ thị»,
    {items}); an office that typed only the total (388 văn bản) must still see it written —
    the list's sentence has no figure to list, so the total reads as any figure does."""
    from desktop.core.report.compose import form_paragraphs

    form = pack.get("chi_dao_dieu_hanh")
    figures = {("CDDH_VB", "th_ky"): D("388"), ("CDDH_HOP_CHU_TRI", "th_ky"): D("5")}
    paragraphs = form_paragraphs(form, figures, pack.catalog, "Tháng 1 năm 2023")
    text = " ".join(s.text for p in paragraphs for s in p)
    assert "Tổng số văn bản ban hành: 388 văn bản." in text, text
    figures |= {("CDDH_VB_CHI_THI", "th_ky"): D("2")}
    paragraphs = form_paragraphs(form, figures, pack.catalog, "Tháng 1 năm 2023")
    text = " ".join(s.text for p in paragraphs for s in p)
    assert "đã ban hành 02 chỉ thị (tổng số 388 văn bản)." in text, text


def test_a_group_without_its_figure_disappears_a_required_slot_drops_the_sentence():
    pattern = "Thu đạt {value} {unit}[, bằng {pct_kh} kế hoạch][, {pct_ck} so với cùng kỳ]."
    slots = {"value": "209.435", "unit": "triệu đồng", "pct_kh": None, "pct_ck": "bằng 85%"}
    assert render(pattern, slots) == "Thu đạt 209.435 triệu đồng, bằng 85% so với cùng kỳ."
    assert render(pattern, {**slots, "value": None}) is None
    assert render("{label}: {value} {unit}.", {"label": "Tỷ lệ", "value": "52%", "unit": ""}) == (
        "Tỷ lệ: 52%."
    )


COMPARISONS = {  # measure → the words that only its figure may bring
    "pct_dt_tinh": "dự toán tỉnh giao",
    "pct_dt_huyen": "dự toán đơn vị phấn đấu",
    "pct_ck": "cùng kỳ",  # «tăng 9,1% so với cùng kỳ», «tương đương cùng kỳ» at 100
}
figure = st.decimals(min_value=D("0.1"), max_value=D("9999999"), places=1, allow_nan=False)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=figure,
    given_pcts=st.dictionaries(
        st.sampled_from(sorted(COMPARISONS)),
        st.decimals(min_value=D("0.1"), max_value=D("999"), places=1),
    ),
)
@example(value=D("0.1"), given_pcts={"pct_ck": D("100.0")})  # «tương đương cùng kỳ»
def test_figures_round_trip_through_the_budget_sentence(pack, value, given_pcts):
    """Figures → sentence → figures: every number read back is one that was given (the
    growth figure is the ratio minus 100), and a comparison's words appear only with it."""
    form = pack.get("ngan_sach")
    ind = form.indicator_map()["NS_THU"]
    figures = {("NS_THU", "th_ky"): value} | {("NS_THU", m): v for m, v in given_pcts.items()}
    text = render(ind.sentence, slot_texts(ind, figures, pack.catalog, "6 tháng đầu năm 2023"))
    assert text is not None and "None" not in text and "{" not in text
    for measure, words in COMPARISONS.items():
        assert (words in text) == (measure in given_pcts), (measure, text)
    numbers = [
        parse_number(n).value
        for n in re.findall(r"\d[\d.]*(?:,\d+)?", text.split("năm 2023", 1)[1])
    ]
    expected = [value]
    for measure in ("pct_dt_tinh", "pct_dt_huyen", "pct_ck"):
        if measure in given_pcts:
            p = given_pcts[measure]
            if not (measure == "pct_ck" and p == 100):  # «tương đương»: no figure
                expected.append(p - 100 if measure == "pct_ck" and p > 100 else p)
    assert numbers == expected


def test_forms_check_rejects_an_unknown_slot_and_a_measure_the_indicator_lacks(tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(REPO / "forms", forms)
    path = forms / "ngan_sach.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "đạt {value} {unit}[, bằng {pct_dt_tinh}", "đạt {gia_tri} {unit}[, bằng {pct_dt_tinh}", 1
    )
    text = text.replace("Tổng chi ngân sách địa phương {ky} là {value} {unit}",
                        "Tổng chi ngân sách địa phương {ky} là {value} {unit}[, đạt {pct_kh} KH", 1)  # fmt: skip
    path.write_text(text, encoding="utf-8")
    # {items} lists an indicator's children: on one without any it could never be filled
    path = forms / "chi_dao_dieu_hanh.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("đã chủ trì {value} {unit}", "đã chủ trì {items}", 1)
    path.write_text(text, encoding="utf-8")
    result = run_cli("forms", "check", str(forms))
    assert result.returncode == 1
    assert "{gia_tri}" in result.stdout + result.stderr
    assert "CDDH_HOP_CHU_TRI" in result.stdout and "không có chỉ tiêu con" in result.stdout
    assert "Thiếu dấu «]»" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert run_cli("forms", "check").returncode == 0


@pytest.mark.parametrize("kind", ["empty", "bases_only", "values_only"])
def test_no_empty_slot_or_none_for_any_form_whatever_is_missing(services, tmp_path, kind):
    """Every form of the pack saved for unit 178 with no figures, with only comparison
    bases (no value to compare), or with only values (no base): the draft has no empty
    slot, no "None", and no comparison without its figure."""
    pack = services.pack
    for form in pack.forms.values():
        values = {}
        for ind in form.iter_indicators():
            if ind.kind == "text":
                continue
            own = form.measures_of(ind)
            if kind == "bases_only":
                values |= {(ind.code, m): D(7) for m in ("cung_ky", "kh_nam") if m in own}
            elif kind == "values_only" and "th_ky" in own:
                values[(ind.code, "th_ky")] = D(0)
        sub = Submission(form.id, form.version, "178", "2023-H1", values=values)
        services.repo.save(sub, form_hash=pack.content_hash(form.id), unit_valid_from="", actor="t")
    out = write_unit_draft(
        services.repo, pack, services.units, "178", "2023-H1", tmp_path / "x.docx", ReportOptions(dt.date(2023, 7, 4))
    )
    text = body_text(out)
    assert "None" not in text and "{" not in text and "[" not in text and "…%" not in text
    # (a label's «(điểm %)» is the author's text, not an empty figure)
    assert not re.search(r"(bằng|đạt|tăng)\s*%|(?<!điểm)\s%|:\s*[,.]|,\s*,", text)
    # no comparison at all: each needs both a value and its base
    assert not re.search(r"(bằng|đạt|tăng) [\d.,]+% (dự toán|kế hoạch|so với|tổng kế hoạch)", text)
    if kind != "values_only":
        assert ": 7 " not in text  # a base alone is not a figure to report
