"""The hidden metadata sheet of the fill-in template ("_baocao", `veryHidden`, protected):
key/value rows — format `baocao-template/1`, form id, version and content hash, unit,
period, creation time, app version, the sheets' names, then the maps the other sheets add
while they are written (`col:E → th_ky`, `head:E → TH kỳ báo cáo`, `pre:J12 → 209435`,
`row:12 → NS_THU`, `narr:5 → ket_qua`), with which the reader detects an altered
structure (`template_layout`)."""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.protection import SheetProtection

from desktop.core.excel.template_style import (
    COL_CODE,
    DATA_SHEET,
    FORMAT,
    HEADER_ROW,
    META_SHEET,
    NARRATIVE_SHEET,
    _set_text,
)
from desktop.core.formdef.models import FormDefinition

Meta = list[tuple[str, str]]


def template_meta(
    form: FormDefinition,
    *,
    form_hash: str,
    unit_code: str,
    unit_name: str,
    period_code: str,
    period_label: str,
    app_version: str,
) -> Meta:
    """The first rows of the metadata: what the template is of, and where its table is."""
    return [
        ("format", FORMAT),
        ("form", form.id),
        ("form_version", str(form.version)),
        ("form_hash", form_hash),
        ("unit", str(unit_code)),
        ("unit_name", unit_name),
        ("period", period_code),
        ("period_label", period_label),
        ("created_at", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
        ("app_version", app_version),
        ("data_sheet", DATA_SHEET),
        ("narrative_sheet", NARRATIVE_SHEET),
        ("header_row", str(HEADER_ROW)),
        ("code_col", get_column_letter(COL_CODE)),
    ]


def write_meta_sheet(wb, meta: Meta) -> None:
    """The metadata as the workbook's last sheet, hidden from the clerk, values as text."""
    ws = wb.create_sheet(META_SHEET)
    for i, (key, value) in enumerate(meta, start=1):
        ws.cell(i, 1).value = key
        _set_text(ws.cell(i, 2), value)
    ws.sheet_state = "veryHidden"
    ws.protection = SheetProtection(sheet=True)
