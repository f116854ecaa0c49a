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

SchemeArg = Annotated[str, typer.Argument(help="A built-in scheme id (see `xl-dti schemes`) or a scheme YAML file.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]

scheme_app = typer.Typer(
    name="scheme",
    help="Soạn bộ chỉ số bằng bảng tính, tạo bộ chỉ số năm sau, so sánh hai phiên bản.\n\n"
    "Edit a scheme as a rubric spreadsheet, start next year's scheme, compare two versions.",
    no_args_is_help=True,
)


@scheme_app.command("export")
def export_command(
    scheme: SchemeArg,
    out_file: Annotated[Path, typer.Option("--out", help="The rubric workbook to write (.xlsx).")],
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
        out.print(f"[green]OK[/] {escape(str(out_file))}: the rubric of {escape(loaded.id)} "
                  f"({len(loaded.tree.order)} indicators).", highlight=False)
        out.print(f"Next: edit it, then run `xl-dti scheme import {escape(str(out_file))} --out SCHEME.yaml`.",
                  highlight=False)


@scheme_app.command("import")
def import_command(
    rubric: Annotated[Path, typer.Argument(help="A rubric workbook (.xlsx), as `xl-dti scheme export` writes it.")],
    out_file: Annotated[Path, typer.Option("--out", help="The scheme YAML file to write.")],
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


@scheme_app.command("new")
def new_command(
    source: Annotated[str, typer.Option("--from", help="The scheme to start from: a built-in id or a YAML file.")],
    new_id: Annotated[str, typer.Option("--id", help="The new scheme's id, e.g. haugiang-2026-so.")],
    year: Annotated[int, typer.Option("--year", help="The new scheme's year.")],
    out_file: Annotated[Path | None, typer.Option("--out", help="The YAML file to write (default: ID.yaml).")] = None,
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
                  f"from {escape(source)}.", highlight=False)
        out.print("Next: update title, decision and the indicators; then `xl-dti validate` it.", highlight=False)


@scheme_app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The earlier scheme: a built-in id or a YAML file.")],
    new: Annotated[str, typer.Argument(help="The later scheme: a built-in id or a YAML file.")],
    crosswalk: Annotated[
        Path | None, typer.Option("--crosswalk", help="Also write a draft crosswalk (YAML) of main indices "
                                                      "and aggregates, for people to check and edit.")
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
            out.print(f"[green]OK[/] {escape(str(crosswalk))}: a draft crosswalk. Check every line before "
                      "using it.", highlight=False)
