"""Storage's and trust's messages name a form by its number and title, the unit by its
name and the period as people say it (storage/naming.py, given the pack and the unit
catalog by Services) — never «Biểu «ngan_sach» kỳ 2023-H1 của đơn vị 183», as the refusal
to edit a unit's received figures read, nor «biểu «ngan_sach» lần 1, kỳ 2023-H1» in the
trust log («keys log», the keys page)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.core.errors import StorageError
from desktop.core.exchange.signing import SigningKey
from desktop.core.services import Services
from desktop.core.storage.naming import StoredNames
from desktop.core.submission import Submission
from desktop.core.trust.audit import log_rows
from desktop.core.trust.review import review_submission
from tests.test_cli_user_messages import TODAY, province_with_a_received_form

NAMED = "biểu số 05 (Thu, chi ngân sách nhà nước)"
CODES = ("ngan_sach", "2023-H1", "đơn vị 183", "mã 183")


def test_the_province_editing_a_received_form_reads_names(tmp_path, warm_pack):
    db = province_with_a_received_form(tmp_path)
    svc = Services(db_path=db, today=TODAY)
    values = {("NS_THU", "th_ky"): Decimal("256813"), ("NS_CHI", "th_ky"): Decimal("1000")}
    with pytest.raises(StorageError) as refused:  # what `entry load` at the province meets
        svc.save_entry(svc.validate(Submission("ngan_sach", 1, "183", "2023-H1", values=values)),
                       final=True, actor="Hà")  # fmt: skip
    said = refused.value.message
    assert said.startswith(f"Không sửa được {NAMED} của Huyện Cao Lộc, 6 tháng đầu năm 2023 "), said
    assert not [c for c in CODES if c in said], said

    review_submission(svc, SigningKey.load_or_create(tmp_path / "khoa_tinh"), unit_code="183",
                      period="2023-H1", form_id="ngan_sach", decision="accepted",
                      out=tmp_path / "xac_nhan.baocao-phanhoi", actor="Hà")  # fmt: skip
    details = [e["detail"] for e in log_rows(svc.db, svc.units) if e["action"] == "accept-submission"]
    assert details == [
        f"Đã chấp nhận: {NAMED} lần 1 của Huyện Cao Lộc (mã 183), 6 tháng đầu năm 2023."
    ], details
    svc.close()


def test_without_a_pack_the_codes_are_all_there_is():
    names = StoredNames()
    assert names.of("ngan_sach", "183", "2020-01-01", "2023-H1") == (
        "biểu «ngan_sach» của đơn vị mã 183, 6 tháng đầu năm 2023"
    )
