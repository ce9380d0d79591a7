"""argparse in Vietnamese, and the global options every subcommand accepts.

argparse looks its own texts up through the module-level `_`/`ngettext` (its gettext hook)
at the moment it prints them; `install_vietnamese()` points that hook at the table below,
so "usage:", "options", "show this help message and exit" and the error texts come out in
Vietnamese.  A text missing from the table is shown as argparse wrote it (tests check that
no English reaches `--help` or an error).

Global options (`--db`, `--forms-dir`) are accepted before or after the command and on
every subcommand.  A subcommand's copy has the default `SUPPRESS`, so it sets the value
only when the option is written there and never hides the value given before the command
(argparse's `parents=` would share one action whose default `None` overwrites it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "tham số không hiểu được: %s",
    "the following arguments are required: %s": "còn thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "ignored explicit argument %r": "giá trị %r bị thừa",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s không rõ: có thể là %(matches)s"
    ),
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "không mở được «%(filename)s»: %(error)s",
}


def _gettext(message: str) -> str:
    return VI.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install_vietnamese() -> None:
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese; its subparsers are of this class too."""

    def __init__(self, *args, **kwargs) -> None:
        install_vietnamese()
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, the terminal's width read without `shutil`: argparse makes a
    formatter for every `add_argument` and asks `shutil.get_terminal_size()`, and importing
    shutil (with bz2 and lzma) was a few ms of every command (issue 14 point 5)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None) -> None:
        if width is None:
            width = terminal_columns() - 2  # as argparse does with shutil's answer
        super().__init__(prog, indent_increment, max_help_position, width)


def terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS when set, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class OnlyWantedSubparsers(argparse._SubParsersAction):
    """Subcommands where only the `wanted` one gets a real parser (`wanted = None`: all).

    Building the ~40 parsers of every command costs a short command as much as its work;
    the others are registered by name and help text only (what `--help` lists), their
    definitions going to a `_Unbuilt` that accepts and ignores every call."""

    wanted: str | None = None

    def add_parser(self, name, **kwargs):
        if self.wanted is None or name == self.wanted:
            return super().add_parser(name, **kwargs)
        if "help" in kwargs:
            aliases = kwargs.get("aliases", ())
            self._choices_actions.append(self._ChoicesPseudoAction(name, aliases, kwargs["help"]))
        unbuilt = _Unbuilt()
        self._name_parser_map[name] = unbuilt
        return unbuilt


class _Unbuilt:
    """A parser that is never used: any attribute, call or item of it is itself again."""

    def __getattr__(self, name: str):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter(())


_VALUED = ("--db", "--forms-dir")  # the global options that take a value


def command_of(argv: list[str]) -> str:
    """The command word of `argv` (the first word that is neither an option nor a global
    option's value); "" when there is none, e.g. `baocao --help`."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word == "--":
            return next(words, "")
        elif not word.startswith("-"):
            return word
    return ""


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """`--db` and `--forms-dir` on `parser`: with their defaults on the top parser only."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        type=Path,
        default=default,
        metavar="TỆP",
        help="tệp cơ sở dữ liệu; khóa ký nằm cạnh nó (mặc định: thư mục dữ liệu của người dùng)",
    )
    parser.add_argument("--forms-dir", type=Path, default=default, help=argparse.SUPPRESS)


def common_parser() -> argparse.ArgumentParser:
    """The parent every subcommand gets: the global options, not overriding the top's."""
    common = Parser(add_help=False)
    add_global_options(common, top=False)
    return common


def date_arg(text: str) -> dt.date:
    """A day as a code (2025-07-01) or as people write it (01/7/2025, 1-7-2025)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        written = text.strip().replace("-", "/").replace(".", "/")
        return dt.datetime.strptime(written, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» không phải một ngày: ghi NGÀY/THÁNG/NĂM (ví dụ 01/07/2025) hoặc "
            "NĂM-THÁNG-NGÀY (2025-07-01)"
        ) from None


def int_arg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải một số nguyên") from None
