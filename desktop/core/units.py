"""The unit catalog: Lạng Sơn's administrative units before and after 1/7/2025, and the
province's departments (sở, ban, ngành and central agencies that report to it).

Built from `shared/data/lang_son_units.json` (`python -m desktop.core.units build SRC DEST`)
into `resources/units/lang_son.json`, which ships with the app.  Codes are reused across
the reform (the same code names a different area before and after), so a unit is
identified by (code, valid_from).  Which unit a period means is decided on the period's
last calendar day: a 2025 year report is made by the new communes.

Departments (level "department") come from a hand-kept file beside the catalog,
`resources/units/lang_son_departments.json` (its "source" names the legal basis): they are
effective-dated the same way (the 1/3/2025 mergers of departments), report to the province
and are never children of an administrative unit.
"""

import datetime as dt
import json
import sys
import unicodedata
from dataclasses import field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from desktop import paths
from desktop.core import dataspec
from desktop.core.errors import BaoCaoError, NotFoundError
from desktop.core.record import record

REFORM = "2025-07-01"
LAST_OLD_DAY = "2025-06-30"
_KINDS = ["Thành phố", "Thị xã", "Thị trấn", "Tỉnh", "Huyện", "Xã", "Phường"]


# no `from __future__ import annotations` in this module: the catalog reader (dataspec.py)
# resolves real annotations without compiling each one
@record(kw_only=True)
class Link(dataspec.Model):
    """A unit's predecessor or successor across the reform, wholly or in part."""

    code: str
    name: str
    type: Literal["full", "partial"]


@record(kw_only=True)
class Unit(dataspec.Model):
    """An administrative unit or department (a frozen dataclass: `dataspec.py`, `record.py`)."""

    code: str
    name: str
    level: Literal["province", "district", "commune", "department"]
    kind: str
    parent_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    predecessors: list[Link] = field(default_factory=list)
    successors: list[Link] = field(default_factory=list)

    @cached_property
    def key(self) -> tuple[str, str]:
        """(code, valid_from), computed once per unit: consolidation and the trust checks ask
        it thousands of times per run.  The model is frozen; equality and hash stay on the
        fields (dataclasses compare fields only); never `model_copy(update=…)` a unit."""
        return (self.code, self.valid_from.isoformat() if self.valid_from else "")

    @property
    def validity(self) -> str:
        """When the catalog has the unit, as people read it: «từ 01/07/2025», «đến
        30/06/2025» (both when both); "" for a unit of every time.  A code reused after
        1/7/2025 names two units, told apart by this."""
        return " ".join(
            part
            for part in (
                f"từ {self.valid_from:%d/%m/%Y}" if self.valid_from else "",
                f"đến {self.valid_to:%d/%m/%Y}" if self.valid_to else "",
            )
            if part
        )

    def valid_on(self, d: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (
            self.valid_to is None or d <= self.valid_to
        )


def _kind(name: str) -> str:
    return next((k for k in _KINDS if name.startswith(k + " ")), name.split()[0])


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def build_catalog(source: dict) -> dict:
    """Transform the shared source file into the shipped catalog (pure)."""
    prov = source["province"]
    units: list[dict] = [
        {
            "code": prov["code"],
            "name": _nfc(prov["name"]),
            "level": "province",
            "kind": "Tỉnh",
            "parent_code": None,
            "valid_from": None,
            "valid_to": None,
            "predecessors": [],
            "successors": [],
        }
    ]
    before = source["before_2025_07_01"]
    after = source["from_2025_07_01"]["communes"]
    link_type = {(src["code"], new["code"]): src["type"] for new in after for src in new["from"]}
    for d in before["districts"]:
        units.append(
            {
                "code": d["code"],
                "name": _nfc(d["name"]),
                "level": "district",
                "kind": _kind(d["name"]),
                "parent_code": prov["code"],
                "valid_from": None,
                "valid_to": LAST_OLD_DAY,
                "predecessors": [],
                "successors": [],
            }
        )
    for c in before["communes"]:
        succ = [
            {
                "code": n["code"],
                "name": _nfc(n["name"]),
                "type": link_type.get((c["code"], n["code"]), "partial"),
            }
            for n in c.get("new", [])
        ]
        units.append(
            {
                "code": c["code"],
                "name": _nfc(c["name"]),
                "level": "commune",
                "kind": _kind(c["name"]),
                "parent_code": c["district_code"],
                "valid_from": None,
                "valid_to": LAST_OLD_DAY,
                "predecessors": [],
                "successors": succ,
            }
        )
    for c in after:
        pred = [{"code": s["code"], "name": _nfc(s["name"]), "type": s["type"]} for s in c["from"]]
        units.append(
            {
                "code": c["code"],
                "name": _nfc(c["name"]),
                "level": "commune",
                "kind": _kind(c["name"]),
                "parent_code": prov["code"],
                "valid_from": REFORM,
                "valid_to": None,
                "predecessors": pred,
                "successors": [],
            }
        )
    return {"source": _nfc(source.get("source", "")), "province": prov["code"], "units": units}


class UnitCatalog:
    """The units of the catalog files, in their order.  Each entry becomes a `Unit` (read
    strictly, or by pydantic when not exactly as the format says: `_unit`) the first time a
    question needs it, and stays that object: a command about one unit (entry show, entry
    validate) makes that code's versions, the districts' reporting status the units of that
    level, not all 317 with their 444 links (issue 14 point 5)."""

    def __init__(self, rows: list, source: str = "") -> None:
        self._rows = rows
        self._made: list[Unit | None] = [None] * len(rows)
        self.source = source
        self._by_code: dict[str, list[int]] = {}
        self._valid: dict[tuple, list[Unit]] = {}
        for i, row in enumerate(rows):
            self._by_code.setdefault(_text(row, "code") or self._unit(i).code, []).append(i)

    def _unit(self, i: int) -> Unit:
        unit = self._made[i]
        if unit is None:
            unit = self._made[i] = _unit(self._rows[i])
        return unit

    def _of_level(self, level: str | None) -> list[Unit]:
        """The units of `level` (every unit with None): an entry whose level is other text
        is not made (a unit's level is its entry's text, as it is)."""
        if level is None:
            return [self._unit(i) for i in range(len(self._rows))]
        rows = enumerate(self._rows)
        made = (self._unit(i) for i, row in rows if _text(row, "level") in (level, None))
        return [unit for unit in made if unit.level == level]

    @cached_property
    def units(self) -> list[Unit]:
        return self._of_level(None)

    @cached_property
    def province(self) -> Unit:
        return self._of_level("province")[0]

    @classmethod
    def load(cls, path: Path | None = None) -> "UnitCatalog":
        return _load_cached(str(path or paths.units_catalog_path()))

    def all(self) -> list[Unit]:
        return list(self.units)

    def valid_on(self, d: dt.date, level: str | None = None) -> list[Unit]:
        # the level first: it rules out most units of a national catalog unmade; kept per
        # (day, level): a province run asks the same day's units several times per table
        got = self._valid.get((d, level))
        if got is None:
            got = self._valid[(d, level)] = [u for u in self._of_level(level) if u.valid_on(d)]
        return list(got)

    def versions(self, code: str) -> list[Unit]:
        """Every unit the catalog has under `code`, in the catalog's order: two for a code
        reused after 1/7/2025 (a different area before and after)."""
        return [self._unit(i) for i in self._by_code.get(code, ())]

    def get(self, code: str, on: dt.date) -> Unit:
        versions = self.versions(code)
        for u in versions:
            if u.valid_on(on):
                return u
        if versions:  # a unit of another time (merged, renamed): say when it was
            last = versions[-1]
            when = f" {last.validity}" if last.validity else ""
            raise NotFoundError(
                f"Đơn vị mã {code} ({last.name}) có trong danh mục{when}, không còn vào ngày "
                f"{on:%d/%m/%Y}: hãy chọn kỳ báo cáo hoặc ngày trong thời gian đó.",
                code="don_vi_khong_co",
            )
        raise NotFoundError(
            f"Không có đơn vị mã {code} vào ngày {on:%d/%m/%Y} trong danh mục đơn vị hành chính.",
            code="don_vi_khong_co",
        )

    def for_period(self, code: str, period) -> Unit:
        from desktop.core.formdef.models import Calendar

        last_day = period.window(Calendar.CALENDAR)[1]
        try:
            return self.get(code, last_day)
        except NotFoundError:
            raise NotFoundError(
                f"Không có đơn vị mã {code} cho {period.label} (đơn vị phải còn hiệu lực vào "
                f"ngày {last_day:%d/%m/%Y}).",
                code="don_vi_khong_co",
            ) from None

    def reporting_units(self, period, level: str) -> list[Unit]:
        """The units of `level` that report `period`: those valid on its last day.  No
        district reports a period ending from 1/7/2025 on (the level was abolished)."""
        from desktop.core.formdef.models import Calendar

        last_day = period.window(Calendar.CALENDAR)[1]
        if level == "district" and last_day.isoformat() >= REFORM:
            raise BaoCaoError(
                f"Từ 01/07/2025 không còn cấp huyện: {period.label} do các xã, phường báo cáo "
                "(cấp commune).",
                code="khong_con_cap_huyen",
            )
        return self.valid_on(last_day, level)

    def children(self, unit: Unit, on: dt.date) -> list[Unit]:
        return [
            u
            for u in self.units
            if u.parent_code == unit.code
            and u.valid_on(on)
            and u.level not in (unit.level, "department")
        ]

    def departments(self, on: dt.date | None = None) -> list[Unit]:
        """The province's departments valid on a day (all of them, every version, if None)."""
        pool = self.valid_on(on) if on else self.units
        return [u for u in pool if u.level == "department"]

    def search(self, text: str, on: dt.date | None = None) -> list[Unit]:
        needle = fold(text)
        pool = self.valid_on(on) if on else self.units
        return [u for u in pool if needle in fold(u.name) or needle == u.code]

    def predecessors(self, unit: Unit) -> list[Link]:
        return list(unit.predecessors)

    def successors(self, unit: Unit) -> list[Link]:
        return list(unit.successors)


def fold(text: str) -> str:
    """Lower case without diacritics: «Cao Lộc» → «cao loc»."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return (
        "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
        .lower()
        .strip()
    )


@lru_cache(maxsize=4)
def _load_cached(path: str) -> UnitCatalog:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = list(data["units"])
    departments = departments_path(Path(path))
    if departments.exists():
        extra = json.loads(departments.read_text(encoding="utf-8"))
        rows += extra["units"]
    return UnitCatalog(rows, data.get("source", ""))


def _text(row: object, name: str) -> str | None:
    """A catalog entry's field when it is text (None: known only once the unit is made)."""
    value = row.get(name) if type(row) is dict else None
    return value if type(value) is str else None


def _unit(data: object) -> Unit:
    """A unit of the shipped catalog: read strictly, or by pydantic when the entry is not
    exactly as the format says (its conversions and messages)."""
    try:
        return dataspec.build(Unit, data)
    except dataspec.Rejected:
        return Unit.model_validate(data)


def departments_path(catalog_path: Path) -> Path:
    """The departments' file kept beside a unit catalog (lang_son.json → lang_son_departments.json)."""
    return catalog_path.with_name(catalog_path.stem + "_departments.json")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "build":
        print("Cách dùng: python -m desktop.core.units build NGUON.json DICH.json", file=sys.stderr)
        return 2
    catalog = build_catalog(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
    Path(argv[2]).parent.mkdir(parents=True, exist_ok=True)
    Path(argv[2]).write_text(
        json.dumps(catalog, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
