"""The `baocao` command: every core job, headless.  Thin over `desktop.core.services`.

Exit codes: 0 success; 1 the data or request was refused (validation errors, not found);
2 an input file could not be read; 3 an unexpected failure (logged, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys

from desktop import __version__
from desktop.cli_args import (
    OnlyWantedSubparsers,
    Parser,
    add_global_options,
    command_of,
    common_parser,
)
from desktop.cli_output import OutPath, check_outputs, err, setup_console
from desktop.core.errors import BaoCaoError


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

    for module in _command_modules():
        module.add_commands(sub, common)
    p.command_names = set(sub.choices)
    return p


def _services(args):
    from desktop.core.services import Services

    return Services(db_path=args.db, forms_dir=args.forms_dir)


def add_commands(sub, common) -> None:
    st = sub.add_parser(
        "selftest", parents=[common], help="tự kiểm tra cài đặt trên dữ liệu tạm (mã 0 nếu đạt)"
    )
    st.add_argument("--out", type=OutPath, metavar="TỆP", help="ghi kết quả vào tệp này")


def cmd_selftest(args) -> int:
    from desktop.selftest import run_and_report

    if args.db is not None:
        err("Lệnh selftest luôn chạy trên dữ liệu tạm, không dùng --db: hãy bỏ --db.")
        return 1

    return run_and_report(args.out)


COMMANDS = {"selftest": cmd_selftest}


def _command_modules():
    """The modules that define commands, in the order `--help` lists them; each has
    `add_commands(sub, common)` and `COMMANDS` (name -> handler), this one last."""
    from desktop import cli_entry, cli_exchange, cli_report  # plain: PyInstaller follows them

    return (cli_entry, cli_exchange, cli_report, sys.modules[__name__])


def _handler(command: str):
    """The handler of `command`, from the command module that defines it."""
    for module in _command_modules():
        if command in module.COMMANDS:
            return module.COMMANDS[command]
    raise KeyError(command)


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
    handler = _handler(args.command)
    try:
        if getattr(args, "period", None):  # the one place a period is read: code or label
            from desktop.core.periods import Period

            args.period = str(Period.read(args.period))
        check_outputs(args)  # every file it would write, before any work
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
