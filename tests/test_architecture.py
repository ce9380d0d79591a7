"""House rules that a test can enforce."""

from __future__ import annotations

import ast
import subprocess
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_core_never_imports_qt():
    code = (
        "import sys, pkgutil, importlib, desktop.core\n"
        "for m in pkgutil.walk_packages(desktop.core.__path__, 'desktop.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import desktop.cli, desktop.core.services\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"desktop.core loaded Qt modules: {result.stdout}"


def test_no_eval_or_exec_in_the_code():
    offenders = []
    for path in (REPO / "desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec"):
                offenders.append(f"{path}:{node.lineno}")
    assert offenders == []


def test_user_text_files_are_nfc():
    """Vietnamese text must be in Unicode NFC (composed) everywhere a user reads it."""
    bad = []
    for pattern in ("forms/*.yaml", "desktop/**/*.py", "resources/**/*.json", "docs/**/*.md", "README.md"):
        for path in REPO.glob(pattern):
            text = path.read_text(encoding="utf-8")
            if unicodedata.normalize("NFC", text) != text:
                bad.append(str(path.relative_to(REPO)))
    assert bad == []


def test_every_dataclass_has_a_docstring():
    """A @dataclass (or @record) class without a docstring gets one made at import by
    `inspect.signature`, whose first use compiles tokenize's patterns: ~15 ms of every short
    command (`status`, `entry show`) went there.  Say what the class is instead."""
    missing = []
    for path in sorted((REPO / "desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or ast.get_docstring(node) is not None:
                continue
            names = {ast.unparse(d).split("(")[0].split(".")[-1] for d in node.decorator_list}
            if names & {"dataclass", "record"}:
                missing.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}")
    assert missing == []


def test_core_frozen_value_classes_are_records():
    """One way to make a frozen value class in core: `@record` (core/record.py), which
    behaves as `@dataclass(frozen=True)` (tests/core/test_record.py) without compiling six
    methods per class at import.  A `@dataclass(frozen=True…)` beside it is refused."""
    beside = []
    for path in sorted((REPO / "desktop" / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for d in node.decorator_list:
                if not (isinstance(d, ast.Call) and ast.unparse(d.func).endswith("dataclass")):
                    continue
                if any(k.arg == "frozen" and ast.unparse(k.value) == "True" for k in d.keywords):
                    beside.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}")
    assert beside == []
