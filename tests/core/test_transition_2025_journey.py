"""The year 2025 end to end, across 1/7/2025, on the real form «Sản xuất nông, lâm nghiệp»
(Biểu số 02): Huyện Tràng Định's clerk sends 2024-Q3, 2024, 2025-Q1 and 2025-Q2 and the new
Xã Đoàn Kết's (06001, a code reused on 1/7/2025) 2025-Q3 and 2025-Q4 as signed packages,
which the province imports with the real `baocao package import`; the other 10 districts'
and 64 communes' figures are in the province's database (stored as entered there).  Then
the status boards of Q2 and Q3 expect the districts and the communes; the year 2025 is
consolidated with the real `baocao consolidate` (JSON and workbook) and the draft báo cáo
written with the real `baocao report`; 2025-H2 and Q3 2025 in process.  Every province
figure is a hand sum of the units' figures, to the last digit.  Real SQLite files, real
xlsx and docx."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import docx
from python_calamine import CalamineWorkbook

from desktop.core.consolidation.engine import consolidate_period
from desktop.core.exchange.service import export_package
from desktop.core.exchange.signing import SigningKey
from desktop.core.periods import Period
from desktop.core.services import Services
from desktop.core.status import reporting_status
from desktop.core.submission import Submission
from desktop.core.trust.enrolment import accept_key
from tests.conftest import run_cli, warm_pack_cache

TODAY = dt.date(2026, 1, 20)
FORM = "nong_lam_nghiep"
TREES, FRUIT, BUFFALO = "NN_TRONG_CAY_PT", "NN_CAQ_TRONG_MOI", "NN_DAN_TRAU"  # flow, flow (ha), stock


def district_figures(i: int) -> dict[str, dict]:
    """District number i (0..10, the catalog's order): its 2024 and first-half 2025 figures."""
    return {
        "2024-Q3": {(TREES, "th_ky"): 1000 + i, (BUFFALO, "th_ky"): 3000 + i},
        "2024": {(TREES, "th_ky"): 5000 + i, (BUFFALO, "th_ky"): 3100 + i},
        "2025-Q1": {(TREES, "th_ky"): 100 + i, (TREES, "luy_ke"): 100 + i, (FRUIT, "th_ky"): "1.25",
                    (BUFFALO, "th_ky"): 2900 + i},
        "2025-Q2": {(TREES, "th_ky"): 200 + i, (TREES, "luy_ke"): 300 + 2 * i, (FRUIT, "th_ky"): "2.5",
                    (BUFFALO, "th_ky"): 2950 + i},
    }  # fmt: skip


def commune_figures(j: int) -> dict[str, dict]:
    """Commune number j (0..64): its second half of 2025; its lũy kế runs from 1/7/2025."""
    return {
        "2025-Q3": {(TREES, "th_ky"): 10 + j, (TREES, "luy_ke"): 10 + j, (FRUIT, "th_ky"): "0.75",
                    (BUFFALO, "th_ky"): 500 + j},
        "2025-Q4": {(TREES, "th_ky"): 20 + j, (TREES, "luy_ke"): 30 + 2 * j, (FRUIT, "th_ky"): "0.5",
                    (BUFFALO, "th_ky"): 510 + j},
    }  # fmt: skip


def submission(code: str, period: str, values: dict) -> Submission:
    return Submission(FORM, 1, code, period, values={k: D(str(v)) for k, v in values.items()})


def clerk(root, code: str, periods: dict[str, dict]) -> list:
    """A unit's own installation: its figures finalised, one signed package per period."""
    svc = Services(db_path=root / code / "baocao.db", today=TODAY)
    svc.key_dir = root / code / "keys"
    out = []
    for period, values in periods.items():
        report = svc.validate(submission(code, period, values))
        assert report.ok, [i.render() for i in report.issues]
        svc.save_entry(report, final=True, actor="Lan")
        path = root / f"{code}_{period}.baocao"
        out.append(export_package(svc, unit_code=code, period_text=period, form_ids=[FORM], out=path)[0])
    return out, SigningKey.load_or_create(svc.key_dir).fingerprint


def test_the_year_2025_from_districts_then_communes(tmp_path):
    warm_pack_cache(tmp_path / "data")
    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    province.key_dir = tmp_path / "tinh" / "keys"
    units = province.units
    districts = units.valid_on(dt.date(2025, 6, 30), "district")
    communes = units.valid_on(dt.date(2025, 7, 1), "commune")
    ts = next(i for i, d in enumerate(districts) if d.code == "180")  # Huyện Tràng Định
    dk = next(j for j, c in enumerate(communes) if c.code == "06001")  # the new Xã Đoàn Kết
    packages = []
    for code, periods in (("180", district_figures(ts)), ("06001", commune_figures(dk))):
        made, fingerprint = clerk(tmp_path, code, periods)
        packages += made
        accept_key(province, units.for_period(code, Period.parse(next(iter(periods)))), fingerprint)
    # the others' figures, as the province holds them
    rows = [(d.code, p, v) for i, d in enumerate(districts) if i != ts for p, v in district_figures(i).items()]
    rows += [(c.code, p, v) for j, c in enumerate(communes) if j != dk for p, v in commune_figures(j).items()]
    form_hash = province.pack.content_hash(FORM)
    for code, period, values in rows:
        unit = units.for_period(code, Period.parse(period))
        province.repo.save(submission(code, period, values), form_hash=form_hash,
                           unit_valid_from=unit.key[1], actor="Văn thư", status="final")  # fmt: skip
    db = province.db_path
    imported = run_cli("package", "import", *map(str, packages), db=db)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert imported.stdout.count("mới") >= 6, imported.stdout

    # who must report: Q2 the 11 districts, Q3 the 65 communes (06001: the new one)
    q2 = reporting_status(province, "2025-Q2", form_ids=[FORM])
    q3 = reporting_status(province, "2025-Q3", form_ids=[FORM])
    assert [u.key for u in q2.units] == [d.key for d in districts]
    assert [u.key for u in q3.units] == [c.key for c in communes]
    assert ("06001", "2025-07-01") in [u.key for u in q3.units]
    assert all(c.status != "missing" for m in (q2, q3) for c in m.cells.values())

    # the year 2025, by the real command: the districts' first half, the communes' second
    got = run_cli("consolidate", "--period", "2025", "--form", FORM, "--out", str(tmp_path / "nam.xlsx"),
                  "--json", str(tmp_path / "nam.json"), db=db)  # fmt: skip
    assert got.returncode == 0, got.stderr
    [year] = json.loads((tmp_path / "nam.json").read_text(encoding="utf-8"))["forms"]
    row = {r["code"]: r["values"] for r in year["rows"] if r["code"]}
    trees_h1 = sum(300 + 2 * i for i in range(11))  # 3.410
    trees_h2 = sum(30 + 2 * j for j in range(65))  # 6.110
    buffalo = sum(510 + j for j in range(65))  # 35.230 at 31/12/2025: the communes' alone
    buffalo_2024 = sum(3100 + i for i in range(11))
    assert D(row[TREES]["th_ky"]) == trees_h1 + trees_h2 == 9520
    assert D(row[TREES]["luy_ke"]) == trees_h1 + trees_h2  # 30/6's lũy kế carried, not restarted
    assert D(row[FRUIT]["th_ky"]) == 11 * D("3.75") + 65 * D("1.25") == D("122.5")
    assert D(row[BUFFALO]["th_ky"]) == buffalo
    assert D(row[TREES]["cung_ky"]) == sum(5000 + i for i in range(11))  # the province's 2024
    assert D(row[BUFFALO]["cung_ky"]) == buffalo_2024
    assert D(row[BUFFALO]["pct_ck"]) == D(buffalo) / D(buffalo_2024) * 100
    assert year["expected_units"] == 76 and not year["missing_units"]

    # the workbook's unit breakdown: each unit with the side of 1/7/2025 it is on
    sheet = CalamineWorkbook.from_path(tmp_path / "nam.xlsx")
    name = next(n for n in sheet.sheet_names if n.startswith("CT"))
    cells = sheet.get_sheet_by_name(name).to_python()
    heads = next(r for r in cells if "Mã 180, đến 30/06/2025" in r)
    assert "Mã 06001, từ 01/07/2025" in heads
    board = CalamineWorkbook.from_path(tmp_path / "nam.xlsx").get_sheet_by_name("Tình hình báo cáo")
    names = [r[2] for r in board.to_python()]
    assert "Huyện Tràng Định (đến 30/06/2025)" in names and "Xã Đoàn Kết (từ 01/07/2025)" in names
    trees = next(r for r in cells if TREES in r)
    assert trees[heads.index("Mã 180, đến 30/06/2025")] == 300 + 2 * ts  # its first half
    assert trees[heads.index("Mã 06001, từ 01/07/2025")] == 30 + 2 * dk  # its second

    # the draft báo cáo says the province's totals
    out = tmp_path / "bao_cao.docx"
    written = run_cli("report", "--period", "2025", "--level", "province", "--out", str(out),
                      "--date", "20/01/2026", db=db)  # fmt: skip
    assert written.returncode == 0, written.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "9.520 cây" in text and "35.230 con" in text, text

    # H2 and Q3 2025, in process: lũy kế from 1/1, cùng kỳ of the province only
    [h2] = consolidate_period(province, "2025-H2", form_ids=[FORM]).forms
    r = {x.indicator.code: x.values for x in h2.rows if x.indicator}
    assert r[TREES]["th_ky"] == trees_h2 and r[TREES]["luy_ke"] == trees_h1 + trees_h2
    assert r[BUFFALO]["th_ky"] == buffalo and len(h2.expected) == 65
    assert "Chưa so sánh cùng kỳ toàn tỉnh: 6 tháng cuối năm 2024 còn thiếu 11 đơn vị." in h2.notes
    [q3t] = consolidate_period(province, "2025-Q3", form_ids=[FORM]).forms
    r = {x.indicator.code: x.values for x in q3t.rows if x.indicator}
    trees_q3, trees_q3_2024 = sum(10 + j for j in range(65)), sum(1000 + i for i in range(11))
    assert r[TREES]["th_ky"] == trees_q3 and r[TREES]["luy_ke"] == trees_h1 + trees_q3
    assert r[TREES]["cung_ky"] == trees_q3_2024
    assert r[TREES]["pct_ck"] == D(trees_q3) / D(trees_q3_2024) * 100
