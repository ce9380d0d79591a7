"""An import validates for errors only (a package is refused on errors alone): it reads no
earlier period of the unit, yet refuses exactly what the full validation refuses."""

from __future__ import annotations

from decimal import Decimal as D

from desktop.core.periods import Period
from desktop.core.submission import Submission


def test_an_import_reads_no_earlier_period_and_keeps_every_error(services):
    """The errors-only run (the import) equals the errors of the full run, even when the
    unit's earlier figures would add warnings (×10 against the previous period)."""
    unit = services.units.for_period("178", Period.parse("2023-H1"))
    form = services.pack.get("ngan_sach")
    ind = next(i for i in form.iter_indicators() if i.kind.value != "text")
    earlier = Submission(form.id, form.version, "178", "2022-H2",
                         values={(ind.code, "th_ky"): D(5)})  # fmt: skip
    services.repo.save(earlier, form_hash=services.pack.content_hash(form.id),
                       unit_valid_from=unit.key[1], actor="t", status="final")  # fmt: skip
    now = Submission(form.id, form.version, "178", "2023-H1",
                     values={(ind.code, "th_ky"): D(500), (ind.code, "luy_ke"): D(1)})  # fmt: skip
    full = services.validate(now, filename="goi.baocao")
    assert "chenh_lech_bat_thuong" in {i.code for i in full.issues}  # history was read
    assert any(i.is_error for i in full.issues)
    quick = services.validate(now, filename="goi.baocao", errors_only=True)
    assert quick.issues == [i for i in full.issues if i.is_error]
