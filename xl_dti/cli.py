"""The ``xl-dti`` command line: arguments in, one library call, results or one-line errors out."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from xl_dti import __version__, views
from xl_dti.answers_file import read_answers
from xl_dti.appraisal.run import appraise
from xl_dti.cli_excel import register as register_excel_commands
from xl_dti.cli_report import register as register_report_command
from xl_dti.cli_scheme import scheme_app
from xl_dti.consolidation.run import consolidate
from xl_dti.demo import run_demo
from xl_dti.engine import grade_value, score
from xl_dti.errors import Problem, UsageError, XlDtiError
from xl_dti.generate import check_deadline, generate
from xl_dti.registry import load_registry
from xl_dti.scheme import builtin_ids, load_scheme, read_scheme
from xl_dti.units import read_units

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Formulas(StrEnum):
    """How a generated workbook computes its footer."""

    native = "native"
    udf = "udf"


app = typer.Typer(
    name="xl-dti",
    help="Chấm điểm, tổng hợp và xếp hạng chỉ số chuyển đổi số (DTI) bằng bảng tính.\n\n"
    "Run a province's Digital Transformation Index evaluation in spreadsheets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)
_state = {"debug": False}

SchemeArg = Annotated[str, typer.Argument(help="A built-in scheme id (see `xl-dti schemes`) or a scheme YAML file.")]
ReturnedArg = Annotated[Path, typer.Argument(help="Folder of returned workbooks (read recursively, never written).")]
RegistryOption = Annotated[Path, typer.Option("--registry", help="The registry.json written by `xl-dti generate`.")]
JobsOption = Annotated[int | None, typer.Option("--jobs", min=1, help="Worker processes (default: one per core).")]


def _version(value: bool) -> None:
    if value:
        out.print(f"xl-dti {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for unexpected errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    _state["debug"] = debug


@contextmanager
def _reported() -> Iterator[None]:
    """Turn library errors into one clear line each and the documented exit code."""
    try:
        yield
    except XlDtiError as exc:
        _print_problems(exc.problems)
        raise typer.Exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_PROBLEMS) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if _state["debug"]:
            raise
        err.print(f"[red]error:[/] unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        raise typer.Exit(EXIT_PROBLEMS) from None


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        err.print(f"[{colour}]{problem.severity}:[/] {escape(str(problem))}", highlight=False, markup=True)


@app.command("schemes")
def schemes_command() -> None:
    """List the built-in schemes (id, title, level, max, result, grade bands)."""
    with _reported():
        out.print(views.schemes_table([load_scheme(i) for i in builtin_ids()]))


@app.command("show")
def show_command(scheme: SchemeArg) -> None:
    """Show a scheme's indicator tree with max points and how each indicator is scored."""
    with _reported():
        loaded = load_scheme(scheme)
        out.print(views.scheme_header(loaded))
        out.print(views.scheme_tree(loaded))


@app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Scheme YAML files to check.")],
) -> None:
    """Check scheme files; print every problem with its file:line, or OK with a summary."""
    with _reported():
        failed = 0
        for path in files:
            loaded, problems = read_scheme(path)
            _print_problems(problems)
            if loaded is None:
                failed += 1
                err.print(f"[red]✗[/] {path}: {len(problems)} problem(s)")
            else:
                out.print(f"[green]OK[/] {path}: {views.one_line_summary(loaded)}", highlight=False)
        if failed:
            raise typer.Exit(EXIT_PROBLEMS)


@app.command("grade")
def grade_command(
    scheme: SchemeArg,
    value: Annotated[str, typer.Argument(help="A result value (points, percent or index, as the scheme grades).")],
) -> None:
    """Print the grade a result value gets (rounded first, as the scheme says)."""
    with _reported():
        loaded = load_scheme(scheme)
        if not loaded.grades:
            raise UsageError([Problem("usage.no_grades", params={"scheme": loaded.id})])
        try:
            label = grade_value(loaded, value.replace(",", ".") if value.count(",") == 1 else value)
        except ValueError:
            raise UsageError(f"'{value}' is not a number. Write it like 219.99.") from None
        out.print(label, highlight=False)


@app.command("score")
def score_command(
    scheme: SchemeArg,
    answers: Annotated[Path, typer.Argument(help="The unit's answers: YAML, JSON or CSV (code → answer).")],
    group: Annotated[str | None, typer.Option("--group", "-g", help="The unit's group code.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
) -> None:
    """Score one unit's answers: points per indicator, total, result, grade and problems."""
    with _reported():
        loaded = load_scheme(scheme)
        result = score(loaded, read_answers(answers), group)
        if as_json:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            out.print(views.result_tree(loaded, result))
            out.print(views.result_summary(loaded, result))
            _print_problems(list(result.issues))
        if result.errors:
            raise typer.Exit(EXIT_PROBLEMS)


@app.command("generate")
def generate_command(
    scheme: SchemeArg,
    units: Annotated[Path, typer.Option("--units", help="Units file, CSV or XLSX: code, name, group, email, parent.")],
    year: Annotated[int, typer.Option("--year", help="The evaluation year.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the workbooks and the registry.")],
    deadline: Annotated[str, typer.Option("--deadline", help="Deadline shown to units, dd/mm/yyyy.")] = "",
    password: Annotated[
        str | None, typer.Option("--password", help="One protection password for all workbooks (default: one each).")
    ] = None,
    contact: Annotated[str, typer.Option("--contact", help="Who units contact for help (shown in the guide).")] = "",
    formulas: Annotated[
        Formulas, typer.Option("--formulas", help="native (default: works everywhere) or udf (total, result and "
                               "grade call the xl-dti functions on xlwings Server; units need its add-in).")
    ] = Formulas.native,
) -> None:
    """Generate one locked scoring workbook per unit, and the secretariat's registry."""
    with _reported():
        loaded = load_scheme(scheme)
        unit_list = read_units(units, loaded)
        check_deadline(deadline)
        started = time.perf_counter()
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Tạo biểu mẫu / generating", total=len(unit_list))
            report = generate(
                loaded, unit_list, out_dir, year=year, deadline=deadline, contact=contact, password=password,
                formulas=formulas.value, progress=lambda _unit: bar.advance(task),
            )
        elapsed = time.perf_counter() - started
        out.print(views.generation_summary(loaded, unit_list, report, elapsed))


@app.command("consolidate")
def consolidate_command(
    scheme: SchemeArg,
    returned: ReturnedArg,
    registry: RegistryOption,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for master.xlsx, ranking.csv/json, manifest.json.")],
    units: Annotated[Path | None, typer.Option("--units", help="Only these units (CSV or XLSX).")] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="Last year's ranking.json, ranking.csv or master.xlsx.")
    ] = None,
    crosswalk: Annotated[
        Path | None, typer.Option("--crosswalk", help="Old code → new code, when last year's scheme differs "
                                  "(draft one with `xl-dti scheme diff OLD NEW --crosswalk FILE`).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any file is rejected or quarantined, "
                                                          "or any unit is missing.")] = False,
    jobs: JobsOption = None,
    appraisals: Annotated[
        Path | None, typer.Option("--appraisals", help="Folder of appraisal workbooks filled by the council.")
    ] = None,
) -> None:
    """Check and recompute every returned workbook; write the master ranking and its exports."""
    with _reported():
        loaded = load_scheme(scheme)
        unit_list = read_units(units, loaded) if units else None
        started = time.perf_counter()
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Tổng hợp / consolidating", total=None)
            run = consolidate(
                loaded, returned, load_registry(registry), out_dir, units=unit_list, previous=previous, jobs=jobs,
                crosswalk=crosswalk, appraisals=appraisals, on_start=lambda n: bar.update(task, total=n),
                progress=lambda _r: bar.advance(task),
            )
        elapsed = time.perf_counter() - started
        out.print(views.consolidation_summary(run, elapsed))
        if strict and (run.count("rejected") or run.count("quarantined") or run.missing):
            raise typer.Exit(EXIT_PROBLEMS)


@app.command("appraise")
def appraise_command(
    scheme: SchemeArg,
    returned: ReturnedArg,
    registry: RegistryOption,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the appraisal workbooks.")],
    jobs: JobsOption = None,
) -> None:
    """Write one appraisal workbook per accepted submission, for the council (Hội đồng thẩm định)."""
    with _reported():
        loaded = load_scheme(scheme)
        report = appraise(loaded, returned, load_registry(registry), out_dir, jobs=jobs)
        out.print(f"{len(report.files)} phiếu thẩm định / appraisal workbooks in [bold]{out_dir}[/] "
                  f"(files read: {len(report.collected.outcomes)}, accepted: {len(report.collected.accepted)})",
                  highlight=False)


@app.command("demo")
def demo_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the demo's files.")] = Path("demo-output"),
) -> None:
    """Run the end-to-end demo on the built-in samples, printing each step and where its files are."""
    with _reported():
        if not run_demo(out_dir, out):
            raise typer.Exit(EXIT_PROBLEMS)


register_excel_commands(app, reported=_reported, out=out)
app.add_typer(scheme_app, name="scheme")
register_report_command(app, reported=_reported, out=out)


def main() -> None:
    """Entry point of the ``xl-dti`` console script."""
    app()
