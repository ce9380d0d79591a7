"""This installation's settings: role, unit, the person's name (for the audit trail).

Kept as JSON in the data folder, written atomically.  The first-run dialog creates it.
"""

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from desktop import paths
from desktop.core import atomic, dataspec
from desktop.core.record import record

# no `from __future__ import annotations`: the strict reader (dataspec.py) resolves real
# annotations without compiling each one

SETTINGS_FILE = "settings.json"


class Role(StrEnum):
    UNIT = "unit"  # đơn vị báo cáo
    PROVINCE = "province"  # văn phòng tổng hợp cấp tỉnh

    @property
    def label(self) -> str:
        return {"unit": "Đơn vị báo cáo", "province": "Văn phòng tổng hợp cấp tỉnh"}[self.value]


class Filled:
    """A text of at least one character (pydantic: `min_length=1`)."""

    def check(self, value: object) -> bool:
        return isinstance(value, str) and len(value) >= 1

    def __get_pydantic_core_schema__(self, source, handler):
        schema = handler(source)
        schema["min_length"] = 1
        return schema


# the committee's signature an office has until it sets its own (Cài đặt)
SIGN_ON_BEHALF, SIGN_FOR, SIGNER_POSITION = "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"


def billions_by_default(role: object) -> bool:
    """Whether an office shows money in tỷ đồng until it says otherwise: a provincial
    office does, as the province writes it (seed 002: «418,1 tỷ đồng», «777,91 tỷ đồng»),
    a unit writes triệu đồng as the districts' reports do (seeds 000, 001, 003, 004:
    «209.435 triệu đồng»)."""
    return role == Role.PROVINCE


@record(kw_only=True)
class Settings(dataspec.Model):
    """A frozen dataclass (`dataspec.py`): the start reads it without pydantic."""

    role: Role
    unit_code: Annotated[str, dataspec.Pattern(r"^\d{2,5}$")]
    unit_valid_from: str = ""
    unit_name: str
    person_name: Annotated[str, Filled()]
    db_path: str | None = None  # None: the default database in the data folder
    # how this office's consolidated workbook is signed and shows money (issue 10,
    # excel/workbook_display.py): for the committee, by whom; tỷ đồng or triệu đồng
    sign_on_behalf: str = SIGN_ON_BEHALF
    sign_for: str = SIGN_FOR
    signer_position: str = SIGNER_POSITION
    signer_name: str = ""
    money_in_billions: bool = False  # new_settings and load_settings: by role

    def model_dump(self, mode: str = "json", *, exclude: set[str] | None = None) -> dict:
        """The fields as JSON data (as pydantic wrote them), less those in `exclude`."""
        data = dataspec.dump(self)
        return {k: v for k, v in data.items() if k not in (exclude or ())}  # type: ignore[union-attr]


def new_settings(**fields) -> Settings:
    """A new installation's settings (first run): money in tỷ đồng by role
    (`billions_by_default`).  A value already in `fields` (settings being changed) is kept
    as it is."""
    fields.setdefault("money_in_billions", billions_by_default(fields.get("role")))
    return Settings(**fields)


@record
class OfficeDisplay:
    """How an office's consolidated products, its workbook and its draft báo cáo, are
    signed and show money: the one place both read it (`office_display`)."""

    sign_on_behalf: str
    sign_for: str
    signer_position: str
    signer_name: str
    money_in_billions: bool


def office_display(settings: Settings | None) -> OfficeDisplay:
    """The office's display from its settings; None (no settings.json: the CLI on a data
    folder the GUI never set up) gives what a new provincial installation has
    (`new_settings`): money in tỷ đồng, the committee's default signature."""
    if settings is None:
        return OfficeDisplay(SIGN_ON_BEHALF, SIGN_FOR, SIGNER_POSITION, "", billions_by_default(Role.PROVINCE))
    return OfficeDisplay(
        sign_on_behalf=settings.sign_on_behalf,
        sign_for=settings.sign_for,
        signer_position=settings.signer_position,
        signer_name=settings.signer_name,
        money_in_billions=settings.money_in_billions,
    )


def settings_path(data_dir: Path | None = None) -> Path:
    return (data_dir or paths.data_dir()) / SETTINGS_FILE


def load_settings(data_dir: Path | None = None) -> Settings | None:
    path = settings_path(data_dir)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested too deep
        return None  # unreadable settings: the first-run dialog asks again
    if isinstance(data, dict) and "money_in_billions" not in data:  # written before issue 10
        data["money_in_billions"] = billions_by_default(data.get("role"))  # as new_settings
    try:
        return dataspec.build(Settings, data)  # as save_settings wrote it: no pydantic
    except dataspec.Rejected:
        pass
    try:
        return Settings.model_validate(data)  # written by hand or an older version
    except ValueError:  # pydantic's ValidationError is one
        return None


def save_settings(settings: Settings, data_dir: Path | None = None) -> Path:
    text = json.dumps(settings.model_dump(mode="json"), ensure_ascii=False, indent=1)
    return atomic.write_text(settings_path(data_dir), text)


UI_STATE_FILE = "ui_state.json"


def load_ui_state(data_dir: Path | None = None) -> dict:
    """What the window remembers between runs (per installation): geometry, last period,
    last page.  Unreadable or missing: nothing remembered."""
    path = (data_dir or paths.data_dir()) / UI_STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return {k: v for k, v in state.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(
        state, dict
    ) else {}


def save_ui_state(state: dict, data_dir: Path | None = None) -> Path:
    """Raises `BaoCaoError` (Vietnamese) when the data folder cannot be written; the window
    then simply remembers nothing."""
    path = (data_dir or paths.data_dir()) / UI_STATE_FILE
    return atomic.write_text(path, json.dumps(state, ensure_ascii=False, indent=1))
