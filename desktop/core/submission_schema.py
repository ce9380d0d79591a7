"""The JSON submission format as a pydantic model: the specification of what a person's
file may hold (`baocao entry schema` prints it), and the checker that words every problem
in Vietnamese (`pydantic_vi`).

Loaded only when needed: a well-formed file is read by the strict reader of
`submission.py` (`SubmissionData`, the same fields without pydantic); a file that reader
does not accept as it stands comes here, so its messages (and pydantic's conversions) are
exactly these.  `desktop.core.submission` and `desktop.core.marks` still offer
`SubmissionFile`, `RawValue` and `MarkFile`, loading this module the first time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_serializer,
)

from desktop.core.marks import MarkKind


class MarkFile(BaseModel):
    """A mark as written in a JSON submission."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mark: MarkKind = Field(
        description="«khong_phat_sinh»: không phát sinh (số 0 thật); «chua_co_so_lieu»: "
        "chưa có số liệu (cần lý do)."
    )
    reason: str = Field(
        default="", max_length=2000, description="Lý do (bắt buộc khi chưa có số liệu)."
    )


def _not_bool(value: object) -> object:
    # JSON true/false is never a figure (pydantic would otherwise read true as 1)
    if isinstance(value, bool):
        raise ValueError("giá trị đúng/sai (true/false) không phải là số")
    return value


RawValue = Annotated[StrictStr | StrictInt | Decimal | None, BeforeValidator(_not_bool)]


class SubmissionFile(BaseModel):
    """A submission as written in a JSON file (the exchange format)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["baocao-submission/1"] = Field(
        description="Phiên bản định dạng; luôn là «baocao-submission/1»."
    )
    form: str = Field(description="Mã biểu, ví dụ «ngan_sach».")
    form_version: StrictInt = Field(ge=1, le=10_000, description="Phiên bản biểu mẫu.")
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
    data_cutoff: dt.date | None = Field(
        default=None,
        description="Số liệu tính đến ngày (YYYY-MM-DD); bỏ trống = ngày chốt số liệu theo "
        "lịch của biểu (ngày 14 hoặc cuối tháng).",
    )
    marks: dict[str, MarkFile] = Field(
        default_factory=dict,
        description="Đánh dấu thay cho số liệu: {mã chỉ tiêu: {mark: khong_phat_sinh | "
        "chua_co_so_lieu, reason: lý do}} (desktop/core/marks.py).",
    )

    @model_serializer(mode="wrap")
    def _without_empty_marks(self, handler):
        # a submission without marks serialises (and hashes) as before marks existed
        data = handler(self)
        if isinstance(data, dict):
            for key in ("marks", "data_cutoff"):
                if not data.get(key):
                    data.pop(key, None)
        return data
