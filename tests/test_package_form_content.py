"""A package made with the same version of a form but other content (a label changed, the
wording of a form updated on one side only) is refused saying so, through the real CLI:
it read «theo phiên bản 1, khác phiên bản tỉnh đang dùng (1) hoặc đã bị sửa», two equal
numbers said to differ (found importing a month's packages after 0b795e1 moved seven
forms' hashes)."""

from __future__ import annotations

import json
import shutil

from tests.conftest import REPO, run_cli


def test_same_version_other_content_is_said_so(tmp_path, warm_pack):
    forms = tmp_path / "bieu_don_vi"
    shutil.copytree(REPO / "forms", forms)
    yaml = forms / "ngan_sach.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "Tổng thu ngân sách nhà nước trên địa bàn" in text
    yaml.write_text(text.replace("Tổng thu ngân sách nhà nước trên địa bàn",
                                 "Tổng thu NSNN trên địa bàn", 1), encoding="utf-8")  # fmt: skip
    sub = tmp_path / "ns.json"
    sub.write_text(json.dumps({
        "format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1, "unit": "183",
        "period": "2023-01", "values": {"NS_THU": {"th_ky": "12500"}, "NS_CHI": {"th_ky": "21000"}}}),
        encoding="utf-8")  # fmt: skip
    unit = ["--db", str(tmp_path / "don_vi.db"), "--forms-dir", str(forms)]
    r = run_cli(*unit, "entry", "load", str(sub), "--final")
    assert r.returncode == 0, r.stdout + r.stderr
    out = tmp_path / "goi.baocao"
    r = run_cli(*unit, "package", "export", "--unit", "183", "--period", "2023-01", "--out", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_cli("package", "import", str(out), "--json", db=tmp_path / "tinh.db")
    [got] = json.loads(r.stdout)
    assert got["outcome"] == "rejected"
    assert "lập theo nội dung biểu khác với biểu tỉnh đang dùng (cùng phiên bản 1)" in got["message"]
    assert "(1) hoặc" not in got["message"], got["message"]
    # refused for its form, still said whose: the inbox's «Đơn vị» and «Kỳ» filled (L8)
    assert (got["unit"], got["unit_name"], got["period"]) == ("183", "Huyện Cao Lộc", "2023-01")
    assert got["package_uuid"]
