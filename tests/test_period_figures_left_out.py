"""A quarter's form saved before «DT tháng» became a month's column (6c255dd) still holds a
figure there.  The grid no longer shows it and the province refuses it
(`so_do_khong_co_trong_ky`), so the export sends the quarter's columns only, tells the
clerk once which figure it left out and why, and keeps the figure in the database;
`entry show` lists it apart (period_figures.py).  The GUI's side:
tests/gui/test_send_period_figures.py."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.core.exchange.service import import_packages
from desktop.core.formdef.period_form import measures_in
from desktop.core.period_figures import split_for_period
from desktop.core.periods import Period
from desktop.core.services import Services
from tests.conftest import run_cli
from tests.core.package_tools import budget, enrol, installation, members

PERIOD = "2023-Q1"
MONTHLY = ("NS_THU", "du_toan_thang")
NOTE = "Dự toán tháng 3 do huyện giao."
# the form's content hash of its day (Biểu 05 before measure_periods): another form's
OLD_FORM_HASH = hashlib.sha256(b"ngan_sach truoc 6c255dd").hexdigest()


def quarter_draft_from_before(svc: Services):
    """Huyện Cao Lộc's Biểu 05 of Quý I 2023 as a draft saved before the change: written
    straight through the repository under the form of its day, with a «du_toan_thang»
    figure and its comment."""
    sub = budget("183", PERIOD, "209435")
    sub.values[MONTHLY] = Decimal("50000")
    sub.comments[MONTHLY] = NOTE
    unit = svc.units.for_period("183", Period.parse(PERIOD))
    return svc.repo.save(
        sub,
        form_hash=OLD_FORM_HASH,
        unit_valid_from=unit.key[1],
        actor="Lan",
        status="draft",
    )


def kept_locally(svc: Services):
    unit = svc.units.for_period("183", Period.parse(PERIOD))
    return svc.repo.get("183", unit.key[1], "ngan_sach", PERIOD)


def test_cli_export_leaves_out_the_month_column_says_so_and_keeps_it(tmp_path, warm_pack, capsys):
    svc = installation(tmp_path, "don_vi")
    stored = quarter_draft_from_before(svc)
    svc.save_entry(svc.validate(stored.submission), final=True, actor="Lan")  # «Hoàn thành»
    db = tmp_path / "don_vi" / "baocao.db"
    svc.close()

    pkg = tmp_path / "goi.baocao"
    got = run_cli(
        "package", "export", "--unit", "183", "--period", PERIOD, "--out", str(pkg), db=db
    )
    assert got.returncode == 0, got.stderr
    said = got.stderr
    assert "Traceback" not in said and said.count("Không gửi 1 số liệu") == 1, said
    assert "Huyện Cao Lộc, quý I năm 2023" in said and "không có trong kỳ quý" in said, said
    assert "«Tổng thu ngân sách nhà nước trên địa bàn», cột «Dự toán tháng»" in said, said
    assert "(chỉ có ở kỳ tháng): 50.000" in said and "không bị xóa" in said, said
    data = json.loads(members(pkg)["data.json"])
    (sent,) = data["submissions"]
    assert sent["values"]["NS_THU"] == {"th_ky": "209435"} and sent["comments"] == {}, sent

    svc = installation(tmp_path, "don_vi")
    province = installation(tmp_path, "tinh")
    enrol(province, svc, "183", PERIOD)
    (result,) = import_packages(province, [pkg])
    assert result.outcome == "new", result.message
    province.close()

    kept = kept_locally(svc)
    assert kept.status == "sent", kept.status
    assert kept.submission.values[MONTHLY] == Decimal("50000")
    assert kept.submission.comments[MONTHLY] == NOTE
    svc.close()

    # (the CLI in-process for the rest, as test_export_revalidate runs it: a subprocess each
    # cost about a second more)
    show = [
        "entry",
        "show",
        "--unit",
        "183",
        "--period",
        PERIOD,
        "--form",
        "ngan_sach",
        "--db",
        str(db),
    ]
    capsys.readouterr()
    assert main(show) == 0
    shown = capsys.readouterr().out
    apart = shown.split("Không gửi, ở cột không có trong kỳ quý")
    assert len(apart) == 2, shown
    assert (
        "«Dự toán tháng»" not in apart[0]
        and "cột «Dự toán tháng» (chỉ có ở kỳ tháng): 50.000" in apart[1]
    )

    assert main([*show, "--json"]) == 0
    shown_data = json.loads(capsys.readouterr().out)
    assert "du_toan_thang" not in shown_data["values"]["NS_THU"], shown_data["values"]
    assert shown_data["meta"]["not_sent"] == [
        {"indicator": "NS_THU", "measure": "du_toan_thang", "value": "50000"}
    ]
    # the file as shown (its meta left aside) is the quarter's: it validates
    del shown_data["meta"]
    (tmp_path / "quy.json").write_text(json.dumps(shown_data, ensure_ascii=False), encoding="utf-8")
    assert main(["entry", "validate", str(tmp_path / "quy.json"), "--db", str(db)]) == 0


def test_entry_validate_refuses_a_month_column_in_a_quarter_file(tmp_path, warm_pack, capsys):
    """A file the clerk wrote with «du_toan_thang» in a quarter: refused, naming the row
    and the column, and saying which periods have it (no figure is dropped from a file)."""
    svc = installation(tmp_path, "don_vi")
    sub = budget("183", PERIOD, "209435")
    sub.values[MONTHLY] = Decimal("50000")
    path = tmp_path / "so_lieu.json"
    path.write_text(sub.to_file().model_dump_json(), encoding="utf-8")
    svc.close()
    capsys.readouterr()
    rc = main(["entry", "validate", str(path), "--db", str(tmp_path / "don_vi" / "baocao.db")])
    said = "".join(capsys.readouterr())
    assert rc == 1, said
    assert "Traceback" not in said and "so_do_khong_co_trong_ky" in said, said
    assert "«Tổng thu ngân sách nhà nước trên địa bàn»" in said and "chỉ có ở kỳ tháng" in said
    assert "cột «Dự toán tháng»" in said, said
    assert "«du_toan_thang»" not in said, said  # the column by its heading, not its code


@settings(max_examples=30, deadline=None)
@given(data=st.data(), period=st.sampled_from(["2023-02", "2023-Q1", "2023-H1", "2023-9M", "2023"]))
def test_split_keeps_every_figure_once(pack, data, period):
    """Every figure is either kept (a column of the period) or left out (not one), never
    both, never lost; a month has every column and gives the very same submission."""
    form = pack.get("ngan_sach")
    codes = [i.code for i in form.iter_indicators()][:6]
    keys = st.tuples(st.sampled_from(codes), st.sampled_from(form.measures))
    values = data.draw(
        st.dictionaries(keys, st.integers(-(10**9), 10**9).map(Decimal), max_size=12)
    )
    sub = budget("183", period, "1")
    sub.values = dict(values)
    kept, left = split_for_period(sub, form)
    columns = set(measures_in(form, Period.parse(period).type))
    assert all(m in columns for _, m in kept.values)
    assert all(f.measure not in columns for f in left)
    assert {**kept.values, **{(f.indicator, f.measure): f.value for f in left}} == values
    assert len(kept.values) + len(left) == len(values)
    if not left:
        assert kept is sub
    assert sub.values == values  # the stored submission is never changed
