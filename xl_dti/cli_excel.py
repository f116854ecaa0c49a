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
SchemeArg = Annotated[str, typer.Argument(help="A built-in scheme id (see `xl-dti schemes`) or a scheme YAML file.")]

EXIT_NOT_INSTALLED = 1

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="The xlwings configuration file (default: ~/.xlwings/xlwings.conf)."),
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

    @addin.command("install")
    def install_command(
        config: ConfigOption = None,
        interpreter: Annotated[
            str | None, typer.Option("--interpreter", help="The Python with xl-dti installed (default: this one).")
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Also run other projects' UDF modules on this Python.")
        ] = False,
    ) -> None:
        """Register xl_dti.udfs and this Python in the xlwings configuration, keeping every other setting."""
        with reported():
            from xl_dti.addin import default_config_path, install, read_config

            path = config or default_config_path()
            changes = install(path, interpreter or sys.executable, force=force)
            for change in changes:
                before = "(not set)" if change.before is None else change.before
                out.print(f"{change.key}: {escape(before)} → {escape(change.after)}", highlight=False)
            state = "updated" if changes else "already set up"
            out.print(f"[green]OK[/] {escape(str(path))}: {state}.", highlight=False)
            _print_next_steps(out, read_config(path).interpreter)

    @addin.command("status")
    def status_command(config: ConfigOption = None) -> None:
        """Show what the xlwings configuration says about xl-dti; exit 1 when xl_dti.udfs is not registered."""
        with reported():
            from xl_dti.addin import UDF_MODULE, default_config_path, read_config

            found = read_config(config or default_config_path())
            existing = "" if found.exists else " (no such file yet)"
            out.print(f"Configuration: {escape(str(found.path))}{existing}", highlight=False)
            out.print(f"UDF Modules: {escape('; '.join(found.udf_modules) or '(none)')}", highlight=False)
            interpreter = found.interpreter or "(not set: xlwings uses pythonw from PATH)"
            present = "" if found.interpreter is None or Path(found.interpreter).is_file() else " [red](not found)[/]"
            out.print(f"Interpreter_Win: {escape(interpreter)}{present}", highlight=False)
            if not found.installed:
                out.print(f"[red]✗[/] {UDF_MODULE} is not registered. Run: xl-dti addin install", highlight=False)
                raise typer.Exit(EXIT_NOT_INSTALLED)
            out.print(f"[green]✓[/] {UDF_MODULE} is registered.", highlight=False)

    app.add_typer(addin)

    @app.command("lite")
    def lite_command(
        scheme: SchemeArg,
        out_file: Annotated[Path, typer.Option("--out", help="Where to write the main.py.")] = Path("main.py"),
    ) -> None:
        """Write a self-contained main.py with the DTI_… functions for one scheme, for xlwings Lite."""
        with reported():
            from xl_dti.lite import write_lite
            from xl_dti.scheme import load_scheme

            loaded = load_scheme(scheme)
            written = write_lite(loaded, out_file)
            out.print(f"[green]OK[/] {escape(str(written))}: the DTI_… functions for {loaded.id}.", highlight=False)
            out.print("Next: in Excel, open xlwings Lite, replace the whole main.py with this file, and save.",
                      highlight=False)


def _print_next_steps(out: Console, interpreter: str | None) -> None:
    if interpreter and not interpreter.isascii():
        out.print("[yellow]warning:[/] the interpreter path has accented letters; if Excel cannot start Python, "
                  "install Python in a folder such as C:\\Python311.", highlight=False)
    out.print("Next: run `xlwings addin install` once, then in Excel: xlwings tab › Import Functions "
              "(see docs/excel-functions.md).", highlight=False)
