"""The ``xl-dti report`` command: the consolidation's ranking.json in, the published HTML report out.

Like the rest of the CLI it only translates: arguments in, one library call (``xl_dti.report``),
the path written or one-line errors out through the CLI's own reporting.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

Reported = Callable[[], AbstractContextManager[None]]


def register(app: typer.Typer, *, reported: Reported, out: Console) -> None:
    """Add ``report`` to the ``xl-dti`` command line.

    Args:
        app: the main ``xl-dti`` app.
        reported: the CLI's context manager that prints library errors as one line each and exits.
        out: the console results are printed to.
    """

    @app.command("report")
    def report_command(
        out_dir: Annotated[
            Path, typer.Argument(help="The folder `xl-dti consolidate --out` wrote (it holds ranking.json).")
        ],
        html: Annotated[Path, typer.Option("--out", help="The file to write: bao-cao-dti.html (the report page) or "
                                           "quyet-dinh.docx (the People's Committee decision, a Word draft).")],
        title: Annotated[
            str | None, typer.Option("--title", help="The page's headline (default: «Kết quả đánh giá … năm YEAR»).")
        ] = None,
        with_evidence: Annotated[
            bool, typer.Option("--with-evidence", help="Add an appendix listing each unit's evidence per indicator.")
        ] = False,
        force: Annotated[bool, typer.Option("--force", help="Replace the HTML file if it exists.")] = False,
    ) -> None:
        """Write the published report (summary, rankings, charts, per-index tables) as one HTML page, or the
        decision announcing the results as a Word draft when --out ends in .docx."""
        with reported():
            from xl_dti.overwrite import output_file
            from xl_dti.report import write_report

            output_file(html, force)
            written = write_report(out_dir, html, title=title, with_evidence=with_evidence)
            out.print(f"Report written to {escape(str(written))}", highlight=False)
