"""Usage errors in Vietnamese: what the command line says when it is typed wrong.

typer (and the copy of click it carries) writes its usage errors in English from fixed templates: "Missing
option '--units'.", "Invalid value for '--year': Input should be a valid integer…". The secretariat reads
Vietnamese, so each known template is said again in Vietnamese, keeping what it names (the option, the value,
the file) exactly as typed. A message no template knows is shown as it is, after the Vietnamese frame, rather
than lost. ``vietnamese_usage_errors`` installs this once, at import of the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Templates = tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...]
"""English templates (matched whole) and how each is said in Vietnamese."""
KINDS = {"argument": "tham số", "option": "tùy chọn", "parameter": "tham số"}
PATH_KINDS = {"File": "Tệp", "Directory": "Thư mục", "Path": "Đường dẫn"}


def _kind(match: re.Match[str]) -> str:
    return KINDS[match["kind"]]


def _hint(match: re.Match[str]) -> str:
    """An argument named as the usage line writes it (SCHEME), an option as typed (--units)."""
    return match["hint"].upper() if match["kind"] == "argument" else match["hint"]


def _path_kind(match: re.Match[str]) -> str:
    return PATH_KINDS[match["label"]]


def _choices(match: re.Match[str]) -> str:
    return ", ".join(re.findall(r"'[^']*'", match["choices"]))


# Why a value was refused: typer's path checks and pydantic's first validation message.
REASONS: Templates = tuple(
    (re.compile(pattern), said) for pattern, said in [
        (r"(?P<label>File|Directory|Path) (?P<loc>'.*') does not exist\.",
         lambda m: f"{_path_kind(m)} {m['loc']} không có. Kiểm tra lại đường dẫn."),
        (r"(?P<label>File|Directory|Path) (?P<loc>'.*') is a file\.",
         lambda m: f"{m['loc']} là một tệp; cần một thư mục."),
        (r"(?P<label>File|Directory|Path) (?P<loc>'.*') is a directory\.",
         lambda m: f"{m['loc']} là một thư mục; cần một tệp."),
        (r"(?P<label>File|Directory|Path) (?P<loc>'.*') is not readable\.",
         lambda m: f"Không có quyền đọc {m['loc']}."),
        (r"(?P<label>File|Directory|Path) (?P<loc>'.*') is not writable\.",
         lambda m: f"Không có quyền ghi vào {m['loc']}."),
        (r"Input should be a valid integer.*", lambda m: "cần một số nguyên."),
        (r"Input should be a valid number.*", lambda m: "cần một số."),
        (r"Input should be greater than or equal to (?P<n>\S+)", lambda m: f"cần một số từ {m['n']} trở lên."),
        (r"Input should be greater than (?P<n>\S+)", lambda m: f"cần một số lớn hơn {m['n']}."),
        (r"Input should be less than or equal to (?P<n>\S+)", lambda m: f"cần một số không quá {m['n']}."),
        (r"Input should be less than (?P<n>\S+)", lambda m: f"cần một số nhỏ hơn {m['n']}."),
        (r"Input should be (?P<choices>'.*')", lambda m: f"chọn một trong: {_choices(m)}."),
        (r"Value error, (?P<value>'.*') is not one of (?P<choices>'.*')\.",
         lambda m: f"không có lựa chọn {m['value']}; chọn một trong: {_choices(m)}."),
    ]
)


def _said(templates: Templates, text: str) -> str:
    """``text`` as the first template that matches it whole says it (unchanged when none does)."""
    for pattern, said in templates:
        found = pattern.fullmatch(text)
        if found:
            return said(found)
    return text


def _reason(text: str) -> str:
    return _said(REASONS, text)


# Whole messages, as typer's click writes them.
MESSAGES: Templates = tuple(
    (re.compile(pattern, re.DOTALL), said) for pattern, said in [
        (r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<close>.+)\))?",
         lambda m: f"Lệnh này không có tùy chọn {m['name']}."
                   + (f" Có phải ý bạn là {' hay '.join(m['close'].split(', '))}?" if m["close"] else "")),
        (r"Missing (?P<kind>argument|option|parameter) (?P<hint>.+?)\.(?: (?P<more>.*))?",
         lambda m: f"Thiếu {_kind(m)} {_hint(m)}." + (f" {_reason(m['more'])}" if m["more"] else "")),
        (r"Invalid value for (?P<hint>.+?): (?P<why>.*)",
         lambda m: f"Giá trị của {m['hint']} không dùng được: {_reason(m['why'])}"),
        (r"Invalid value: (?P<why>.*)", lambda m: f"Giá trị không dùng được: {_reason(m['why'])}"),
        (r"Option (?P<name>'.+') requires an argument\.",
         lambda m: f"Tùy chọn {m['name']} cần một giá trị ngay sau nó."),
        (r"Option (?P<name>'.+') requires (?P<n>\d+) arguments\.",
         lambda m: f"Tùy chọn {m['name']} cần {m['n']} giá trị ngay sau nó."),
        (r"Option (?P<name>'.+') does not take a value\.",
         lambda m: f"Tùy chọn {m['name']} không nhận giá trị; chỉ ghi {m['name']}."),
        (r"Argument (?P<name>'.+') takes (?P<n>\d+) values\.", lambda m: f"Tham số {m['name']} cần {m['n']} giá trị."),
        (r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)",
         lambda m: f"Thừa tham số: {m['extra']}. Nếu đường dẫn có dấu cách, đặt nó trong dấu nháy."),
        (r"No such command (?P<name>'.*')\.", lambda m: f"Không có lệnh {m['name']}."),
        (r"Missing command\.", lambda m: "Thiếu tên lệnh."),
    ]
)


def in_vietnamese(message: str) -> str:
    """A usage error's message in Vietnamese (unchanged when no known template matches)."""
    return _said(MESSAGES, message)


USAGE_PREFIX = "Cách dùng: "
METAVARS = {"[OPTIONS]": "[TÙY_CHỌN]", "COMMAND [ARGS]...": "LỆNH [THAM_SỐ]..."}


def vietnamese_usage_errors() -> None:
    """Say typer's usage errors and usage lines in Vietnamese (idempotent; a typer without these hooks is left)."""
    try:
        from typer import rich_utils
        from typer._click.formatting import HelpFormatter
    except ImportError:  # pragma: no cover - another typer layout
        return
    show = rich_utils.rich_format_error
    if not getattr(show, "vietnamese", False):
        def rich_format_error(self: Any) -> None:
            english = self.format_message()
            self.format_message = lambda: in_vietnamese(english)
            show(self)

        rich_format_error.vietnamese = True  # type: ignore[attr-defined]
        rich_utils.rich_format_error = rich_format_error
    write_usage = HelpFormatter.write_usage
    if not getattr(write_usage, "vietnamese", False):
        def vietnamese_write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            for english, vietnamese in METAVARS.items():
                args = args.replace(english, vietnamese)
            write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

        vietnamese_write_usage.vietnamese = True  # type: ignore[attr-defined]
        HelpFormatter.write_usage = vietnamese_write_usage  # type: ignore[method-assign]
