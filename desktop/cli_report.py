"""`baocao report`: the draft báo cáo (.docx) written from the figures, for a unit
(`--unit`) or for the province (`--level province`).  Thin over `core.report.drafts`."""

from __future__ import annotations

from desktop.cli_args import date_arg
from desktop.cli_output import out, out_file, require_database


def add_commands(sub, common) -> None:
    rp = sub.add_parser(
        "report", parents=[common], help="viết dự thảo báo cáo (.docx) từ số liệu đã có"
    )
    rp.add_argument(
        "--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2023-H1, 2023-06"
    )
    who = rp.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--unit", metavar="MÃ_ĐƠN_VỊ", help="mã đơn vị: báo cáo của đơn vị từ số liệu của đơn vị"
    )
    who.add_argument(
        "--level",
        choices=["province", "district"],
        help="báo cáo tổng hợp: province (toàn tỉnh) hoặc district (một huyện, cần --district)",
    )
    rp.add_argument("--district", metavar="MÃ_HUYỆN", help="mã huyện, với --level district")
    rp.add_argument(
        "--out", required=True, type=out_file(".docx"), metavar="TỆP", help="tệp .docx ghi ra"
    )
    rp.add_argument("--number", metavar="SỐ", help="số, ký hiệu văn bản, ví dụ 583/BC-UBND")
    rp.add_argument(
        "--date",
        type=date_arg,
        metavar="NGÀY",
        help="ngày ghi trên văn bản, ví dụ 30/06/2023 (mặc định hôm nay)",
    )
    rp.add_argument(
        "--annex",
        choices=["tables", "workbook", "none"],
        default="tables",
        help="phụ lục: bảng số liệu (mặc định), dẫn tới tệp Excel tổng hợp, hoặc không có",
    )
    rp.add_argument(
        "--workbook",
        metavar="TÊN_TỆP",
        help="tên tệp Excel tổng hợp kèm theo (với --annex workbook)",
    )
    rp.add_argument(
        "--no-unit-names",
        action="store_true",
        help="không ghi tên đơn vị trước đoạn thuyết minh của đơn vị",
    )


def cmd_report(args) -> int:
    from desktop.core.report.drafts import write_consolidated_draft, write_unit_draft
    from desktop.core.report.writer import ReportOptions, settings_options
    from desktop.core.services import Services
    from desktop.core.settings import load_settings

    if args.level == "district" and not args.district:  # the core's words name --unit
        from desktop.core.errors import BaoCaoError

        raise BaoCaoError("Báo cáo cấp huyện cần chỉ rõ huyện: --district MÃ_HUYỆN.")
    svc = Services(db_path=args.db, forms_dir=args.forms_dir)
    require_database(svc)
    options = ReportOptions(
        # the province's or district's draft: signed and in tỷ đồng as its workbook (Cài đặt)
        **({} if args.unit else settings_options(load_settings())),
        **({"number": args.number} if args.number else {}),
        day=args.date or svc.today,  # the office's day (Vietnam), not the machine clock's
        group_by_unit=not args.no_unit_names,
        annex=args.annex,
        workbook_name=args.workbook or "",
    )
    if args.unit:
        path = write_unit_draft(
            svc.repo, svc.pack, svc.units, args.unit, args.period, args.out, options
        )
    else:
        path = write_consolidated_draft(
            svc, args.period, args.out, options, level=args.level, unit_code=args.district
        )
    out(f"Đã viết dự thảo báo cáo → {path}.")
    return 0


COMMANDS = {"report": cmd_report}
