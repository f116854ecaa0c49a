"""The rendered xlwings Lite main.py: self-contained, and the engine's answers through xlwings' own call path."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import xl_dti.udfs
from tests.test_udfs import MODES, POINT_ERRORS, POINTS, call, load_module, matrix, meta, office_js, write_scheme
from xl_dti import builtin_ids, competition_ranks, grade_value, indicator_points, result_of
from xl_dti.cli_excel import register
from xl_dti.decimals import to_decimal, to_json_number
from xl_dti.errors import UsageError
from xl_dti.lite import render_lite, write_lite
from xl_dti.scheme import Indicator, Scheme, load_scheme
from xl_dti.scheme.rules import ChoiceRule, CountRule, PartsRule, PointsRule, RatioRule, StepsRule
from xl_dti.udf_arguments import CellError, answer_of, cell_text
from xl_dti.udf_schemes import SCHEMES_FOLDER_ENV

LEAVES = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4"]
RATIOS = {"1.5", "2.3"}


@dataclass(frozen=True)
class Runtime:
    """One scheme as each runtime sees it: the Lite main.py (by id), xl_dti.udfs (by file) and the engine."""

    scheme: Scheme = field(repr=False)
    path: Path
    lite: ModuleType = field(repr=False)
    udfs: ModuleType = field(repr=False)


@pytest.fixture(scope="module")
def runtimes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Runtime]]:
    folder = tmp_path_factory.mktemp("lite")
    with office_js(), pytest.MonkeyPatch.context() as patch:
        patch.setenv(SCHEMES_FOLDER_ENV, str(folder))  # xl_dti.udfs on a server reads schemes from there, by name
        udfs = load_module(Path(xl_dti.udfs.__file__), "xl_dti_udfs_for_lite")
        found = {}
        for mode in MODES:
            path = write_scheme(folder, mode)
            scheme = load_scheme(path)
            main = write_lite(scheme, folder / f"main_{mode}.py")
            found[mode] = Runtime(scheme, path, load_module(main, f"lite_main_{mode}"), udfs)
        yield found


def outcome(module: ModuleType, name: str, *args: Any) -> tuple[str, Any]:
    """What the calling cell shows: its value, or the error's one line."""
    try:
        return ("value", call(module, name, *args))
    except ValueError as exc:  # xl_dti.udfs.CellError and the Lite file's DtiError both are ValueErrors
        return ("error", str(exc))


def excel(value: Any) -> Any:
    """A cell as the functions hand it to the engine: blank text is no answer, numbers are exact (1.0 is 1)."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, float):
        number = to_decimal(value)
        return number.to_integral_value() if number == number.to_integral_value() else number
    return value


def engine_points(scheme: Scheme, code: str, input1: Any, input2: Any = None) -> tuple[str, Any]:
    """The engine's points for one indicator's cells: input2 is the ratio's denominator.

    The cells are read as consolidation reads a unit's input cells (``answer_of``: ``8,5`` is 8.5,
    ``1.000`` is ambiguous); the points are the engine's.
    """
    node = scheme.tree.by_code.get(code)
    rule = node.scoring_rule if node is not None and node.is_leaf else None
    try:
        answer = answer_of(code, rule, matrix(input1), matrix(input2))
    except CellError as exc:
        return ("error", str(exc))
    try:
        earned, issues = indicator_points(scheme, code, answer)
    except UsageError as exc:
        return ("error", cell_text(exc.problems[0]))
    stop = next((p for p in issues if p.severity == "error" or p.code in ("relative.pending", "answer.missing")), None)
    if stop is not None:
        return ("error", cell_text(stop))
    return ("value", "N/A" if earned.na else to_json_number(earned.points))


def engine_result(scheme: Scheme, total: Decimal, na_max: Decimal) -> tuple[str, Any]:
    applicable = scheme.total_max - na_max
    kept = min(max(total, Decimal(0)), applicable)
    try:
        result = result_of(scheme, kept, applicable)
    except UsageError as exc:
        return ("error", cell_text(exc.problems[0]))
    return ("value", "" if result is None else to_json_number(result))


# --- the file itself -------------------------------------------------------------------------------


def test_main_py_imports_only_the_standard_library_and_xlwings(runtimes: dict[str, Runtime]) -> None:
    tree = ast.parse(render_lite(runtimes["points"].scheme))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"functools", "re", "unicodedata", "decimal", "xlwings"}
    from_xlwings = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "xlwings"
                    for a in n.names}
    assert from_xlwings == {"func", "arg", "XlwingsError"}


def test_main_py_offers_the_same_functions_as_the_module(runtimes: dict[str, Runtime]) -> None:
    runtime = runtimes["points"]
    assert meta(runtime.lite) == meta(runtime.udfs)


def test_main_py_is_the_same_for_the_same_scheme(runtimes: dict[str, Runtime]) -> None:
    scheme = runtimes["points"].scheme
    assert render_lite(scheme) == render_lite(load_scheme(runtimes["points"].path))


def test_main_py_refuses_another_scheme(runtimes: dict[str, Runtime]) -> None:
    kind, text = outcome(runtimes["points"].lite, "DTI_POINTS", "haugiang-2022-so", "1.1", 5)
    assert kind == "error" and "xl-dti lite haugiang-2022-so" in text and "\n" not in text


# --- DTI_POINTS: the same points, N/A or message as the engine -------------------------------------

NUMBERS = st.one_of(
    st.integers(-2, 25),
    st.floats(-2, 25, allow_nan=False).map(lambda f: round(f, 3)),
    st.sampled_from([0.5, 2.5, 7.3, 1e-7, 12.345, 4.0]),
)
WORDS = st.sampled_from([
    "Có", "không", "x", "N/A", "KĐG", "abc", "", " ", "Người đứng đầu", "cấp  phó", "Dự đầy đủ; Báo cáo",
    "Chủ trì;Chủ trì", "Báo cáo\nChủ trì", "Dự đầy đủ; Chủ trì; Báo cáo", "Khác", "1", "2,5",
])
CELLS = st.one_of(NUMBERS, NUMBERS.map(str), WORDS, st.booleans())
PART_RANGES = st.lists(st.sampled_from(["Dự đầy đủ", "chủ trì", "Báo cáo", "Khác", ""]), min_size=2, max_size=4)


@st.composite
def points_cases(draw: st.DrawFn) -> tuple[str, Any, Any]:
    code = draw(st.sampled_from([*LEAVES, "1", "9.9"]))
    if code == "1.4" and draw(st.booleans()):
        input1: Any = [[label] for label in draw(PART_RANGES)]
    else:
        input1 = draw(CELLS)
    input2 = draw(st.one_of(st.none(), CELLS)) if code in RATIOS else None
    return code, input1, input2


@settings(max_examples=300, deadline=None)
@given(case=points_cases())
def test_points_agree_with_the_engine(runtimes: dict[str, Runtime], case: tuple[str, Any, Any]) -> None:
    code, input1, input2 = case
    runtime = runtimes["points"]
    expected = engine_points(runtime.scheme, code, input1, input2)
    assert outcome(runtime.lite, "DTI_POINTS", "test-scheme", code, input1, input2) == expected
    assert outcome(runtime.udfs, "DTI_POINTS", runtime.path.stem, code, input1, input2) == expected


@pytest.mark.parametrize(("code", "input1", "input2", "expected"), [(r[1], r[2], r[3], r[5]) for r in POINTS],
                         ids=[r[0] for r in POINTS])
def test_points_table_gives_the_same_points(
    runtimes: dict[str, Runtime], code: Any, input1: Any, input2: Any, expected: Any
) -> None:
    assert call(runtimes["points"].lite, "DTI_POINTS", "test-scheme", code, input1, input2) == expected


@pytest.mark.parametrize(("code", "input1", "input2"), [r[1:4] for r in POINT_ERRORS], ids=[r[0] for r in POINT_ERRORS])
def test_points_errors_read_as_the_modules(runtimes: dict[str, Runtime], code: str, input1: Any, input2: Any) -> None:
    runtime = runtimes["points"]
    lite = outcome(runtime.lite, "DTI_POINTS", "test-scheme", code, input1, input2)
    assert lite[0] == "error"
    assert lite == outcome(runtime.udfs, "DTI_POINTS", runtime.path.stem, code, input1, input2)


# --- DTI_RESULT, DTI_GRADE, DTI_TOTAL, DTI_RANK --------------------------------------------------

AMOUNTS = st.floats(-10, 130, allow_nan=False).map(lambda f: round(f, 3))


@settings(max_examples=150, deadline=None)
@given(mode=st.sampled_from(list(MODES)), total=AMOUNTS,
       na_max=st.one_of(st.none(), st.sampled_from([0, 10, 25.5, 100]), AMOUNTS))
def test_results_agree_with_the_engine(
    runtimes: dict[str, Runtime], mode: str, total: float, na_max: float | None
) -> None:
    runtime = runtimes[mode]
    lite = outcome(runtime.lite, "DTI_RESULT", total, 100, na_max, "test-scheme")
    assert lite == outcome(runtime.udfs, "DTI_RESULT", total, 100, na_max, runtime.path.stem)
    if na_max is None or 0 <= na_max <= 100:
        assert lite == engine_result(runtime.scheme, to_decimal(total), to_decimal(na_max or 0))
    else:
        assert lite[0] == "error"


BANDS = st.lists(
    st.tuples(st.one_of(st.just(""), st.integers(0, 100)), st.sampled_from(["Tốt", "Khá", "Yếu", ""])),
    min_size=2, max_size=4,
).map(lambda rows: [list(row) for row in rows])


@settings(max_examples=150, deadline=None)
@given(value=st.one_of(AMOUNTS, st.sampled_from([79.995, 79.994, 50, 49.995])), bands=st.one_of(st.none(), BANDS))
def test_grades_agree_with_the_engine(
    runtimes: dict[str, Runtime], value: float, bands: list[list[Any]] | None
) -> None:
    runtime = runtimes["points"]
    lite = outcome(runtime.lite, "DTI_GRADE", value, bands or "test-scheme")
    assert lite == outcome(runtime.udfs, "DTI_GRADE", value, bands or runtime.path.stem)
    if bands is None:
        assert lite == ("value", grade_value(runtime.scheme, value))


FLAG_CELLS = st.sampled_from([True, False, "", "x", "N/A", 0, 1, "không"])


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(NUMBERS, st.just("N/A"), st.just("")), FLAG_CELLS), min_size=1, max_size=8))
def test_totals_agree_with_the_engine(runtimes: dict[str, Runtime], rows: list[tuple[Any, Any]]) -> None:
    runtime = runtimes["points"]
    points, flags = [[p] for p, _ in rows], [[f] for _, f in rows]
    lite = outcome(runtime.lite, "DTI_TOTAL", points, flags)
    assert lite == outcome(runtime.udfs, "DTI_TOTAL", points, flags)
    counted = [to_decimal(p) for p, f in rows if p not in ("", "N/A") and f in (False, "", 0, "không")]
    assert lite == ("value", to_json_number(sum(counted, Decimal(0))))


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.sampled_from([100, 92.5, 85.25, 85.25, 70, 0]), min_size=1, max_size=8), pick=st.integers(0))
def test_ranks_agree_with_the_engine(runtimes: dict[str, Runtime], values: list[float], pick: int) -> None:
    runtime = runtimes["points"]
    value = values[pick % len(values)]
    column = [[v] for v in values]
    lite = outcome(runtime.lite, "DTI_RANK", value, column)
    assert lite == outcome(runtime.udfs, "DTI_RANK", value, column)
    ranks = competition_ranks(enumerate(to_decimal(v) for v in values))
    assert lite == ("value", ranks[values.index(value)])


# --- every built-in scheme -----------------------------------------------------------------------


def answers_for(node: Indicator) -> list[tuple[Any, Any]]:
    """Inputs that walk a leaf's rule: each option, part, step and edge, plus N/A, blank and nonsense."""
    rule, top = node.scoring_rule, float(node.max)
    found: list[tuple[Any, Any]] = [("N/A", None), ("", None), ("không rõ", None)]
    if isinstance(rule, PointsRule):
        found += [(top, None), (0, None), (top / 2, None), (top + 1, None)]
    elif isinstance(rule, ChoiceRule | PartsRule):
        entries = rule.options if isinstance(rule, ChoiceRule) else rule.parts
        found += [(entry.label, None) for entry in entries]
        found += [("; ".join(entry.label for entry in entries), None)]
    elif isinstance(rule, RatioRule):
        found += [(1, 3), (3, 3), (0, 0), (5, 4), (2, None)]
    elif isinstance(rule, StepsRule):
        found += [(float(step.min) + delta, None) for step in rule.steps for delta in (0, -0.5)]
    elif isinstance(rule, CountRule):
        found += [(0, None), (1, None), (100, None), (1.5, None)]
    else:
        found += [("Có", None), ("Không", None), (5, None)]
    return found


@pytest.mark.parametrize("scheme_id", builtin_ids())
def test_main_py_agrees_with_the_engine_on_every_builtin_scheme(tmp_path: Path, scheme_id: str) -> None:
    scheme = load_scheme(scheme_id)
    with office_js():
        lite = load_module(write_lite(scheme, tmp_path / "main.py"), f"lite_main_{scheme_id.replace('-', '_')}")
        for code, node in scheme.tree.by_code.items():
            if node.is_leaf:
                for input1, input2 in answers_for(node):
                    expected = engine_points(scheme, code, input1, input2)
                    assert outcome(lite, "DTI_POINTS", scheme_id, code, input1, input2) == expected, (code, input1)
        for band in scheme.grades:
            for value in ([] if band.min is None else [float(band.min), float(band.min) - 0.001]):
                assert outcome(lite, "DTI_GRADE", value, scheme_id) == ("value", grade_value(scheme, value))
        top = float(scheme.total_max)
        for total, na_max in [(top, 0), (top / 3, top / 4), (0, 0)]:
            expected = engine_result(scheme, to_decimal(total), to_decimal(na_max))
            assert outcome(lite, "DTI_RESULT", total, top, na_max, scheme_id) == expected


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def cli_app() -> typer.Typer:
    from xl_dti import cli

    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """Keep `lite` a subcommand."""

    register(app, reported=cli._reported, out=cli.out)  # the CLI's own error reporting
    return app


def test_lite_command_writes_main_py(cli_app: typer.Typer, tmp_path: Path) -> None:
    path = write_scheme(tmp_path)
    out = tmp_path / "main.py"
    result = CliRunner().invoke(cli_app, ["lite", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render_lite(load_scheme(path))


def test_lite_command_reports_an_unknown_scheme_in_one_line(cli_app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["lite", "no-such-scheme", "--out", str(tmp_path / "main.py")])
    assert result.exit_code == 2
    assert "no-such-scheme" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "main.py").exists()
