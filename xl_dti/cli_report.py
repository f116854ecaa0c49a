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

    @app.command("report", help="Ghi báo cáo công bố kết quả (tóm tắt, bảng xếp hạng, biểu đồ, kết quả từng "
                 "chỉ số) thành một trang HTML, hoặc dự thảo quyết định công bố (Word) khi --out là tệp .docx.")
    def report_command(
        out_dir: Annotated[
            Path, typer.Argument(help="Thư mục `xl-dti consolidate --out` đã ghi (có ranking.json).")
        ],
        html: Annotated[Path, typer.Option("--out", help="Tệp cần ghi: bao-cao-dti.html (trang báo cáo) hoặc "
                                           "quyet-dinh.docx (dự thảo quyết định của UBND tỉnh, tệp Word).")],
        title: Annotated[
            str | None, typer.Option("--title", help="Tiêu đề trang (mặc định: «Kết quả đánh giá … năm NĂM»).")
        ] = None,
        with_evidence: Annotated[
            bool, typer.Option("--with-evidence", help="Thêm phụ lục tài liệu kiểm chứng của từng đơn vị theo chỉ số.")
        ] = False,
        force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp báo cáo nếu đã có.")] = False,
    ) -> None:
        """Write the published report (summary, rankings, charts, per-index tables) as one HTML page, or the
        decision announcing the results as a Word draft when --out ends in .docx."""
        with reported():
            from xl_dti.overwrite import output_file
            from xl_dti.report import write_report

            output_file(html, force)
            written = write_report(out_dir, html, title=title, with_evidence=with_evidence)
            out.print(f"Đã ghi báo cáo: {escape(str(written))}", highlight=False)
