"""The `baocao` command: every core job, headless.  Thin over `desktop.core.services`.

Exit codes: 0 success; 1 the data or request was refused (validation errors, not found);
2 an input file could not be read; 3 an unexpected failure (logged, never a traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from desktop import __version__
from desktop.cli_args import (
    OnlyWantedSubparsers,
    Parser,
    add_global_options,
    command_of,
    common_parser,
    date_arg,
)
from desktop.cli_output import (
    dump_json,
    err,
    form_named,
    issues_json,
    issues_text,
    out,
    setup_console,
    table,
)
from desktop.core.errors import BaoCaoError

JSON_HELP = "in kết quả dạng JSON"
FILE_HELP = "tệp số liệu: JSON hoặc biểu mẫu Excel đã điền"


def _parser(wanted: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `wanted` (a command name) only that command's parser
    built: the others are listed by name and help text, as `--help` shows them."""
    common = common_parser()
    p = Parser(prog="baocao", description="BaoCao — báo cáo và tổng hợp số liệu kinh tế - xã hội.")
    add_global_options(p, top=True)
    p.add_argument(
        "--version",
        action="version",
        version=f"BaoCao {__version__}",
        help="in số phiên bản rồi thoát",
    )
    sub = p.add_subparsers(
        dest="command", metavar="LỆNH", title="các lệnh", action=OnlyWantedSubparsers
    )
    sub.wanted = wanted

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

    from desktop import cli_exchange, cli_report  # plain imports: PyInstaller follows them

    cli_exchange.add_commands(sub, common)
    cli_report.add_commands(sub, common)
    st = sub.add_parser(
        "selftest", parents=[common], help="tự kiểm tra cài đặt trên dữ liệu tạm (mã 0 nếu đạt)"
    )
    st.add_argument("--out", type=Path, metavar="TỆP", help="ghi kết quả vào tệp này")
    p.command_names = set(sub.choices)
    return p


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
    if args.action == "validate":
        report = svc.validate_file(args.file)
        if args.json:
            dump_json({"file": report.file, "ok": report.ok, "issues": issues_json(report.issues)})
        else:
            out(f"Kiểm tra «{args.file.name}»:")
            issues_text(report.issues, svc.pack) if report.issues else out(
                "  Không có lỗi, không có cảnh báo."
            )
        return 0 if report.ok else 1
    if args.action == "load":
        report = svc.validate_file(args.file)
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
                f"Đã lưu «{report.file}»: {report.unit.name}, {period}, "
                f"{form_named(svc.pack, stored.form_id)}, lần {stored.revision} ({status})."
            )
        return 0
    return _entry_show(svc, args)


def _entry_show(svc, args) -> int:
    from desktop.core.formdef.layout import form_rows
    from desktop.core.marks import mark_text
    from desktop.core.numbers import format_vn

    form, unit, period, stored = svc.get_submission(args.unit, args.period, args.form)
    sub = stored.submission
    if args.json:
        data = sub.to_file().model_dump(mode="json")
        data["meta"] = {
            "revision": stored.revision,
            "status": stored.status,
            "unit_name": unit.name,
            "period_label": period.label,
            "updated_at": stored.updated_at,
        }
        dump_json(data)
        return 0
    from desktop.core.vn_time import STATUS_WORDS

    cat = svc.pack.catalog
    status = STATUS_WORDS.get(stored.status, stored.status).lower()  # «hoàn thành», not «final»
    out(f"{form.bieu_so}: {form.title} — {unit.name}, {period.label} (lần {stored.revision}, {status})")
    measures = [m for m in form.measures if any(k[1] == m for k in sub.values)]
    rows = []
    for row in form_rows(form):
        if row.indicator is None:
            rows.append([row.stt, row.section.title.upper(), "", *[""] * (len(measures) + bool(sub.marks))])
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
        rows.append([row.stt, "  " * (row.level - 1) + ind.label, cat.unit(ind.unit).label, *text, *said])
    table(
        ["STT", "Chỉ tiêu", "ĐVT", *[cat.measure(m).short for m in measures]]
        + (["Đánh dấu"] if sub.marks else []),
        rows,
        right=set(range(3, 3 + len(measures))),
    )
    for n in form.narratives:
        if sub.narratives.get(n.code):
            out(f"\n{n.title}:\n{sub.narratives[n.code]}")
    return 0


def cmd_selftest(args) -> int:
    from desktop.selftest import run_and_report

    if args.db is not None:
        err("Lệnh selftest luôn chạy trên dữ liệu tạm, không dùng --db: hãy bỏ --db.")
        return 1

    return run_and_report(args.out)


COMMANDS = {"forms": cmd_forms, "units": cmd_units, "entry": cmd_entry, "selftest": cmd_selftest}


def main(argv: list[str] | None = None) -> int:
    setup_console()
    # pydantic would otherwise scan every installed package's entry points at first use
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        try:
            return _main(sys.argv[1:] if argv is None else argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        return _quiet_after_broken_pipe()


def _main(argv: list[str]) -> int:
    if not argv:
        from desktop.launcher import launch_gui

        return launch_gui()
    if argv[0] == "--selftest":  # the installed app: BaoCao.exe --selftest [FILE]
        from desktop.selftest import main as selftest_main

        return selftest_main(argv[1:])
    if all(a.lower().endswith(".baocao") for a in argv):  # a double-clicked package
        from desktop.launcher import launch_gui

        return launch_gui([sys.argv[0], *argv])
    wanted = command_of(argv)
    parser = _parser(wanted)
    if wanted and wanted not in parser.command_names:  # not a command: argparse lists all
        parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    from desktop import cli_exchange

    handler = COMMANDS.get(args.command) or cli_exchange.COMMANDS[args.command]
    try:
        if getattr(args, "period", None):  # the one place a period is read: code or label
            from desktop.core.periods import Period

            args.period = str(Period.read(args.period))
        return handler(args)
    except BrokenPipeError:
        raise
    except BaoCaoError as exc:
        err(f"Lỗi: {exc.message}")
        from desktop.core.issues import naming_pack

        pack = naming_pack(exc, lambda: _services(args).pack)
        for issue in exc.issues[:50]:
            err("  " + issue.render(pack))
        return exc.exit_code
    except KeyboardInterrupt:
        err("Đã dừng theo yêu cầu.")
        return 130
    except Exception:
        from desktop.crashlog import write_crash_log

        where = write_crash_log()
        err(f"Lỗi không mong đợi. Chi tiết đã ghi vào {where}. Hãy gửi tệp này cho bộ phận hỗ trợ.")
        return 3


def _quiet_after_broken_pipe() -> int:
    """The reader went away (`baocao … | head -1`): what it wanted it has; exit 0 quietly.
    stdout is pointed at the null device so the interpreter's final flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0
