"""Start the desktop application (`baocao` with no argument)."""

from __future__ import annotations

import sys


def launch_gui(argv: list[str] | None = None) -> int:
    try:
        from desktop.gui.app import run
    except ImportError as exc:
        print(
            f"Không mở được giao diện BaoCao: thiếu thành phần ({exc.name}). "
            "Hãy cài lại chương trình; các lệnh `baocao --help` vẫn dùng được.",
            file=sys.stderr,
        )
        return 3
    return run(argv or sys.argv[:1])
