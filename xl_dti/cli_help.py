"""How ``--help`` reads: plain placeholders (TỆP, SỐ), Vietnamese panel titles and wording, no type notation.

typer prints each parameter's Python type (``<bool>``, ``<list[Path]>``, ``<int range> [x>=1]``) and
writes required arguments as ``{scheme}``; the secretariat reads neither. ``plain_help`` replaces
those few display hooks once, at import of the CLI; a typer without them is left as it is.
"""

from __future__ import annotations

from typing import Any

PLACEHOLDERS = {"path": "TỆP/THƯ_MỤC", "integer": "SỐ", "integer range": "SỐ", "float": "SỐ", "text": "VĂN_BẢN"}
RICH_WORDS = {"ARGUMENTS_PANEL_TITLE": "Tham số", "OPTIONS_PANEL_TITLE": "Tùy chọn",
              "COMMANDS_PANEL_TITLE": "Lệnh", "ERRORS_PANEL_TITLE": "Lỗi",
              "DEFAULT_STRING": "[mặc định: {}]", "REQUIRED_LONG_STRING": "[bắt buộc]",
              "ENVVAR_STRING": "[biến môi trường: {}]", "DEPRECATED_STRING": "(không dùng nữa) ",
              "ABORTED_TEXT": "Đã dừng.", "RICH_HELP": "Xem hướng dẫn: [blue]'{command_path} {help_option}'[/]."}


def placeholder(param: Any) -> str | None:
    """What an option's value column shows: its metavar, the choices, a plain word, or nothing for a flag."""
    if param.metavar is not None:
        return str(param.metavar)
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    described = getattr(param, "type_descriptor", None)  # typer ≥ 0.20 describes types itself
    if described is not None:
        if described.is_choice:
            return " | ".join(str(getattr(c, "value", c)) for c in described.choices or ())
        numbers = {int: "integer", float: "float"}
        name = "path" if described.is_path else numbers.get(described.annotation, "")
    else:
        choices = getattr(param.type, "choices", None)
        if choices:
            return " | ".join(str(c) for c in choices)
        name = param.type.name
    return PLACEHOLDERS.get(name, "VĂN_BẢN")


def _usage_name(param: Any) -> str:
    name = str(param.display_name_raw).upper()
    name = name if param.required else f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


HELP_OPTION_TEXT = "Xem hướng dẫn lệnh này rồi thoát."


def _worded(original: Any) -> Any:
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    get_help_option.plain = True  # type: ignore[attr-defined]
    return get_help_option


def plain_help() -> None:
    """Install the plain placeholders and typer's Vietnamese words: panel titles, marks, hints (idempotent)."""
    try:
        from typer import core, rich_utils
    except ImportError:  # pragma: no cover - typer without rich help
        return
    hooks: list[tuple[type, str, Any]] = [
        (core.TyperOption, "display_type_rich", lambda self, ctx: placeholder(self)),
        (core.TyperArgument, "display_type_rich", lambda self, ctx: None),  # the name column says it
        (core.TyperArgument, "_usage_display_name", _usage_name),
        (core.TyperOption, "_get_number_range_help_str", lambda self: None),
        (core.TyperArgument, "_get_number_range_help_str", lambda self: None),
    ]
    for cls, name, hook in hooks:
        if hasattr(cls, name):
            setattr(cls, name, hook)
    for command in (core.TyperCommand, core.TyperGroup):
        if hasattr(command, "get_help_option") and not getattr(command.get_help_option, "plain", False):
            command.get_help_option = _worded(command.get_help_option)  # type: ignore[method-assign]
    for name, words in RICH_WORDS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, words)
