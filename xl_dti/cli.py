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
from xl_dti.cli_errors import vietnamese_usage_errors
from xl_dti.cli_excel import register as register_excel_commands
from xl_dti.cli_help import plain_help
from xl_dti.cli_report import register as register_report_command
from xl_dti.cli_scheme import scheme_app
from xl_dti.consolidation.run import OUTPUT_NAMES, consolidate
from xl_dti.decimals import to_decimal, vn
from xl_dti.demo import run_demo
from xl_dti.engine import grade_value, result_ceiling, score
from xl_dti.errors import Problem, UsageError, XlDtiError
from xl_dti.generate import check_deadline, generate
from xl_dti.overwrite import existing_outputs, shown
from xl_dti.registry import load_registry
from xl_dti.safe_text import console_text
from xl_dti.scheme import builtin_ids, load_scheme, read_scheme
from xl_dti.units import read_units

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
SEVERITY_WORDS = {"error": "lỗi", "warning": "cảnh báo"}
plain_help()
vietnamese_usage_errors()


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

SchemeArg = Annotated[str, typer.Argument(help="Mã bộ chỉ số có sẵn (xem `xl-dti schemes`) hoặc tệp YAML bộ chỉ số.")]
ReturnedArg = Annotated[Path, typer.Argument(help="Thư mục các tệp đơn vị gửi về (đọc cả thư mục con, không ghi "
                                                  "gì vào).")]
RegistryOption = Annotated[Path, typer.Option("--registry", help="Tệp registry.json do `xl-dti generate` tạo.")]
JobsOption = Annotated[int | None, typer.Option("--jobs", min=1, help="Số tiến trình đọc tệp song song (mặc định: "
                                                                      "bằng số lõi CPU).")]
ForceOption = Annotated[bool, typer.Option("--force", help="Ghi đè các tệp đã có (xem README › "
                                           "Files xl-dti writes).")]


def _version(value: bool) -> None:
    if value:
        out.print(f"xl-dti {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Hiện chi tiết kỹ thuật khi gặp lỗi ngoài dự kiến.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát.")
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
        err.print(f"[red]lỗi:[/] lỗi ngoài dự kiến {type(exc).__name__}: {exc} (chạy lại với --debug để xem chi tiết)")
        raise typer.Exit(EXIT_PROBLEMS) from None


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        label = SEVERITY_WORDS[problem.severity]
        err.print(f"[{colour}]{label}:[/] {console_text(str(problem))}", highlight=False, markup=True)


@app.command("schemes", help="Liệt kê các bộ chỉ số có sẵn (mã, tên, cấp, điểm tối đa, kết quả, xếp loại).")
def schemes_command() -> None:
    """List the built-in schemes (id, title, level, max, result, grade bands)."""
    with _reported():
        out.print(views.schemes_table([load_scheme(i) for i in builtin_ids()]))


@app.command("show", help="Xem cây chỉ số của một bộ chỉ số: điểm tối đa, cách chấm, mô tả từng chỉ số.")
def show_command(scheme: SchemeArg) -> None:
    """Show a scheme's indicator tree with max points and how each indicator is scored."""
    with _reported():
        loaded = load_scheme(scheme)
        out.print(views.scheme_header(loaded))
        out.print(views.scheme_tree(loaded))


@app.command("validate", help="Kiểm tra tệp bộ chỉ số: liệt kê mọi lỗi kèm tệp:dòng và mã chỉ số, "
             "hoặc OK và tóm tắt.")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Các tệp YAML bộ chỉ số cần kiểm tra.")],
) -> None:
    """Check scheme files; print every problem with its file:line, or OK with a summary."""
    with _reported():
        failed = 0
        for path in files:
            loaded, problems = read_scheme(path)
            _print_problems(problems)
            if loaded is None:
                failed += 1
                err.print(f"[red]✗[/] {path}: {len(problems)} vấn đề cần sửa")
            else:
                out.print(f"[green]OK[/] {path}: {views.one_line_summary(loaded)}", highlight=False)
        if failed:
            raise typer.Exit(EXIT_PROBLEMS)


@app.command("grade", help="Xếp loại một kết quả theo bộ chỉ số (làm tròn trước, như bộ chỉ số quy định).")
def grade_command(
    scheme: SchemeArg,
    value: Annotated[str, typer.Argument(help="Giá trị kết quả (điểm, phần trăm hoặc chỉ số, tùy bộ chỉ số), "
                                              "ví dụ 219,99.")],
) -> None:
    """Print the grade a result value gets (rounded first, as the scheme says)."""
    with _reported():
        loaded = load_scheme(scheme)
        if not loaded.grades:
            raise UsageError([Problem("usage.no_grades", params={"scheme": loaded.id})])
        try:
            number = to_decimal(value.replace(",", ".") if value.count(",") == 1 else value)
        except ValueError:
            raise UsageError([Problem("usage.not_a_number", params={"value": value})]) from None
        ceiling = result_ceiling(loaded)
        if number < 0 or (ceiling is not None and number > ceiling):
            params = {"value": value, "scheme": loaded.id, "max": vn(ceiling) if ceiling is not None else "…"}
            raise UsageError([Problem("usage.result_out_of_range", params=params)])
        out.print(grade_value(loaded, number), highlight=False)


@app.command("score", help="Chấm điểm câu trả lời của một đơn vị: điểm từng chỉ số, tổng điểm, kết quả, "
             "xếp loại và các vấn đề.")
def score_command(
    scheme: SchemeArg,
    answers: Annotated[Path, typer.Argument(help="Câu trả lời của đơn vị: YAML, JSON hoặc CSV (mã chỉ số → câu "
                                                 "trả lời).")],
    group: Annotated[str | None, typer.Option("--group", "-g", help="Mã nhóm của đơn vị.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In một đối tượng JSON thay cho bảng.")] = False,
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


@app.command("generate", help="Tạo cho mỗi đơn vị một biểu mẫu chấm điểm có khóa bảo vệ, và tệp registry "
             "của cơ quan thường trực.")
def generate_command(
    scheme: SchemeArg,
    units: Annotated[Path, typer.Option("--units", help="Danh sách đơn vị, CSV hoặc XLSX: Mã, Tên đơn vị, Nhóm, "
                                                        "Email.")],
    year: Annotated[int, typer.Option("--year", help="Năm đánh giá.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Thư mục ghi biểu mẫu và registry.json.")],
    deadline: Annotated[str, typer.Option("--deadline", help="Hạn gửi biểu mẫu, dạng dd/mm/yyyy.")] = "",
    password: Annotated[
        str | None, typer.Option("--password", help="Một mật khẩu bảo vệ cho mọi biểu mẫu (mặc định: mỗi đơn vị "
                                 "một mật khẩu).")
    ] = None,
    contact: Annotated[str, typer.Option("--contact", help="Đầu mối hỗ trợ đơn vị (ghi trong trang «Hướng "
                                                           "dẫn»).")] = "",
    formulas: Annotated[
        Formulas, typer.Option("--formulas", help="native (mặc định: chạy trên mọi phần mềm bảng tính) hoặc udf (tổng "
                               "điểm, kết quả và xếp loại gọi hàm của xl-dti trên xlwings Server; mọi đơn vị cần "
                               "add-in của máy chủ).")
    ] = Formulas.native,
    force: ForceOption = False,
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
                formulas=formulas.value, force=force, progress=lambda _unit: bar.advance(task),
            )
        elapsed = time.perf_counter() - started
        out.print(views.generation_summary(loaded, unit_list, report, elapsed))
        if report.unchanged:
            out.print(f"{len(report.unchanged)} biểu mẫu đã có sẵn, giống hệt: giữ nguyên (các bản đã gửi vẫn dùng "
                      f"được); ghi mới {len(report.files) - len(report.unchanged)}.", highlight=False)
        out.print(f"Tiếp theo: gửi mỗi đơn vị đúng tệp của mình (không gửi registry.json); khi nhận về, chạy "
                  f"`xl-dti consolidate {escape(scheme)} THƯ-MỤC-NHẬN-VỀ --registry "
                  f"{escape(str(report.registry))} --out tong-hop`.", highlight=False, soft_wrap=True)


@app.command("consolidate", help="Kiểm tra và tính lại từng tệp đơn vị gửi về; ghi bảng tổng hợp master.xlsx "
             "và các tệp kết quả.")
def consolidate_command(
    scheme: SchemeArg,
    returned: ReturnedArg,
    registry: RegistryOption,
    out_dir: Annotated[Path, typer.Option("--out", help="Thư mục ghi master.xlsx, ranking.csv/json, manifest.json.")],
    units: Annotated[Path | None, typer.Option("--units", help="Chỉ tổng hợp các đơn vị này (CSV hoặc XLSX).")] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="Kết quả năm trước: ranking.json, ranking.csv hoặc master.xlsx.")
    ] = None,
    crosswalk: Annotated[
        Path | None, typer.Option("--crosswalk", help="Bảng đối chiếu mã cũ → mã mới khi bộ chỉ số năm trước "
                                  "khác (lập bản nháp bằng `xl-dti scheme diff CŨ MỚI --crosswalk TỆP`).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Trả mã thoát 1 nếu có tệp bị từ chối, chờ "
                                                          "xem xét, hoặc đơn vị chưa nộp.")] = False,
    jobs: JobsOption = None,
    appraisals: Annotated[
        Path | None, typer.Option("--appraisals", help="Thư mục phiếu thẩm định Hội đồng đã điền.")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Check and recompute every returned workbook; write the master ranking and its exports."""
    with _reported():
        existing_outputs(out_dir, sorted(OUTPUT_NAMES), force)
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
        out.print(views.not_accepted(run), highlight=False, soft_wrap=True)
        _print_problems(run.previous_problems)
        if strict and (run.count("rejected") or run.count("quarantined") or run.missing):
            raise typer.Exit(EXIT_PROBLEMS)


@app.command("appraise", help="Tạo cho mỗi tệp được chấp nhận một phiếu thẩm định để Hội đồng thẩm định "
             "chấm.")
def appraise_command(
    scheme: SchemeArg,
    returned: ReturnedArg,
    registry: RegistryOption,
    out_dir: Annotated[Path, typer.Option("--out", help="Thư mục ghi phiếu thẩm định.")],
    jobs: JobsOption = None,
    force: ForceOption = False,
) -> None:
    """Write one appraisal workbook per accepted submission, for the council (Hội đồng thẩm định)."""
    with _reported():
        loaded = load_scheme(scheme)
        report = appraise(loaded, returned, load_registry(registry), out_dir, jobs=jobs, force=force)
        out.print(f"{len(report.files)} phiếu thẩm định trong [bold]{escape(str(out_dir))}[/] "
                  f"(đã đọc {len(report.collected.outcomes)} tệp, chấp nhận {len(report.collected.accepted)}; "
                  f"ghi mới {len(report.written)}, không đổi {len(report.unchanged)}, giữ nguyên "
                  f"{len(report.kept)})", highlight=False)
        if report.kept:
            names = shown([p.name for p in report.kept])
            _print_problems([Problem("appraise.kept", str(out_dir), {"count": len(report.kept), "names": names},
                                     "warning")])
        if report.stale:
            names = shown([p.name for p in report.stale])
            _print_problems([Problem("appraise.kept_stale", str(out_dir),
                                     {"count": len(report.stale), "names": names}, "warning")])
        out.print(f"Tiếp theo: Hội đồng nhập điểm, ý kiến vào các phiếu rồi lưu vào một thư mục; chạy "
                  f"`xl-dti consolidate {escape(scheme)} {escape(str(returned))} --registry "
                  f"{escape(str(registry))} --appraisals THƯ-MỤC-PHIẾU --out ket-qua`.", highlight=False,
                  soft_wrap=True)


@app.command("demo", help="Chạy thử trọn một năm đánh giá trên dữ liệu mẫu, in từng bước và nơi ghi tệp.")
def demo_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Thư mục ghi các tệp của bản chạy thử.")] = Path("demo-output"),
    scheme: Annotated[str | None, typer.Option(
        "--scheme", help="Chạy thử một bộ chỉ số, ví dụ hanoi-2025-xa (mặc định: Hậu Giang 2022).")] = None,
) -> None:
    """Run the end-to-end demo on the built-in samples, printing each step and where its files are."""
    with _reported():
        if not run_demo(out_dir, out, scheme):
            raise typer.Exit(EXIT_PROBLEMS)


register_excel_commands(app, reported=_reported, out=out)
app.add_typer(scheme_app, name="scheme")
register_report_command(app, reported=_reported, out=out)


def main() -> None:
    """Entry point of the ``xl-dti`` console script."""
    app()
