"""`baocao … --help` as a clerk reads it: every command, argument and option says in
Vietnamese what it is for (none printed bare, as `--json` and `--period` of `review list`
were), and a command's actions are listed under «các việc», as `forms --help` lists them."""

from __future__ import annotations

import argparse

import pytest

from tests.conftest import run_cli


def undocumented(parser: argparse.ArgumentParser, path: str) -> list[str]:
    """Every command, argument and option under `parser` that --help prints with no text."""
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                if not helps.get(name):
                    missing.append(f"{path} {name}")
                missing += undocumented(child, f"{path} {name}")
        elif not action.help:
            missing.append(f"{path}: {'/'.join(action.option_strings) or action.metavar}")
    return missing


def test_every_argument_of_every_command_has_its_help():
    from desktop.cli import _parser

    assert undocumented(_parser(), "baocao") == []


@pytest.mark.parametrize("command", ["keys", "package", "review", "feedback"])
def test_actions_listed_under_cac_viec(command):
    shown = run_cli(command, "--help")
    assert shown.returncode == 0, shown.stderr
    assert "các việc:" in shown.stdout
    assert "tham số:" not in shown.stdout  # argparse's heading for a bare positional


def test_review_list_help_says_what_json_and_period_are():
    shown = " ".join(run_cli("review", "list", "--help").stdout.split())
    assert "--period KỲ kỳ báo cáo, ví dụ 2023-H1" in shown
    assert "--json in kết quả dạng JSON" in shown
