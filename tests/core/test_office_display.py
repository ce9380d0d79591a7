"""How an office's workbook and draft show money and are signed (`settings.office_display`):
the office's settings when it has them, a new provincial installation's when it has none,
and a settings file written before the setting existed read by role, as `new_settings` would
have made it.  The CLI route (no settings.json) is tested through the real CLI in
tests/core/test_report_officer.py."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.settings import (
    Role,
    Settings,
    load_settings,
    new_settings,
    office_display,
    save_settings,
    settings_path,
)


def _older_file(data_dir, role: Role) -> None:
    """settings.json as a version before issue 10 wrote it: no money_in_billions."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fields = {"role": role.value, "unit_code": "20", "unit_valid_from": "",
              "unit_name": "Tỉnh Lạng Sơn", "person_name": "Trần Văn Minh", "db_path": None}  # fmt: skip
    settings_path(data_dir).write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")


def test_no_settings_is_a_new_provincial_installation():
    new = new_settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                       person_name="Trần Văn Minh")  # fmt: skip
    assert office_display(None) == office_display(new)
    assert office_display(None).money_in_billions is True
    assert office_display(None).sign_for == "KT. CHỦ TỊCH"


def test_an_older_settings_file_is_read_by_role(tmp_path):
    _older_file(tmp_path / "tinh", Role.PROVINCE)
    _older_file(tmp_path / "xa", Role.UNIT)
    assert load_settings(tmp_path / "tinh").money_in_billions is True
    assert load_settings(tmp_path / "xa").money_in_billions is False


@given(role=st.sampled_from(Role), billions=st.booleans())
def test_what_the_office_chose_is_kept(tmp_path_factory, role, billions):
    """Cài đặt's choice, saved and read back, is what both products show, whatever the role."""
    data_dir = tmp_path_factory.mktemp("cai_dat")
    settings = Settings(role=role, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                        person_name="Trần Văn Minh", money_in_billions=billions)  # fmt: skip
    save_settings(settings, data_dir)
    assert office_display(load_settings(data_dir)).money_in_billions is billions
