"""Import packages at the province (export, the unit's side, is exchange/export.py and
is offered here too).

Import is all-or-nothing per package: every check runs first, then the package's forms
are stored together in one savepoint; a package whose signer is not yet enrolled for its
unit is held, not counted (trust/holding.py).  Files go in batches, one transaction each
(storage/receiving.py: the running totals written once per batch).  No file can break a
batch: each file gets its own outcome; an unexpected failure while importing one file is
caught, logged with the file name, the file quarantined, and the batch goes on with the
next file.  Re-importing the same files any number of times, in any order, ends in the
same state; a file whose exact bytes passed every check before is known from its SHA-256
and the manifest kept in the import log, before it is even opened.  A rejected file is
copied to the quarantine folder beside the database with a text file saying why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

from desktop.core import collector
from desktop.core.errors import BaoCaoError, NotFoundError, PackageRejected
from desktop.core.exchange.export import (  # noqa: F401 — offered here too
    ascii_slug,
    default_package_name,
    export_package,
)
from desktop.core.exchange.known import KnownFiles
from desktop.core.exchange.package import Package, SignedPackage, open_package, parse_payload
from desktop.core.exchange.recall import KnownPackage
from desktop.core.exchange.results import (  # noqa: F401 — offered here too
    OUTCOME_LABELS,
    FormOutcome,
    ImportResult,
    describe,
    stopped_by_lock,
)
from desktop.core.periods import Period
from desktop.core.storage.errors import DatabaseBusy
from desktop.core.storage.exchange_tables import ImportLog
from desktop.core.submission import parse_submission
from desktop.core.trust.holding import admit

log = logging.getLogger(__name__)

def _quarantine(svc, path: Path, digest: str, reason: str) -> str | None:
    qdir = svc.db_path.parent / "quarantine"
    try:
        qdir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = qdir / f"{stamp}_{digest[:8]}_{path.name}"
        if path.is_file() and path.stat().st_size <= 200 * 1024 * 1024:
            shutil.copyfile(path, target)
        target.with_name(target.name + ".ly-do.txt").write_text(reason + "\n", encoding="utf-8")
        return str(target)
    except OSError:
        return None


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    try:  # unbuffered: a package (a few kB) is one read, not a copy through a 1 MB buffer
        with open(path, "rb", buffering=0) as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except (OSError, ValueError):
        return "-"
    return h.hexdigest()


def _check_manifest(svc, m, name: str):
    """What the signed manifest says that must hold: the period, the unit, the forms'
    versions.  Returns (unit, period)."""
    try:
        period = Period.parse(m.period)
    except BaoCaoError as exc:
        raise PackageRejected(
            f"Gói «{name}»: kỳ báo cáo «{m.period}» không hợp lệ. {exc.message}",
            code="ky_khong_hop_le",
        ) from None
    if period.is_future(svc.today):
        raise PackageRejected(
            f"Gói «{name}»: kỳ {period.label} chưa bắt đầu — không thể có số liệu.",
            code="ky_trong_tuong_lai",
        )
    try:
        unit = svc.units.for_period(m.unit.code, period)
    except NotFoundError:
        raise PackageRejected(
            f"Gói «{name}»: đơn vị mã {m.unit.code} ({m.unit.name}) không có trong danh mục cho {period.label}.",
            code="don_vi_khong_co",
        ) from None
    if unit.key[1] != m.unit.valid_from:
        raise PackageRejected(
            f"Gói «{name}»: mã {m.unit.code} vào {period.label} là {unit.name}, không phải «{m.unit.name}» "
            "(mã đơn vị được dùng lại sau sắp xếp 1/7/2025).",
            code="don_vi_khong_khop",
        )
    for entry in m.forms:
        if entry.id not in svc.pack.forms:
            raise PackageRejected(
                f"Gói «{name}»: biểu «{entry.id}» không có trong bộ biểu mẫu của tỉnh.",
                code="bieu_khong_ton_tai",
            )
        form = svc.pack.get(entry.id)
        if entry.version != form.version or entry.form_hash != svc.pack.content_hash(form.id):
            # same version, other content: «phiên bản 1, khác phiên bản (1)» read as nonsense
            which = (
                f"theo phiên bản {entry.version}, khác phiên bản tỉnh đang dùng ({form.version})"
                if entry.version != form.version
                else f"lập theo nội dung biểu khác với biểu tỉnh đang dùng (cùng phiên bản {form.version})"
            )
            raise PackageRejected(
                f"Gói «{name}»: biểu «{form.title}» {which}. Hai bên cần dùng cùng bộ biểu mẫu "
                "mới nhất: đơn vị cập nhật biểu mẫu rồi gửi lại.",
                code="sai_phien_ban_bieu",
            )
    return unit, period


def _already_stored(m, digest: str, known: KnownFiles) -> bool:
    """A duplicate, known before the figures are parsed: these very bytes passed every
    check before and every form of the package is stored with the content hash its signed
    manifest gives (a re-signed package with other figures under the same hashes is not
    taken on the manifest's word: it goes through the whole check)."""
    if not known.accepted_before(digest):
        return False
    unit = (m.unit.code, m.unit.valid_from)
    return all(
        known.stored_hash((*unit, e.id, m.period, e.revision)) == e.content_hash for e in m.forms
    )


def _parse_forms(svc, pkg: Package, name: str):
    """The figures read (the strict codec) and validated.  Returns [(entry, sub, file)]."""
    parsed = []
    for entry, sf in zip(pkg.manifest.forms, pkg.payload.submissions, strict=True):
        form = svc.pack.get(entry.id)
        sub, parse_issues = parse_submission(
            sf, form, filename=name, canonical_numbers=True, catalog=svc.pack.catalog
        )
        report = svc.validate(sub, filename=name, parse_issues=parse_issues, errors_only=True)
        errors = [i for i in report.issues if i.is_error]
        if errors:
            first = "; ".join(_said(i, svc.pack) for i in errors[:3])
            raise PackageRejected(
                f"Gói «{name}»: biểu «{form.title}» có {len(errors)} lỗi số liệu: {first}",
                code="so_lieu_loi",
                issues=errors,
            )
        parsed.append((entry, sub, sf))
    return parsed


def _said(issue, pack) -> str:
    """An issue in a rejection: its message and where, by names (the package and the form
    are named before the issues)."""
    where = issue.location.describe(pack, skip=("file", "form"))
    return f"{issue.message} ({where})" if where else issue.message


# packages per transaction.  The running totals of every form a batch touched are rewritten
# once at its end (~3 ms a form, whatever the number of packages): fewer, larger batches.
# Progress is reported per batch (a quiet machine imports 500 packages in ~1.5 s).
BATCH_FILES = 500


def import_packages(
    svc,
    files: list[Path],
    *,
    actor: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ImportResult]:
    """One outcome per file, in order.  The files go in batches of `BATCH_FILES`, each one
    transaction in which every package is all-or-nothing in its own savepoint
    (storage/receiving.py).  A batch whose own transaction fails (a full disk) leaves
    nothing behind and its files are imported again, one batch of one file each."""
    paths = [p if isinstance(p, Path) else Path(p) for p in files]  # (a Path parsed again: µs each)
    results: list[ImportResult] = []

    def report(result: ImportResult) -> None:
        results.append(result)
        if progress:
            progress(len(results), len(paths))

    for start in range(0, len(paths), BATCH_FILES):
        chunk, done = paths[start : start + BATCH_FILES], len(results)
        with collector.paused():  # a batch's figures and rows: no cycles (core/collector.py)
            try:
                _import_chunk(svc, chunk, actor, cancelled, report, results)
            except DatabaseBusy as exc:  # another program's lock: the import stops here
                raise DatabaseBusy(stopped_by_lock(exc.message, len(results), len(paths))) from exc
        if len(results) < done + len(chunk):
            break  # cancelled
    return results


def _import_chunk(svc, chunk: list[Path], actor, cancelled, report, results: list) -> None:
    """One batch; when its own transaction fails, its files again one by one."""
    done = len(results)
    try:
        _import_batch(svc, chunk, actor, cancelled, report)
    except DatabaseBusy:
        raise  # the database held by another program: no file is tried again, none blamed
    except Exception:  # noqa: BLE001 — the batch's transaction failed: none of it stands
        log.exception("Lượt nhập %d gói thất bại; nhập lại từng gói", len(chunk))
        del results[done:]
        for path in chunk:
            if cancelled and cancelled():
                break
            try:
                _import_batch(svc, [path], actor, None, report)
            except Exception as exc:  # noqa: BLE001 — one bad file never ends the batch
                report(_failed(svc, path, exc))


def _import_batch(svc, paths: list[Path], actor, cancelled, report) -> None:
    """Every file hashed first and the known ones recognised at once (exchange/known.py):
    a duplicate costs no zip and no savepoint; any other file goes the whole route."""
    outcomes = []
    with svc.repo.receive_batch() as batch:
        known = KnownFiles(
            svc.db, svc.repo, svc.units, paths, _file_digest, partial(_check_manifest, svc),
            pack=svc.pack,
        )
        for path in paths:
            if cancelled and cancelled():
                break
            try:
                result = known.duplicate(path)
                if result is None:
                    result = _import_file(svc, path, actor, batch, known)
            except Exception as exc:  # noqa: BLE001 — one bad file never ends the batch
                if svc.repo.conn.in_transaction:  # else the batch is lost: batch.check()
                    known.flush()  # the log keeps the files' order
                result = _failed(svc, path, exc)
            batch.check()  # the batch's transaction still holds what came before
            outcomes.append(result)
        known.flush()
    for result in outcomes:  # reported once the batch is committed
        report(result)


def import_one(svc, path: Path, *, actor: str | None = None) -> ImportResult:
    """One file: a batch of one."""
    return import_packages(svc, [Path(path)], actor=actor)[0]


def _failed(svc, path: Path, exc: Exception) -> ImportResult:
    """An unexpected failure on one file: logged with its name, quarantined, reported.
    The database locked by another program is no fault of the file: it stops the import."""
    if isinstance(exc, DatabaseBusy):
        raise exc
    log.exception("Nhập gói «%s» thất bại ngoài dự kiến", path)
    message = (
        f"Gói «{path.name}» bị từ chối: lỗi không mong đợi khi nhập ({type(exc).__name__}); "
        "tệp đã được cách ly, các tệp khác vẫn được nhập. Chi tiết ở tệp nhật ký."
    )
    qpath = _quarantine(svc, path, _file_digest(path), message)
    try:
        with svc.repo.transaction():
            ImportLog(svc.db).add(
                file_name=path.name,
                file_sha256=_file_digest(path),
                outcome="rejected",
                message=message,
                quarantine_path=qpath,
            )
    except Exception:  # noqa: BLE001 — the log row is a courtesy; the outcome is returned
        log.exception("Không ghi được nhật ký nhập cho «%s»", path)
    return ImportResult(path.name, "rejected", message, quarantine_path=qpath)


def _claimed(m) -> tuple:
    """Whose the signed manifest says the package is (unit, period, uuid), before the
    checks read the catalogue: a period that does not parse is left out."""
    try:
        period = str(Period.parse(m.period))
    except BaoCaoError:
        period = None
    return (m.unit.code, m.unit.name, period, m.package_uuid)


def _import_file(svc, path: Path, actor: str | None, batch, known: KnownFiles) -> ImportResult:
    """The whole route for one file; its log row, whatever the outcome, is kept in `known`
    and written with the batch's others."""
    name = path.name
    digest = known.digests[path]
    m = whose = None  # once the manifest is read: a refusal still says whose package it is
    try:
        signed: SignedPackage | KnownPackage = known.recall(path) or open_package(path)
        m = signed.manifest
        unit, period = known.check(m, name)
        whose = (unit.code, unit.name, str(period), m.package_uuid)
        duplicate = _already_stored(m, digest, known)
        if not duplicate and isinstance(signed, KnownPackage):
            signed = open_package(path)  # known bytes whose forms are not all stored any more
        parsed = [] if duplicate else _parse_forms(svc, parse_payload(name, signed), name)
        # enrolled? (trust/policy.py)
        verdict, held = admit(svc, path, digest, signed, unit, period, trust=known.trust)
        if verdict.kind == "refused":
            raise PackageRejected(f"Gói «{name}» bị từ chối: {verdict.message}", code=verdict.code)
        if held is not None:
            known.keep(held)
            return ImportResult(name, "held", verdict.message, *whose)
        forms: list[FormOutcome] = []
        if duplicate:
            forms = [FormOutcome(e.id, e.revision, "duplicate", None) for e in m.forms]
        with batch.package():
            for entry, sub, _sf in parsed:
                outcome = batch.store(
                    sub,
                    revision=entry.revision,
                    package_uuid=m.package_uuid,
                    form_hash=entry.form_hash,
                    unit_valid_from=unit.key[1],
                    content_hash=entry.content_hash,
                    created_at=m.created_at,
                    actor=actor,
                )
                kind = outcome.outcome
                if kind == "conflict":
                    raise PackageRejected(
                        f"Gói «{name}»: biểu «{entry.id}» lần {entry.revision} đã nhận trước đó với nội dung khác. "
                        "Đơn vị cần gửi lại với lần sửa đổi mới.",
                        code="xung_dot_lan_gui",
                    )
                forms.append(
                    FormOutcome(
                        entry.id, entry.revision, kind, getattr(outcome, "supersedes", None)
                    )
                )
            kinds = {f.outcome for f in forms}
            if "new_revision" in kinds:
                overall = "new_revision"
            elif "new" in kinds:
                overall = "new"
            elif kinds == {"duplicate"}:
                overall = "duplicate"
            else:
                overall = "older_revision"
            message = describe(forms, unit.name, period.label, svc.pack)
        kept = None if isinstance(signed, KnownPackage) else signed.manifest_bytes
        known.note(
            file_name=name,
            file_sha256=digest,
            outcome=overall,
            message=message,
            package_uuid=m.package_uuid,
            unit_code=unit.code,
            period=whose[2],
            detail=[f.__dict__ for f in forms],
            manifest=kept,
        )
        known.accepted(path, kept)
        return ImportResult(name, overall, message, *whose, forms)
    except PackageRejected as exc:
        qpath = _quarantine(svc, path, digest, exc.message)
        known.note(
            file_name=name,
            file_sha256=digest,
            outcome="rejected",
            message=exc.message,
            quarantine_path=qpath,
        )
        # refused by the checks, it is still said whose the manifest says it is
        whose = whose or (_claimed(m) if m is not None else ())
        return ImportResult(name, "rejected", exc.message, *whose, quarantine_path=qpath)
