"""Departments as reporting units: the catalog before and after the 1/3/2025 mergers, the
crosswalk, the responsibility matrix against the form pack, and `baocao units list --kind`."""

from __future__ import annotations

import datetime as dt
import json
import shutil

from desktop import paths
from desktop.core.departments import ResponsibilityMatrix, check_responsibilities
from desktop.core.units import UnitCatalog, departments_path
from tests.conftest import run_cli

D = dt.date
BEFORE, AFTER = D(2023, 1, 31), D(2025, 12, 31)


def _names(units) -> set[str]:
    return {u.name for u in units}


def test_departments_before_and_after_the_2025_mergers():
    cat = UnitCatalog.load()
    before, after = _names(cat.departments(BEFORE)), _names(cat.departments(AFTER))
    merged_away = {
        "Sở Kế hoạch và Đầu tư",
        "Sở Giao thông vận tải",
        "Sở Tài nguyên và Môi trường",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Thông tin và Truyền thông",
        "Sở Lao động - Thương binh và Xã hội",
        "Ban Dân tộc",
        "Cục Thuế tỉnh Lạng Sơn",
        "Cục Thống kê tỉnh Lạng Sơn",
    }
    created = {"Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo", "Thuế tỉnh Lạng Sơn",
               "Thống kê tỉnh Lạng Sơn"}
    assert merged_away <= before and not merged_away & after
    assert created <= after and not created & before
    kept = {"Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Công an tỉnh Lạng Sơn", "Sở Ngoại vụ"}
    assert kept <= before & after
    # the provincial departments: 19 before (with the Office), 14 after
    kind = "Cơ quan chuyên môn thuộc UBND tỉnh"
    assert len([u for u in cat.departments(BEFORE) if u.kind == kind]) == 19
    assert len([u for u in cat.departments(AFTER) if u.kind == kind]) == 14


def test_a_department_keeps_its_code_across_a_merger_as_a_new_version():
    cat = UnitCatalog.load()
    old, new = cat.get("2003", BEFORE), cat.get("2003", AFTER)
    assert old.name == new.name == "Sở Tài chính" and old.key != new.key
    assert {lk.code for lk in new.predecessors} == {"2003", "2002"}  # + Sở Kế hoạch và Đầu tư


def test_crosswalk_is_consistent_both_ways():
    cat = UnitCatalog.load()
    for old in cat.departments():
        for link in old.successors:
            day_after = old.valid_to + dt.timedelta(days=1)
            new = cat.get(link.code, day_after)
            assert any(p.code == old.code for p in new.predecessors), (old.name, new.name)
            assert new.name == link.name
        for link in old.predecessors:
            prev = cat.get(link.code, old.valid_from - dt.timedelta(days=1))
            assert any(s.code == old.code for s in prev.successors), (old.name, prev.name)


def test_departments_are_not_children_of_the_province():
    cat = UnitCatalog.load()
    for day in (BEFORE, AFTER):
        assert all(u.level != "department" for u in cat.children(cat.province, day))
        assert all(u.parent_code == cat.province.code for u in cat.departments(day))


def test_responsibility_matrix_names_real_forms_sections_and_departments(pack):
    matrix = ResponsibilityMatrix.load()
    assert check_responsibilities(matrix, UnitCatalog.load(), pack) == []
    cat = UnitCatalog.load()
    police = cat.get("2037", BEFORE)
    assert [r.form for r in matrix.of(police)][0] == "an_ninh_trat_tu"
    # every form of the pack is reported by at least one department, before and after
    for day in (BEFORE, AFTER):
        units = cat.departments(day)
        assert [f for f in pack.forms if not matrix.reporters(f, units)] == []


def test_responsibility_check_reports_every_problem(pack, tmp_path):
    path = tmp_path / "responsibilities.json"
    data = json.loads((paths.units_catalog_path().with_name("responsibilities.json")).read_text("utf-8"))
    data["responsibilities"][0]["reports"].append({"form": "khong_co"})
    data["responsibilities"][1]["reports"].append({"form": "ngan_sach", "indicators": ["NS_XYZ"]})
    data["responsibilities"][2]["reports"].append({"form": "ngan_sach", "sections": ["Mục lạ"]})
    data["responsibilities"].append({"unit": "9999", "reports": []})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    problems = check_responsibilities(ResponsibilityMatrix.load(path), UnitCatalog.load(), pack)
    assert len(problems) == 4
    assert "không có biểu «khong_co»" in problems[0]
    assert "không có chỉ tiêu NS_XYZ" in problems[1]
    assert "không có mục «Mục lạ»" in problems[2]
    assert "đơn vị 9999" in problems[3]


def test_catalog_without_a_departments_file_has_none(tmp_path):
    src = paths.units_catalog_path()
    shutil.copy(src, tmp_path / "other.json")
    assert not departments_path(tmp_path / "other.json").exists()
    assert UnitCatalog.load(tmp_path / "other.json").departments() == []


def test_cli_lists_departments_before_and_after_the_mergers():
    before = run_cli("units", "list", "--kind", "department", "--as-of", "2023-01-31")
    after = run_cli("units", "list", "--kind", "department", "--as-of", "2025-12-31", "--json")
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    assert "Sở Kế hoạch và Đầu tư" in before.stdout and "Huyện" not in before.stdout
    assert "30 đơn vị có hiệu lực ngày 31/01/2023." in before.stdout
    rows = json.loads(after.stdout)
    assert {r["level"] for r in rows} == {"department"} and len(rows) == 25
    assert "Sở Nông nghiệp và Môi trường" in {r["name"] for r in rows}
    assert "Sở Kế hoạch và Đầu tư" not in {r["name"] for r in rows}
    bad = run_cli("units", "list", "--kind", "sở")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_every_lead_department_exists_and_is_responsible_for_what_it_leads(pack):
    cat, matrix = UnitCatalog.load(), ResponsibilityMatrix.load()
    versions: dict[str, list] = {}
    for u in cat.departments():
        versions.setdefault(u.code, []).append(u)
    leads = 0
    for form in pack.forms.values():
        for ind in form.iter_indicators():
            for code in form.lead_of(ind):
                leads += 1
                assert code in versions, f"{form.id}.{ind.code}: no department {code}"
                assert any(matrix.reports_indicator(u, form, ind.code) for u in versions[code]), (
                    f"{form.id}.{ind.code}: {versions[code][0].name} leads it but does not report it"
                )
    assert leads > 0
