"""The ``xl-dti addin install|status`` and ``xl-dti lite`` commands: set up the spreadsheet functions' runtimes.

Like the rest of the CLI these only translate: arguments in, one library call (``xl_dti.addin``,
``xl_dti.lite``), results or one-line errors out through the CLI's own reporting.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

Reported = Callable[[], AbstractContextManager[None]]
SchemeArg = Annotated[str, typer.Argument(help="Mã bộ chỉ số có sẵn (xem `xl-dti schemes`) hoặc tệp YAML bộ chỉ số.")]

EXIT_NOT_INSTALLED = 1

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Tệp cấu hình xlwings (mặc định: ~/.xlwings/xlwings.conf)."),
]


def register(app: typer.Typer, *, reported: Reported, out: Console) -> None:
    """Add ``addin install``, ``addin status`` and ``lite`` to the ``xl-dti`` command line.

    Args:
        app: the main ``xl-dti`` app.
        reported: the CLI's context manager that prints library errors as one line each and exits.
        out: the console results are printed to.
    """
    addin = typer.Typer(
        name="addin",
        help="Dùng các hàm DTI_… trong Excel qua add-in xlwings (Windows).\n\n"
        "Set up the classic xlwings add-in (Windows, local Python) to load xl-dti's spreadsheet functions.",
        no_args_is_help=True,
    )

    @addin.command("install", help="Đăng ký xl_dti.udfs và Python này trong cấu hình xlwings, giữ nguyên các "
                   "thiết lập khác.")
    def install_command(
        config: ConfigOption = None,
        interpreter: Annotated[
            str | None, typer.Option("--interpreter", help="Python đã cài xl-dti (mặc định: Python đang chạy).")
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Cho cả các mô-đun UDF của dự án khác chạy trên Python này.")
        ] = False,
    ) -> None:
        """Register xl_dti.udfs and this Python in the xlwings configuration, keeping every other setting."""
        with reported():
            from xl_dti.addin import default_config_path, install, read_config

            path = config or default_config_path()
            changes = install(path, interpreter or sys.executable, force=force)
            for change in changes:
                before = "(chưa đặt)" if change.before is None else change.before
                out.print(f"{change.key}: {escape(before)} → {escape(change.after)}", highlight=False)
            state = "đã cập nhật" if changes else "đã thiết lập từ trước"
            out.print(f"[green]OK[/] {escape(str(path))}: {state}.", highlight=False)
            _print_next_steps(out, read_config(path).interpreter)

    @addin.command("status", help="Xem cấu hình xlwings ghi gì về xl-dti; mã thoát 1 khi xl_dti.udfs chưa "
                   "được đăng ký.")
    def status_command(config: ConfigOption = None) -> None:
        """Show what the xlwings configuration says about xl-dti; exit 1 when xl_dti.udfs is not registered."""
        with reported():
            from xl_dti.addin import UDF_MODULE, default_config_path, read_config

            found = read_config(config or default_config_path())
            existing = "" if found.exists else " (chưa có tệp)"
            out.print(f"Tệp cấu hình: {escape(str(found.path))}{existing}", highlight=False)
            out.print(f"UDF Modules: {escape('; '.join(found.udf_modules) or '(không có)')}", highlight=False)
            interpreter = found.interpreter or "(chưa đặt: xlwings dùng pythonw trong PATH)"
            missing = found.interpreter is not None and not Path(found.interpreter).is_file()
            present = " [red](không tìm thấy)[/]" if missing else ""
            out.print(f"Interpreter_Win: {escape(interpreter)}{present}", highlight=False)
            if not found.installed:
                out.print(f"[red]✗[/] {UDF_MODULE} chưa được đăng ký (not registered). Chạy: xl-dti addin install",
                          highlight=False)
                raise typer.Exit(EXIT_NOT_INSTALLED)
            out.print(f"[green]✓[/] {UDF_MODULE} đã được đăng ký (is registered).", highlight=False)

    app.add_typer(addin)

    @app.command("lite", help="Ghi tệp main.py chứa các hàm DTI_… của một bộ chỉ số, dùng cho xlwings Lite.")
    def lite_command(
        scheme: SchemeArg,
        out_file: Annotated[Path, typer.Option("--out", help="Nơi ghi tệp main.py.")] = Path("main.py"),
        force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp nếu đã có.")] = False,
    ) -> None:
        """Write a self-contained main.py with the DTI_… functions for one scheme, for xlwings Lite."""
        with reported():
            from xl_dti.lite import write_lite
            from xl_dti.overwrite import output_file
            from xl_dti.scheme import load_scheme

            output_file(out_file, force)
            loaded = load_scheme(scheme)
            written = write_lite(loaded, out_file)
            out.print(f"[green]OK[/] {escape(str(written))}: các hàm DTI_… của {loaded.id}.", highlight=False)
            out.print("Tiếp theo: trong Excel, mở xlwings Lite, thay toàn bộ main.py bằng tệp này rồi lưu.",
                      highlight=False)


def _print_next_steps(out: Console, interpreter: str | None) -> None:
    if interpreter and not interpreter.isascii():
        out.print("[yellow]cảnh báo:[/] đường dẫn Python có chữ có dấu; nếu Excel không khởi động được Python, "
                  "hãy cài Python vào thư mục như C:\\Python311.", highlight=False)
    out.print("Tiếp theo: chạy `xlwings addin install` một lần, rồi trong Excel: thẻ xlwings › Import Functions "
              "(xem docs/excel-functions.md).", highlight=False)
