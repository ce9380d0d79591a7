"""The submission: one unit's figures for one form and one period.

`SubmissionFile` is the JSON exchange format (docs/submission-format.md, JSON Schema by
`baocao entry schema`): values are written as the clerk would type them (`"209.435"`,
`"57,3"`) or as JSON numbers (read exactly, never through float).  `parse_submission()`
turns it into a `Submission` with `Decimal` values, collecting every problem as an Issue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from desktop.core.errors import InputFileError, Issue, Location, Severity
from desktop.core.numbers import NumberFormatError, parse_number

FORMAT = "baocao-submission/1"
MAX_FILE_BYTES = 20 * 1024 * 1024

RawValue = str | int | Decimal | None


class SubmissionFile(BaseModel):
    """A submission as written in a JSON file (the exchange format)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["baocao-submission/1"] = Field(
        description="Phiên bản định dạng; luôn là «baocao-submission/1»."
    )
    form: str = Field(description="Mã biểu, ví dụ «ngan_sach».")
    form_version: int = Field(ge=1, description="Phiên bản biểu mẫu.")
    unit: Annotated[str, StringConstraints(pattern=r"^\d{2,5}$")] = Field(
        description="Mã đơn vị hành chính (mã của Tổng cục Thống kê)."
    )
    period: str = Field(description="Kỳ báo cáo: 2023-06, 2023-Q2, 2023-H1, 2023-9M, 2023.")
    author: str | None = Field(default=None, description="Người lập biểu.")
    values: dict[str, dict[str, RawValue]] = Field(
        default_factory=dict,
        description="Số liệu: {mã chỉ tiêu: {mã số đo: giá trị}}. Giá trị là chuỗi gõ kiểu "
        "Việt Nam («209.435», «57,3») hoặc số JSON.",
    )
    comments: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Giải trình: {mã chỉ tiêu: {mã số đo: nội dung}}.",
    )
    narratives: dict[str, str] = Field(
        default_factory=dict, description="Phần thuyết minh: {mã phần: nội dung}."
    )


Key = tuple[str, str]  # (indicator code, measure code)


@dataclass
class Submission:
    """Parsed figures of one unit × form × period, ready to validate and store."""

    form_id: str
    form_version: int
    unit: str
    period: str
    values: dict[Key, Decimal | str] = field(default_factory=dict)
    comments: dict[Key, str] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    author: str | None = None
    # parse notices (what an ambiguous text was understood as), with their locations
    notes: list[Issue] = field(default_factory=list)

    def number(self, indicator: str, measure: str) -> Decimal | None:
        v = self.values.get((indicator, measure))
        return v if isinstance(v, Decimal) else None

    def to_file(self) -> SubmissionFile:
        from desktop.core.numbers import to_plain

        values: dict[str, dict[str, RawValue]] = {}
        for (ind, mea), v in self.values.items():
            values.setdefault(ind, {})[mea] = to_plain(v) if isinstance(v, Decimal) else v
        comments: dict[str, dict[str, str]] = {}
        for (ind, mea), c in self.comments.items():
            comments.setdefault(ind, {})[mea] = c
        return SubmissionFile(
            format=FORMAT,
            form=self.form_id,
            form_version=self.form_version,
            unit=self.unit,
            period=self.period,
            author=self.author,
            values=values,
            comments=comments,
            narratives=dict(self.narratives),
        )


def read_submission_file(path: Path) -> SubmissionFile:
    """Read and structurally check a JSON submission; raise InputFileError (exit 2)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise InputFileError(f"Không tìm thấy tệp «{path}».", code="khong_tim_thay_tep") from None
    if size > MAX_FILE_BYTES:
        raise InputFileError(f"Tệp «{path.name}» quá lớn ({size:,} byte); tối đa 20 MB.")
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise InputFileError(f"Tệp «{path.name}» không phải văn bản UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(
            f"Tệp «{path.name}» không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}: {exc.msg}."
        ) from None
    return submission_from_json(raw, path.name)


def submission_from_json(raw: object, filename: str) -> SubmissionFile:
    try:
        return SubmissionFile.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors()[:20]:
            where = ".".join(str(p) for p in err["loc"]) or "(gốc)"
            lines.append(f"  - trường «{where}»: {_vn_pydantic(err)}")
        raise InputFileError(
            f"Tệp «{filename}» không đúng định dạng bài nộp {FORMAT}:\n" + "\n".join(lines),
            code="sai_dinh_dang",
        ) from None


def _vn_pydantic(err: dict) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "thiếu trường bắt buộc"
    if kind == "extra_forbidden":
        return "trường không được phép"
    if kind == "literal_error":
        return f"phải là {err.get('ctx', {}).get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return "sai mẫu (mã đơn vị là 2 đến 5 chữ số)"
    return f"giá trị không hợp lệ ({err.get('msg')})"


def parse_submission(
    sf: SubmissionFile, form, *, filename: str | None = None
) -> tuple[Submission, list[Issue]]:
    """Convert raw values to Decimal/text using the form's value kinds.

    Returns the submission (unparseable values left out) and the issues: unknown codes,
    values that are not numbers (errors) and ambiguous texts (info notes).
    """
    issues: list[Issue] = []
    sub = Submission(
        form_id=sf.form,
        form_version=sf.form_version,
        unit=sf.unit,
        period=sf.period,
        author=sf.author,
        narratives={k: v for k, v in sf.narratives.items()},
    )
    imap = form.indicator_map()

    def loc(
        ind: str | None = None, mea: str | None = None, narrative: str | None = None
    ) -> Location:
        return Location(
            file=filename, form=form.id, indicator=ind, measure=mea, narrative=narrative
        )

    for ind_code, measures in sf.values.items():
        ind = imap.get(ind_code)
        if ind is None:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="chi_tieu_khong_co",
                    message=f"Biểu «{form.id}» không có chỉ tiêu mã «{ind_code}».",
                    location=loc(ind_code),
                )
            )
            continue
        allowed = form.measures_of(ind)
        for mea, raw in measures.items():
            if mea not in allowed:
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="so_do_khong_co",
                        message=f"Chỉ tiêu «{ind.label}» không có cột «{mea}»; các cột: {', '.join(allowed)}.",
                        location=loc(ind_code, mea),
                    )
                )
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if ind.kind == "text":
                sub.values[(ind_code, mea)] = str(raw).strip()
                continue
            try:
                parsed = parse_number(raw)
            except NumberFormatError as exc:
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="khong_phai_so",
                        message=f"«{ind.label}»: {exc.args[0]}",
                        location=loc(ind_code, mea),
                    )
                )
                continue
            sub.values[(ind_code, mea)] = parsed.value
            if parsed.note and parsed.ambiguous:
                sub.notes.append(
                    Issue(
                        severity=Severity.INFO,
                        code="so_da_hieu",
                        message=parsed.note,
                        location=loc(ind_code, mea),
                    )
                )
    for ind_code, measures in sf.comments.items():
        for mea, text in measures.items():
            if ind_code not in imap:
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="chi_tieu_khong_co",
                        message=f"Giải trình cho chỉ tiêu không có trong biểu: «{ind_code}».",
                        location=loc(ind_code, mea),
                    )
                )
            elif text.strip():
                sub.comments[(ind_code, mea)] = text.strip()
    known = {n.code for n in form.narratives}
    for code in sf.narratives:
        if code not in known:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="thuyet_minh_khong_co",
                    message=f"Biểu «{form.id}» không có phần thuyết minh «{code}»; các phần: {', '.join(sorted(known))}.",
                    location=loc(narrative=code),
                )
            )
    return sub, issues + sub.notes
