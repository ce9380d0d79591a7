"""CLI of trust (issue 12, docs/trust.md): enrolment of unit keys, delegations, held
packages and the trust log under `baocao keys …`; the province's review under
`baocao review …`; what the province sends down under `baocao feedback …`.
Thin over desktop/core/trust/*, like cli_exchange.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.cli_output import dump_json, out, table
from desktop.core.errors import BaoCaoError

STATUS_LABELS = {"pending": "chờ xác nhận", "enrolled": "đã đăng ký", "refused": "bị từ chối",
                 "replaced": "đã thay"}


def _date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày «{text}» không hợp lệ (dạng NNNN-TT-NN, ví dụ 2026-11-23)") from None


def add_key_actions(ksub, common) -> None:
    """The enrolment actions of `baocao keys` (show/list/trust are declared in cli_exchange)."""
    for name in ("trust",):
        p = ksub.choices[name]
        p.add_argument("--period", metavar="KỲ", help="kỳ của các gói đang chờ (xác định đơn vị theo kỳ)")
        p.add_argument("--replace-from", type=_date, metavar="NGÀY",
                       help="khóa cũ của đơn vị bị thay từ ngày này (mặc định: bây giờ)")
        p.add_argument("--out", type=Path, metavar="TỆP", help="ghi tệp xác nhận (.baocao-xacnhan) gửi đơn vị")
        p.add_argument("--author", metavar="TÊN", help="cán bộ quyết định (ghi vào nhật ký)")
    ref = ksub.add_parser("refuse", parents=[common], help="từ chối khóa của một đơn vị")
    ref.add_argument("unit", metavar="MÃ_ĐƠN_VỊ")
    ref.add_argument("fingerprint", metavar="VÂN_TAY")
    ref.add_argument("--reason", default="", metavar="LÝ_DO")
    ref.add_argument("--period", metavar="KỲ")
    ref.add_argument("--as-of", type=_date, metavar="NGÀY")
    ref.add_argument("--out", type=Path, metavar="TỆP", help="ghi tệp quyết định gửi đơn vị")
    ref.add_argument("--author", metavar="TÊN")
    req = ksub.add_parser("request", parents=[common], help="(đơn vị) ghi yêu cầu đăng ký khóa gửi tỉnh")
    req.add_argument("--unit", required=True, metavar="MÃ")
    req.add_argument("--person", required=True, metavar="TÊN", help="người gửi yêu cầu")
    req.add_argument("--as-of", type=_date, metavar="NGÀY", help="ngày xác định đơn vị (mặc định hôm nay)")
    req.add_argument("--period", metavar="KỲ", help="hoặc: đơn vị theo kỳ báo cáo")
    req.add_argument("--out", required=True, type=Path, metavar="TỆP")
    rcv = ksub.add_parser("receive", parents=[common], help="(tỉnh) nhận các yêu cầu đăng ký khóa")
    rcv.add_argument("files", nargs="+", type=Path, metavar="TỆP")
    rcv.add_argument("--author", metavar="TÊN")
    held = ksub.add_parser("held", parents=[common], help="các gói đang giữ chờ xác nhận khóa")
    held.add_argument("--json", action="store_true")
    dlg = ksub.add_parser("delegate", parents=[common], help="ghi nhận (hoặc thu hồi) huyện gửi thay xã")
    dlg.add_argument("district", metavar="MÃ_HUYỆN")
    dlg.add_argument("commune", metavar="MÃ_XÃ")
    dlg.add_argument("--as-of", type=_date, metavar="NGÀY", help="ngày xác định đơn vị (mặc định hôm nay)")
    dlg.add_argument("--revoke", action="store_true", help="thu hồi ủy quyền")
    dlg.add_argument("--author", metavar="TÊN")
    dls = ksub.add_parser("delegations", parents=[common], help="danh sách ủy quyền")
    dls.add_argument("--json", action="store_true")
    lg = ksub.add_parser("log", parents=[common], help="nhật ký các quyết định về tin cậy")
    lg.add_argument("--json", action="store_true")


def add_commands(sub, common) -> None:
    rv = sub.add_parser("review", parents=[common], help="(tỉnh) xem xét bài nộp: chấp nhận, trả lại")
    rsub = rv.add_subparsers(dest="action", metavar="VIỆC", required=True)
    for name, text in (("accept", "chấp nhận lần gửi hiện tại"), ("return", "trả lại kèm ý kiến")):
        p = rsub.add_parser(name, parents=[common], help=text)
        p.add_argument("--unit", required=True, metavar="MÃ")
        p.add_argument("--period", required=True, metavar="KỲ")
        p.add_argument("--form", required=True, metavar="MÃ_BIỂU")
        p.add_argument("--comment", default="", metavar="Ý_KIẾN", help="ý kiến cho cả biểu")
        p.add_argument("--cell", action="append", default=[], metavar="CHỈ_TIÊU/CỘT=Ý_KIẾN",
                       help="ý kiến cho một ô, ví dụ NS_THU/th_ky=Số liệu lệch với KBNN")
        p.add_argument("--out", required=True, type=Path, metavar="TỆP", help="tệp phản hồi gửi đơn vị")
        p.add_argument("--author", metavar="TÊN")
    rl = rsub.add_parser("list", parents=[common], help="bài nộp của kỳ và tình trạng xem xét")
    rl.add_argument("--period", required=True, metavar="KỲ")
    rl.add_argument("--json", action="store_true")
    rc = rsub.add_parser("changes", parents=[common], help="chuỗi các lần gửi và ô thay đổi")
    rc.add_argument("--unit", required=True, metavar="MÃ")
    rc.add_argument("--period", required=True, metavar="KỲ")
    rc.add_argument("--form", required=True, metavar="MÃ_BIỂU")
    rc.add_argument("--json", action="store_true")

    fb = sub.add_parser("feedback", parents=[common], help="(đơn vị) nhận tệp tỉnh gửi: xác nhận khóa, phản hồi")
    fsub = fb.add_subparsers(dest="action", metavar="VIỆC", required=True)
    fi = fsub.add_parser("import", parents=[common], help="nhập tệp .baocao-xacnhan / .baocao-phanhoi")
    fi.add_argument("files", nargs="+", type=Path, metavar="TỆP")
    fi.add_argument("--expect", metavar="VÂN_TAY", help="dấu vân tay khóa tỉnh đọc qua điện thoại")
    fi.add_argument("--author", metavar="TÊN")
    fs = fsub.add_parser("show", parents=[common], help="ý kiến của tỉnh về một biểu")
    fs.add_argument("--unit", required=True, metavar="MÃ")
    fs.add_argument("--period", required=True, metavar="KỲ")
    fs.add_argument("--form", required=True, metavar="MÃ_BIỂU")
    fs.add_argument("--json", action="store_true")


def _svc(args):
    from desktop.core.services import Services

    return Services(db_path=args.db, forms_dir=args.forms_dir)


def _key(svc):
    from desktop.core.exchange.signing import SigningKey

    return SigningKey.load_or_create(svc.key_dir)


def _released(results) -> None:
    from desktop.core.exchange.service import OUTCOME_LABELS

    if results:
        out(f"Xử lý lại {len(results)} gói đang giữ:")
        table(["Tệp", "Kết quả", "Chi tiết"], [[r.file, OUTCOME_LABELS[r.outcome], r.message] for r in results])


def cmd_keys(args) -> int:
    from desktop.core.exchange.signing import normalise_fingerprint
    from desktop.core.storage.trust_tables import TrustStore
    from desktop.core.trust import delegation, enrolment
    from desktop.core.trust.policy import unit_label

    svc = _svc(args)
    act = args.action
    if act == "request":
        from desktop.core.periods import Period

        unit = (svc.units.for_period(args.unit, Period.parse(args.period)) if args.period
                else svc.units.get(args.unit, args.as_of or svc.today))
        key = _key(svc)
        path = enrolment.write_request(key, unit, args.person, args.out)
        out(f"Đã ghi yêu cầu đăng ký khóa {path} cho {unit.name}. Dấu vân tay: {key.fingerprint} — "
            "gửi tệp cho tỉnh và đọc dấu vân tay này khi tỉnh gọi điện xác minh.")
        return 0
    store = TrustStore(svc.db)
    if act == "receive":
        for f in args.files:
            body = enrolment.receive_request(svc.db, svc.units, f, actor=args.author)
            out(f"«{f.name}»: {body.unit.name} (mã {body.unit.code}), người gửi {body.person}, "
                f"dấu vân tay {body.fingerprint} — gọi điện đọc lại dấu vân tay trước khi chấp nhận "
                f"(baocao keys trust {body.unit.code} {body.fingerprint}).")
        return 0
    if act in ("trust", "refuse"):
        fp = normalise_fingerprint(args.fingerprint)
        unit = enrolment.resolve_unit(store, svc.units, args.unit, fp, period=args.period,
                                      as_of=args.as_of, today=svc.today)
        if act == "trust":
            since = f"{args.replace_from.isoformat()}T00:00:00+00:00" if args.replace_from else None
            results = enrolment.accept_key(svc, unit, fp, actor=args.author, replace_from=since)
            out(f"Đã chấp nhận khóa {fp} cho {unit_label(svc.units, *unit.key)}.")
        else:
            results = enrolment.refuse_key(svc, unit, fp, actor=args.author, reason=args.reason)
            out(f"Đã từ chối khóa {fp} cho {unit_label(svc.units, *unit.key)}.")
        if args.out:
            decision = "accepted" if act == "trust" else "refused"
            path = enrolment.write_decision(_key(svc), unit, fp, decision, args.out, actor=args.author,
                                            reason=getattr(args, "reason", ""))
            out(f"Đã ghi tệp quyết định {path} (kèm khóa của tỉnh {_key(svc).fingerprint}).")
        _released(results)
        return 1 if any(r.outcome == "rejected" for r in results) else 0
    if act == "list":
        rows = store.keys()
        pin = store.province_pin()
        if args.json:
            dump_json([r.__dict__ for r in rows])
            return 0
        table(["Mã", "Đơn vị", "Dấu vân tay", "Tình trạng", "Người", "Quyết định lúc"],
              [[r.unit_code, unit_label(svc.units, r.unit_code, r.unit_valid_from), r.fingerprint,
                STATUS_LABELS[r.status] + (f" từ {r.replaced_at[:10]}" if r.replaced_at else ""),
                r.person or "", r.decided_at or ""] for r in rows])
        out(f"{len(rows)} khóa; {len(store.held())} gói đang giữ chờ xác nhận khóa.")
        if pin:
            out(f"Khóa của tỉnh đã ghi nhận: {pin[0]}")
        return 0
    if act == "held":
        rows = store.held()
        if args.json:
            dump_json(rows)
            return 0
        table(["Tệp", "Đơn vị", "Kỳ", "Dấu vân tay", "Giữ từ"],
              [[h["file_name"], unit_label(svc.units, h["unit_code"], h["unit_valid_from"]), h["period"],
                h["fingerprint"], h["held_at"]] for h in rows])
        out(f"{len(rows)} gói đang giữ (chưa tính, không mất).")
        return 0
    if act == "delegate":
        fn = delegation.revoke_delegation if args.revoke else delegation.record_delegation
        out(fn(svc.db, svc.units, args.district, args.commune, on=args.as_of or svc.today, actor=args.author))
        return 0
    if act == "delegations":
        rows = store.delegations()
        if args.json:
            dump_json(rows)
            return 0
        table(["Huyện", "Gửi thay", "Ghi nhận", "Thu hồi"],
              [[unit_label(svc.units, d["district_code"], d["district_valid_from"]),
                unit_label(svc.units, d["commune_code"], d["commune_valid_from"]),
                d["recorded_at"], d["revoked_at"] or ""] for d in rows])
        return 0
    rows = store.log_entries()  # log
    if args.json:
        dump_json(rows)
        return 0
    table(["Lúc", "Người", "Việc", "Đơn vị", "Dấu vân tay", "Nội dung"],
          [[e["at"], e["actor"] or "", e["action"], e["unit_code"] or "", e["fingerprint"] or "",
            e["detail"]] for e in rows])
    return 0


def _cells(specs: list[str]) -> dict[tuple[str, str], str]:
    cells = {}
    for spec in specs:
        ref, sep, text = spec.partition("=")
        code, slash, measure = ref.partition("/")
        if not sep or not slash or not code.strip() or not measure.strip():
            raise BaoCaoError(f"--cell «{spec}» phải có dạng CHỈ_TIÊU/CỘT=Ý_KIẾN, ví dụ NS_THU/th_ky=Lệch KBNN.",
                              code="o_sai_dang")
        cells[(code.strip(), measure.strip())] = text
    return cells


def cmd_review(args) -> int:
    from desktop.core.trust import review

    svc = _svc(args)
    if args.action in ("accept", "return"):
        decision = "accepted" if args.action == "accept" else "returned"
        path, body = review.review_submission(
            svc, _key(svc), unit_code=args.unit, period=args.period, form_id=args.form,
            decision=decision, out=args.out, comment=args.comment, cells=_cells(args.cell),
            actor=args.author)
        out(f"{review.DECISION_LABELS[decision].capitalize()}: biểu {body.form_id} lần {body.revision} của "
            f"{body.unit.name}, kỳ {body.period} ({len(body.cells)} ý kiến theo ô). Tệp gửi đơn vị: {path}")
        return 0
    if args.action == "list":
        rows = review.review_list(svc, args.period)
        if args.json:
            dump_json(rows)
            return 0
        table(["Đơn vị", "Biểu", "Lần", "Tình trạng"],
              [[r["unit_name"], r["form"], r["revision"], review.DECISION_LABELS[r["state"]]] for r in rows])
        return 0
    result = review.revision_changes(svc, unit_code=args.unit, period=args.period, form_id=args.form)
    if args.json:
        dump_json(result)
        return 0
    out(f"{result['unit_name']}, biểu {result['form']}, kỳ {result['period']}: "
        + ", ".join(f"lần {r['revision']} ({review.DECISION_LABELS[r['review']]})" for r in result["revisions"]))
    if result["from"] is not None:
        out(f"Thay đổi từ lần {result['from']} sang lần {result['to']}:")
        table(["Chỉ tiêu", "Cột", "Trước", "Sau"],
              [[c["indicator"], c["measure"], c.get("old") or "", c.get("new") or c.get("explanation") or ""]
               for c in result["changes"]])
    return 0


def cmd_feedback(args) -> int:
    from desktop.core.trust import enrolment, review
    from desktop.core.trust.envelope import peek_kind

    svc = _svc(args)
    if args.action == "import":
        own = _key(svc).fingerprint
        expect = None
        if args.expect:
            from desktop.core.exchange.signing import normalise_fingerprint

            expect = normalise_fingerprint(args.expect)
        for f in args.files:
            if peek_kind(f) == "enrolment-decision":
                body = enrolment.import_decision(svc.db, own, f, expect=expect, actor=args.author)
                word = "đã chấp nhận" if body.decision == "accepted" else "đã từ chối"
                out(f"«{f.name}»: tỉnh {word} khóa của máy này cho {body.unit.name}; đã ghi nhận khóa của tỉnh.")
            else:
                body, note = review.import_feedback(svc, f, actor=args.author)
                out(f"«{f.name}»: biểu {body.form_id} lần {body.revision}, kỳ {body.period}: {note}.")
                _print_feedback([review._row(body, "received", None)])
        return 0
    from desktop.core.periods import Period

    period = Period.parse(args.period)
    unit = svc.units.for_period(args.unit, period)
    rows = review.feedback_for(svc.db, unit.key, args.form, str(period))
    if args.json:
        dump_json(rows)
        return 0
    if not rows:
        out("Tỉnh chưa có ý kiến về biểu này.")
    _print_feedback(rows)
    return 0


def _print_feedback(rows: list[dict]) -> None:
    from desktop.core.trust.review import DECISION_LABELS

    for r in rows:
        out(f"Lần {r['revision']}: {DECISION_LABELS[r['decision']]} ({r['at']})"
            + (f" — {r['comment']}" if r["comment"] else ""))
        for c in r["cells"]:
            out(f"  Ô {c['indicator']}/{c['measure']}: {c['text']}")


COMMANDS = {"review": cmd_review, "feedback": cmd_feedback}
