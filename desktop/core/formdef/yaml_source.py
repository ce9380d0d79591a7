"""Read one YAML file of the form pack with the safe loader, bounded in size, its problems
told in Vietnamese (`Issue`s located at the file, with the line and column of a syntax
error); a file parsed before is read from the parse cache (`cache.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import Issue, Location, Severity

if TYPE_CHECKING:
    import yaml


def read_yaml(path: Path, issues: list[Issue]) -> object | None:
    import yaml

    from desktop.core.formdef.cache import cached_parse

    # libyaml's C implementation of the safe loader is ~10× faster; same safety, same results
    safe_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = (  # not Python's English («'utf-8' codec can't decode byte 0xf0 …»)
            f"không phải văn bản UTF-8 (byte thứ {exc.start + 1:,} sai)".replace(",", ".")
            if isinstance(exc, UnicodeDecodeError)
            else "không mở được tệp (kiểm tra quyền đọc)"
        )
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code="tep_khong_doc_duoc",
                message=f"Không đọc được tệp: {why}.",
                location=Location(file=path.name),
            )
        )
        return None
    try:
        # the safe loader, in C when available; a file parsed before is read from the cache
        return cached_parse(text, lambda: _bounded(yaml.load(text, Loader=safe_loader)))  # noqa: S506
    except (_TooLarge, RecursionError):
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code="yaml_qua_lon",
                message=f"Tệp YAML quá lớn khi mở hết các tham chiếu (*) (quá {MAX_YAML_NODES:,} "
                "phần tử) hoặc lồng nhau quá sâu: một biểu chỉ cần vài nghìn.".replace(",", "."),
                location=Location(file=path.name),
            )
        )
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        issues.append(
            Issue(
                severity=Severity.ERROR,
                code="yaml_sai_cu_phap",
                message=f"Tệp YAML sai cú pháp{where}: {_yaml_problem(exc)}.",
                location=Location(file=path.name),
            )
        )
        return None


MAX_YAML_NODES = 500_000  # the shipped forms have a few thousand each


class _TooLarge(Exception):
    pass


def _bounded(data: object) -> object:
    """`data` when, its aliases (*) expanded, it has at most MAX_YAML_NODES values: nine
    levels of nine aliases («billion laughs») are 9^9 values once the cache writes them as
    JSON or the model reads them.  Counted once per distinct value, so in linear time."""
    sizes: dict[int, int] = {}

    def size(node: object) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, dict):
            n = 1 + sum(size(k) + size(v) for k, v in node.items())
        elif isinstance(node, list):
            n = 1 + sum(size(v) for v in node)
        else:
            n = 1
        if n > MAX_YAML_NODES:
            raise _TooLarge
        sizes[id(node)] = n
        return n

    size(data)
    return data


# PyYAML's problems (English) in words a form author reads; the position comes from the mark
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "dấu «:» không đúng chỗ (thiếu dấu nháy, hoặc thụt lề sai)"),
    ("could not find expected ':'", "thiếu dấu «:» sau tên trường"),
    ("cannot start any token", "có ký tự không được phép ở đầu (ví dụ dấu tab: hãy thụt lề bằng dấu cách)"),
    ("expected <block end>", "thụt lề không khớp với các dòng trên"),
    ("did not find expected key", "thụt lề không khớp với các dòng trên"),
    ("did not find expected '-'", "thiếu dấu «-» của phần tử danh sách"),
    ("expected ',' or", "thiếu dấu phẩy hoặc dấu đóng ngoặc"),
    ("unexpected end of stream", "tệp kết thúc khi chuỗi hoặc ngoặc chưa đóng"),
    ("duplicate anchor", "nhãn neo (&) bị trùng"),
    ("undefined alias", "tham chiếu (*) đến nhãn neo không có"),
    ("unknown escape character", "ký tự thoát (\\) không hợp lệ trong chuỗi"),
)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = str(getattr(exc, "problem", "") or "")
    for english, vietnamese in _YAML_PROBLEMS:
        if english in problem:
            return vietnamese
    return "cấu trúc không đúng (kiểm tra thụt lề, dấu «:», dấu ngoặc và dấu nháy)"
