"""Signed packages from a unit's database to the province's: export, import, trust,
tampering, replays, order independence and hostile files."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.exchange.package import read_package
from desktop.core.exchange.service import export_package, import_packages
from desktop.core.services import Services
from desktop.core.submission import Submission

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

TODAY = dt.date(2026, 11, 23)


def installation(tmp_path: Path, name: str) -> Services:
    svc = Services(db_path=tmp_path / name / "baocao.db", today=TODAY)
    svc.key_dir = tmp_path / name / "keys"
    return svc


def budget(unit: str, period: str, total: str, *, author="Lan") -> Submission:
    return Submission("ngan_sach", 1, unit, period, values={("NS_THU", "th_ky"): Decimal(total),
                                                           ("NS_CHI", "th_ky"): Decimal("1000")},
                      narratives={"ket_qua": "Thu đạt khá."}, author=author)


def finalise(svc: Services, sub: Submission):
    report = svc.validate(sub)
    assert report.ok, [i.render() for i in report.issues]
    return svc.save_entry(report, final=True, actor="Lan")


def export(svc, unit, period, out):
    return export_package(svc, unit_code=unit, period_text=period, form_ids=["ngan_sach"], out=out)[0]


def enrol(province: Services, unit_svc: Services, code: str, period: str = "2023-H1") -> None:
    """The province's officer accepts the unit installation's key (docs/trust.md)."""
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.trust.enrolment import accept_key

    unit = province.units.for_period(code, Period.parse(period))
    accept_key(province, unit, SigningKey.load_or_create(unit_svc.key_dir).fingerprint, actor="test")


@pytest.fixture
def pair(tmp_path):
    unit, province = installation(tmp_path, "don_vi"), installation(tmp_path, "tinh")
    enrol(province, unit, "178")
    return unit, province, tmp_path


def test_round_trip_and_duplicate(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "209435"))
    pkg = export(unit, "178", "2023-H1", tmp / "goi.baocao")
    assert unit.repo.get("178", "", "ngan_sach", "2023-H1").status == "sent"
    [r] = import_packages(province, [pkg])
    assert r.outcome == "new", r.message
    stored = province.repo.get("178", "", "ngan_sach", "2023-H1")
    assert stored.submission.values[("NS_THU", "th_ky")] == Decimal("209435")
    assert stored.submission.narratives["ket_qua"] == "Thu đạt khá."
    for _ in range(3):
        [again] = import_packages(province, [pkg])
        assert again.outcome == "duplicate"
    assert len(province.repo.history("178", "", "ngan_sach", "2023-H1")) == 1


def test_revision_supersedes_and_replay_of_older_keeps_newer(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "209435"))
    first = export(unit, "178", "2023-H1", tmp / "lan1.baocao")
    finalise(unit, budget("178", "2023-H1", "210000"))
    second = export(unit, "178", "2023-H1", tmp / "lan2.baocao")
    assert [r.outcome for r in import_packages(province, [first, second])] == ["new", "new_revision"]
    [older] = import_packages(province, [first])
    assert older.outcome == "duplicate"
    current = province.repo.get("178", "", "ngan_sach", "2023-H1")
    assert current.revision == 2 and current.submission.values[("NS_THU", "th_ky")] == Decimal("210000")


def test_any_order_same_state(pair):
    unit, _, tmp = pair
    files = []
    for n, total in enumerate(["100", "200", "300"], start=1):
        finalise(unit, budget("178", "2023-H1", total))
        files.append(export(unit, "178", "2023-H1", tmp / f"lan{n}.baocao"))
    states = set()
    for k, order in enumerate(itertools.permutations(files)):
        prov = installation(tmp, f"tinh{k}")
        enrol(prov, unit, "178")
        import_packages(prov, list(order))
        cur = prov.repo.get("178", "", "ngan_sach", "2023-H1")
        states.add((cur.revision, cur.submission.values[("NS_THU", "th_ky")],
                    len(prov.repo.history("178", "", "ngan_sach", "2023-H1"))))
    assert states == {(3, Decimal("300"), 3)}


def _rewrite(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    dst.write_bytes(buf.getvalue())
    return dst


def test_tampered_value_is_rejected_and_quarantined(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "209435"))
    pkg = export(unit, "178", "2023-H1", tmp / "goi.baocao")

    def tamper(m):
        m["data.json"] = m["data.json"].replace(b'"209435"', b'"299435"')

    bad = _rewrite(pkg, tmp / "sua.baocao", tamper)
    [r] = import_packages(province, [bad])
    assert r.outcome == "rejected" and "sửa" in r.message
    assert province.repo.get("178", "", "ngan_sach", "2023-H1") is None
    assert r.quarantine_path and Path(r.quarantine_path).exists()

    def tamper_manifest(m):
        manifest = json.loads(m["manifest.json"])
        manifest["period"] = "2023-H2"
        m["manifest.json"] = json.dumps(manifest).encode()

    [r2] = import_packages(province, [_rewrite(pkg, tmp / "sua2.baocao", tamper_manifest)])
    assert r2.outcome == "rejected" and "chữ ký" in r2.message


def test_key_pinned_on_first_use(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "1"))
    import_packages(province, [export(unit, "178", "2023-H1", tmp / "a.baocao")])
    impostor = installation(tmp, "gia_mao")
    finalise(impostor, budget("178", "2023-H1", "999999"))
    impostor.repo.set_status(impostor.repo.get("178", "", "ngan_sach", "2023-H1").id, "final", actor="x")
    fake = export(impostor, "178", "2023-H1", tmp / "gia.baocao")
    [r] = import_packages(province, [fake])
    assert r.outcome == "rejected" and "khóa" in r.message
    assert province.repo.get("178", "", "ngan_sach", "2023-H1").submission.values[("NS_THU", "th_ky")] == Decimal("1")


def test_unit_not_in_catalog_for_period(pair):
    unit, province, tmp = pair
    finalise(unit, budget("178", "2023-H1", "5"))
    pkg = export(unit, "178", "2023-H1", tmp / "goi.baocao")
    # the city (178) no longer exists in 2026: the same package relabelled to 2026-H1 is refused
    pkg_data = read_package(pkg)
    assert pkg_data.manifest.unit.code == "178"

    def relabel(m):
        m["manifest.json"] = m["manifest.json"].replace(b"2023-H1", b"2026-H1")

    [r] = import_packages(province, [_rewrite(pkg, tmp / "x.baocao", relabel)])
    assert r.outcome == "rejected"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("rong.baocao", b"", "rỗng"),
        ("van_ban.baocao", b"khong phai zip", "ZIP"),
        ("cat.baocao", None, "ZIP"),
        ("thua.baocao", "extra", "thành phần"),
        ("duong_dan.baocao", "dotdot", "nguy hiểm"),
        ("bom.baocao", "bomb", "bất thường"),
    ],
)
def test_hostile_files_are_refused(pair, name, content, fragment):
    unit, province, tmp = pair
    path = tmp / name
    if content is None:
        finalise(unit, budget("178", "2023-H1", "5"))
        good = export(unit, "178", "2023-H1", tmp / "good.baocao").read_bytes()
        path.write_bytes(good[: len(good) // 2])
    elif content == "extra":
        with zipfile.ZipFile(path, "w") as zf:
            for n in ("manifest.json", "data.json", "signature.json", "virus.exe"):
                zf.writestr(n, b"{}")
    elif content == "dotdot":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("../manifest.json", b"{}")
    elif content == "bomb":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", b"{}")
            zf.writestr("signature.json", b"{}")
            zf.writestr("data.json", b"0" * (60 * 1024 * 1024))
    else:
        path.write_bytes(content)
    [r] = import_packages(province, [path])
    assert r.outcome == "rejected"
    assert fragment in r.message, r.message
    assert not province.repo.list_for_period("2023-H1")


def test_drafts_are_not_sent(pair):
    unit, _, tmp = pair
    report = unit.validate(budget("178", "2023-H1", "5"))
    unit.save_entry(report, final=False)
    from desktop.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        export(unit, "178", "2023-H1", tmp / "nhap.baocao")
    assert "Hoàn thành" in exc.value.message
    assert not (tmp / "nhap.baocao").exists()
