"""The province's trust messages walked as an officer lives them, in-process on real
databases: a new commune whose code was reused on 1/7/2025 (06001 names two Xã Đoàn Kết)
asks for enrolment, the officer mistypes the fingerprint, the commune's packages arrive (one
refused under the mistyped key, one for a period of the former unit, held), the officer
corrects the key.  Each message names the unit with its dates, and says what to do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.service import export_package, import_packages
from desktop.core.exchange.signing import SigningKey
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.submission import Submission
from desktop.core.trust import enrolment
from desktop.core.trust.enrolment import accept_key, held_for_others, unseen
from tests.conftest import run_cli, warm_pack_cache

TODAY = dt.date(2026, 11, 23)
NEW = "Xã Đoàn Kết (mã 06001, từ 01/07/2025)"
OLD = "Xã Đoàn Kết (mã 06001, đến 30/06/2025)"


def installation(root) -> Services:
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    svc.key_dir = root / "keys"
    return svc


def send(svc: Services, period: str, out) -> object:
    sub = Submission(
        "ngan_sach", 1, "06001", period,
        values={("NS_THU", "th_ky"): Decimal("1250"), ("NS_CHI", "th_ky"): Decimal("980")},
    )
    svc.save_entry(svc.validate(sub), final=True, actor="Nam")
    return export_package(
        svc, unit_code="06001", period_text=period, form_ids=["ngan_sach"], out=out
    )[0]


def test_a_reused_code_a_mistyped_key_and_its_correction_say_what_to_do(tmp_path):
    warm_pack_cache(tmp_path / "data")  # the pack read from its cache, as after a first run
    clerk, province = installation(tmp_path / "xa"), installation(tmp_path / "tinh")
    key = SigningKey.load_or_create(clerk.key_dir)
    fp = key.fingerprint
    wrong = ("0" if fp[0] != "0" else "1") + fp[1:]
    unit = province.units.for_period("06001", Period.parse("2025-Q3"))
    request = tmp_path / "dk.baocao-dangky"
    clerk.db  # noqa: B018 — the clerk's database and key exist before the real CLI uses them
    made = run_cli(  # today's 06001, named with its dates: the clerk sees which Xã Đoàn Kết
        "keys", "request", "--unit", "06001", "--person", "Hoàng Văn Nam", "--out", str(request),
        db=clerk.db_path,
    ).stdout  # fmt: skip
    assert f"Đã ghi yêu cầu đăng ký khóa {request} cho {NEW}. Dấu vân tay: {fp}" in made, made
    province.db  # noqa: B018 — the database exists before the real CLI writes to it
    said = run_cli("keys", "receive", str(request), db=province.db_path).stdout
    assert f"«dk.baocao-dangky»: {NEW}, người gửi Hoàng Văn Nam, dấu vân tay {fp}" in said, said

    # the slip: the warning names the unit with its dates and the key the unit asked for
    said = unseen(province.db, province.units, unit.key, wrong)
    assert f"khóa {wrong} của đơn vị {NEW}; kiểm tra lại dấu vân tay." in said, said
    assert f"Yêu cầu đang chờ của đơn vị: khóa {fp} (người gửi Hoàng Văn Nam)." in said, said
    accept_key(province, unit, wrong)
    decision = enrolment.write_decision(
        SigningKey.load_or_create(province.key_dir), unit, wrong, "accepted", tmp_path / "xn"
    )
    with pytest.raises(BaoCaoError) as refused:  # the clerk is told whom to call
        enrolment.import_decision(clerk.db, fp, decision)
    assert "gọi điện cho văn phòng tỉnh, đọc lại dấu vân tay của máy này" in refused.value.message

    q3 = send(clerk, "2025-Q3", tmp_path / "q3.baocao")
    q1 = send(clerk, "2025-Q1", tmp_path / "q1.baocao")  # the former Xã Đoàn Kết's period
    r3, r1 = import_packages(province, [q3, q1])
    assert r3.outcome == "rejected" and f"Gói cho {NEW} được ký bằng khóa {fp}" in r3.message
    assert "Đơn vị đã gửi yêu cầu đăng ký khóa này: nếu tỉnh ghi nhầm dấu vân tay" in r3.message
    assert "Gói được giữ lại: khi tỉnh chấp nhận khóa này, gói được tính" in r3.message
    assert r1.outcome == "held" and f"Gói cho {OLD}" in r1.message, r1.message

    [again] = accept_key(province, unit, fp)  # corrected: the refused package counts
    assert (again.file, again.outcome) == ("q3.baocao", "new")
    assert held_for_others(province.db, province.units, unit.key, fp) == (
        f"Gói ký bằng khóa này cho đơn vị khác vẫn đang giữ, chưa tính: {OLD} (Quý I năm 2025). "
        f"Khóa vừa chấp nhận chỉ dùng cho {NEW}."
    )
    assert held_for_others(province.db, province.units, ("183", ""), "AAAA") == ""
    # keys list: each key's unit as the key screen names it, its code in a column of its own
    # («Xã Đoàn Kết (mã 06001, từ 01/07/2025)» beside «06001»), the held package's too
    province.close()
    listed = run_cli("keys", "list", db=province.db_path).stdout.splitlines()
    rows = [ln for ln in listed if ln.startswith("06001")]
    assert len(rows) == 3 and not any("(mã" in ln for ln in rows), listed
    assert any("Xã Đoàn Kết (đến 30/06/2025)" in ln for ln in listed), listed
    assert any("Xã Đoàn Kết (từ 01/07/2025)" in ln for ln in listed), listed
