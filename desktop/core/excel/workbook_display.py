"""How a consolidated workbook presents its figures by level (issue 10): who signs, and
in which unit money is shown.

- Signature: a UBND's table (province or district) is signed on behalf of the committee
  — "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" and the signer's name, all
  configurable (`Signature`, from the settings); a unit's own biểu is signed "THỦ
  TRƯỞNG ĐƠN VỊ".
- Money: figures are entered and stored in triệu đồng everywhere; a provincial table may
  show them in tỷ đồng (`in_billions`): the exact value ÷ 1.000 is written to the cell
  (no digit lost) and shown with one decimal, as the seeds print "418,1 tỷ đồng"; a row
  with a figure other than zero that would read 0,0 (8,5 triệu đồng) with the places
  that show it (`billion_places`).
  Percentages are ratios of two figures in the same unit and do not change.  Every sheet
  follows the option: the summary tables, the "CT" breakdowns and "Đối chiếu" (the unit
  column says "tỷ đồng", the working sheets' subtitles too).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from desktop.core.consolidation.model import (
    ConsolidatedForm,
    ConsolidatedRow,
    ConsolidationResult,
    Reconciliation,
)
from desktop.core.excel.workbook_styles import readable_places
from desktop.core.formdef.models import Catalog, MeasureKind
from desktop.core.record import record

MILLIONS, BILLIONS = "trieu_dong", "ty_dong"
THOUSAND = Decimal(1000)
BILLION_LABEL = "tỷ đồng"
BILLION_DECIMALS = 1
UNIT_SIGNER = "THỦ TRƯỞNG ĐƠN VỊ"


@record
class Signature:
    """The signature block of a UBND's table (Nghị định 30/2020/NĐ-CP, thẩm quyền ký)."""

    on_behalf: str = "TM. ỦY BAN NHÂN DÂN"
    for_whom: str = "KT. CHỦ TỊCH"
    position: str = "PHÓ CHỦ TỊCH"
    name: str = ""

    def lines(self) -> list[str]:
        return [t for t in (self.on_behalf, self.for_whom, self.position) if t.strip()]


def signer_lines(result: ConsolidationResult, signature: Signature | None) -> list[str]:
    """The bold lines over the right-hand signature: the committee's for a province or
    district table, "THỦ TRƯỞNG ĐƠN VỊ" for a unit's own biểu."""
    if result.level == "unit":
        return [UNIT_SIGNER]
    return (signature or Signature()).lines()


def billion_places(figures) -> int:
    """Places a row shown in tỷ đồng is written with: BILLION_DECIMALS, more when one of
    its figures is not zero and would read 0 (`readable_places`)."""
    # only a figure under half a step can read 0: a «CT …» row has one figure per unit
    small = [v for v in figures if v.__class__ is Decimal and -_HALF < v < _HALF and v]
    return max((readable_places(v, BILLION_DECIMALS) for v in small), default=BILLION_DECIMALS)


_HALF = Decimal(5).scaleb(-BILLION_DECIMALS - 1)  # 0,05: rounds to 0,1 at one place


def in_billions(cf: ConsolidatedForm, catalog: Catalog) -> tuple[ConsolidatedForm, set[str]]:
    """The table with its triệu đồng rows shown in tỷ đồng, and the codes of those rows.
    The rows' totals only: each unit's figures are read (and scaled) by the «CT …» sheet
    alone (workbook_breakdown), never for the summary table."""
    value_measures = {m.code for m in catalog.measures if m.kind is MeasureKind.VALUE}
    rows: list[ConsolidatedRow] = []
    converted: set[str] = set()
    for row in cf.rows:
        if row.indicator is None or row.indicator.unit != MILLIONS:
            rows.append(row)
            continue

        def scaled(values: dict) -> dict:
            return {
                m: v / THOUSAND if isinstance(v, Decimal) and m in value_measures else v
                for m, v in values.items()
            }

        converted.add(row.indicator.code)
        rows.append(
            replace(
                row,
                unit_label=BILLION_LABEL,
                values=scaled(row.values),  # the units' own: scaled by the «CT …» sheet
            )
        )
    return replace(cf, rows=rows), converted


def lines_in_billions(cf: ConsolidatedForm, catalog: Catalog) -> list[tuple[Reconciliation, bool]]:
    """The form's reconciliation lines ("Đối chiếu"), those of triệu đồng indicators shown
    in tỷ đồng like the tables; each with whether it was converted."""
    indicators = cf.form.indicator_map()
    out = []
    for x in cf.reconciliation:
        ind, md = indicators.get(x.indicator), catalog.measure(x.measure)
        if (
            ind is None
            or ind.unit != MILLIONS
            or (md is not None and md.kind is not MeasureKind.VALUE)
        ):
            out.append((x, False))
            continue

        def scaled(v: Decimal | None) -> Decimal | None:
            return v / THOUSAND if isinstance(v, Decimal) else v

        out.append(
            (
                replace(
                    x,
                    unit_label=BILLION_LABEL,
                    department=scaled(x.department),
                    units=scaled(x.units),
                    used=scaled(x.used),
                    difference=scaled(x.difference),
                ),
                True,
            )
        )
    return out


def money_note(converted: set[str]) -> str:
    """What a working sheet's subtitle adds when its money rows are shown in tỷ đồng."""
    return f" (số tiền tính bằng {BILLION_LABEL})" if converted else ""


def display_options(settings) -> dict:
    """`write_consolidated_workbook` keywords from this installation's settings (None: a
    provincial office's, `settings.office_display`): who signs for the committee, and
    whether money shows in tỷ đồng."""
    from desktop.core.settings import office_display

    shown = office_display(settings)
    return {
        "signature": Signature(
            on_behalf=shown.sign_on_behalf,
            for_whom=shown.sign_for,
            position=shown.signer_position,
            name=shown.signer_name,
        ),
        "money_in_billions": shown.money_in_billions,
    }
