"""Unexpected exceptions are written to a log file in the data folder, never shown raw."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from desktop import paths


def log_path() -> Path:
    return paths.data_dir() / "logs" / "baocao.log"


def write_crash_log(exc: BaseException | None = None) -> Path:
    path = log_path()
    text = "".join(traceback.format_exception(exc)) if exc else traceback.format_exc()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError:
        pass
    return path
