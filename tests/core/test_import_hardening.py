"""Figures arrive exactly as sent, and no file can break an import batch (issue 9)."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal

import pytest

from desktop.core import canonical
from desktop.core.exchange.package import FORMAT, read_package
from desktop.core.exchange.service import import_packages
from desktop.core.numbers import NumberFormatError, parse_number
from desktop.core.status import reporting_status
from tests.core.package_tools import (
    budget,
    enrol,
    export,
    finalise,
    installation,
    members,
    resign,
    zip_members,
)

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

THU = ("NS_THU", "th_ky")


@pytest.fixture
def pair(tmp_path):
    unit, province = installation(tmp_path, "don_vi"), installation(tmp_path, "tinh")
    enrol(province, unit, "178", "2023-H1")
    return unit, province, tmp_path


def _stored(svc, unit="178", period="2023-H1"):
    rec = svc.repo.get(unit, "", "ngan_sach", period)
    return None if rec is None else rec.submission.values[THU]


def test_three_decimals_arrive_as_sent_not_times_1000(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "144.505"))
    pkg = export(unit, "178", "2023-H1", tmp / "goi.baocao")
    assert b'"144.505"' in members(pkg)["data.json"]
    assert json.loads(members(pkg)["manifest.json"])["format"] == FORMAT == "baocao-package/2"
    [r] = import_packages(province, [pkg])
    assert r.outcome == "new", r.message
    assert _stored(province) == Decimal("144.505")


def test_format_1_package_still_reads_and_canonically(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "209.435"))
    pkg = export(unit, "178", "2023-H1", tmp / "goi.baocao")

    def as_v1(m):
        m["format"] = "baocao-package/1"
        return m

    old = resign(pkg, tmp / "cu.baocao", unit.key_dir, manifest=as_v1)
    [r] = import_packages(province, [old])
    assert r.outcome == "new", r.message
    assert _stored(province) == Decimal("209.435")


def test_package_figure_in_clerk_text_or_json_number_is_refused(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "5"))
    pkg = export(unit, "178", "2023-H1", tmp / "goi.baocao")
    for n, bad in enumerate(["1.234,5", True, 5, "1e3", "9" * 31]):

        def change(d, bad=bad):
            d["submissions"][0]["values"]["NS_THU"]["th_ky"] = bad
            return d

        path = resign(pkg, tmp / f"xau{n}.baocao", unit.key_dir, data=change)
        [r] = import_packages(province, [path])
        assert r.outcome == "rejected", (bad, r.message)
    assert province.repo.get("178", "", "ngan_sach", "2023-H1") is None


@pytest.mark.parametrize(
    "literal", ["1e-999999999", "1e999999999", "9" * 5000, "true", '"1"', str(2**63), "0", "1.5"]
)
def test_revision_must_be_a_sane_integer_and_is_refused_fast(pair, literal):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "5"))
    pkg = export(unit, "178", "2023-H1", tmp / "goi.baocao")

    def raw_revision(m):
        m["forms"][0]["revision"] = "@@"
        return json.dumps(m).encode().replace(b'"@@"', literal.encode())

    path = resign(pkg, tmp / "rev.baocao", unit.key_dir, manifest=raw_revision)
    start = time.perf_counter()
    [r] = import_packages(province, [path])
    assert time.perf_counter() - start < 2
    assert r.outcome == "rejected" and "manifest.json" in r.message, r.message
    assert "Input should" not in r.message and "Field required" not in r.message


def test_unsigned_huge_exponent_is_refused_before_any_parsing(pair):
    _, province, tmp = pair
    manifest = b'{"format": "baocao-package/2", "forms": [{"revision": 1e-999999999}]}' + b" " * 20_000
    path = tmp / "khong_ky.baocao"
    path.write_bytes(zip_members([("manifest.json", manifest), ("data.json", b"{}"), ("signature.json", b"{}")]))
    start = time.perf_counter()
    [r] = import_packages(province, [path])
    assert time.perf_counter() - start < 1
    assert r.outcome == "rejected" and "signature.json" in r.message, r.message


def test_one_bad_file_does_not_end_the_batch(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "5"))
    good = export(unit, "178", "2023-H1", tmp / "a.baocao")
    folder = tmp / "thu_muc.baocao"
    folder.mkdir()
    surrogate = resign(
        good, tmp / "s.baocao", unit.key_dir, raw_data=lambda b: b.replace(b'"Lan"', b'"\\ud800"')
    )
    flipped = tmp / "lat_bit.baocao"
    raw = bytearray(good.read_bytes())
    raw[60] ^= 0xFF  # inside the first member's deflate stream
    flipped.write_bytes(bytes(raw))
    other_unit = installation(tmp, "don_vi_183")
    enrol(province, other_unit, "183", "2023-H1")
    finalise(other_unit, budget("183", "2023-H1", "7"))
    other = export(other_unit, "183", "2023-H1", tmp / "c.baocao")
    results = import_packages(province, [good, folder, surrogate, flipped, other])
    assert [r.outcome for r in results] == ["new", "rejected", "rejected", "rejected", "new"]
    assert _stored(province, "183") == Decimal("7")
    assert all(r.quarantine_path or r.file == folder.name for r in results[1:4])


def test_cli_batch_with_a_bad_file_exits_1_and_reports_every_file(pair, tmp_path):
    from tests.conftest import run_cli

    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "144.505"))
    good = export(unit, "178", "2023-H1", tmp / "a.baocao")
    huge = resign(good, tmp / "b.baocao", unit.key_dir, raw_data=lambda b: b.replace(b'"144.505"', b"9" * 5000))
    (tmp / "d.baocao").mkdir()
    db = province.db_path  # the unit's key is enrolled there
    r = run_cli("package", "import", str(good), str(huge), str(tmp / "d.baocao"), "--json", db=db)
    assert r.returncode == 1, r.stdout + r.stderr
    outcomes = [x["outcome"] for x in json.loads(r.stdout)]
    assert outcomes == ["new", "rejected", "rejected"]
    again = run_cli("package", "import", str(good), db=db)
    assert again.returncode == 0, again.stdout + again.stderr


def test_status_counts_arrival_not_the_units_claim(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2025-06", "5"))
    pkg = export(unit, "178", "2025-06", tmp / "goi.baocao")
    claim = "2025-07-10T08:00:00+07:00"  # before the deadline; the package really arrives today

    def backdate(m):
        m["created_at"] = claim
        return m

    forged = resign(pkg, tmp / "lui_ngay.baocao", unit.key_dir, manifest=backdate)
    [r] = import_packages(province, [forged])
    assert r.outcome == "new", r.message
    matrix = reporting_status(province, "2025-06", form_ids=["ngan_sach"])
    cell = matrix.cells[("178", "ngan_sach")]
    assert cell.status == "late"
    assert cell.unit_claimed_at == claim
    assert dt.datetime.fromisoformat(cell.submitted_at).date() >= dt.date(2026, 1, 1)
    js = next(c for c in matrix.to_json()["cells"] if c["unit"] == "178")
    assert js["unit_claimed_at"] == claim and js["status"] == "late"
    assert any("đơn vị ghi 10/07/2025" in line for line in matrix.claim_lines())


def test_strict_reader_bounds_and_refusals():
    assert canonical.read("144.505") == Decimal("144.505")
    assert canonical.read("-0.000001") == Decimal("-0.000001")
    other_digits = ["١٢٣", "１２３", "12.٣", "-۴"]  # digits of other scripts: Decimal reads them, we never write them
    for bad in ["1.234,5", "1e3", "+5", " 5", "", "1_000", True, 5, Decimal("5"), "9" * 31, "9" * 100_000, *other_digits]:
        took = []
        for _ in range(5):  # the fastest of five: a busy machine's pause is not the reader's time
            start = time.perf_counter()
            with pytest.raises(NumberFormatError):
                canonical.read(bad)
            took.append(time.perf_counter() - start)
        assert min(took) < 0.01
    for bad in [b"1e-999999999", b"9" * 5000, b"1e31", b"NaN", b'"\\udc00"', b"[" * 100_000]:
        with pytest.raises(canonical.JsonRefused):
            canonical.loads(bad)
    assert canonical.loads(b'\xef\xbb\xbf{"a": 1.50}', allow_bom=True) == {"a": Decimal("1.50")}
    assert canonical.read_all(["1", "2.5"]) == [Decimal(1), Decimal("2.5")]
    for text in other_digits:
        assert canonical.read_all(["1", text]) is None  # then `read` says which one


def test_clerk_parser_is_bounded():
    with pytest.raises(NumberFormatError, match="quá dài"):
        parse_number("9" * 31)
    with pytest.raises(NumberFormatError, match="quá dài"):
        parse_number("1" * 1_000_000)
    with pytest.raises(NumberFormatError):
        parse_number(True)
    assert parse_number("9" * 30).value == Decimal("9" * 30)


def test_entry_json_true_and_huge_numbers_are_refused(services, tmp_path):
    from desktop.core.errors import InputFileError
    from desktop.core.submission import read_submission_file

    base = {"format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1, "unit": "178",
            "period": "2023-H1"}
    for n, (value, fragment) in enumerate([("true", "đúng/sai"), ("1e-999999999", "số mũ"),
                                            ("9" * 5000, "quá dài")]):
        path = tmp_path / f"f{n}.json"
        text = json.dumps({**base, "values": {"NS_THU": {"th_ky": "@@"}}}).replace('"@@"', value)
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputFileError, match=fragment):
            read_submission_file(path)


def test_read_package_of_a_folder_is_a_rejection(tmp_path):
    from desktop.core.errors import PackageRejected

    (tmp_path / "x.baocao").mkdir()
    with pytest.raises(PackageRejected, match="thư mục"):
        read_package(tmp_path / "x.baocao")


def test_cli_entry_load_refuses_hostile_numbers_with_exit_2(tmp_path):
    from tests.conftest import run_cli

    base = {"format": "baocao-submission/1", "form": "ngan_sach", "form_version": 1, "unit": "178",
            "period": "2023-H1"}
    path = tmp_path / "so_lieu.json"
    text = json.dumps({**base, "values": {"NS_THU": {"th_ky": "@@"}}}).replace('"@@"', "1e-999999999")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())  # with the BOM Notepad writes
    db = tmp_path / "db.sqlite"
    r = run_cli("entry", "load", str(path), db=db)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "số mũ" in r.stderr and "so_lieu.json" in r.stderr and "Traceback" not in r.stderr
    assert not db.exists() or "NS_THU" not in db.read_bytes().decode("latin-1")
