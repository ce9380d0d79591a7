"""Each unit's own figures of a consolidated table (the breakdown), read from the database
only when they are first asked for: one indicator's (the drill-down, «Số liệu từng đơn
vị» on the Tổng hợp page: one query over the table's submissions), the whole form's
(`read_all`, one pass over them), or one measure of the whole form (the «CT …» sheet of
the workbook shows one: `measure`).

A table's sums never need them (route.py).  What each unit's figures are is settled when
the table is made (engine.py): the submission that stands for the unit (`ids`, read later
by id), or the figures combined for it from its months or its communes, plus what
derivation filled in — cùng kỳ from last year's report, the previous month's figure —
(`extra`, held in memory: derivation only adds figures a unit did not type).  A counted
submission's figures do not change (a change is a new revision with its own id).

No connection is kept: `repository()` is asked for one at read time, from whoever owns
it.  A table made with a database that has since been closed (a worker's) says so in
Vietnamese when read; the page that shows it hands it its own
(`ConsolidationResult.reading_from`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping

from desktop.core.errors import BaoCaoError
from desktop.core.storage import sums

UnitKey = tuple[str, str]
Figures = dict[str, object]  # measure → Decimal | str

# «CT …» sheets by default up to this many units: every province's own run (the largest
# since 1/7/2025, Thanh Hóa, has 166 xã/phường; before it no province had over 30
# district-level units) — a sheet that prints with the indicator names repeated on each
# page across.  A national run (3.321 xã) is hundreds of pages across: left out unless
# asked for (consolidate --breakdown, «Kèm bảng chi tiết từng đơn vị» when exporting).
SHEET_UNITS = 200

CLOSED = (
    "Không đọc được số liệu từng đơn vị của biểu tổng hợp này: cơ sở dữ liệu dùng để "
    "tổng hợp đã đóng. Hãy bấm «Tổng hợp» lại."
)


def left_out_note(n_units: int, from_totals: bool) -> str:
    """A table's note when it goes without its «CT …» sheet: how to ask for it."""
    count = f"{n_units:,}".replace(",", ".")
    how = " từ số cộng dồn trong cơ sở dữ liệu" if from_totals else ""
    return (
        f"Tổng hợp {count} đơn vị{how}; không lập bảng chi tiết từng đơn vị (trang «CT …» "
        "của tệp Excel). Muốn có: lệnh consolidate --breakdown, hoặc chọn «Kèm bảng chi "
        "tiết từng đơn vị» khi xuất Excel ở trang Tổng hợp."
    )


def is_left_out_note(note: str) -> bool:
    return "không lập bảng chi tiết từng đơn vị" in note


class UnitFigures:
    """Where each unit's figures of one table come from (module doc); rows read once."""

    def __init__(
        self,
        order: list[UnitKey],
        ids: dict[UnitKey, int],
        extra: dict[UnitKey, dict[tuple[str, str], object]],
        repository: Callable[[], object],
    ) -> None:
        self.order = order  # every unit with figures, in the table's order
        self.ids = ids
        self.extra = extra
        self.repository = repository
        self._rows: dict[str, dict[UnitKey, Figures]] = {}
        self._views: dict[str, RowFigures] = {}
        self._whole = False
        self._measures: dict[str, dict[str, dict[UnitKey, object]]] = {}

    def reading_from(self, repository: Callable[[], object]) -> UnitFigures:
        """The same figures, read from another owner's connection (rows read so far kept)."""
        other = UnitFigures(self.order, self.ids, self.extra, repository)
        other._rows = dict(self._rows)
        other._whole = self._whole
        other._measures = dict(self._measures)
        return other

    def row(self, indicator: str) -> RowFigures:
        """One row's figures (`ConsolidatedRow.by_unit`): unit → measure → figure."""
        view = self._views.get(indicator)
        if view is None:
            view = self._views[indicator] = RowFigures(self, indicator)
        return view

    def read_all(self) -> None:
        """Every row's figures at once (a whole «CT …» sheet), if not read yet."""
        if self._whole:
            return
        stored = self._read(sums.values_by_indicator, list(self.ids.values()))
        sid_of = [(k, self.ids.get(k)) for k in self.order]
        rows = self._rows
        for code, by_id in stored.items():
            if code not in rows:  # (a row read before stays as it was read)
                rows[code] = {k: by_id.get(sid) or {} for k, sid in sid_of}
        for key, values in self.extra.items():  # the same figures a row read gets
            for (i, m), v in values.items():
                row = rows.get(i)
                if row is None:
                    row = rows[i] = {k: {} for k in self.order}
                row[key][m] = v
        self._whole = True

    def measure(self, measure: str) -> dict[str, dict[UnitKey, object]]:
        """One measure's figure of each unit on each row (a «CT …» sheet shows one):
        row → unit → figure, units without one left out; read once, in one pass."""
        got = self._measures.get(measure)
        if got is not None:
            return got
        if self._whole:
            got = {
                code: col
                for code, row in self._rows.items()
                if (col := {k: f[measure] for k, f in row.items() if measure in f})
            }
        else:
            key_of = {sid: k for k, sid in self.ids.items()}
            stored = self._read(sums.measure_values, list(key_of), measure)
            got = {
                code: {key_of[sid]: v for sid, v in by_id.items()} for code, by_id in stored.items()
            }
            for key, values in self.extra.items():
                for (i, m), v in values.items():
                    if m == measure:
                        got.setdefault(i, {})[key] = v
        self._measures[measure] = got
        return got

    def _figures(self, indicator: str) -> dict[UnitKey, Figures]:
        got = self._rows.get(indicator)
        if got is not None:
            return got
        if self._whole:  # read with the whole form: no unit has a figure of it
            got = self._ordered({})
        else:
            by_id = {sid: key for key, sid in self.ids.items()}
            stored = self._read(sums.indicator_values, list(by_id), indicator)
            per = {indicator: {by_id[sid]: values for sid, values in stored.items()}}
            self._add_extra(per, indicator)
            got = self._ordered(per[indicator])
        self._rows[indicator] = got
        return got

    def _read(self, query, ids: list[int], *args) -> dict:
        if not ids:
            return {}
        try:
            return query(self.repository().conn, ids, *args)
        except sqlite3.ProgrammingError as exc:  # closed, or another thread's connection
            raise BaoCaoError(CLOSED, code="tong_hop_da_dong") from exc

    def _add_extra(self, per: dict, only: str | None) -> None:
        for key, values in self.extra.items():
            for (i, m), v in values.items():
                if only is None or i == only:
                    per.setdefault(i, {}).setdefault(key, {})[m] = v

    def _ordered(self, got: dict[UnitKey, Figures]) -> dict[UnitKey, Figures]:
        return {k: got.get(k) or {} for k in self.order}


class RowFigures(Mapping):
    """A row's `by_unit`: unit → {measure: figure}, read from `UnitFigures` when first used."""

    __slots__ = ("_source", "_indicator", "_data")

    def __init__(self, source: UnitFigures, indicator: str) -> None:
        self._source = source
        self._indicator = indicator
        self._data: dict[UnitKey, Figures] | None = None

    def _got(self) -> dict[UnitKey, Figures]:
        if self._data is None:
            self._data = self._source._figures(self._indicator)
        return self._data

    def __getitem__(self, key: UnitKey) -> Figures:
        return self._got()[key]

    def __iter__(self) -> Iterator[UnitKey]:
        return iter(self._got())

    def __len__(self) -> int:
        return len(self._got())

    def __contains__(self, key: object) -> bool:
        return key in self._got()

    def get(self, key, default=None):
        return self._got().get(key, default)

    def keys(self):
        return self._got().keys()

    def items(self):
        return self._got().items()

    def values(self):
        return self._got().values()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._got() == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        state = "chưa đọc" if self._data is None else repr(self._data)
        return f"RowFigures({self._indicator}: {state})"
