"""Export: a unit's finalised forms written as one signed package (`.baocao`), the
forms marked as sent.  Pipeline: store → **export** → import at the province
(exchange/service.py, which also offers these names).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from desktop import __version__
from desktop.core import atomic
from desktop.core.errors import NotFoundError, ValidationFailed
from desktop.core.exchange.package import (
    EXTENSION,
    FormEntry,
    UnitInfo,
    build_package,
    content_hash,
)
from desktop.core.exchange.signing import SigningKey
from desktop.core.period_figures import LeftOut, left_out_text, split_for_period
from desktop.core.periods import Period
from desktop.core.storage.sends import record_sends


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def default_package_name(unit_code: str, unit_name: str, period: str) -> str:
    return f"BaoCao_{unit_code}_{ascii_slug(unit_name)}_{period}{EXTENSION}"


def ascii_slug(text: str) -> str:
    """«Thành phố Lạng Sơn» → «Thanh-pho-Lang-Son»: safe in file names on every system."""
    import re
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


class Exported(NamedTuple):
    """A package written: its file, its forms, and the figures left out of it (stored in
    columns the period does not have, period_figures.py) with what to tell the clerk."""

    path: Path
    entries: list[FormEntry]
    left_out: list[LeftOut]
    notice: str | None  # Vietnamese, once for the whole package; None when nothing left out


def export_package(
    svc,
    *,
    unit_code: str,
    period_text: str,
    form_ids: list[str] | None,
    out: Path,
    actor: str | None = None,
) -> tuple[Path, list[FormEntry]]:
    """Write the finalised forms of a unit and period into one signed package file
    (`export_forms`, for a caller that has nothing to say of the figures left out)."""
    done = export_forms(
        svc, unit_code=unit_code, period_text=period_text, form_ids=form_ids, out=out, actor=actor
    )
    return done.path, done.entries


def export_forms(
    svc,
    *,
    unit_code: str,
    period_text: str,
    form_ids: list[str] | None,
    out: Path,
    actor: str | None = None,
) -> Exported:
    """Write the finalised forms of a unit and period into one signed package file: each
    form with the figures of its period's columns only (`split_for_period`); a figure a
    form kept from before its column became another period's is left out, kept in the
    database, and named in `notice`."""
    out = Path(out)
    if not out.is_dir() and out.suffix and out.suffix.lower() != EXTENSION:
        # a «goi.zip» would be e-mailed and never offered by the province's import
        raise ValidationFailed(
            f"Tên gói «{out.name}» phải có đuôi {EXTENSION} (ví dụ «{out.stem}{EXTENSION}»): "
            f"tỉnh chỉ nhận gói số liệu dạng {EXTENSION}. Chưa ghi gì, các biểu vẫn như cũ.",
            code="sai_duoi_goi",
        )
    period = Period.parse(period_text)
    unit = svc.units.for_period(unit_code, period)
    wanted = form_ids or sorted(svc.pack.forms)
    entries, stored_ids, not_final, received, subs = [], [], [], [], []
    left: list[LeftOut] = []
    for form_id in wanted:
        form = svc.pack.get(form_id)
        stored = (
            svc.repo.get(unit.code, unit.key[1], form.id, str(period)) if svc.db_exists() else None
        )
        if stored is None:
            if form_ids:
                raise NotFoundError(
                    f"Chưa có số liệu biểu «{form.title}» của {unit.name}, {period.phrase}.",
                    code="chua_co_so_lieu",
                )
            continue
        if stored.status == "draft":
            not_final.append(form.title)
            continue
        if stored.status == "received":  # a unit's figures the province took in: not its own
            received.append(f"{form.bieu_so} ({form.title})")
            continue
        sub, outside = split_for_period(stored.submission, form)
        left.extend(outside)
        # sent under today's form, which the figures must pass (_refuse_invalid_today, as
        # the province checks them): a form finished under an older pack kept its hash and
        # the province refused it (sai_phien_ban_bieu) though the unit had updated
        sub = replace(sub, form_version=form.version)
        sf = sub.to_file()
        entries.append(
            (
                FormEntry(
                    id=form.id,
                    version=form.version,
                    form_hash=svc.pack.content_hash(form.id),
                    revision=stored.revision,
                    content_hash=content_hash(sf),
                    finalised_at=stored.finalised_at,
                ),
                sf,
            )
        )
        stored_ids.append(stored.id)
        subs.append(sub)
    if not_final and form_ids:
        raise ValidationFailed(
            f"Chưa hoàn thành: {', '.join(not_final)}. Hãy bấm «Hoàn thành» trước khi gửi.",
            code="chua_hoan_thanh",
        )
    if received and (form_ids or not entries):
        raise ValidationFailed(
            f"{'; '.join(received)} của {unit.name}, {period.phrase} ở đây là «Đã nhận»: "
            "số liệu đơn vị đã gửi lên, không phải của cơ sở này để gửi đi. Chỉ gửi được "
            "biểu do chính đơn vị nhập, ở trạng thái «Hoàn thành» hoặc «Đã gửi».",
            code="so_lieu_da_nhan",
        )
    if not entries:
        raise ValidationFailed(
            f"{unit.name} chưa có biểu nào hoàn thành cho {period.phrase}: không có gì để gửi.",
            code="khong_co_gi_de_gui",
        )
    _refuse_invalid_today(svc, subs, unit, period)
    key = SigningKey.load_or_create(svc.key_dir)
    data, _ = build_package(
        unit=UnitInfo(code=unit.code, name=unit.name, valid_from=unit.key[1]),
        period=str(period),
        entries=entries,
        key=key,
        created_at=_now(),
        app_version=__version__,
    )
    if out.is_dir():
        out = out / default_package_name(unit.code, unit.name, str(period))
    with svc.repo.transaction():  # the file last: a refusal before it leaves no file behind
        for sid in stored_ids:
            svc.repo.set_status(sid, "sent", actor=actor)
        record_sends(svc.repo, stored_ids, out.name, actor)
        atomic.write_bytes(out, data)  # whole or not at all; a full disk is a Vietnamese refusal
    notice = left_out_text(svc.pack, svc.repo.names, unit.name, period, left) if left else None
    return Exported(out, [e for e, _ in entries], left, notice)


def _refuse_invalid_today(svc, subs, unit, period: Period) -> None:
    """Each form checked again against today's pack, as the province will check it: a
    form finished before a rule was added or changed may break it now.  Any error stops
    the export (nothing written, every form as it was) naming the forms and cells;
    warnings do not (they were justified, or not required, when it was finished)."""
    failing, issues = [], []
    for sub in subs:
        errors = [i for i in svc.validate(sub, errors_only=True).issues if i.is_error]
        if errors:
            failing.append(svc.repo.names.form(sub.form_id))
            issues.extend(errors)
    if failing:
        raise ValidationFailed(
            f"Không gửi được: {'; '.join(failing)} của {unit.name}, {period.phrase} đã «Hoàn "
            "thành» trước khi quy tắc kiểm tra hiện hành được áp dụng và nay có lỗi (dưới "
            "đây); tỉnh sẽ không nhận. Hãy mở biểu, sửa các ô bị báo lỗi rồi bấm «Hoàn "
            "thành» lại, sau đó gửi lại. Chưa ghi gói nào; các biểu vẫn như cũ.",
            issues=issues,
            code="loi_theo_quy_tac_moi",
        )
