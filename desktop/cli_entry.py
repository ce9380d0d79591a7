"""CLI commands on this installation's own data: the form pack (`forms`), the units
catalog (`units`) and a unit's figures (`entry`: validate, load, show).
Thin over the core services, like `cli.py`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.cli_args import date_arg
from desktop.cli_output import (
    dump_json,
    err,
    form_named,
    issues_json,
    issues_text,
    out,
    table,
)
from desktop.core.errors import BaoCaoError

JSON_HELP = "in kết quả dạng JSON"
FILE_HELP = "tệp số liệu: JSON hoặc biểu mẫu Excel đã điền"


def add_commands(sub, common) -> None:
    forms = sub.add_parser("forms", parents=[common], help="biểu mẫu: liệt kê, kiểm tra, lược đồ")
    fsub = forms.add_subparsers(dest="action", metavar="VIỆC", required=True, title="các việc")
    f_list = fsub.add_parser("list", parents=[common], help="liệt kê các biểu mẫu")
    f_list.add_argument("--json", action="store_true", help=JSON_HELP)
    f_check = fsub.add_parser(
        "check", parents=[common], help="kiểm tra bộ biểu mẫu (mã 1 nếu có lỗi)"
    )
    f_check.add_argument(
        "directory", nargs="?", type=Path, metavar="THƯ_MỤC", help="thư mục bộ biểu mẫu"
    )
    fsub.add_parser("schema", parents=[common], help="in JSON Schema của định dạng biểu mẫu")

    units = sub.add_parser("units", parents=[common], help="danh mục đơn vị hành chính")
    usub = units.add_subparsers(dest="action", metavar="VIỆC", required=True, title="các việc")
    u_list = usub.add_parser(
        "list", parents=[common], help="liệt kê đơn vị có hiệu lực vào một ngày"
    )
    u_list.add_argument(
        "--as-of", type=date_arg, metavar="NGÀY", help="ngày (NĂM-THÁNG-NGÀY), mặc định hôm nay"
    )
    u_list.add_argument("--json", action="store_true", help=JSON_HELP)
    u_list.add_argument(
        "--kind",
        choices=["province", "district", "commune", "department"],
        metavar="CẤP",
        help="chỉ một cấp: province, district, commune, department (sở, ban, ngành)",
    )

    entry = sub.add_parser("entry", parents=[common], help="nhập số liệu: kiểm tra, lưu, xem")
    esub = entry.add_subparsers(dest="action", metavar="VIỆC", required=True, title="các việc")
    e_val = esub.add_parser(
        "validate", parents=[common], help="kiểm tra một tệp số liệu (JSON hoặc Excel)"
    )
    e_val.add_argument("file", type=Path, metavar="TỆP", help=FILE_HELP)
    e_val.add_argument("--json", action="store_true", help=JSON_HELP)
    e_load = esub.add_parser("load", parents=[common], help="kiểm tra rồi lưu một tệp số liệu")
    e_load.add_argument("file", type=Path, metavar="TỆP", help=FILE_HELP)
    e_load.add_argument("--final", action="store_true", help="hoàn thành (khóa) bài nộp")
    e_load.add_argument("--author", metavar="TÊN", help="người nhập (ghi vào nhật ký)")
    e_load.add_argument("--json", action="store_true", help=JSON_HELP)
    e_show = esub.add_parser("show", parents=[common], help="xem số liệu đã lưu")
    e_show.add_argument("--unit", required=True, metavar="MÃ", help="mã đơn vị")
    e_show.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2023-H1")
    e_show.add_argument("--form", required=True, metavar="MÃ_BIỂU", help="mã biểu")
    e_show.add_argument("--json", action="store_true", help=JSON_HELP)
    esub.add_parser("schema", parents=[common], help="in JSON Schema của định dạng bài nộp")


def _services(args):
    from desktop.core.services import Services

    return Services(db_path=args.db, forms_dir=args.forms_dir)


# ---------------------------------------------------------------- forms


def cmd_forms(args) -> int:
    if args.action == "schema":
        from desktop.core.formdef.schema import pack_json_schema

        dump_json(pack_json_schema())
        return 0
    if args.action == "check":
        from desktop import paths
        from desktop.core.formdef.loader import check_pack

        directory = args.directory or args.forms_dir or paths.forms_dir()
        pack, issues = check_pack(directory)
        errors = [i for i in issues if i.is_error]
        if issues:
            issues_text(issues)
        if errors or pack is None:
            err(f"Bộ biểu mẫu ở {directory} có {len(errors)} lỗi.")
            return 1
        out(
            f"Bộ biểu mẫu hợp lệ: {len(pack.forms)} biểu, {pack.indicator_count} chỉ tiêu ({directory})."
        )
        return 0
    pack = _services(args).pack
    rows = []
    for form in pack.by_number():  # headers: no form built
        rows.append(
            {
                "id": form.id,
                "version": form.version,
                "bieu_so": form.bieu_so,
                "title": form.title,
                "domain": form.domain,
                "calendar": form.calendar.value,
                "period_types": [t.value for t in form.period_types],
                "indicators": form.indicators,
                "hash": form.hash,
            }
        )
    if args.json:
        dump_json(rows)
    else:
        table(
            ["Mã biểu", "PB", "Biểu số", "Tên biểu", "Số chỉ tiêu"],
            [[r["id"], r["version"], r["bieu_so"], r["title"], r["indicators"]] for r in rows],
            right={1, 4},
        )
        out(f"{len(rows)} biểu, {pack.indicator_count} chỉ tiêu.")
    return 0


# ---------------------------------------------------------------- units


def cmd_units(args) -> int:
    cat = _services(args).units
    on = args.as_of or dt.date.today()
    units = cat.valid_on(on, args.kind)
    if args.json:
        dump_json([u.model_dump(mode="json") for u in units])
        return 0
    table(
        ["Mã", "Tên đơn vị", "Cấp", "Trực thuộc", "Hiệu lực từ", "đến"],
        [
            [u.code, u.name, u.kind, u.parent_code or "", u.valid_from or "", u.valid_to or ""]
            for u in units
        ],
    )
    out(f"{len(units)} đơn vị có hiệu lực ngày {on:%d/%m/%Y}.")
    return 0


# ---------------------------------------------------------------- entry


def cmd_entry(args) -> int:
    if args.action == "schema":
        from desktop.core.submission import SubmissionFile

        schema = SubmissionFile.model_json_schema()
        schema["title"] = "Bài nộp số liệu BaoCao (baocao-submission/1)"
        dump_json(schema)
        return 0
    svc = _services(args)
    if args.action in ("validate", "load"):
        from desktop.core.periods import Period

        report = svc.validate_file(args.file)
        refused = report.submission and not_this_units(
            svc, report.unit, Period.parse(report.submission.period)
        )
        if refused:  # a reused code's former unit: not this installation's figures
            message = f"Không lưu «{report.file}»: {refused} Chưa lưu gì."
            if args.json:
                dump_json({"file": report.file, "ok": False, "stored": False, "message": message})
            else:
                err(message)
            return 1
    if args.action == "validate":
        if args.json:
            dump_json({"file": report.file, "ok": report.ok, "issues": issues_json(report.issues)})
        else:
            out(f"Kiểm tra «{args.file.name}»:")
            issues_text(report.issues, svc.pack) if report.issues else out(
                "  Không có lỗi, không có cảnh báo."
            )
        return 0 if report.ok else 1
    if args.action == "load":
        try:
            stored = svc.save_entry(report, final=args.final, actor=args.author)
        except BaoCaoError as exc:
            if args.json:
                dump_json(
                    {
                        "file": report.file,
                        "stored": False,
                        "message": exc.message,
                        "issues": issues_json(report.issues),
                    }
                )
            else:
                issues_text(report.issues, svc.pack)
                err(exc.message)
            return 1
        if args.json:
            dump_json(
                {
                    "file": report.file,
                    "stored": True,
                    "submission_id": stored.id,
                    "revision": stored.revision,
                    "status": stored.status,
                    "issues": issues_json(report.issues),
                }
            )
        else:
            if report.issues:
                issues_text(report.issues, svc.pack)
            status = "đã hoàn thành" if stored.status == "final" else "bản nháp"
            from desktop.core.periods import Period

            period = Period.parse(stored.period).label
            out(
                f"Đã lưu «{report.file}»: {_unit_named(svc, report.unit)}, {period}, "
                f"{form_named(svc.pack, stored.form_id)}, lần {stored.revision} ({status})."
            )
        return 0
    return _entry_show(svc, args)


def not_this_units(svc, unit, period) -> str:
    """Why figures of `unit` in `period` are not this unit installation's (its settings'
    unit): a code reused at the 1/7/2025 reform names the former unit in an earlier period;
    '' else (and on a province's installation, or one not set up).  `entry validate/load`
    and `template` ask it."""
    from desktop.core.clerk_home import another_unit_of_the_code
    from desktop.core.settings import Role, load_settings

    settings = load_settings()
    if settings is None or settings.role != Role.UNIT or unit is None:
        return ""
    own = (settings.unit_code, settings.unit_valid_from)
    return another_unit_of_the_code(svc.units, own, unit, period)


def _unit_named(svc, unit) -> str:
    """The unit's name, with its code and dates when the code names two units over time."""
    from desktop.core.trust.policy import named

    return named(svc.units, unit) if len(svc.units.versions(unit.code)) > 1 else unit.name


def _entry_show(svc, args) -> int:
    from desktop.core.formdef.layout import form_rows
    from desktop.core.marks import mark_text
    from desktop.core.numbers import format_vn
    from desktop.core.period_figures import apart_heading, figure_line, split_for_period

    form, unit, period, stored = svc.get_submission(args.unit, args.period, args.form)
    # figures kept in columns this period no longer has: apart, as they are never sent
    sub, apart = split_for_period(stored.submission, svc.pack.get(args.form))
    if args.json:
        data = sub.to_file().model_dump(mode="json")
        data["meta"] = {
            "revision": stored.revision,
            "status": stored.status,
            "unit_name": unit.name,
            "period_label": period.label,
            "updated_at": stored.updated_at,
            "not_sent": [
                {"indicator": f.indicator, "measure": f.measure, "value": f.plain} for f in apart
            ],
        }
        dump_json(data)
        return 0
    from desktop.core.vn_time import STATUS_WORDS

    cat = svc.pack.catalog
    status = STATUS_WORDS.get(stored.status, stored.status).lower()  # «hoàn thành», not «final»
    out(
        f"{form.bieu_so}: {form.title} — {unit.name}, {period.label} (lần {stored.revision}, {status})"
    )
    measures = [m for m in form.measures if any(k[1] == m for k in sub.values)]
    rows = []
    for row in form_rows(form):
        if row.indicator is None:
            rows.append(
                [row.stt, row.section.title.upper(), "", *[""] * (len(measures) + bool(sub.marks))]
            )
            continue
        ind = row.indicator
        vals = [sub.values.get((ind.code, m)) for m in measures]
        mark = sub.marks.get(ind.code)
        if all(v is None for v in vals) and mark is None:
            continue
        text = [
            format_vn(v) if not isinstance(v, str) and v is not None else (v or "") for v in vals
        ]
        said = [mark_text(mark)] if sub.marks else []  # «Chưa có số liệu: <lý do>»
        rows.append(
            [row.stt, "  " * (row.level - 1) + ind.label, cat.unit(ind.unit).label, *text, *said]
        )
    table(
        ["STT", "Chỉ tiêu", "ĐVT", *[cat.measure(m).short for m in measures]]
        + (["Đánh dấu"] if sub.marks else []),
        rows,
        right=set(range(3, 3 + len(measures))),
    )
    if apart:
        out(f"\nKhông gửi, {apart_heading(period)}, vẫn giữ trong máy:")
        whole = svc.pack.get(args.form)
        for figure in apart:
            out(f"  {figure_line(whole, cat, figure)}")
    for n in form.narratives:
        if sub.narratives.get(n.code):
            out(f"\n{n.title}:\n{sub.narratives[n.code]}")
    return 0


COMMANDS = {"forms": cmd_forms, "units": cmd_units, "entry": cmd_entry}
