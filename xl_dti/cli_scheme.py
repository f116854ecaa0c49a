"""The ``xl-dti scheme export|import|new|diff`` commands: schemes as rubric workbooks, and across versions.

Like the rest of the CLI these only translate: arguments in, one library call, results or
one-line errors out. The CLI's reporting (``_reported``, consoles, exit codes) is imported from
``xl_dti.cli`` inside each command, so ``xl_dti.cli`` can import this module without a cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

SchemeArg = Annotated[str, typer.Argument(help="Mã bộ chỉ số có sẵn (xem `xl-dti schemes`) hoặc tệp YAML bộ chỉ số.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Ghi đè tệp kết quả nếu đã có.")]

scheme_app = typer.Typer(
    name="scheme",
    help="Soạn bộ chỉ số bằng bảng tính, tạo bộ chỉ số năm sau, so sánh hai phiên bản.\n\n"
    "Edit a scheme as a rubric spreadsheet, start next year's scheme, compare two versions.",
    no_args_is_help=True,
)


@scheme_app.command("export", help="Xuất bộ chỉ số thành bảng tính để soạn sửa (mỗi chỉ số một dòng, "
                    "tiêu đề cột có ghi chú).")
def export_command(
    scheme: SchemeArg,
    out_file: Annotated[Path, typer.Option("--out", help="Tệp bảng chỉ số cần ghi (.xlsx).")],
    force: ForceOption = False,
) -> None:
    """Write a scheme as an editable rubric workbook (one row per indicator, Vietnamese header notes)."""
    from xl_dti.cli import _reported, out

    with _reported():
        from xl_dti.overwrite import output_file
        from xl_dti.rubric.export import export_rubric
        from xl_dti.scheme import load_scheme

        output_file(out_file, force)
        loaded = load_scheme(scheme)
        export_rubric(loaded, out_file)
        out.print(f"[green]OK[/] {escape(str(out_file))}: bảng chỉ số của {escape(loaded.id)} "
                  f"({len(loaded.tree.order)} chỉ số).", highlight=False)
        out.print(f"Tiếp theo: sửa bảng, rồi chạy `xl-dti scheme import {escape(str(out_file))} --out BO-CHI-SO.yaml`.",
                  highlight=False)


@scheme_app.command("import", help="Đọc bảng chỉ số thành bộ chỉ số; chỉ ghi tệp YAML khi mọi ô đều đúng.")
def import_command(
    rubric: Annotated[Path, typer.Argument(help="Bảng chỉ số (.xlsx) do `xl-dti scheme export` tạo.")],
    out_file: Annotated[Path, typer.Option("--out", help="Tệp YAML bộ chỉ số cần ghi.")],
    force: ForceOption = False,
) -> None:
    """Read a rubric workbook as a scheme; write the YAML only when every cell is right."""
    from xl_dti.cli import _reported, out

    with _reported():
        from xl_dti.atomic import write_text_atomic
        from xl_dti.overwrite import output_file
        from xl_dti.rubric.importer import import_rubric
        from xl_dti.scheme import dump_scheme
        from xl_dti.views import one_line_summary

        output_file(out_file, force)
        loaded = import_rubric(rubric)
        write_text_atomic(out_file, dump_scheme(loaded))
        out.print(f"[green]OK[/] {escape(str(out_file))}: {escape(one_line_summary(loaded))}", highlight=False)


@scheme_app.command("new", help="Tạo bộ chỉ số năm sau từ một bộ chỉ số có sẵn: mã và năm mới, phiên bản "
                    "đặt lại là 1.")
def new_command(
    source: Annotated[str, typer.Option("--from", help="Bộ chỉ số gốc: mã có sẵn hoặc tệp YAML.")],
    new_id: Annotated[str, typer.Option("--id", help="Mã bộ chỉ số mới, ví dụ haugiang-2026-so.")],
    year: Annotated[int, typer.Option("--year", help="Năm của bộ chỉ số mới.")],
    out_file: Annotated[Path | None, typer.Option("--out", help="Tệp YAML cần ghi (mặc định: MÃ.yaml).")] = None,
    force: ForceOption = False,
) -> None:
    """Start next year's scheme from an existing one: new id and year, version reset to 1."""
    from xl_dti.cli import _reported, out

    with _reported():
        from xl_dti.atomic import write_text_atomic
        from xl_dti.overwrite import output_file
        from xl_dti.scheme import dump_scheme, load_scheme
        from xl_dti.versions.successor import successor

        target = out_file or Path(f"{new_id}.yaml")
        output_file(target, force)
        created = successor(load_scheme(source), new_id, year)
        write_text_atomic(target, dump_scheme(created))
        out.print(f"[green]OK[/] {escape(str(target))}: {escape(created.id)} ({created.year}), "
                  f"tạo từ {escape(source)}.", highlight=False)
        out.print("Tiếp theo: sửa title, decision và các chỉ số; rồi chạy `xl-dti validate` với tệp này.",
                  highlight=False)


@scheme_app.command("diff", help="So sánh hai bộ chỉ số: chỉ số thêm, bớt, đổi tên, đổi mã, chuyển chỗ, "
                    "đổi điểm tối đa, đổi cách chấm.")
def diff_command(
    old: Annotated[str, typer.Argument(help="Bộ chỉ số cũ: mã có sẵn hoặc tệp YAML.")],
    new: Annotated[str, typer.Argument(help="Bộ chỉ số mới: mã có sẵn hoặc tệp YAML.")],
    crosswalk: Annotated[
        Path | None, typer.Option("--crosswalk", help="Ghi thêm bản nháp bảng đối chiếu mã (YAML) các chỉ "
                                                      "số chính và chỉ số tổng hợp, để kiểm tra và sửa.")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Show what changed between two schemes: indicators added, removed, renamed, recoded, moved, max, rule."""
    from xl_dti.cli import _reported, out

    with _reported():
        from xl_dti.atomic import write_text_atomic
        from xl_dti.overwrite import output_file
        from xl_dti.scheme import load_scheme
        from xl_dti.versions.diff import diff_schemes
        from xl_dti.versions.draft import draft_crosswalk
        from xl_dti.versions.view import diff_view

        if crosswalk is not None:
            output_file(crosswalk, force)
        before, after = load_scheme(old), load_scheme(new)
        out.print(diff_view(diff_schemes(before, after)))
        if crosswalk is not None:
            write_text_atomic(crosswalk, draft_crosswalk(before, after))
            out.print(f"[green]OK[/] {escape(str(crosswalk))}: bản nháp bảng đối chiếu mã. Kiểm tra từng dòng "
                      "trước khi dùng.", highlight=False)
