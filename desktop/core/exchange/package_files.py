"""The package files a person names for import: files as given, a folder as the packages
in it (`*.baocao`, by name; nothing below it).  The one answer of the inbox (a folder
dropped or picked) and of `baocao package import hop_thu/`, which refused the folder the
inbox takes («đây là một thư mục, không phải tệp gói»)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.exchange.package import EXTENSION


def package_files(paths: list[Path]) -> list[Path]:
    """Each path as given, but a folder replaced by the packages in it, in name order."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob(f"*{EXTENSION}")) if p.is_dir() else [p])
    return files
