"""Where a problem is, as a clerk reads it: the form by its number, the indicator by its
label and the column by its Vietnamese heading (from the form pack), never the internal
codes — in `baocao entry validate` (the real CLI), in a package's rejection at the province
and in `Location.describe` itself; a code only where the pack has no name for it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.core.exchange.service import import_packages
from desktop.core.issues import Location
from desktop.core.services import Services
from tests.conftest import run_cli
from tests.core.fuzz_corpus import _content_hash
from tests.core.package_tools import budget, enrol, export, finalise, installation, resign

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "seed000"
CODE = re.compile(r"\b(?:chỉ tiêu|cột) [A-Za-z_0-9]+\b")  # «chỉ tiêu DT_GN», «cột th_ky»


def test_entry_validate_names_the_form_the_row_and_the_column():
    got = run_cli("entry", "validate", str(FIXTURES / "dau_tu_cong.json"))
    assert got.returncode == 0, got.stdout + got.stderr
    lines = [line for line in got.stdout.splitlines() if line.startswith("  [")]
    assert lines and all(line.endswith(")") for line in lines)
    assert (
        "(tệp dau_tu_cong.json, biểu số 07, chỉ tiêu «Giá trị khối lượng thực hiện», "
        "cột «Thực hiện kỳ báo cáo»)"
    ) in got.stdout
    assert "cột «So kế hoạch năm (%)»" in got.stdout
    assert not CODE.findall(got.stdout), CODE.findall(got.stdout)
    assert "biểu dau_tu_cong" not in got.stdout


def test_a_code_the_pack_does_not_know_is_shown_as_the_code(tmp_path):
    doc = json.loads((FIXTURES / "ngan_sach.json").read_text(encoding="utf-8"))
    doc["values"]["NS_KHONG_CO"] = {"th_ky": "5"}
    path = tmp_path / "bai.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    got = run_cli("entry", "validate", str(path))
    assert got.returncode == 1
    assert (
        "[Lỗi] chi_tieu_khong_co: Biểu số 05 «Thu, chi ngân sách nhà nước» không có chỉ tiêu mã "
        "«NS_KHONG_CO». (tệp bai.json, biểu số 05, chỉ tiêu NS_KHONG_CO)"
    ) in got.stdout
    assert "Traceback" not in got.stdout + got.stderr


def test_describe_by_names_with_the_pack_and_by_codes_without(tmp_path):
    svc = Services(db_path=tmp_path / "x.db")
    place = Location(
        file="bieu.xlsx", sheet="Biểu 05", cell="F9", form="ngan_sach", indicator="NS_THU",
        measure="th_ky",
    )  # fmt: skip
    label = svc.pack.get("ngan_sach").indicator_map()["NS_THU"].label
    assert place.describe(svc.pack) == (
        f"tệp bieu.xlsx, trang tính «Biểu 05», ô F9, biểu số 05, chỉ tiêu «{label}», "
        "cột «Thực hiện kỳ báo cáo»"
    )
    assert place.describe() == (
        "tệp bieu.xlsx, trang tính «Biểu 05», ô F9, biểu ngan_sach, chỉ tiêu NS_THU, cột th_ky"
    )
    assert place.describe(svc.pack, skip=("file", "sheet", "cell", "form")) == (
        f"chỉ tiêu «{label}», cột «Thực hiện kỳ báo cáo»"
    )
    narrative = svc.pack.get("ngan_sach").narratives[0]
    assert Location(form="ngan_sach", narrative=narrative.code).describe(svc.pack) == (
        f"biểu số 05, phần thuyết minh «{narrative.title}»"
    )
    assert Location(form="khong_co", indicator="X1").describe(svc.pack) == (
        "biểu khong_co, chỉ tiêu X1"
    )


def test_a_rejected_package_says_where_by_names(tmp_path):
    unit, province = installation(tmp_path, "don_vi"), installation(tmp_path, "tinh")
    enrol(province, unit, "178", "2023-H1")
    finalise(unit, budget("178", "2023-H1", "5"))
    pkg = export(unit, "178", "2023-H1", tmp_path / "goi.baocao")

    def negative(d):
        d["submissions"][0]["values"]["NS_CHI"]["th_ky"] = "-7"
        changed.append(d["submissions"][0])
        return d

    def faithful(m):  # the hash a faithful writer would have put in: the figures are checked
        m["forms"][0]["content_hash"] = _content_hash(changed[0])
        return m

    changed: list[dict] = []
    bad = resign(pkg, tmp_path / "am.baocao", unit.key_dir, data=negative, manifest=faithful)
    [r] = import_packages(province, [bad])
    assert r.outcome == "rejected", r.message
    label = province.pack.get("ngan_sach").indicator_map()["NS_CHI"].label
    assert f"(chỉ tiêu «{label}», cột «Thực hiện kỳ báo cáo»)" in r.message, r.message
    assert not CODE.findall(r.message) and "NS_CHI" not in r.message, r.message
