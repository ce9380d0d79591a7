"""Required rows never force a made-up figure (issue 10, desktop/core/marks.py): a draft
always saves; finalising needs each required row filled or marked «không phát sinh» (a
true zero) or «chưa có số liệu» with a reason; consolidation counts a «chưa có số liệu»
unit as missing for that row, never as zero.  Marks survive JSON and the database."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.consolidation.engine import consolidate_period
from desktop.core.marks import CHUA_CO_SO_LIEU, KHONG_PHAT_SINH, Mark, set_mark
from desktop.core.services import Services
from desktop.core.submission import Submission, parse_submission, submission_from_json
from tests.conftest import run_cli

REPO = Path(__file__).resolve().parents[2]

FORM = """
id: thu
version: 1
title: "Biểu kiểm thử chỉ tiêu bắt buộc"
bieu_so: "Biểu số 97"
domain: thanh_tra
period_types: [month]
measures: [th_ky, luy_ke]
sections:
  - title: "Tiếp công dân"
    indicators:
      - {code: LUOT, label: "Số lượt tiếp công dân", unit: luot, kind: integer, required: true}
      - {code: DON, label: "Số đơn thư tiếp nhận", unit: don, kind: integer, required: true}
      - {code: GQ, label: "Số đơn đã giải quyết", unit: don, kind: integer}
"""


@pytest.fixture
def forms(tmp_path):
    d = tmp_path / "forms"
    d.mkdir()
    shutil.copy(REPO / "forms" / "_catalog.yaml", d / "_catalog.yaml")
    (d / "thu.yaml").write_text(FORM, encoding="utf-8")
    return d


@pytest.fixture
def svc(tmp_path, forms):
    return Services(db_path=tmp_path / "tinh.db", forms_dir=forms, today=dt.date(2026, 11, 23))


def write(tmp_path, unit, values, marks=None, name="bai.json"):
    doc = {
        "format": "baocao-submission/1",
        "form": "thu",
        "form_version": 1,
        "unit": unit,
        "period": "2023-01",
        "values": values,
    }
    if marks is not None:
        doc["marks"] = marks
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_draft_saves_without_its_required_rows_and_finalising_says_what_is_needed(
    tmp_path, forms
):
    env = {"BAOCAO_FORMS_DIR": str(forms)}
    db = tmp_path / "dv.db"
    path = write(tmp_path, "178", {"GQ": {"th_ky": "3"}})
    draft = run_cli("entry", "load", str(path), db=db, env=env)
    assert draft.returncode == 0, draft.stdout + draft.stderr
    final = run_cli("entry", "load", str(path), "--final", db=db, env=env)
    assert final.returncode == 1
    said = final.stdout + final.stderr
    # the sentence and the place name the row and the column as a person knows them (the
    # code stays in the JSON's location)
    assert "thieu_bat_buoc: «Số lượt tiếp công dân» là chỉ tiêu bắt buộc" in said
    assert "chỉ tiêu «Số lượt tiếp công dân», cột «Thực hiện kỳ báo cáo»)" in said
    assert "LUOT" not in said
    assert "không phát sinh" in said and "chưa có số liệu" in said
    assert "Traceback" not in said


def test_marked_rows_finalise_and_the_marks_are_stored(tmp_path, forms, svc):
    env = {"BAOCAO_FORMS_DIR": str(forms)}
    marks = {
        "LUOT": {"mark": "khong_phat_sinh"},
        "DON": {"mark": "chua_co_so_lieu", "reason": "Ban Tiếp công dân chưa tổng hợp"},
    }
    path = write(tmp_path, "178", {"GQ": {"th_ky": "3"}}, marks)
    done = run_cli("entry", "load", str(path), "--final", db=svc.db_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    stored = svc.repo.get("178", "", "thu", "2023-01")
    assert stored.status == "final"
    assert stored.submission.marks == {
        "LUOT": Mark(KHONG_PHAT_SINH),
        "DON": Mark(CHUA_CO_SO_LIEU, "Ban Tiếp công dân chưa tổng hợp"),
    }
    assert stored.submission.values[("LUOT", "th_ky")] == D(0)  # the stated zero
    assert ("DON", "th_ky") not in stored.submission.values  # never a made-up figure


def test_no_reason_or_a_contradiction_is_refused(tmp_path, svc):
    path = write(
        tmp_path,
        "178",
        {"LUOT": {"th_ky": "5"}, "DON": {"th_ky": "2"}},
        {"LUOT": {"mark": "khong_phat_sinh"}, "DON": {"mark": "chua_co_so_lieu", "reason": " "}},
    )
    report = svc.validate_file(path)
    codes = {(i.code, i.location.indicator) for i in report.issues}
    assert ("danh_dau_mau_thuan", "LUOT") in codes  # «không phát sinh» but 5
    assert ("thieu_ly_do", "DON") in codes
    assert ("danh_dau_mau_thuan", "DON") in codes  # «chưa có số liệu» but 2


def test_a_draft_with_a_mark_lacking_its_reason_still_saves(tmp_path, svc):
    path = write(tmp_path, "178", {}, {"DON": {"mark": "chua_co_so_lieu"}})
    report, stored = svc.load_file(path)
    assert stored.status == "draft"
    assert "thieu_ly_do" in {i.code for i in report.issues}


def test_a_mark_on_an_unknown_row_is_an_error(tmp_path, svc):
    path = write(tmp_path, "178", {}, {"KHONG_CO": {"mark": "khong_phat_sinh"}})
    report = svc.validate_file(path)
    [issue] = [i for i in report.issues if i.location.indicator == "KHONG_CO"]
    assert issue.code == "chi_tieu_khong_co" and "không phát sinh" in issue.message


def put(svc, unit, values, marks=None):
    sub = Submission(
        "thu", 1, unit, "2023-01", values={tuple(k.split(".")): D(v) for k, v in values.items()}
    )
    form = svc.pack.get("thu")
    for code, (kind, reason) in (marks or {}).items():
        set_mark(sub, form, code, kind, reason)
    svc.repo.save(
        sub, form_hash=svc.pack.content_hash("thu"), unit_valid_from="", actor="t", status="final"
    )


def test_consolidation_counts_an_unknown_row_as_missing_and_a_stated_zero_as_zero(svc):
    put(svc, "178", {"LUOT.th_ky": "12", "DON.th_ky": "4"})
    put(svc, "180", {"LUOT.th_ky": "8"}, {"DON": (CHUA_CO_SO_LIEU, "chưa tổng hợp")})
    put(svc, "181", {}, {"LUOT": (KHONG_PHAT_SINH, ""), "DON": (KHONG_PHAT_SINH, "")})
    [form] = consolidate_period(svc, "2023-01", form_ids=["thu"]).forms
    rows = {r.indicator.code: r for r in form.rows if r.indicator}
    assert rows["LUOT"].values["th_ky"] == D(20) and rows["LUOT"].counts["th_ky"] == 3
    assert rows["DON"].values["th_ky"] == D(4)
    assert rows["DON"].counts["th_ky"] == 2  # Tràng Định is missing for DON, not a zero
    assert "Chưa có số liệu: Huyện Tràng Định" in rows["DON"].note
    assert "Số liệu của 2/3 đơn vị đã báo cáo" in rows["DON"].note


ROWS = ["LUOT", "DON", "GQ"]
marks_strategy = st.dictionaries(
    st.sampled_from(ROWS),
    st.tuples(
        st.sampled_from([KHONG_PHAT_SINH, CHUA_CO_SO_LIEU]),
        st.text(alphabet="abcđơn vị chưa có ", max_size=30),
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    marks=marks_strategy,
    cutoff=st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2023, 2, 28))),
)
def test_marks_and_cutoff_round_trip_through_json_and_the_database(svc, marks, cutoff):
    form = svc.pack.get("thu")
    sub = Submission("thu", 1, "183", "2023-01", values={("GQ", "luy_ke"): D("7")})
    for code, (kind, reason) in marks.items():
        set_mark(sub, form, code, kind, reason)
    sub.data_cutoff = cutoff.isoformat() if cutoff else None
    back, issues = parse_submission(
        submission_from_json(json.loads(sub.to_file().model_dump_json()), "x.json"), form
    )
    assert issues == []
    assert (back.marks, back.values, back.data_cutoff) == (sub.marks, sub.values, sub.data_cutoff)
    svc.repo.save(sub, form_hash=svc.pack.content_hash("thu"), unit_valid_from="", actor="t")
    stored = svc.repo.get("183", "", "thu", "2023-01").submission
    assert (stored.marks, stored.values, stored.data_cutoff) == (
        sub.marks,
        sub.values,
        sub.data_cutoff,
    )


def test_a_submission_without_marks_serialises_as_before():
    sub = Submission("thu", 1, "183", "2023-01", values={("GQ", "th_ky"): D("7")})
    dumped = sub.to_file().model_dump(mode="json")
    assert "marks" not in dumped and "data_cutoff" not in dumped


def test_marks_and_the_cutoff_travel_in_a_package(tmp_path):
    """A unit finalises its budget with «chưa có số liệu» on spending and a stated cut-off,
    sends the package; the province stores the same marks, and a second import of the
    same package is a duplicate (the marks are part of the content hash)."""
    from desktop.core.exchange.service import export_package, import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.trust.enrolment import accept_key

    today = dt.date(2026, 11, 23)
    unit, province = (
        Services(db_path=tmp_path / n / "baocao.db", today=today) for n in ("dv", "tinh")
    )
    unit.key_dir, province.key_dir = tmp_path / "dv" / "keys", tmp_path / "tinh" / "keys"
    accept_key(
        province,
        province.units.for_period("178", Period.parse("2023-H1")),
        SigningKey.load_or_create(unit.key_dir).fingerprint,
        actor="kiểm thử",
    )
    form = unit.pack.get("ngan_sach")
    sub = Submission(
        "ngan_sach", form.version, "178", "2023-H1", values={("NS_THU", "th_ky"): D("209435")}
    )
    set_mark(sub, form, "NS_CHI", CHUA_CO_SO_LIEU, "Kho bạc chưa đối chiếu số chi")
    sub.data_cutoff = "2023-06-30"
    report = unit.validate(sub)
    unit.save_entry(report, final=True, actor="Lan")
    pkg = export_package(
        unit,
        unit_code="178",
        period_text="2023-H1",
        form_ids=["ngan_sach"],
        out=tmp_path / "goi.baocao",
    )[0]
    [r] = import_packages(province, [pkg])
    assert r.outcome == "new", r.message
    got = province.repo.get("178", "", "ngan_sach", "2023-H1").submission
    assert got.marks == {"NS_CHI": Mark(CHUA_CO_SO_LIEU, "Kho bạc chưa đối chiếu số chi")}
    assert got.data_cutoff == "2023-06-30" and ("NS_CHI", "th_ky") not in got.values
    [again] = import_packages(province, [pkg])
    assert again.outcome == "duplicate"
