"""Pydantic's validation errors in Vietnamese: the one translation every reader of ours
uses (submission files, packages, signed envelopes, form YAML), so pydantic's English
("Field required", "Input should be a valid string") never reaches a person.

The error's `type` picks the words; the `ctx` fills in the numbers and choices.  An
unknown type still gets Vietnamese ("giá trị không hợp lệ"), never `msg`.
"""

from __future__ import annotations

_WORDS = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được phép",
    # the same three for a dataclass model (dataspec.py)
    "unexpected_keyword_argument": "trường không được phép",
    "missing_keyword_only_argument": "thiếu trường bắt buộc",
    "dataclass_type": "phải là một đối tượng JSON {…}",
    "string_type": "phải là chuỗi văn bản",
    "string_unicode": "phải là chuỗi văn bản Unicode hợp lệ",
    "string_sub_type": "phải là chuỗi văn bản",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên (không có phần thập phân)",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "decimal_type": "phải là số",
    "decimal_parsing": "phải là số",
    "decimal_max_digits": "có quá nhiều chữ số (tối đa {max_digits})",
    "decimal_max_places": "có quá nhiều chữ số thập phân (tối đa {decimal_places})",
    "finite_number": "phải là số hữu hạn",
    "bool_type": "phải là đúng/sai",
    "bool_parsing": "phải là đúng/sai (true/false)",
    "dict_type": "phải là một đối tượng JSON {…}",
    "model_type": "phải là một đối tượng JSON {…}",
    "model_attributes_type": "phải là một đối tượng JSON {…}",
    "list_type": "phải là một danh sách […]",
    "tuple_type": "phải là một danh sách […]",
    "set_type": "phải là một danh sách […]",
    "none_required": "phải để trống",
    "too_short": "cần ít nhất {min_length} phần tử",
    "too_long": "có quá nhiều phần tử (tối đa {max_length})",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_too_long": "dài quá {max_length} ký tự",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "multiple_of": "phải là bội số của {multiple_of}",
    "date_type": "phải là ngày (YYYY-MM-DD)",
    "date_parsing": "phải là ngày (YYYY-MM-DD)",
    "date_from_datetime_parsing": "phải là ngày (YYYY-MM-DD)",
    "datetime_type": "phải là thời điểm (YYYY-MM-DDTHH:MM:SS)",
    "datetime_parsing": "phải là thời điểm (YYYY-MM-DDTHH:MM:SS)",
    "datetime_from_date_parsing": "phải là thời điểm (YYYY-MM-DDTHH:MM:SS)",
    "frozen_instance": "không được sửa",
    "recursion_loop": "lồng nhau quá sâu",
    "union_tag_invalid": "loại «{tag}» không có; các loại: {expected_tags}",
    "union_tag_not_found": "thiếu trường phân loại «{discriminator}»",
}

# the patterns our models use, described in words
_PATTERNS = {
    r"^\d{2,5}$": "mã đơn vị là 2 đến 5 chữ số",
    r"^[A-Z][A-Z0-9_]{1,39}$": "mã chỉ tiêu: chữ in hoa, chữ số và dấu _, bắt đầu bằng chữ",
    r"^[a-z][a-z0-9_]{0,39}$": "mã: chữ thường, chữ số và dấu _, bắt đầu bằng chữ",
    r"^\d{2}-\d{2}$": "dạng tháng-ngày, ví dụ 01-31",
}


def vn_validation_message(err) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in Vietnamese."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        return f"phải là một trong: {_choices(ctx.get('expected', ''))}"
    if kind == "value_error":  # our own validators raise Vietnamese text
        return str(ctx.get("error", "giá trị không hợp lệ"))
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"không đúng dạng quy định ({_PATTERNS.get(pattern, 'xem hướng dẫn biểu mẫu')})"
    text = _WORDS.get(kind)
    if text is None:
        return "giá trị không hợp lệ"
    for key, value in ctx.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _choices(expected: object) -> str:
    """pydantic's "'a', 'b' or 'c'" without its English "or"."""
    text = str(expected)
    return text.replace(" or ", ", ")
