"""Translate pydantic's validation errors into located problems a secretariat can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from xl_dti.errors import Problem
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.scheme.rules import RULE_CLASSES, RULE_KINDS
from xl_dti.scheme.yamlsource import Path, YamlSource

_RULE_BY_KIND: dict[str, type[BaseModel]] = {cls.model_fields["rule"].default: cls for cls in RULE_CLASSES}

_HINTS: dict[str, str] = {
    "decimal_parsing": "Ghi một số, ví dụ 10 hoặc 2.5 (dấu chấm thập phân)",
    "decimal_type": "Ghi một số, ví dụ 10 hoặc 2.5 (dấu chấm thập phân)",
    "int_parsing": "Ghi một số nguyên",
    "int_from_float": "Ghi một số nguyên",
    "bool_parsing": "Ghi true hoặc false",
    "string_type": "Ghi văn bản ở đây (đặt trong ngoặc kép nếu bắt đầu bằng ký tự đặc biệt)",
    "list_type": "Ghi một danh sách, mỗi mục một dòng bắt đầu bằng '- '",
    "model_type": "Ghi một khối các dòng 'khóa: giá trị' ở đây",
    "dict_type": "Ghi một khối các dòng 'khóa: giá trị' ở đây",
    "greater_than_equal": "Dùng giá trị lớn hơn",
    "greater_than": "Dùng giá trị lớn hơn",
    "less_than_equal": "Dùng giá trị nhỏ hơn",
    "string_too_short": "Điền nội dung",
    "too_short": "Thêm ít nhất một mục",
    "string_pattern_mismatch": "Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ haugiang-2022-so",
    "decimal_max_places": "Dùng ít chữ số thập phân hơn",
}
_DETAILS: dict[str, str] = {
    "decimal_parsing": "{shown} không phải là số",
    "decimal_type": "{shown} không phải là số",
    "int_parsing": "{shown} không phải là số nguyên",
    "int_from_float": "{shown} không phải là số nguyên",
    "bool_parsing": "{shown} không phải true/false",
    "string_type": "ở đây cần văn bản, không phải {shown}",
    "list_type": "ở đây cần một danh sách, không phải {shown}",
    "model_type": "ở đây cần một khối khóa, không phải {shown}",
    "dict_type": "ở đây cần một khối khóa, không phải {shown}",
    "greater_than_equal": "{shown} nhỏ hơn mức tối thiểu {limit}",
    "greater_than": "{shown} phải lớn hơn {limit}",
    "less_than_equal": "{shown} lớn hơn mức tối đa {limit}",
    "string_too_short": "ô này đang để trống",
    "too_short": "danh sách này đang rỗng",
    "string_pattern_mismatch": "{shown} có ký tự không được phép",
    "decimal_max_places": "{shown} có quá nhiều chữ số thập phân",
}


def validation_problems(exc: ValidationError, source: YamlSource) -> list[Problem]:
    """One located problem per pydantic error, in document order."""
    return [_problem(error, source) for error in exc.errors(include_url=False)]


DROP = object()
"""``stand_in`` says: remove the key (its field has a default, or the key is unknown)."""


def stand_ins(exc: ValidationError) -> list[tuple[Path, object]]:
    """For each error, a YAML path and a value that lets the scheme validate (``DROP``: remove the key),
    so a type error does not hide the scheme's other problems; empty when an error cannot be stood in for."""
    found: list[tuple[Path, object]] = []
    for count, error in enumerate(exc.errors(include_url=False)):
        path = _yaml_path(error["loc"])
        if not path or isinstance(path[-1], int):
            return []  # a whole list entry is wrong: nothing sensible stands in for it
        value = DROP if error["type"] in ("extra_forbidden", "union_tag_invalid") else _stand_in(error["loc"], count)
        if value is None:
            return []
        found.append((path, value))
    return found


def _stand_in(loc: Iterable[str | int], count: int) -> object | None:
    info = _field_at(loc)
    if info is None:
        return None
    if not info.is_required():
        return DROP
    types = _types_in(info.annotation)
    if any(t in (Decimal, int) for t in types):
        return "0"
    if str in types:
        return f"?{count}"  # unique, so it cannot clash with a real code
    if any(get_origin(t) is list or t is list for t in types):
        return []
    return None


def _field_at(loc: Iterable[str | int]) -> FieldInfo | None:
    """The model field the last element of ``loc`` names (a leaf's rule keys sit beside its own)."""
    parts = list(loc)
    name = parts[-1] if parts else None
    if not isinstance(name, str):
        return None
    model = _model_at(parts)
    neighbours = RULE_CLASSES if model is Indicator else (Indicator,) if model in RULE_CLASSES else ()
    for candidate in (model, *neighbours):
        found: FieldInfo | None = candidate.model_fields.get(name)
        if found is not None:
            return found
    return None


def _model_at(loc: Iterable[str | int]) -> type[BaseModel]:
    """The model of the block that holds the last element of ``loc``."""
    model: type[BaseModel] = Scheme
    parts = list(loc)[:-1]
    i = 0
    while i < len(parts):
        part = parts[i]
        if isinstance(part, int):
            i += 1
            continue
        if part == "rule" and i + 1 < len(parts) and parts[i + 1] in _RULE_BY_KIND:
            model = _RULE_BY_KIND[str(parts[i + 1])]
            i += 2
            continue
        model = _field_model(model, str(part)) or model
        i += 1
    return model


def _problem(error: ErrorDetails, source: YamlSource) -> Problem:
    loc = error["loc"]
    path = _yaml_path(loc)
    kind = error["type"]
    where = source.where(path)
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = sorted(_allowed_keys(loc))
        close = difflib.get_close_matches(key, allowed, n=1)
        suggestion = f" (có phải là '{close[0]}'?)" if close else ""
        return Problem("key.unknown", where, {"key": key, "suggestion": suggestion, "allowed": ", ".join(allowed)})
    if kind == "missing":
        return Problem("key.missing", where, {"key": path[-1] if path else "?"})
    if kind == "union_tag_invalid":
        value = error["input"].get("rule") if isinstance(error["input"], dict) else error["input"]
        detail = f"'{value}' không phải cách chấm điểm nào"
        return Problem("value.invalid", where, {"detail": detail, "hint": f"Dùng một trong: {', '.join(RULE_KINDS)}."})
    if kind == "literal_error":
        detail = f"'{error['input']}' không được dùng ở đây"
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " hoặc ")
        return Problem("value.invalid", where, {"detail": detail, "hint": f"Dùng {expected}."})
    shown = _shown(error["input"])
    limit = next(iter(error.get("ctx", {}).values()), "")
    detail = _DETAILS.get(kind, "giá trị {shown} không hợp lệ").format(shown=shown, limit=limit)
    return Problem("value.invalid", where, {"detail": detail, "hint": _HINTS.get(kind, "Sửa lại giá trị") + "."})


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "một khối khóa"
    if isinstance(value, list):
        return "một danh sách"
    if value is None:
        return "ô để trống"
    return f"'{value}'"


def _yaml_path(loc: Iterable[str | int]) -> Path:
    """Drop the rule-kind tag pydantic inserts: ``(…, 'rule', 'ratio', 'numerator')`` → ``(…, 'numerator')``."""
    parts = list(loc)
    out: list[str | int] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part == "rule" and i + 1 < len(parts) and parts[i + 1] in _RULE_BY_KIND:
            if i + 2 >= len(parts):
                out.append("rule")
            i += 2
            continue
        out.append(part)
        i += 1
    return tuple(out)


def _allowed_keys(loc: Iterable[str | int]) -> set[str]:
    """The keys allowed in the block that holds the last element of ``loc``."""
    model = _model_at(loc)
    keys = set(model.model_fields)
    if model is Indicator:
        keys |= {k for cls in RULE_CLASSES for k in cls.model_fields}
    elif model in RULE_CLASSES:
        keys |= set(Indicator.model_fields) - {"rule"}
    return keys


def _field_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    info = model.model_fields.get(name)
    if info is None:
        return None
    for candidate in _types_in(info.annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _types_in(annotation: Any) -> list[Any]:
    found = [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_types_in(arg))
    return found
