"""The local store on real SQLite files: exact figures, revision rules, audit trail,
transactions, receiving packages in any order, exact sums, and failures as StorageError."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sqlite3
import time
from decimal import Decimal as D

import pytest

from desktop.core.errors import NotFoundError, StorageError
from desktop.core.numbers import to_plain
from desktop.core.storage.codec import SCALE, from_scaled, to_scaled
from desktop.core.storage.database import open_database
from desktop.core.storage.errors import UnstorableValue
from desktop.core.storage.repository import SubmissionRepository
from desktop.core.submission import Submission

PERIOD = "2023-H1"
FORM = "ngan_sach"
TABLES = ("submissions", "vals", "comments", "narratives", "audit", "meta")


class Clock:
    """A clock that moves one second per reading, so timestamps are predictable."""

    def __init__(self) -> None:
        self.t = dt.datetime(2024, 7, 3, 1, 0, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.t += dt.timedelta(seconds=1)
        return self.t


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "baocao.db"


@pytest.fixture
def repo(db_path):
    db = open_database(db_path)
    yield SubmissionRepository(db, clock=Clock())
    db.conn.close()


def make(unit="001", values=None, *, form=FORM, period=PERIOD, comments=None, narratives=None):
    return Submission(
        form_id=form,
        form_version=1,
        unit=unit,
        period=period,
        values=dict(values or {}),
        comments=dict(comments or {}),
        narratives=dict(narratives or {}),
        author="Nguyễn Văn A",
    )


def save(repo, sub, status="draft", actor="clerk", valid_from=""):
    return repo.save(sub, form_hash="h1", unit_valid_from=valid_from, actor=actor, status=status)


def snapshot(repo) -> dict:
    return {t: sorted(repo.db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


EXACT = [
    D("209435"),
    D("0.27"),
    D("5832661500"),
    D("-1234.5"),
    D("0.000001"),
    D("-0.000001"),
    D("123456.123456"),
    D("0"),
    D("9223372036854.775807"),  # the largest figure that fits the scaled integer column
    D("98765432109876543210.5"),  # beyond it: kept as exact text
    D("-98765432109876543210.000001"),
]


# ---------------------------------------------------------------- database & codec


def test_open_database_creates_folder_sets_pragmas_and_migrates_once(db_path):
    assert not db_path.parent.exists()
    db = open_database(db_path)
    assert db_path.exists()
    pragmas = {
        p: db.execute(f"PRAGMA {p}").fetchone()[0]
        for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
    assert {*TABLES, "trusted_keys", "imports"} <= set(db.table_names())
    assert db["vals"].pks == ["submission_id", "indicator", "measure"]
    applied = db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    db.conn.close()
    db = open_database(db_path)
    again = db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert again == applied and ("baocao", "m001_initial") in applied
    db.conn.close()


@pytest.mark.parametrize("value", EXACT, ids=str)
def test_codec_round_trip_is_exact(value):
    scaled = to_scaled(value)
    assert scaled == int(value * 10**SCALE)
    back = from_scaled(scaled)
    assert back == value and str(back) == to_plain(value)  # no exponent, no trailing zeros


def test_codec_round_trip_random():
    rnd = random.Random(7)
    for _ in range(2000):
        value = D(rnd.randint(-(10**15), 10**15)).scaleb(-rnd.randint(0, SCALE))
        assert from_scaled(to_scaled(value)) == value


@pytest.mark.parametrize(
    "bad, code",
    [
        (D("0.0000001"), "qua_nhieu_chu_so_thap_phan"),
        (D("1.1234567"), "qua_nhieu_chu_so_thap_phan"),
        (D("NaN"), "gia_tri_khong_luu_duoc"),
        (D("Infinity"), "gia_tri_khong_luu_duoc"),
    ],
)
def test_codec_refuses_what_it_cannot_store_exactly(bad, code):
    with pytest.raises(UnstorableValue) as err:
        to_scaled(bad)
    assert err.value.code == code


def test_trailing_zeros_beyond_six_places_are_still_exact():
    assert to_scaled(D("1.230000000")) == 1_230_000
    assert to_scaled(D("-1." + "0" * 120)) == -1_000_000  # a very long coefficient, still exact
    with pytest.raises(UnstorableValue):
        to_scaled(D("1." + "0" * 120 + "1"))


# ---------------------------------------------------------------- round trip


def test_values_round_trip_exactly_after_reopening(db_path):
    values = {(f"I{n:02d}", "th_ky"): v for n, v in enumerate(EXACT)}
    values[("TEN_DU_AN", "th_ky")] = "Đường liên xã Tân Lập – Hòa Bình"
    values[("GHI_CHU", "luy_ke")] = "0.27"  # a text that looks like a number stays text
    comments = {("I01", "th_ky"): "Số tạm tính, chờ quyết toán."}
    narratives = {"tinh_hinh_chung": "Kinh tế tiếp tục phục hồi."}
    db = open_database(db_path)
    stored = save(
        SubmissionRepository(db), make(values=values, comments=comments, narratives=narratives)
    )
    db.conn.close()

    repo = SubmissionRepository(open_database(db_path))
    got = repo.get("001", "", FORM, PERIOD)
    assert got is not None and got.id == stored.id
    assert got.submission.values == values
    for key, v in values.items():
        assert type(got.submission.values[key]) is type(v)
    assert str(got.submission.values[("I01", "th_ky")]) == "0.27"
    assert got.submission.comments == comments and got.submission.narratives == narratives
    assert got.submission.author == "Nguyễn Văn A"
    # stored as scaled integers, so that SQL sums are exact
    raw = dict(
        repo.db.execute(
            "SELECT indicator, num FROM vals WHERE submission_id = ? AND num IS NOT NULL", [got.id]
        ).fetchall()
    )
    assert raw["I00"] == 209_435_000_000 and raw["I01"] == 270_000 and raw["I03"] == -1_234_500_000
    repo.db.conn.close()


def test_unstorable_value_stores_nothing(repo):
    with pytest.raises(UnstorableValue):
        save(repo, make(values={("A1", "th_ky"): D("1"), ("A2", "th_ky"): D("0.1234567")}))
    assert repo.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0


# ---------------------------------------------------------------- revisions and audit


def test_draft_is_updated_in_place_writing_only_changes(repo):
    first = save(
        repo,
        make(
            values={("A", "th_ky"): D("10"), ("B", "th_ky"): D("20"), ("C", "th_ky"): D("30")},
            comments={("A", "th_ky"): "cũ"},
            narratives={"n1": "Một", "n2": "Hai"},
        ),
        actor="lan",
    )
    assert (first.revision, first.status, first.is_current, first.origin) == (
        1,
        "draft",
        True,
        "local",
    )
    second = save(
        repo,
        make(
            values={("A", "th_ky"): D("10.0"), ("B", "th_ky"): D("21"), ("D", "th_ky"): D("4")},
            comments={("A", "th_ky"): "mới"},
            narratives={"n1": "Một"},
        ),
        actor="minh",
    )
    assert second.id == first.id and second.revision == 1
    assert second.submission.values == {
        ("A", "th_ky"): D("10"),
        ("B", "th_ky"): D("21"),
        ("D", "th_ky"): D("4"),
    }
    trail = [
        (a.action, a.actor, a.indicator, a.measure, a.old, a.new) for a in repo.audit(first.id)
    ]
    assert trail == [
        ("create", "lan", None, None, None, "1"),
        ("set", "minh", "B", "th_ky", "20", "21"),
        ("set", "minh", "D", "th_ky", None, "4"),
        ("clear", "minh", "C", "th_ky", "30", None),
        ("comment", "minh", "A", "th_ky", "cũ", "mới"),
        ("narrative", "minh", "n2", None, "Hai", None),
    ]
    assert second.updated_at > first.updated_at
    # saving the same again changes nothing at all
    before = snapshot(repo)
    third = save(
        repo,
        make(
            values=second.submission.values,
            comments={("A", "th_ky"): "mới"},
            narratives={"n1": "Một"},
        ),
        actor="minh",
    )
    assert third.updated_at == second.updated_at and snapshot(repo) == before


def test_final_then_save_creates_a_new_revision_holding_exactly_the_new_submission(repo):
    first = save(repo, make(values={("A", "th_ky"): D("1"), ("B", "th_ky"): D("2")}))
    final = save(
        repo, make(values={("A", "th_ky"): D("1"), ("B", "th_ky"): D("2")}), status="final"
    )
    assert final.id == first.id and final.status == "final" and final.finalised_at is not None
    assert [a.action for a in repo.audit(final.id)] == ["create", "status"]

    rev2 = save(repo, make(values={("A", "th_ky"): D("5")}))
    assert rev2.id != first.id and rev2.revision == 2 and rev2.status == "draft"
    assert rev2.submission.values == {("A", "th_ky"): D("5")}  # nothing copied from rev 1
    assert repo.get("001", "", FORM, PERIOD).id == rev2.id
    old = repo.get("001", "", FORM, PERIOD, revision=1)
    assert old.is_current is False and old.status == "final"
    assert old.submission.values == {("A", "th_ky"): D("1"), ("B", "th_ky"): D("2")}

    repo.set_status(rev2.id, "final", actor="x")
    repo.set_status(rev2.id, "sent", actor="x")
    rev3 = save(repo, make(values={("A", "th_ky"): D("6")}), status="final")
    assert (rev3.revision, rev3.status, rev3.is_current) == (3, "final", True)
    hist = repo.history("001", "", FORM, PERIOD)
    assert [h.revision for h in hist] == [3, 2, 1]
    assert [h.is_current for h in hist] == [True, False, False]
    assert repo.get_by_id(rev2.id).status == "sent"
    # another unit key (same code, other valid_from) is a separate history
    other = save(repo, make(values={("A", "th_ky"): D("9")}), valid_from="2025-07-01")
    assert other.revision == 1 and repo.get("001", "", FORM, PERIOD).revision == 3


def test_reopen_copies_a_final_into_a_new_draft(repo):
    final = save(repo, make(values={("A", "th_ky"): D("1")}, narratives={"n": "x"}), status="final")
    draft = repo.reopen(final.id, actor="x")
    assert draft.revision == 2 and draft.status == "draft"
    assert draft.submission.values == final.submission.values
    assert draft.submission.narratives == {"n": "x"}
    with pytest.raises(StorageError):
        repo.reopen(final.id, actor="x")  # no longer the current one


def test_cell_setters_write_one_audit_row_each_with_who_when_old_new(repo):
    sid = save(repo, make(values={("A", "th_ky"): D("1.5")})).id
    assert repo.set_value(sid, "A", "th_ky", D("2.25"), actor="hoa") is True
    assert repo.set_value(sid, "A", "th_ky", D("2.250"), actor="hoa") is False  # same figure
    assert repo.set_value(sid, "T", "th_ky", "Đạt", actor="hoa") is True
    assert repo.set_value(sid, "A", "th_ky", None, actor="binh") is True
    assert repo.set_comment(sid, "A", "th_ky", "Giảm do thiên tai", actor="binh") is True
    assert repo.set_narrative(sid, "tong_quan", "Tốt", actor="binh") is True
    assert repo.set_narrative(sid, "tong_quan", "", actor="binh") is True
    meta = repo.set_status(sid, "final", actor="truong_phong")
    assert meta.status == "final" and meta.finalised_at is not None

    trail = repo.audit(sid)
    rows = [(a.action, a.actor, a.indicator, a.measure, a.old, a.new) for a in trail]
    assert rows == [
        ("create", "clerk", None, None, None, "1"),
        ("set", "hoa", "A", "th_ky", "1.5", "2.25"),
        ("set", "hoa", "T", "th_ky", None, "Đạt"),
        ("clear", "binh", "A", "th_ky", "2.25", None),
        ("comment", "binh", "A", "th_ky", None, "Giảm do thiên tai"),
        ("narrative", "binh", "tong_quan", None, None, "Tốt"),
        ("narrative", "binh", "tong_quan", None, "Tốt", None),
        ("status", "truong_phong", None, None, "draft", "final"),
    ]
    stamps = [dt.datetime.fromisoformat(a.at) for a in trail]
    assert stamps == sorted(stamps) and all(s.utcoffset() == dt.timedelta(0) for s in stamps)
    assert meta.finalised_at == trail[-1].at == meta.updated_at
    got = repo.get_by_id(sid).submission
    assert got.values == {("T", "th_ky"): "Đạt"} and got.comments == {
        ("A", "th_ky"): "Giảm do thiên tai"
    }
    assert got.narratives == {}


def test_finalised_submissions_are_not_edited_in_place(repo):
    sid = save(repo, make(values={("A", "th_ky"): D("1")}), status="final").id
    with pytest.raises(StorageError) as err:
        repo.set_value(sid, "A", "th_ky", D("2"), actor="x")
    assert err.value.code == "khong_sua_duoc"
    assert repo.get_by_id(sid).submission.values == {("A", "th_ky"): D("1")}
    with pytest.raises(NotFoundError):
        repo.set_value(99999, "A", "th_ky", D("2"), actor="x")


def test_status_transitions(repo):
    sid = save(repo, make(values={("A", "th_ky"): D("1")})).id
    with pytest.raises(StorageError) as err:
        repo.set_status(sid, "sent", actor="x")  # must be finalised first
    assert err.value.code == "chuyen_trang_thai_khong_hop_le"
    repo.set_status(sid, "final", actor="x")
    assert repo.set_status(sid, "draft", actor="x").finalised_at is None
    repo.set_status(sid, "final", actor="x")
    sent = repo.set_status(sid, "sent", actor="x")
    again = repo.set_status(sid, "sent", actor="x")  # exporting twice
    assert sent.sent_at is not None and again.sent_at == sent.sent_at
    assert [a.new for a in repo.audit(sid) if a.action == "status"] == [
        "final",
        "draft",
        "final",
        "sent",
    ]
    with pytest.raises(StorageError):
        repo.set_status(sid, "received", actor="x")


# ---------------------------------------------------------------- transactions


def test_failure_inside_a_transaction_leaves_the_database_unchanged(repo):
    sid = save(repo, make(values={("A", "th_ky"): D("1")})).id
    before = snapshot(repo)
    with pytest.raises(RuntimeError):
        with repo.transaction():
            save(repo, make(unit="002", values={("A", "th_ky"): D("7")}), status="final")
            repo.set_value(sid, "A", "th_ky", D("99"), actor="x")
            receive(repo, "003", 1, {("A", "th_ky"): D("3")})
            raise RuntimeError("mất điện")
    assert snapshot(repo) == before
    assert repo.get("002", "", FORM, PERIOD) is None


def test_transactions_nest_inner_failure_undoes_only_the_inner_part(repo):
    with repo.transaction():
        save(repo, make(unit="001", values={("A", "th_ky"): D("1")}))
        with pytest.raises(ValueError):
            with repo.transaction():
                save(repo, make(unit="002", values={("A", "th_ky"): D("2")}))
                raise ValueError
        with repo.db.atomic():  # sqlite-utils' own transactions nest inside ours too
            save(repo, make(unit="003", values={("A", "th_ky"): D("3")}))
    assert repo.get("001", "", FORM, PERIOD) is not None
    assert repo.get("002", "", FORM, PERIOD) is None
    assert repo.get("003", "", FORM, PERIOD) is not None
    assert not repo.db.conn.in_transaction


def test_transaction_commits_are_visible_to_another_connection(repo, db_path):
    with repo.transaction():
        save(repo, make(values={("A", "th_ky"): D("1")}))
        other = sqlite3.connect(db_path)
        assert other.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0
    assert other.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 1
    other.close()


# ---------------------------------------------------------------- receiving packages


def receive(repo, unit, revision, values, *, content=None, form=FORM, uuid=None):
    return repo.store_received(
        make(unit=unit, values=values, form=form),
        revision=revision,
        package_uuid=uuid or f"pkg-{unit}-{form}-{revision}",
        form_hash="h1",
        unit_valid_from="",
        content_hash=content or f"hash-{revision}-{sorted(values.items())}",
        created_at=f"2023-07-0{revision}T08:00:00+07:00",
        actor="tinh",
    )


def test_store_received_outcomes(repo):
    v1, v2, v3 = ({("A", "th_ky"): D(n)} for n in ("1", "2", "3"))
    out = receive(repo, "010", 2, v2)
    assert (out.outcome, out.revision, out.supersedes) == ("new", 2, None)
    stored = repo.get_by_id(out.submission_id)
    assert (stored.status, stored.origin, stored.is_current) == ("received", "imported", True)
    assert stored.received_at is not None and stored.created_at == "2023-07-02T08:00:00+07:00"
    assert stored.package_uuid == "pkg-010-ngan_sach-2"

    before = snapshot(repo)
    dup = receive(repo, "010", 2, v2)
    assert (dup.outcome, dup.submission_id) == ("duplicate", out.submission_id)
    assert snapshot(repo) == before

    conflict = receive(repo, "010", 2, v3)
    assert conflict.outcome == "conflict" and snapshot(repo) == before

    older = receive(repo, "010", 1, v1)
    assert older.outcome == "older_revision"
    assert repo.get("010", "", FORM, PERIOD).revision == 2
    assert repo.get("010", "", FORM, PERIOD, revision=1).is_current is False

    newer = receive(repo, "010", 3, v3)
    assert (newer.outcome, newer.supersedes) == ("new_revision", 2)
    assert repo.get("010", "", FORM, PERIOD).submission.values == v3
    assert [a.action for a in repo.audit(newer.submission_id)] == ["import"]

    with pytest.raises(StorageError) as err:  # the province does not edit a unit's figures
        save(repo, make(unit="010", values=v1))
    assert err.value.code == "ban_nhan_tu_don_vi"


def test_package_with_several_forms_is_all_or_nothing(repo):
    before = snapshot(repo)
    with pytest.raises(StorageError):
        with repo.transaction():
            receive(repo, "010", 1, {("A", "th_ky"): D("1")}, form="giao_duc")
            receive(repo, "010", 1, {("A", "th_ky"): D("0.1234567")}, form="y_te")
    assert snapshot(repo) == before


def _state(repo) -> list:
    rows = repo.db.execute(
        "SELECT unit_code, form_id, period, revision, status, origin, content_hash, is_current, "
        "package_uuid, id FROM submissions ORDER BY unit_code, form_id, revision"
    ).fetchall()
    return [(*r[:-1], sorted(repo.get_by_id(r[-1]).submission.values.items())) for r in rows]


def test_receiving_in_any_order_ends_in_the_same_state(tmp_path):
    packages = [
        ("010", 1, {("A", "th_ky"): D("1")}),
        ("010", 2, {("A", "th_ky"): D("2"), ("B", "th_ky"): D("0.5")}),
        ("010", 3, {("A", "th_ky"): D("3")}),
        ("010", 2, {("A", "th_ky"): D("2"), ("B", "th_ky"): D("0.5")}),  # sent twice
        ("020", 1, {("A", "th_ky"): D("7")}),
    ]
    states = set()
    for n, order in enumerate(itertools.permutations(packages)):
        db = open_database(tmp_path / f"p{n}.db")
        repo = SubmissionRepository(db)
        for unit, revision, values in order:
            assert receive(repo, unit, revision, values).outcome != "conflict"
        states.add(repr(_state(repo)))
        current = repo.get("010", "", FORM, PERIOD)
        assert current.revision == 3 and current.submission.values == {("A", "th_ky"): D("3")}
        assert repo.sum_values(PERIOD, FORM, [("010", ""), ("020", "")]) == {
            ("A", "th_ky"): D("10")
        }
        db.conn.close()
    assert n + 1 == 120 and len(states) == 1


# ---------------------------------------------------------------- consolidation queries


def test_sum_values_equals_the_hand_sum_over_current_counted_revisions(repo):
    rnd = random.Random(2023)
    keys = [(f"{n:03d}", "") for n in range(1, 41)]
    expected: dict = {}
    for code, _ in keys:
        values = {
            (f"I{i}", m): D(rnd.randint(-(10**9), 10**12)).scaleb(-rnd.randint(0, 6))
            for i in range(12)
            for m in ("th_ky", "luy_ke")
            if rnd.random() < 0.8
        }
        values[("TEN", "th_ky")] = "chữ không cộng"
        status = rnd.choice(["draft", "final", "final", "sent"])
        # an older final revision that must not be counted
        save(repo, make(unit=code, values={("I0", "th_ky"): D("1000000")}), status="final")
        stored = save(
            repo, make(unit=code, values=values), status="draft" if status == "draft" else "final"
        )
        if status == "sent":
            repo.set_status(stored.id, "sent", actor="x")
        if status != "draft" and code != "040":
            for key, v in values.items():
                if isinstance(v, D):
                    expected[key] = expected.get(key, D(0)) + v
    totals = repo.sum_values(PERIOD, FORM, keys[:-1])  # unit 040 not asked for
    assert totals == expected and len(expected) > 10
    assert repo.sum_values("2023-Q3", FORM, keys) == {}
    assert repo.sum_values(PERIOD, FORM, []) == {}

    by_unit = repo.values_by_unit(PERIOD, FORM, keys[:-1])
    assert all(v[("TEN", "th_ky")] == "chữ không cộng" for v in by_unit.values())
    hand: dict = {}
    for values in by_unit.values():
        for key, v in values.items():
            if isinstance(v, D):
                hand[key] = hand.get(key, D(0)) + v
    assert hand == expected


def test_sum_values_is_one_indexed_query(repo):
    for code in ("001", "002"):
        save(repo, make(unit=code, values={("A", "th_ky"): D("1.5")}), status="final")
    seen: list[str] = []
    repo.db.conn.set_trace_callback(seen.append)
    try:
        assert repo.sum_values(PERIOD, FORM, [("001", ""), ("002", "")]) == {("A", "th_ky"): D("3")}
    finally:
        repo.db.conn.set_trace_callback(None)
    assert len(seen) == 1
    plan = " ".join(r[-1] for r in repo.db.execute("EXPLAIN QUERY PLAN " + seen[0]).fetchall())
    assert "USING COVERING INDEX submissions_consolidation" in plan
    assert "SEARCH v USING PRIMARY KEY" in plan


def test_sum_overflow_falls_back_to_exact_python_sum(repo):
    huge = D("5000000000000.000001")  # fits the column (×10^6 < 2^63), three of them do not
    for code in ("001", "002", "003"):
        save(
            repo,
            make(unit=code, values={("A", "th_ky"): huge, ("B", "th_ky"): D("1")}),
            status="final",
        )
    with pytest.raises(sqlite3.OperationalError, match="overflow"):  # SQLite alone cannot
        repo.db.conn.execute("SELECT SUM(num) FROM vals WHERE indicator = 'A'").fetchall()
    keys = [("001", ""), ("002", ""), ("003", "")]
    assert repo.sum_values(PERIOD, FORM, keys) == {
        ("A", "th_ky"): D("15000000000000.000003"),
        ("B", "th_ky"): D("3"),
    }


def test_figures_too_large_for_the_integer_column_are_summed_exactly(repo):
    big = D("12345678901234567890.123456")
    save(repo, make(unit="001", values={("A", "th_ky"): big}), status="final")
    save(repo, make(unit="002", values={("A", "th_ky"): D("0.000004")}), status="final")
    keys = [("001", ""), ("002", "")]
    assert repo.sum_values(PERIOD, FORM, keys) == {("A", "th_ky"): D("12345678901234567890.12346")}


def test_list_for_period_and_narratives_by_unit(repo):
    save(repo, make(unit="001", values={("A", "th_ky"): D("1")}), status="final")
    save(repo, make(unit="001", values={("A", "th_ky"): D("2")}, narratives={"n": "Sửa"}))
    save(repo, make(unit="002", values={}, narratives={"n": "Tốt"}), status="final")
    save(repo, make(unit="002", form="giao_duc", values={("A", "th_ky"): D("1")}))
    save(repo, make(unit="003", period="2023-Q1", values={("A", "th_ky"): D("1")}))
    metas = repo.list_for_period(PERIOD, [FORM])
    assert [(m.unit_code, m.form_id, m.revision, m.status) for m in metas] == [
        ("001", FORM, 2, "draft"),
        ("002", FORM, 1, "final"),
    ]
    assert len(repo.list_for_period(PERIOD)) == 3
    assert repo.list_for_period(PERIOD, []) == []
    keys = [("001", ""), ("002", "")]
    assert repo.narratives_by_unit(PERIOD, FORM, keys) == {("002", ""): {"n": "Tốt"}}
    assert repo.values_by_unit(PERIOD, FORM, keys) == {("002", ""): {}}  # reported, empty
    assert repo.values_by_unit(PERIOD, FORM, keys, statuses=("draft",)) == {
        ("001", ""): {("A", "th_ky"): D("2")}
    }


# ---------------------------------------------------------------- bulk, reopening


def test_save_many_follows_the_revision_rules_and_survives_reopening(db_path):
    db = open_database(db_path)
    repo = SubmissionRepository(db)
    subs = [
        make(
            unit=f"{n:03d}",
            values={(f"I{i:03d}", "th_ky"): D(n * 1000 + i) / 100 for i in range(300)},
        )
        for n in range(1, 201)
    ]
    save(
        repo, make(unit="001", values={("X", "th_ky"): D("1")})
    )  # existing draft: updated in place
    save(repo, make(unit="002", values={("X", "th_ky"): D("1")}), status="final")  # → revision 2
    progress: list = []
    ids = repo.save_many(
        subs,
        form_hash={FORM: "h1"},
        actor="import",
        status="final",
        progress=lambda done, total: progress.append((done, total)),
    )
    assert len(ids) == 200 and progress[-1] == (200, 200)
    db.conn.close()

    repo = SubmissionRepository(open_database(db_path))
    assert (
        repo.db.execute(
            "SELECT COUNT(*) FROM vals v JOIN submissions s ON s.id = v.submission_id WHERE s.is_current = 1"
        ).fetchone()[0]
        == 200 * 300
    )
    assert repo.get("001", "", FORM, PERIOD).revision == 1
    assert repo.get("002", "", FORM, PERIOD).revision == 2
    assert repo.get("150", "", FORM, PERIOD).submission.values == subs[149].values
    keys = [(f"{n:03d}", "") for n in range(1, 201)]
    total = repo.sum_values(PERIOD, FORM, keys)
    assert total[("I007", "th_ky")] == sum(D(n * 1000 + 7) / 100 for n in range(1, 201))
    assert [a.action for a in repo.audit(ids[0])] == ["create", "set"] + ["set"] * 299 + [
        "clear",
        "status",
    ]
    repo.db.conn.close()


@pytest.mark.slow
def test_save_many_ten_thousand_forms_takes_seconds(db_path):
    repo = SubmissionRepository(open_database(db_path))
    values = {(f"I{i:03d}", "th_ky"): D(i) + D("0.25") for i in range(300)}
    subs = [make(unit=f"{n:05d}", values=values) for n in range(10_000)]
    # the work it takes, as CPU time of this process (SQLite runs in it): a wall-clock
    # limit failed whenever other jobs shared the machine's cores
    start = time.process_time()
    repo.save_many(subs, form_hash="h1", status="final")
    elapsed = time.process_time() - start
    assert repo.db.execute("SELECT COUNT(*) FROM vals").fetchone()[0] == 3_000_000
    assert elapsed < 60, elapsed
    repo.db.conn.close()


# ---------------------------------------------------------------- failures


def test_damaged_file_is_a_storage_error_in_vietnamese(tmp_path):
    path = tmp_path / "baocao.db"
    path.write_bytes(b"day khong phai co so du lieu " * 200)
    with pytest.raises(StorageError) as err:
        open_database(path)
    assert err.value.code == "csdl_hong" and "sao lưu" in err.value.message


def test_locked_database_is_a_storage_error(db_path):
    repo = SubmissionRepository(open_database(db_path, busy_timeout_ms=50))
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    try:
        with pytest.raises(StorageError) as err:
            save(repo, make(values={("A", "th_ky"): D("1")}))
        assert err.value.code == "csdl_dang_ban" and "chương trình khác" in err.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    save(repo, make(values={("A", "th_ky"): D("1")}))  # works once the other lets go
    repo.db.conn.close()


def test_locked_database_is_a_storage_error_in_trust_and_exchange_tables(db_path):
    """The trust and exchange tables run their SQL through the same Database: a lock
    held by another program is the same Vietnamese refusal, naming the file."""
    from desktop.core.storage.exchange_tables import ImportLog
    from desktop.core.storage.trust_tables import TrustStore

    db = open_database(db_path, busy_timeout_ms=50)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        for write in (
            lambda: TrustStore(db).pin_province("ab" * 16, "khoa"),
            lambda: ImportLog(db).add(file_name="a.zip", file_sha256="0" * 64, outcome="new",
                                      message="đã nhập"),
            lambda: ImportLog(db).add_many([ImportLog.row(file_name="b.zip", file_sha256="1" * 64,
                                                          outcome="new", message="đã nhập")]),
        ):
            with pytest.raises(StorageError) as err:
                write()
            assert err.value.code == "csdl_dang_ban", err.value.message
            assert f"«{db_path}»" in err.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    TrustStore(db).pin_province("ab" * 16, "khoa")  # works once the other lets go
    assert TrustStore(db).province_pin() == ("ab" * 16, "khoa")
    db.conn.close()


def test_full_disk_is_a_storage_error_and_saves_nothing(repo):
    save(repo, make(unit="001", values={("A", "th_ky"): D("1")}))
    before = snapshot(repo)
    pages = repo.db.execute("PRAGMA page_count").fetchone()[0]
    repo.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = {(f"I{i:04d}", "th_ky"): f"văn bản dài {'x' * 200} {i}" for i in range(3000)}
    with pytest.raises(StorageError) as err:
        save(repo, make(unit="002", values=big))
    assert err.value.code == "o_dia_day"
    repo.db.execute("PRAGMA max_page_count = 1073741823")
    assert snapshot(repo) == before
    assert not repo.db.conn.in_transaction


def test_save_many_with_the_same_draft_twice_updates_it_in_place(repo):
    first = make(unit="005", values={("A", "th_ky"): D("1"), ("B", "th_ky"): D("2")})
    second = make(unit="005", values={("A", "th_ky"): D("1"), ("B", "th_ky"): D("3")})
    ids = repo.save_many([first, second], form_hash="h1", actor="import")
    assert ids[0] == ids[1]
    stored = repo.get("005", "", FORM, PERIOD)
    assert stored.revision == 1 and stored.submission.values == second.values
    assert [(a.action, a.indicator, a.old, a.new) for a in repo.audit(ids[0])] == [
        ("create", None, None, "1"),
        ("set", "B", "2", "3"),
    ]
