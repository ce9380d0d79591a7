"""«Tổng hợp» in the office's money unit: the table, the per-unit tab and the charts show
triệu đồng rows in tỷ đồng when Cài đặt says so, by the route the exported workbook takes
(`excel.workbook_display.display_options` then `in_billions`), so the page and the file
never disagree.  The units' own figures and other periods' tables stay stored in triệu
đồng: they are divided by `per(row)` where they are shown."""

from __future__ import annotations

from decimal import Decimal

ONE, THOUSAND = Decimal(1), Decimal(1000)


def in_office_units(table, catalog) -> tuple[object, set[str]]:
    """The table as the workbook shows it, and the codes of the rows shown in tỷ đồng."""
    from desktop.core.excel.workbook_display import display_options, in_billions
    from desktop.core.settings import load_settings

    if table is None or not display_options(load_settings()).get("money_in_billions"):
        return table, set()
    return in_billions(table, catalog)


def per(row, converted: set[str]) -> Decimal:
    """What a unit's stored figure of `row` is divided by to be shown as the row is."""
    return THOUSAND if row.indicator is not None and row.indicator.code in converted else ONE


def divided(value, by: Decimal):
    return value / by if isinstance(value, Decimal) and by != ONE else value
