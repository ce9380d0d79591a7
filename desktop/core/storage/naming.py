"""How storage's messages name a stored form to a person: the form by its number and
title («biểu số 05 (Thu, chi ngân sách nhà nước)»), the unit by its name, the period as
people say it («6 tháng đầu năm 2023») — never «ngan_sach», «2023-H1» or «178».

Storage does not load the form pack nor the unit catalog: whoever makes the repository
passes them (Services: `StoredNames(lambda: self.pack, lambda: self.units)`, read only
when a message is written).  Without them (a bare repository) the codes are all there is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.periods import Period


class StoredNames:
    def __init__(
        self,
        pack_of: Callable[[], Any] | None = None,
        units_of: Callable[[], Any] | None = None,
    ) -> None:
        self._pack_of = pack_of
        self._units_of = units_of

    def form(self, form_id: str) -> str:
        """«biểu số 05 (Thu, chi ngân sách nhà nước)», mid-sentence."""
        form = _or_none(lambda: self._pack_of().forms.get(form_id)) if self._pack_of else None
        if form is None:
            return f"biểu «{form_id}»"
        return f"{form.bieu_so[:1].lower()}{form.bieu_so[1:]} ({form.title})"

    def unit(self, code: str, valid_from: str) -> str:
        units = _or_none(self._units_of) if self._units_of else None
        for u in units.all() if units is not None else ():
            if u.key == (code, valid_from):
                return u.name
        return f"đơn vị mã {code}"

    def of(self, form_id: str, unit_code: str, valid_from: str, period: str) -> str:
        """«biểu số 05 (…) của Huyện Cao Lộc, 6 tháng đầu năm 2023»."""
        return f"{self.form(form_id)} của {self.unit(unit_code, valid_from)}, {phrase(period)}"


def phrase(period: str) -> str:
    named = _or_none(lambda: Period.parse(period).phrase)
    return named or f"kỳ {period}"


def _or_none(get: Callable[[], Any]) -> Any:
    try:
        return get()
    except Exception:  # noqa: BLE001 — naming a refusal must never become a second failure
        return None
