"""A package is a `.baocao` file, and says so (L5's findings): `package export --out
goi.zip` is refused in Vietnamese with nothing written and the forms left as they were, and
`feedback import` of a unit's package says it is a package for the province's import, not
only «không đúng định dạng».  The real CLI on a unit's real database."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.core.package_tools import budget, finalise, installation

pytestmark = pytest.mark.usefixtures("warm_pack")


def test_export_wants_baocao_and_feedback_import_names_a_package(tmp_path):
    unit = installation(tmp_path, "don_vi")
    finalise(unit, budget("178", "2023-H1", "209.435"))
    export = ("package", "export", "--unit", "178", "--period", "2023-H1", "--out")

    said = run_cli(*export, str(tmp_path / "goi.zip"), db=unit.db_path)
    assert said.returncode == 1, said.stdout + said.stderr
    assert "Tên gói «goi.zip» phải có đuôi .baocao (ví dụ «goi.baocao»)" in said.stderr
    assert list(tmp_path.glob("goi*")) == [] and "Traceback" not in said.stderr
    assert unit.repo.get("178", "", "ngan_sach", "2023-H1").status == "final"  # not «sent»

    sent = run_cli(*export, str(tmp_path / "goi.baocao"), db=unit.db_path)
    assert sent.returncode == 0, sent.stdout + sent.stderr

    said = run_cli("feedback", "import", str(tmp_path / "goi.baocao"), db=unit.db_path)
    assert said.returncode == 2, said.stdout + said.stderr
    message = " ".join(said.stderr.split())
    assert "đây là gói số liệu (.baocao) một đơn vị gửi lên" in message, message
    assert "baocao package import" in message and "Traceback" not in message
