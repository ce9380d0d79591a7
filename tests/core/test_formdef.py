"""The form pack loads, and every kind of broken definition is reported with its place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core.errors import FormDefinitionError
from desktop.core.formdef.layout import form_rows
from desktop.core.formdef.loader import check_pack, load_pack
from desktop.core.formdef.models import Aggregation

REPO = Path(__file__).resolve().parents[2]


def test_shipped_pack_is_valid(pack):
    _, issues = check_pack(REPO / "forms")
    assert [i.render() for i in issues] == []
    assert len(pack.forms) >= 14
    assert pack.indicator_count >= 200


def test_every_domain_of_the_seeds_has_a_form(pack):
    domains = {f.domain for f in pack.forms.values()}
    expected = {
        "nong_lam_nghiep", "cong_thuong_dich_vu", "kinh_te_cua_khau", "doanh_nghiep_htx", "ngan_sach",
        "dau_tu_cong", "do_thi_xay_dung", "tai_nguyen_dat_dai", "giao_duc", "y_te", "van_hoa",
        "lao_dong_xa_hoi", "dan_toc_ton_giao", "quoc_phong", "an_ninh_trat_tu", "thanh_tra", "tu_phap",
        "noi_vu_cchc", "chuyen_doi_so", "nong_thon_moi",
    }
    assert expected <= domains


def test_semantics_of_the_pack(pack):
    for form in pack.forms.values():
        imap = form.indicator_map()
        for ind in imap.values():
            if ind.aggregation is Aggregation.RATIO and ind.numerator:
                assert imap[ind.numerator].aggregation in (Aggregation.FLOW, Aggregation.STOCK, Aggregation.COUNT_OF_UNITS)
            if ind.kind == "text":
                assert ind.aggregation is Aggregation.NONE
        assert form.narratives, f"{form.id} has no narrative section"


def test_stt_numbering(pack):
    rows = form_rows(pack.get("ngan_sach"))
    stts = [(r.stt, r.indicator.code if r.indicator else None) for r in rows]
    assert stts[0] == ("I", None)
    assert ("1", "NS_THU") in stts
    assert ("1.1", "NS_THU_ND") in stts
    assert ("a", "NS_THU_ND_KSDD") in stts


def _pack_with(tmp_path: Path, form_text: str) -> Path:
    d = tmp_path / "forms"
    d.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", d / "_catalog.yaml")
    (d / "thu.yaml").write_text(form_text, encoding="utf-8")
    return d


BASE = """
id: thu
version: 1
title: "Biểu thử"
bieu_so: "Biểu số 99"
domain: ngan_sach
period_types: [month]
measures: [th_ky, luy_ke]
sections:
  - title: "Phần một"
    indicators:
      - {code: A_TONG, label: "Tổng", unit: trieu_dong, children: equal}
      - {code: A_CON, label: "Con", unit: trieu_dong, parent: A_TONG}
narratives:
  - {code: ket_qua, title: "Kết quả"}
"""


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("unit: trieu_dong, children", "unit: trieu_dongg, children"), "dvt_khong_ro"),
        (("parent: A_TONG", "parent: A_KHONG"), "cha_khong_ton_tai"),
        (("code: A_CON", "code: A_TONG"), "trung_ma_chi_tieu"),
        (("domain: ngan_sach", "domain: khong_co"), "linh_vuc_khong_ro"),
        (("measures: [th_ky, luy_ke]", "measures: [th_ky, la_la]"), "so_do_khong_ro"),
        (("id: thu", "id: khac"), "ten_tep_khac_ma_bieu"),
        (("version: 1", "version: 0"), "sai_cau_truc"),
        (("period_types: [month]", "period_types: [week]"), "sai_cau_truc"),
        (("title: \"Biểu thử\"", "title: [1, 2"), "yaml_sai_cu_phap"),
    ],
)
def test_broken_definitions_are_reported(tmp_path, change, code):
    d = _pack_with(tmp_path, BASE.replace(*change))
    _, issues = check_pack(d)
    assert code in {i.code for i in issues}, [i.render() for i in issues]
    with pytest.raises(FormDefinitionError) as exc:
        load_pack(d)
    assert exc.value.issues and all(i.message for i in exc.value.issues)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("A_TONG >= A_KHAC", "quy_tac_tham_chieu_sai"),
        ("A_TONG.la_la >= 0", "quy_tac_tham_chieu_sai"),
        ("__import__('os')", "quy_tac_sai_cu_phap"),
        ("A_TONG >=", "quy_tac_sai_cu_phap"),
    ],
)
def test_bad_rules_are_reported(tmp_path, rule, code):
    text = BASE + f'rules:\n  - {{code: R1, expr: "{rule}", message: "Sai."}}\n'
    _, issues = check_pack(_pack_with(tmp_path, text))
    assert code in {i.code for i in issues}, [i.render() for i in issues]


def test_ratio_needs_parts(tmp_path):
    text = BASE.replace(
        "      - {code: A_CON, label: \"Con\", unit: trieu_dong, parent: A_TONG}",
        "      - {code: A_CON, label: \"Con\", unit: trieu_dong, parent: A_TONG}\n"
        "      - {code: A_TL, label: \"Tỷ lệ\", unit: phan_tram, kind: percent, aggregation: ratio}",
    )
    _, issues = check_pack(_pack_with(tmp_path, text))
    assert "ty_le_thieu_thanh_phan" in {i.code for i in issues}
