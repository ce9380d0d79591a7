"""CLI commands from unit to province: keys, packages, status, Excel templates, consolidation.
Thin over the core services, like `cli.py`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop import cli_trust
from desktop.cli_args import date_arg, int_arg
from desktop.cli_output import (
    OutPath,
    OutPathOrFolder,
    dump_json,
    err,
    form_named,
    no_database,
    out,
    out_file,
    out_wrapped,
    require_database,
    table,
)

FORM_HELP = "mã biểu (lặp lại cho nhiều biểu; mặc định tất cả)"
XLSX_HELP = "tệp Excel sẽ ghi (.xlsx)"


def add_commands(sub, common) -> None:
    keys = sub.add_parser(
        "keys", parents=[common], help="khóa ký: xem, danh sách khóa tin cậy, tin cậy khóa"
    )
    ksub = keys.add_subparsers(dest="action", metavar="VIỆC", required=True, title="các việc")
    ksub.add_parser(
        "show", parents=[common], help="dấu vân tay khóa của máy này (đọc qua điện thoại)"
    )
    k_list = ksub.add_parser("list", parents=[common], help="khóa của các đơn vị đã tin cậy")
    k_list.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    k_trust = ksub.add_parser(
        "trust",
        parents=[common],
        help="chấp nhận (đăng ký) khóa của một đơn vị sau khi gọi điện xác minh dấu vân tay",
    )
    k_trust.add_argument("unit", metavar="MÃ_ĐƠN_VỊ", help="mã đơn vị")
    k_trust.add_argument("fingerprint", metavar="VÂN_TAY", help="dấu vân tay khóa đọc qua điện thoại")
    k_trust.add_argument(
        "--as-of", type=date_arg, metavar="NGÀY", help="ngày xác định đơn vị (mặc định hôm nay)"
    )
    cli_trust.add_key_actions(ksub, common)  # enrolment, delegations, held packages, log
    cli_trust.add_commands(sub, common)  # review, feedback

    pkg = sub.add_parser("package", parents=[common], help="gói số liệu có chữ ký: xuất, nhập")
    psub = pkg.add_subparsers(dest="action", metavar="VIỆC", required=True, title="các việc")
    p_exp = psub.add_parser(
        "export", parents=[common], help="xuất các biểu đã hoàn thành thành một gói"
    )
    p_exp.add_argument("--unit", required=True, metavar="MÃ", help="mã đơn vị")
    p_exp.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2023-H1")
    p_exp.add_argument("--form", action="append", dest="forms", metavar="MÃ_BIỂU", help=FORM_HELP)
    p_exp.add_argument(
        "--out", required=True, type=OutPathOrFolder, metavar="TỆP", help="tệp gói sẽ ghi"
    )
    p_exp.add_argument("--author", metavar="TÊN", help="người xuất (ghi vào nhật ký)")
    p_imp = psub.add_parser("import", parents=[common], help="nhập các gói số liệu (cấp tỉnh)")
    p_imp.add_argument(
        "files", nargs="+", type=Path, metavar="TỆP", help="các tệp .baocao, hoặc thư mục chứa chúng"
    )
    p_imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p_imp.add_argument("--author", metavar="TÊN", help="người nhập (ghi vào nhật ký)")

    st = sub.add_parser("status", parents=[common], help="tình hình báo cáo: đơn vị × biểu")
    st.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2023-H1")
    st.add_argument("--form", action="append", dest="forms", metavar="MÃ_BIỂU", help=FORM_HELP)
    st.add_argument(
        "--level",
        choices=["district", "commune", "department"],
        help="cấp đơn vị: district (huyện), commune (xã), department (sở, ban, ngành)",
    )
    st.add_argument(
        "--deadline-days",
        type=int_arg,
        metavar="SỐ_NGÀY",
        help="số ngày sau ngày chốt số liệu (mặc định theo biểu)",
    )
    st.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    tp = sub.add_parser("template", parents=[common], help="tạo biểu mẫu Excel để đơn vị điền")
    tp.add_argument("--form", required=True, metavar="MÃ_BIỂU", help="mã biểu")
    tp.add_argument("--unit", required=True, metavar="MÃ", help="mã đơn vị")
    tp.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2023-H1")
    tp.add_argument("--out", required=True, type=out_file(".xlsx"), metavar="TỆP", help=XLSX_HELP)

    co = sub.add_parser(
        "consolidate", parents=[common], help="tổng hợp số liệu và xuất biểu tổng hợp Excel"
    )
    co.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2023-H1")
    co.add_argument("--form", action="append", dest="forms", metavar="MÃ_BIỂU", help=FORM_HELP)
    co.add_argument(
        "--level",
        choices=["province", "district"],
        default="province",
        help="tổng hợp cấp tỉnh (mặc định) hay cấp huyện",
    )
    co.add_argument("--unit", metavar="MÃ", help="mã huyện, với --level district")
    co.add_argument(
        "--as-of", type=date_arg, metavar="NGÀY", help="chỉ dùng số liệu nhận đến hết ngày này"
    )
    co.add_argument(
        "--accepted-only",
        action="store_true",
        help="chỉ tính các báo cáo nhận được mà tỉnh đã chấp nhận (mặc định: tính mọi báo cáo)",
    )
    co.add_argument(
        "--breakdown",
        action=argparse.BooleanOptionalAction,
        help="kèm (hoặc không kèm) bảng chi tiết từng đơn vị, các trang «CT …» của tệp "
        "Excel; mặc định: kèm khi tổng hợp không quá 200 đơn vị",  # breakdown.SHEET_UNITS
    )
    co.add_argument("--out", required=True, type=out_file(".xlsx"), metavar="TỆP", help=XLSX_HELP)
    co.add_argument(
        "--json", type=OutPath, dest="json_out", metavar="TỆP", help="ghi kết quả dạng JSON vào tệp này"
    )
    co.add_argument("--report-no", metavar="SỐ", help="số báo cáo kèm theo, ví dụ 583/BC-UBND")


def _svc(args):
    from desktop.core.services import Services

    return Services(db_path=args.db, forms_dir=args.forms_dir)


def cmd_keys(args) -> int:
    svc = _svc(args)
    if args.action == "show":
        from desktop.core.exchange.signing import SigningKey

        key = SigningKey.load_or_create(svc.key_dir)
        out(f"Dấu vân tay khóa của máy này: {key.fingerprint}")
        return 0
    return cli_trust.cmd_keys(args)


def cmd_package(args) -> int:
    from desktop.core.exchange.results_short import short_message
    from desktop.core.exchange.service import OUTCOME_LABELS, import_packages

    svc = _svc(args)
    if args.action == "export":
        from desktop.core.exchange.export import export_forms

        done = export_forms(
            svc,
            unit_code=args.unit,
            period_text=args.period,
            form_ids=args.forms,
            out=args.out,
            actor=args.author,
        )
        forms = ", ".join(f"{form_named(svc.pack, e.id)} lần {e.revision}" for e in done.entries)
        out(f"Đã xuất gói «{done.path}» ({len(done.entries)} biểu): {forms}.")
        if done.notice:  # figures in columns the period no longer has (period_figures.py)
            err(f"Lưu ý: {done.notice}")
        return 0
    from desktop.core.exchange.package_files import is_folder, package_files

    files = package_files(args.files)  # a folder: the packages in it, as the inbox takes it
    if all(map(is_folder, files)):  # only folders named, none with a package in it
        from desktop.core.errors import BaoCaoError

        named = ", ".join(f"«{f}»" for f in args.files)
        raise BaoCaoError(f"Không có tệp gói báo cáo (*.baocao) nào trong {named}.")
    results = import_packages(svc, files, actor=args.author)
    if args.json:
        dump_json([r.to_json() for r in results])
    else:
        table(
            ["Tệp", "Kết quả", "Chi tiết"],
            [
                [r.file, OUTCOME_LABELS[r.outcome], short_message(r, svc.pack, svc.units)]
                for r in results
            ],
        )
        counts = {}
        for r in results:
            counts[r.outcome] = counts.get(r.outcome, 0) + 1
        out(
            "Tổng: "
            + ", ".join(
                f"{OUTCOME_LABELS[k].split(' (')[0].lower()} {v}" for k, v in counts.items()
            )
        )
    return 1 if any(r.outcome == "rejected" for r in results) else 0


def cmd_status(args) -> int:
    from desktop.core.status import reporting_status

    svc = _svc(args)
    if said := no_database(svc):
        err(f"Lưu ý: {said}")
    matrix = reporting_status(
        svc,
        args.period,
        form_ids=args.forms,
        level=args.level,
        deadline_days=args.deadline_days,
    )
    if args.json:
        dump_json(matrix.to_json())
        return 0
    short = {
        "missing": "—",
        "draft": "nháp",
        "on_time": "đúng hạn",
        "late": "trễ",
        "revised_late": "sửa sau hạn",
        "held": "chờ khóa",
    }
    out(
        f"Tình hình báo cáo {matrix.period_label} ({len(matrix.units)} đơn vị, {len(matrix.forms)} biểu)"
    )
    headers = ["Đơn vị", *[f.bieu_so.replace("Biểu số ", "Biểu ") for f in matrix.forms]]
    mark = {"accepted": " ✓", "returned": " ↩", "awaiting": " ?", None: ""}
    rows = [
        [
            u.name,
            *[
                "" if c is None else short[c.status] + mark[c.review]  # None: not its form
                for c in (matrix.cells.get((u.code, f.id)) for f in matrix.forms)
            ],
        ]
        for u in matrix.units
    ]
    table(headers, rows)
    overdue = matrix.overdue_lines(svc.today)
    if overdue:
        out(f"\nChưa nộp, đã quá hạn (tính đến ngày {svc.today:%d/%m/%Y}):")
        for line in overdue:
            out_wrapped(line)
    held = matrix.held_lines()
    if held:
        out("\nGói đã đến, chờ xác nhận khóa (chưa tính; xác nhận: baocao keys trust):")
        for line in held:
            out_wrapped(line)
    claims = matrix.claim_lines()
    if claims:
        out("\nĐúng hạn/trễ hạn tính theo lúc tỉnh nhận gói; ngày đơn vị tự ghi trong gói:")
        for line in claims:
            out_wrapped(line)
    counts, reviews = matrix.counts(), matrix.review_counts()
    out("\nTỉnh xem xét báo cáo nhận được: ✓ đã chấp nhận, ↩ bị trả lại, ? chờ xem xét.\n")
    table(
        [
            "Biểu",
            "Hạn nộp",
            "Đúng hạn",
            "Trễ",
            "Sửa sau hạn",
            "Nháp",
            "Chưa báo cáo",
            "Đã chấp nhận",
            "Bị trả lại",
            "Chờ xem xét",
        ],
        [
            [
                f"{f.bieu_so} ({f.title})",
                f"{matrix.deadlines[f.id]:%d/%m/%Y}",
                counts[f.id]["on_time"],
                counts[f.id]["late"],
                counts[f.id]["revised_late"],
                counts[f.id]["draft"],
                counts[f.id]["missing"],
                reviews[f.id]["accepted"],
                reviews[f.id]["returned"],
                reviews[f.id]["awaiting"],
            ]
            for f in matrix.forms
        ],
        right={2, 3, 4, 5, 6, 7, 8, 9},
    )
    return 0


def cmd_template(args) -> int:
    from desktop.cli_entry import not_this_units
    from desktop.core.errors import BaoCaoError
    from desktop.core.excel.templates import make_template
    from desktop.core.periods import Period

    svc = _svc(args)
    period = Period.parse(args.period)
    refused = not_this_units(svc, svc.units.for_period(args.unit, period), period)
    if refused:  # a reused code's former unit: a template this installation could not load
        raise BaoCaoError(f"Không tạo biểu mẫu Excel: {refused}")
    path = make_template(
        svc, form_id=args.form, unit_code=args.unit, period_text=args.period, out=args.out
    )
    out(f"Đã tạo biểu mẫu Excel {path}.")
    return 0


def cmd_consolidate(args) -> int:
    from desktop.core.consolidation.engine import consolidate_period, result_to_json
    from desktop.core.excel.workbook import refuse_nothing_reported, write_consolidated_workbook

    svc = _svc(args)
    require_database(svc)
    admit = None
    if args.accepted_only:
        from desktop.core.periods import Period
        from desktop.core.trust.accepted import accepted_filter

        admit = accepted_filter(svc.repo, svc.db, str(Period.parse(args.period)))
    result = consolidate_period(
        svc,
        args.period,
        form_ids=args.forms,
        level=args.level,
        unit_code=args.unit,
        as_of=args.as_of,
        admit=admit,
        breakdown=args.breakdown,
    )
    from desktop.core.excel.workbook_display import display_options
    from desktop.core.settings import load_settings

    refuse_nothing_reported(result)  # as `report` refuses: exit 1, no file written
    path = write_consolidated_workbook(
        result,
        svc.pack.catalog,
        args.out,
        report_no=args.report_no,
        **display_options(load_settings()),
    )
    if args.json_out:
        from desktop.core.atomic import write_text

        write_text(args.json_out, json.dumps(result_to_json(result), ensure_ascii=False, indent=1))
    out(f"Đã tổng hợp {result.period_label}: {len(result.forms)} biểu → «{path}».")
    for note, forms in _missing_by_note(result.forms).items():
        err(f"  {forms}: {note}")
    return 0


def _missing_by_note(forms) -> dict[str, str]:
    """Who is missing, each list said once with the forms it holds for («Biểu số 01, 02,
    …, 21: Thiếu số liệu 9 đơn vị: …»), not the same names on 25 lines; a form alone
    with its title («Biểu số 05 (Thu, chi ngân sách nhà nước): …»)."""
    by_note: dict[str, list] = {}
    for f in forms:
        if f.missing:
            by_note.setdefault(f.missing_note, []).append(f.form)
    said = {}
    for note, held in by_note.items():
        rest = "".join(f", {f.bieu_so.removeprefix('Biểu số ')}" for f in held[1:])
        said[note] = f"{held[0].bieu_so}{rest}" if rest else f"{held[0].bieu_so} ({held[0].title})"
    return said


COMMANDS = {
    **cli_trust.COMMANDS,
    "keys": cmd_keys,
    "package": cmd_package,
    "status": cmd_status,
    "template": cmd_template,
    "consolidate": cmd_consolidate,
}
