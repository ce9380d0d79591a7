"""The package files a person names for import: files as given, a folder as the packages
in it (`*.baocao`, by name; nothing below it).  The one answer of the inbox (a folder
dropped or picked) and of `baocao package import hop_thu/`, which refused the folder the
inbox takes («đây là một thư mục, không phải tệp gói»)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.exchange.package import EXTENSION


def package_files(paths: list[Path]) -> list[Path]:
    """Each path as given, but a folder replaced by the packages in it, in name order.  A
    folder with none stays as named, so that it is reported (refused, «thư mục … không có
    tệp gói») instead of vanishing from the batch's list."""
    files: list[Path] = []
    for p in map(Path, paths):
        inside = sorted(p.glob(f"*{EXTENSION}")) if is_folder(p) else []
        files.extend(inside or [p])
    return files


def is_folder(path: Path) -> bool:
    """A folder; a name the system cannot even look up (too long, bad characters) is not one:
    reading it then says «không tìm thấy hoặc không đọc được tệp» for that file alone."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False
