"""JSON Schema of the form-definition format, for editors with completion
(`baocao forms schema > forms/schema.json`, then point the YAML language server at it)."""

from __future__ import annotations

from desktop.core.dataspec import validator
from desktop.core.formdef.models import Catalog, FormDefinition


def pack_json_schema() -> dict:
    schema = validator(FormDefinition).json_schema()
    schema["title"] = "Biểu mẫu BaoCao (forms/<id>.yaml)"
    schema["$defs"] = schema.get("$defs", {})
    catalog = validator(Catalog).json_schema()
    schema["$defs"].update(catalog.pop("$defs", {}))
    catalog["title"] = "Danh mục dùng chung (forms/_catalog.yaml)"
    schema["$defs"]["Catalog"] = catalog
    return schema
