"""CLI of trust (issue 12, docs/trust.md): enrolment of unit keys, delegations, held
packages and the trust log under `baocao keys …`; the province's review under
`baocao review …` and `baocao feedback …` (desktop/cli_review.py).
Thin over desktop/core/trust/*, like cli_exchange.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.cli_output import OutPath, dump_json, out, table
from desktop.cli_review import COMMANDS, _key, _svc, add_commands  # noqa: F401 — registered here
from desktop.core.vn_time import vn_datetime

STATUS_LABELS = {
    "pending": "chờ xác nhận",
    "enrolled": "đã đăng ký",
    "refused": "bị từ chối",
    "replaced": "đã thay",
    "unknown": "chưa đăng ký",  # only seen on held packages, no request yet
}


def _date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày «{text}» không hợp lệ (dạng NNNN-TT-NN, ví dụ 2026-11-23)"
        ) from None


def add_key_actions(ksub, common) -> None:
    """The enrolment actions of `baocao keys` (show/list/trust are declared in cli_exchange)."""
    for name in ("trust",):
        p = ksub.choices[name]
        p.add_argument(
            "--period", metavar="KỲ", help="kỳ của các gói đang chờ (xác định đơn vị theo kỳ)"
        )
        p.add_argument(
            "--replace-from",
            type=_date,
            metavar="NGÀY",
            help="khóa cũ của đơn vị bị thay từ ngày này (mặc định: bây giờ)",
        )
        p.add_argument(
            "--out", type=OutPath, metavar="TỆP", help="ghi tệp xác nhận (.baocao-xacnhan) gửi đơn vị"
        )
        p.add_argument("--author", metavar="TÊN", help="cán bộ quyết định (ghi vào nhật ký)")
    ref = ksub.add_parser("refuse", parents=[common], help="từ chối khóa của một đơn vị")
    ref.add_argument("unit", metavar="MÃ_ĐƠN_VỊ", help="mã đơn vị")
    ref.add_argument("fingerprint", metavar="VÂN_TAY", help="dấu vân tay của khóa bị từ chối")
    ref.add_argument(  # the name `review return` gives its reason; --reason as before 1fd2ebc
        "--comment",
        "--reason",
        dest="comment",
        default="",
        metavar="LÝ_DO",
        help="lý do từ chối (bắt buộc; ghi vào nhật ký tin cậy và tệp quyết định gửi đơn vị)",
    )
    ref.add_argument(
        "--period", metavar="KỲ", help="kỳ của các gói đang chờ (xác định đơn vị theo kỳ)"
    )
    ref.add_argument(
        "--as-of", type=_date, metavar="NGÀY", help="ngày xác định đơn vị (mặc định hôm nay)"
    )
    ref.add_argument("--out", type=OutPath, metavar="TỆP", help="ghi tệp quyết định gửi đơn vị")
    ref.add_argument("--author", metavar="TÊN", help="cán bộ quyết định (ghi vào nhật ký)")
    req = ksub.add_parser(
        "request", parents=[common], help="(đơn vị) ghi yêu cầu đăng ký khóa gửi tỉnh"
    )
    req.add_argument("--unit", required=True, metavar="MÃ", help="mã đơn vị của máy này")
    req.add_argument("--person", required=True, metavar="TÊN", help="người gửi yêu cầu")
    req.add_argument(
        "--as-of", type=_date, metavar="NGÀY", help="ngày xác định đơn vị (mặc định hôm nay)"
    )
    req.add_argument("--period", metavar="KỲ", help="hoặc: đơn vị theo kỳ báo cáo")
    req.add_argument("--out", required=True, type=OutPath, metavar="TỆP", help="tệp yêu cầu gửi tỉnh")
    rcv = ksub.add_parser("receive", parents=[common], help="(tỉnh) nhận các yêu cầu đăng ký khóa")
    rcv.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="các tệp .baocao-dangky")
    rcv.add_argument("--author", metavar="TÊN", help="cán bộ nhận (ghi vào nhật ký)")
    rcv.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    held = ksub.add_parser("held", parents=[common], help="các gói đang giữ chờ xác nhận khóa")
    held.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    dlg = ksub.add_parser(
        "delegate", parents=[common], help="ghi nhận (hoặc thu hồi) huyện gửi thay xã"
    )
    dlg.add_argument("district", metavar="MÃ_HUYỆN", help="mã huyện gửi thay")
    dlg.add_argument("commune", metavar="MÃ_XÃ", help="mã xã được gửi thay")
    dlg.add_argument(
        "--as-of", type=_date, metavar="NGÀY", help="ngày xác định đơn vị (mặc định hôm nay)"
    )
    dlg.add_argument("--revoke", action="store_true", help="thu hồi ủy quyền")
    dlg.add_argument("--author", metavar="TÊN", help="cán bộ ghi nhận (ghi vào nhật ký)")
    dls = ksub.add_parser("delegations", parents=[common], help="danh sách ủy quyền")
    dls.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    lg = ksub.add_parser("log", parents=[common], help="nhật ký các quyết định về tin cậy")
    lg.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def _at(row: dict) -> tuple[str, str, str]:
    return (row["unit_code"], row["unit_valid_from"], row["fingerprint"])


def _with_unknown(rows: list[dict], held: list[dict]) -> list[dict]:
    """The keys of `unit_keys`, and each key packages are held for that no request named
    («chưa đăng ký», as the key screen lists it: key_registry.unit_keys), in unit order."""
    known = {_at(r) for r in rows}
    for h in held:
        if _at(h) not in known:
            known.add(_at(h))
            rows.append(
                dict.fromkeys(rows[0] if rows else (), None)
                | {
                    "unit_code": h["unit_code"],
                    "unit_valid_from": h["unit_valid_from"],
                    "fingerprint": h["fingerprint"],
                    "status": "unknown",
                    "person": None,
                    "requested_at": None,
                    "decided_at": None,
                    "replaced_at": None,
                    "reason": "",
                }
            )
    return sorted(rows, key=lambda r: (r["unit_code"], r["unit_valid_from"]))


def _released(svc, results) -> None:
    from desktop.core.exchange.results_short import short_message
    from desktop.core.exchange.service import OUTCOME_LABELS

    if results:
        out(f"Xử lý lại {len(results)} gói đang giữ hoặc trước đã bị từ chối vì ký bằng khóa này:")
        table(
            ["Tệp", "Kết quả", "Chi tiết"],
            [[r.file, OUTCOME_LABELS[r.outcome], short_message(r, svc.pack, svc.units)]
             for r in results],  # as `package import` says them
        )


def _receive(svc, args) -> int:
    """Every file gets its own outcome (exit 0 when all were recorded, 1 when any was refused)."""
    from desktop.core.trust import enrolment
    from desktop.core.trust.policy import unit_label

    results = enrolment.receive_requests(svc.db, svc.units, args.files, actor=args.author)
    refused = sum(r.request is None for r in results)
    if args.json:
        dump_json(
            [
                {"file": r.file, "outcome": "received", "request": r.request.model_dump()}
                if r.request
                else {"file": r.file, "outcome": "refused", "message": r.message}
                for r in results
            ]
        )
        return 1 if refused else 0
    for r in results:
        b = r.request
        out(
            f"«{r.file}»: {unit_label(svc.units, b.unit.code, b.unit.valid_from)}, người gửi "
            f"{b.person}, dấu vân tay "
            f"{b.fingerprint} — gọi điện đọc lại dấu vân tay trước khi chấp nhận "
            f"(baocao keys trust {b.unit.code} {b.fingerprint})."
            if b
            else f"«{r.file}»: KHÔNG NHẬN — {r.message}"
        )
        if b and (note := enrolment.replacing(
            svc.db, svc.units, (b.unit.code, b.unit.valid_from), b.fingerprint
        )):
            out(f"  THAY KHÓA: {note}")  # a second key for the unit: said before «trust»
    out(f"Tổng: đã nhận {len(results) - refused}, không nhận {refused}.")
    return 1 if refused else 0


def cmd_keys(args) -> int:
    # what reads stored rows only (list, held, delegations, log) loads neither the signing
    # library nor pydantic: the actions that sign or check import them (issue 14 point 5)
    from desktop.core.key_registry import unit_named  # the key screen's names
    from desktop.core.storage.trust_tables import TrustStore
    from desktop.core.trust.policy import unit_label

    svc = _svc(args)
    act = args.action
    if act == "request":
        from desktop.core.periods import Period
        from desktop.core.trust import enrolment

        unit = (
            svc.units.for_period(args.unit, Period.parse(args.period))
            if args.period
            else svc.units.get(args.unit, args.as_of or svc.today)
        )
        key = _key(svc)
        path = enrolment.write_request(key, unit, args.person, args.out)
        out(
            f"Đã ghi yêu cầu đăng ký khóa {path} cho {unit_label(svc.units, *unit.key)}. "
            f"Dấu vân tay: {key.fingerprint} — "
            "gửi tệp cho tỉnh và đọc dấu vân tay này khi tỉnh gọi điện xác minh."
        )
        return 0
    store = TrustStore(svc.db)
    if act == "receive":
        return _receive(svc, args)
    if act in ("trust", "refuse"):
        from desktop.core.exchange.signing import normalise_fingerprint
        from desktop.core.trust import enrolment

        fp = normalise_fingerprint(args.fingerprint)
        unit = enrolment.resolve_unit(
            store, svc.units, args.unit, fp, period=args.period, as_of=args.as_of, today=svc.today
        )
        if act == "trust":
            since = f"{args.replace_from.isoformat()}T00:00:00+00:00" if args.replace_from else None
            note = enrolment.unseen(svc.db, svc.units, unit.key, fp, db_path=svc.db_path)
            results = enrolment.accept_key(svc, unit, fp, actor=args.author, replace_from=since)
            out(f"Đã chấp nhận khóa {fp} cho {unit_label(svc.units, *unit.key)}.")
            if note:
                out(f"  CẢNH BÁO: {note}")
            if elsewhere := enrolment.held_for_others(svc.db, svc.units, unit.key, fp):
                out(f"  Lưu ý: {elsewhere}")
        else:
            results = enrolment.refuse_key(svc, unit, fp, actor=args.author, reason=args.comment)
            out(
                f"Đã từ chối khóa {fp} cho {unit_label(svc.units, *unit.key)} "
                f"(lý do: {args.comment.strip()})."
            )
        if args.out:
            decision = "accepted" if act == "trust" else "refused"
            path = enrolment.write_decision(
                _key(svc),
                unit,
                fp,
                decision,
                args.out,
                actor=args.author,
                reason=args.comment if act == "refuse" else "",
            )
            out(f"Đã ghi tệp quyết định {path} (kèm khóa của tỉnh {_key(svc).fingerprint}).")
        _released(svc, results)
        return 1 if any(r.outcome == "rejected" for r in results) else 0
    if act == "list":
        held = store.held()
        rows = _with_unknown([r.__dict__ for r in store.keys()], held)
        pin = store.province_pin()
        if args.json:
            dump_json(rows)
            return 0
        waiting = {}  # (unit, key) → packages held for it
        for h in held:
            at = (h["unit_code"], h["unit_valid_from"], h["fingerprint"])
            waiting[at] = waiting.get(at, 0) + 1
        table(
            ["Mã", "Đơn vị", "Dấu vân tay", "Tình trạng", "Người", "Quyết định lúc"],
            [
                [
                    r["unit_code"],
                    unit_named(svc.units, r["unit_code"], r["unit_valid_from"]),  # code beside
                    r["fingerprint"],
                    STATUS_LABELS[r["status"]]
                    + (f" từ {vn_datetime(r['replaced_at'])[:10]}" if r["replaced_at"] else "")
                    + (f" (lý do: {r['reason']})" if r["reason"] else "")
                    + (f", {n} gói đang giữ" if (n := waiting.get(_at(r))) else ""),
                    r["person"] or "",
                    vn_datetime(r["decided_at"]),
                ]
                for r in rows
            ],
        )
        out(f"{len(rows)} khóa; {len(held)} gói đang giữ chờ xác nhận khóa.")
        if pin:
            out(f"Khóa của tỉnh đã ghi nhận: {pin[0]}")
        return 0
    if act == "held":
        from desktop.core.periods import Period

        rows = store.held()
        if args.json:
            dump_json(rows)
            return 0
        table(
            ["Tệp", "Đơn vị", "Kỳ", "Dấu vân tay", "Giữ từ"],
            [
                [
                    h["file_name"],
                    unit_label(svc.units, h["unit_code"], h["unit_valid_from"]),
                    Period.parse(h["period"]).label,  # «Tháng 1 năm 2023», not «2023-01»
                    h["fingerprint"],
                    vn_datetime(h["held_at"]),
                ]
                for h in rows
            ],
        )
        out(f"{len(rows)} gói đang giữ (chưa tính, không mất).")
        return 0
    if act == "delegate":
        from desktop.core.trust import delegation

        out(
            delegation.change_delegation(
                svc.db,
                svc.units,
                args.district,
                args.commune,
                on=args.as_of or svc.today,
                actor=args.author,
                revoke=args.revoke,
            )
        )
        return 0
    if act == "delegations":
        rows = store.delegations()
        if args.json:
            dump_json(rows)
            return 0
        table(
            ["Huyện", "Gửi thay", "Ghi nhận", "Thu hồi"],
            [
                [
                    unit_label(svc.units, d["district_code"], d["district_valid_from"]),
                    unit_label(svc.units, d["commune_code"], d["commune_valid_from"]),
                    vn_datetime(d["recorded_at"]),
                    vn_datetime(d["revoked_at"]),
                ]
                for d in rows
            ],
        )
        return 0
    if args.json:  # log
        dump_json(store.log_entries())
        return 0
    from desktop.core.trust.audit import log_rows

    table(
        ["Lúc", "Người", "Việc", "Đơn vị", "Dấu vân tay", "Nội dung"],
        [
            [e["when"], e["actor"] or "", e["what"], e["unit"], e["fingerprint"] or "", e["detail"]]
            for e in log_rows(svc.db, svc.units)
        ],
    )
    return 0
