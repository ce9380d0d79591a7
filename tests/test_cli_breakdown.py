"""`baocao consolidate --breakdown / --no-breakdown` (issue 14): the same sums either way;
each unit's own figures (the «CT …» sheets) only when they are asked for or by default
for a provincial run, and a note saying how to get them when they are left out."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import openpyxl

from desktop.core.services import Services
from desktop.core.submission import Submission
from tests.conftest import run_cli

PERIOD = "2023-H1"


def _province(tmp_path):
    db = tmp_path / "tinh" / "db.sqlite"
    db.parent.mkdir()
    svc = Services(db_path=db, today=dt.date(2026, 11, 23))
    for unit, thu in (("178", "1250.5"), ("180", "749.5")):
        sub = Submission("ngan_sach", 1, unit, PERIOD, values={("NS_THU", "th_ky"): D(thu)})
        svc.repo.save(sub, form_hash=svc.pack.content_hash("ngan_sach"), unit_valid_from="",
                      actor="t", status="final")
    svc.close()
    return db, {"BAOCAO_DATA_DIR": str(tmp_path / "tinh")}


def _run(tmp_path, db, env, *flags):
    name = "_".join(f.strip("-") for f in flags) or "mac_dinh"
    out, js = tmp_path / f"{name}.xlsx", tmp_path / f"{name}.json"
    r = run_cli("consolidate", "--period", PERIOD, "--form", "ngan_sach", "--out", str(out),
                "--json", str(js), *flags, db=db, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
    return json.loads(js.read_text(encoding="utf-8"))["forms"][0], sheets


def test_the_breakdown_is_an_option_and_the_sums_do_not_change(tmp_path):
    db, env = _province(tmp_path)
    default, default_sheets = _run(tmp_path, db, env)
    without, without_sheets = _run(tmp_path, db, env, "--no-breakdown")
    asked, asked_sheets = _run(tmp_path, db, env, "--breakdown")
    row = next(x for x in without["rows"] if x["code"] == "NS_THU")
    assert row["values"]["th_ky"] == "2000"
    assert [r["values"] for r in default["rows"]] == [r["values"] for r in without["rows"]]
    assert [r["values"] for r in asked["rows"]] == [r["values"] for r in without["rows"]]
    # 11 districts: a provincial run carries each unit's figures unless told not to
    assert [n for n in default_sheets if n.startswith("CT ")]
    assert [n for n in asked_sheets if n.startswith("CT ")]
    assert not [n for n in without_sheets if n.startswith("CT ")]
    assert any("không lập bảng chi tiết từng đơn vị" in n for n in without["notes"])
    assert not any("chi tiết từng đơn vị" in n for n in default["notes"])
