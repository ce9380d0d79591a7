"""CLI of the province's review (`baocao review …`) and of what the province sends down,
imported at the unit (`baocao feedback …`); issue 12, docs/trust.md.  Thin over
desktop/core/trust/review.py and enrolment.py; registered through cli_trust."""

from __future__ import annotations

from pathlib import Path

from desktop.cli_output import OutPath, dump_json, err, form_named, out, table
from desktop.core.errors import BaoCaoError, Location

JSON_HELP = "in kết quả dạng JSON"
PERIOD_HELP = "kỳ báo cáo, ví dụ 2023-H1"


def _submission_options(p) -> None:
    """--unit, --period, --form: which submission the action is about."""
    p.add_argument("--unit", required=True, metavar="MÃ", help="mã đơn vị")
    p.add_argument("--period", required=True, metavar="KỲ", help=PERIOD_HELP)
    p.add_argument("--form", required=True, metavar="MÃ_BIỂU", help="mã biểu")


def add_commands(sub, common) -> None:
    rv = sub.add_parser(
        "review", parents=[common], help="(tỉnh) xem xét bài nộp: chấp nhận, trả lại"
    )
    rsub = rv.add_subparsers(dest="action", metavar="VIỆC", required=True, title="các việc")
    for name, text in (("accept", "chấp nhận lần gửi hiện tại"), ("return", "trả lại kèm ý kiến")):
        p = rsub.add_parser(name, parents=[common], help=text)
        _submission_options(p)
        p.add_argument("--comment", default="", metavar="Ý_KIẾN", help="ý kiến cho cả biểu")
        p.add_argument(
            "--cell",
            action="append",
            default=[],
            metavar="CHỈ_TIÊU/CỘT=Ý_KIẾN",
            help="ý kiến cho một ô, ví dụ NS_THU/th_ky=Số liệu lệch với KBNN",
        )
        p.add_argument(
            "--out", required=True, type=OutPath, metavar="TỆP", help="tệp phản hồi gửi đơn vị"
        )
        p.add_argument("--author", metavar="TÊN", help="cán bộ xem xét (ghi vào nhật ký)")
    rl = rsub.add_parser("list", parents=[common], help="bài nộp của kỳ và tình trạng xem xét")
    rl.add_argument("--period", required=True, metavar="KỲ", help=PERIOD_HELP)
    rl.add_argument("--json", action="store_true", help=JSON_HELP)
    rc = rsub.add_parser("changes", parents=[common], help="chuỗi các lần gửi và ô thay đổi")
    _submission_options(rc)
    rc.add_argument("--json", action="store_true", help=JSON_HELP)

    fb = sub.add_parser(
        "feedback", parents=[common], help="(đơn vị) nhận tệp tỉnh gửi: xác nhận khóa, phản hồi"
    )
    fsub = fb.add_subparsers(dest="action", metavar="VIỆC", required=True, title="các việc")
    fi = fsub.add_parser(
        "import", parents=[common], help="nhập tệp .baocao-xacnhan / .baocao-phanhoi"
    )
    fi.add_argument(
        "files", nargs="+", type=Path, metavar="TỆP", help="các tệp tỉnh gửi (xác nhận, phản hồi)"
    )
    fi.add_argument("--expect", metavar="VÂN_TAY", help="dấu vân tay khóa tỉnh đọc qua điện thoại")
    fi.add_argument("--author", metavar="TÊN", help="người nhập (ghi vào nhật ký)")
    fs = fsub.add_parser("show", parents=[common], help="ý kiến của tỉnh về một biểu")
    _submission_options(fs)
    fs.add_argument("--json", action="store_true", help=JSON_HELP)


def _svc(args):
    from desktop.core.services import Services

    return Services(db_path=args.db, forms_dir=args.forms_dir)


def _key(svc):
    from desktop.core.exchange.signing import SigningKey

    return SigningKey.load_or_create(svc.key_dir)


def _cells(specs: list[str]) -> dict[tuple[str, str], str]:
    cells = {}
    for spec in specs:
        ref, sep, text = spec.partition("=")
        code, slash, measure = ref.partition("/")
        if not sep or not slash or not code.strip() or not measure.strip():
            raise BaoCaoError(
                f"--cell «{spec}» phải có dạng CHỈ_TIÊU/CỘT=Ý_KIẾN, ví dụ NS_THU/th_ky=Lệch KBNN.",
                code="o_sai_dang",
            )
        cells[(code.strip(), measure.strip())] = text
    return cells


def cmd_review(args) -> int:
    from desktop.core.trust import review

    svc = _svc(args)
    if args.action in ("accept", "return"):
        decision = "accepted" if args.action == "accept" else "returned"
        path, body = review.review_submission(
            svc,
            _key(svc),
            unit_code=args.unit,
            period=args.period,
            form_id=args.form,
            decision=decision,
            out=args.out,
            comment=args.comment,
            cells=_cells(args.cell),
            actor=args.author,
        )
        out(
            f"{review.DECISION_LABELS[decision].capitalize()}: {form_named(svc.pack, body.form_id)} "
            f"lần {body.revision} của "
            f"{body.unit.name}, {_period(body.period)}{_cells_said(body.cells)}. "
            f"Tệp gửi đơn vị: {path}"
        )
        return 0
    if args.action == "list":
        rows = review.review_list(svc, args.period)
        if args.json:
            dump_json(rows)
            return 0
        table(
            ["Đơn vị", "Biểu", "Lần", "Tình trạng"],
            [
                [
                    r["unit_name"],
                    "B" + form_named(svc.pack, r["form"])[1:],
                    r["revision"],
                    review.DECISION_LABELS[r["state"]],
                ]
                for r in rows
            ],
        )
        return 0
    result = review.revision_changes(
        svc, unit_code=args.unit, period=args.period, form_id=args.form
    )
    if args.json:
        dump_json(result)
        return 0
    out(
        f"{result['unit_name']}, {form_named(svc.pack, result['form'])}, {_period(result['period'])}: "
        + ", ".join(
            f"lần {r['revision']} ({review.DECISION_LABELS[r['review']]})"
            for r in result["revisions"]
        )
    )
    if result["from"] is not None:
        out(f"Thay đổi từ lần {result['from']} sang lần {result['to']}:")
        form = svc.pack.get(result["form"])
        names, order = form.indicator_map(), {c: n for n, c in enumerate(form.indicator_map())}
        def uom(code: str) -> str:  # «12.500 → 13.250» of what: triệu đồng, ha, …
            unit = svc.pack.catalog.unit(names[code].unit) if code in names else None
            return unit.label if unit else ""

        table(
            ["Chỉ tiêu", "Cột", "ĐVT", "Trước", "Sau"],
            [
                [
                    names[c["indicator"]].label if c["indicator"] in names else c["indicator"],
                    _column(svc.pack, c["measure"]),
                    uom(c["indicator"]),
                    _figure(c.get("old")),
                    _figure(c.get("new")) or c.get("explanation") or "",
                ]
                for c in sorted(result["changes"], key=lambda c: order.get(c["indicator"], 0))
            ],
            right={3, 4},
        )
    return 0


def cmd_feedback(args) -> int:
    from desktop.core.trust import enrolment, returned, review
    from desktop.core.trust.envelope import peek_kind

    svc = _svc(args)
    if args.action == "import":
        own = _key(svc).fingerprint
        expect = None
        if args.expect:
            from desktop.core.exchange.signing import normalise_fingerprint

            expect = normalise_fingerprint(args.expect)
        refused = 0  # the worst exit code of a refused file: one file never ends the batch
        for f in args.files:
            try:
                if peek_kind(f) == "enrolment-decision":
                    body = enrolment.import_decision(svc.db, own, f, expect=expect, actor=args.author)
                    word = "đã chấp nhận" if body.decision == "accepted" else "đã từ chối"
                    why = f" (lý do: {body.reason})" if body.reason else ""
                    out(
                        f"«{f.name}»: tỉnh {word} khóa của máy này cho {body.unit.name}{why}; "
                        "đã ghi nhận khóa của tỉnh."
                    )
                else:
                    body, note = returned.import_feedback(svc, f, actor=args.author)
                    form = Location(form=body.form_id).describe(svc.pack)  # «biểu số 05»
                    out(f"«{f.name}»: {form} lần {body.revision}, {_period(body.period)}: {note}.")
                    _print_feedback([review.review_row(body, "received", body.decided_by)], svc.pack)
            except BaoCaoError as exc:
                err(f"«{f.name}»: KHÔNG NHẬN — {exc.message}")
                refused = max(refused, exc.exit_code)
        return refused
    from desktop.core.periods import Period

    period = Period.parse(args.period)
    unit = svc.units.for_period(args.unit, period)
    rows = returned.feedback_for(svc.db, unit.key, args.form, str(period))
    if args.json:
        dump_json(rows)
        return 0
    if not rows:
        out("Tỉnh chưa có ý kiến về biểu này.")
    _print_feedback(rows, svc.pack)
    return 0


def _period(text: str) -> str:
    """«tháng 1 năm 2023», «6 tháng đầu năm 2023»: the period as the officer and the clerk
    read it, never its code «2023-01»."""
    from desktop.core.periods import Period

    return Period.parse(text).phrase


def _cells_said(cells) -> str:
    return f" ({len(cells)} ý kiến theo ô)" if cells else ""


def _column(pack, measure: str) -> str:
    m = pack.catalog.measure(measure)
    return m.label if m else measure


def _figure(raw: str | None) -> str:
    """A stored figure («610.5») as a figure is written («610,5»); a text as it is."""
    from decimal import Decimal, InvalidOperation

    from desktop.core.numbers import format_vn

    if not raw:
        return ""
    try:
        return format_vn(Decimal(raw))
    except InvalidOperation:
        return raw


def _print_feedback(rows: list[dict], pack) -> None:
    """The province's decisions, its comments on cells by the indicator's and the column's
    names (`Location.describe`)."""
    from desktop.core.trust.review import DECISION_LABELS
    from desktop.core.vn_time import vn_datetime

    for r in rows:
        who = ", ".join(x for x in (r["actor"], vn_datetime(r["at"])) if x)
        out(
            f"Lần {r['revision']}: {DECISION_LABELS[r['decision']]} ({who})"
            + (f" — {r['comment']}" if r["comment"] else "")
        )
        for c in r["cells"]:
            where = Location(form=r["form_id"], indicator=c["indicator"], measure=c["measure"])
            said = where.describe(pack, skip=("form",))
            out(f"  {said[:1].upper()}{said[1:]}: {c['text']}")


COMMANDS = {"review": cmd_review, "feedback": cmd_feedback}
