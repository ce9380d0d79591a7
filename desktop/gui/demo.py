"""Demo installations for screenshots and GUI tests: a unit clerk's (Lạng Sơn city with the
H1 2023 figures of seed report 000) and the provincial office's (packages imported from
the city and Cao Lộc).  Built only from the repository's seed fixtures; never shipped data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.core.exchange.service import export_package, import_packages
from desktop.core.exchange.signing import SigningKey
from desktop.core.services import Services
from desktop.core.settings import Role, Settings, new_settings, save_settings
from desktop.core.trust.enrolment import accept_key

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)


def _installation(root: Path) -> Services:
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    svc.key_dir = root / "keys"
    return svc


def load_seed(svc: Services, seed: str, *, final: bool) -> None:
    for path in sorted((REPO / "tests" / "fixtures" / seed).glob("*.json")):
        report = svc.validate_file(path)
        if not report.ok:
            continue
        if final:
            _save_final(svc, report)
        else:
            svc.save_entry(report, actor="Nguyễn Thị Lan")


def _save_final(svc: Services, report) -> None:
    from desktop.core.validation.engine import unexplained_warnings

    for w in unexplained_warnings(report.issues, report.submission):
        report.submission.comments[(w.location.indicator, w.location.measure)] = (
            "Số liệu theo báo cáo của đơn vị."
        )
    svc.save_entry(report, final=True, actor="Nguyễn Thị Lan")


def make_unit(root: Path) -> tuple[Services, Settings]:
    svc = _installation(root)
    load_seed(svc, "seed000", final=False)
    settings = new_settings(
        role=Role.UNIT,
        unit_code="178",
        unit_valid_from="",
        unit_name="Thành phố Lạng Sơn",
        person_name="Nguyễn Thị Lan",
        db_path=str(svc.db_path),
    )
    save_settings(settings, root)
    return svc, settings


def make_province(root: Path) -> tuple[Services, Settings, list[Path]]:
    packages, keys = [], {}
    (root / "hop_thu").mkdir(parents=True, exist_ok=True)
    for seed, code in (("seed000", "178"), ("seed004", "183")):
        unit = _installation(root / f"don_vi_{code}")
        keys[code] = SigningKey.load_or_create(unit.key_dir).fingerprint
        load_seed(unit, seed, final=True)
        packages.append(
            export_package(
                unit, unit_code=code, period_text="2023-H1", form_ids=None, out=root / "hop_thu"
            )[0]
        )
    svc = _installation(root / "tinh")
    for code, fp in keys.items():  # the officer has enrolled both units' keys (docs/trust.md)
        accept_key(svc, svc.units.get(code, dt.date(2023, 6, 30)), fp, actor="Trần Văn Minh")
    import_packages(svc, packages[:1], actor="Trần Văn Minh")
    settings = new_settings(
        role=Role.PROVINCE,
        unit_code="20",
        unit_valid_from="",
        unit_name="Tỉnh Lạng Sơn",
        person_name="Trần Văn Minh",
        db_path=str(svc.db_path),
    )
    save_settings(settings, root / "tinh")
    return svc, settings, packages
