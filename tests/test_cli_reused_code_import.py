"""`baocao package import` and `baocao keys trust` name a reused code's unit with its dates,
as the inbox and the key screen do: 06001 is Xã Đoàn Kết until 30/06/2025 and another Xã
Đoàn Kết from 01/07/2025, and both lines read «Xã Đoàn Kết, …» (the real CLI)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.exchange.service import export_package
from desktop.core.exchange.signing import SigningKey
from desktop.core.services import Services
from desktop.core.submission import Submission
from tests.conftest import run_cli


def _package(tmp_path, period: str, thu: int):
    unit = Services(db_path=tmp_path / period / "baocao.db", today=dt.date(2025, 10, 10))
    values = {("NS_THU", "th_ky"): Decimal(thu), ("NS_CHI", "th_ky"): Decimal(1000)}
    unit.save_entry(unit.validate(Submission("ngan_sach", 1, "06001", period, values=values)),
                    final=True, actor="Nam")  # fmt: skip
    out = tmp_path / f"goi_{period}_{thu}.baocao"
    [path] = export_package(unit, unit_code="06001", period_text=period, form_ids=None, out=out)[:1]
    return path, SigningKey.load_or_create(unit.key_dir).fingerprint


def test_a_reused_codes_unit_is_named_with_its_dates_in_the_cli(tmp_path):
    db = tmp_path / "tinh.db"
    first, first_key = _package(tmp_path, "2025-Q1", 1200)
    held = run_cli("package", "import", str(first), db=db)
    assert held.returncode == 0 and "(mã 06001, đến 30/06/2025)" in held.stdout, held.stdout
    trusted = run_cli("keys", "trust", "06001", first_key, "--as-of", "2025-06-30", db=db)
    assert trusted.returncode == 0, trusted.stderr
    assert "Xã Đoàn Kết (đến 30/06/2025), Quý I năm 2025 — Biểu số 05" in trusted.stdout
    again, _ = _package(tmp_path, "2025-Q1", 1300)  # the same installation: a new revision
    got = run_cli("package", "import", str(again), db=db)
    assert got.returncode == 0, got.stderr
    assert "Xã Đoàn Kết (đến 30/06/2025), Quý I năm 2025 — Biểu số 05" in got.stdout, got.stdout
