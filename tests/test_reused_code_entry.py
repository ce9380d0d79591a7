"""Figures for commune 06001 of Quý I/2025 loaded on the new Xã Đoàn Kết's installation
(06001 from 1/7/2025, ../shared/data/lang_son_units.json): the code named the former Xã Đoàn
Kết then, and `entry load` stored them as that unit's, saying only «Xã Đoàn Kết».  Now the
clerk's installation refuses them, naming both units with their dates and what to do; a
province's installation (or one not set up) stores them, naming the unit with its dates.
The real CLI in a subprocess."""

from __future__ import annotations

import json

from desktop.core.settings import Role, Settings, save_settings
from tests.conftest import run_cli

FILE = {
    "format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1, "unit": "06001",
    "period": "2025-Q1", "values": {"NS_THU": {"th_ky": "1.250"}, "NS_CHI": {"th_ky": "980"}},
}  # fmt: skip


def _the_new_doan_ket(data_dir) -> None:
    """An installation set up for the new Xã Đoàn Kết (06001 from 1/7/2025)."""
    save_settings(
        Settings(role=Role.UNIT, unit_code="06001", unit_valid_from="2025-07-01",
                 unit_name="Xã Đoàn Kết", person_name="Lan"),
        data_dir,
    )  # fmt: skip


def test_a_new_communes_installation_refuses_the_former_communes_quarter(tmp_path, warm_pack):
    path, db = tmp_path / "so_lieu.json", tmp_path / "baocao.db"
    path.write_text(json.dumps(FILE), encoding="utf-8")
    env = {"BAOCAO_DATA_DIR": str(warm_pack)}
    _the_new_doan_ket(warm_pack)
    for action in ("validate", "load"):
        got = run_cli("entry", action, str(path), db=db, env=env)
        said = got.stdout + got.stderr
        assert got.returncode == 1, said
        assert "Traceback" not in said and "Chưa lưu gì" in said, said
        assert "Mã 06001 ở quý I năm 2025 là Xã Đoàn Kết (mã 06001, đến 30/06/2025)" in said
        assert "không phải đơn vị của máy này, Xã Đoàn Kết (mã 06001, từ 01/07/2025)" in said
        assert "Hãy chọn kỳ kết thúc từ ngày 01/07/2025" in said, said
    show = run_cli("entry", "show", "--unit", "06001", "--period", "2025-Q1", "--form",
                   "ngan_sach", db=db, env=env)  # fmt: skip
    assert show.returncode != 0 and "Chưa có số liệu" in show.stderr, show.stderr  # nothing stored

    (warm_pack / "settings.json").unlink()  # not set up (or a province): stored, named so
    got = run_cli("entry", "load", str(path), db=db, env=env)
    assert got.returncode == 0, got.stderr
    assert "Đã lưu «so_lieu.json»: Xã Đoàn Kết (mã 06001, đến 30/06/2025), Quý I năm 2025" in (
        got.stdout
    ), got.stdout


def test_a_new_communes_installation_makes_no_template_of_the_former_commune(tmp_path, warm_pack):
    """`baocao template --unit 06001 --period 2025-Q1` on the new Xã Đoàn Kết's installation
    wrote the former commune's template without a word (one it could not load back)."""
    out, db = tmp_path / "mau.xlsx", tmp_path / "baocao.db"
    env = {"BAOCAO_DATA_DIR": str(warm_pack)}
    _the_new_doan_ket(warm_pack)
    args = ("template", "--form", "ngan_sach", "--unit", "06001", "--out", str(out))
    got = run_cli(*args, "--period", "2025-Q1", db=db, env=env)
    assert got.returncode == 1 and "Traceback" not in got.stderr, got.stderr
    assert "Mã 06001 ở quý I năm 2025 là Xã Đoàn Kết (mã 06001, đến 30/06/2025)" in got.stderr
    assert not out.exists()
    ok = run_cli(*args, "--period", "2025-Q3", db=db, env=env)  # its own quarter: made
    assert ok.returncode == 0 and out.exists(), ok.stderr
