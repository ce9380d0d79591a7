"""The JSON contract of `baocao consolidate --json`: a `ConsolidationResult` as plain
JSON (numbers as exact strings), with each form's rows, notes and reconciliation
(đối chiếu, `province.py`)."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.consolidation.model import ConsolidationResult
from desktop.core.numbers import to_plain


def result_to_json(result: ConsolidationResult) -> dict:
    """The JSON contract of `baocao consolidate --json` (numbers as exact strings)."""

    def num(v):
        return to_plain(v) if isinstance(v, Decimal) else v

    forms = []
    for f in result.forms:
        forms.append(
            {
                "form": f.form.id,
                "version": f.form.version,
                "title": f.form.title,
                "bieu_so": f.form.bieu_so,
                "measures": f.measures,
                "expected_units": len(f.expected),
                "reported_units": [{"code": u.code, "name": u.name} for u in f.reported],
                "missing_units": [{"code": u.code, "name": u.name} for u in f.missing],
                "missing_note": f.missing_note,
                "notes": f.notes,
                "data_cutoff": f.data_cutoff,
                "provincial_bodies": [{"code": u.code, "name": u.name} for u in f.provincial],
                "reconciliation": [
                    {
                        "code": r.indicator,
                        "label": r.label,
                        "unit": r.unit_label,
                        "measure": r.measure,
                        "source": r.source,
                        "body": r.body,
                        "department": num(r.department),
                        "units": num(r.units),
                        "used": num(r.used),
                        "difference": num(r.difference),
                        "note": r.note,
                    }
                    for r in f.reconciliation
                ],
                "rows": [
                    {
                        "stt": r.stt,
                        "code": r.indicator.code if r.indicator else None,
                        "label": r.label,
                        "unit": r.unit_label,
                        "values": {m: num(v) for m, v in r.values.items()},
                        "units_counted": r.counts,
                        "note": r.note,
                        "body": r.body.code if r.body else None,
                    }
                    for r in f.rows
                ],
            }
        )
    return {
        "period": result.period,
        "period_label": result.period_label,
        "level": result.level,
        "as_of": result.as_of,
        "issuer": result.issuer,
        "area": result.area_name,
        "forms": forms,
    }
