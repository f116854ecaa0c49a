"""Render the xlwings Lite ``main.py``: the six spreadsheet functions for one scheme, with no xl-dti dependency.

xlwings Lite runs Python inside Excel (Pyodide) and has no xl-dti installed, so the rendered file
carries the scheme's leaves, rules and grade bands as plain data (each rule's inputs, the text-number
patterns, the error values and every message come from xl-dti itself), plus a copy of the engine's
per-unit arithmetic in the standard library only. The engine stays the oracle, and the copy is held
equal to it on every run: tests/test_lite_pyodide.py runs the rendered file for every built-in
scheme in real Pyodide through xlwings' own custom-function path and compares each cell with the
engine's (tests/test_lite.py does the same in CPython, with hypothesis).
"""

from __future__ import annotations

import pprint
from pathlib import Path
from typing import Any

from xl_dti import __version__
from xl_dti.answers import NA_WORDS
from xl_dti.atomic import write_text_atomic
from xl_dti.decimals import plain
from xl_dti.messages import CATALOGUE
from xl_dti.resources import templates_dir
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.scheme.rules import (
    NO_WORDS,
    YES_WORDS,
    ChoiceRule,
    CountRule,
    PartsRule,
    PointsRule,
    RatioRule,
    StepsRule,
    Valued,
    YesNoRule,
)
from xl_dti.text_numbers import COMMA, PLAIN, THOUSANDS
from xl_dti.udf_arguments import ERROR_VALUES, LIMIT, numeric_inputs

TEMPLATE = "xlwings_lite_main.py.j2"

FUNCTION_CODES: tuple[str, ...] = (
    "function.not_number",
    "function.ambiguous",
    "function.out_of_range",
    "function.one_cell",
    "function.no_scheme",
    "function.bands_cells",
    "function.bands_label",
    "function.bands_min",
    "function.bands_empty",
    "function.bands_open",
    "function.bands_repeated",
    "function.below_bands",
    "function.max_mismatch",
    "function.na_max_range",
    "function.sizes_differ",
    "function.bad_flag",
    "function.not_in_values",
    "function.second_input",
    "function.scheme_problems",
    "function.lite_scheme",
)
"""The messages of the spreadsheet functions themselves (their text is in ``xl_dti.messages``)."""

_ENGINE_CODES = (
    "answer.missing",
    "answer.not_number",
    "answer.out_of_range",
    "answer.not_step",
    "answer.not_whole",
    "answer.negative",
    "answer.bad_yes_no",
    "answer.unknown_option",
    "answer.unknown_part",
    "answer.bad_ratio",
    "answer.na_not_allowed",
    "relative.pending",
    "usage.unknown_leaf",
    "usage.no_grades",
    "usage.weighted_result",
)


def function_message(code: str) -> str:
    """The template of a message the spreadsheet functions show."""
    return CATALOGUE[code]


def lite_data(scheme: Scheme) -> dict[str, Any]:
    """What the rendered ``main.py`` embeds: the scheme's result rule, bands and leaves, and the messages.

    Numbers are written as exact decimal text; option, part and yes values are already resolved
    to points, and each leaf's «what to enter» text is the engine's own.
    """
    return {
        "id": scheme.id,
        "title": scheme.title,
        "xl_dti": __version__,
        "result": scheme.result,
        "decimals": scheme.decimals,
        "points_decimals": scheme.leaf_decimals,
        "max": plain(scheme.total_max),
        "allow_above_max": scheme.allow_above_max,
        "grades": [[None if band.min is None else plain(band.min), band.label] for band in scheme.grades],
        "leaves": {code: _leaf(node) for code, node in scheme.tree.by_code.items() if node.is_leaf},
        "yes_words": sorted(YES_WORDS),
        "no_words": sorted(NO_WORDS),
        "na_words": sorted(NA_WORDS),
        "error_values": sorted(ERROR_VALUES),
        "limit": plain(LIMIT),
        "text_numbers": {"plain": PLAIN.pattern, "comma": COMMA.pattern, "thousands": THOUSANDS.pattern},
        "messages": _messages(),
    }


def _messages() -> dict[str, str]:
    """Every template the file shows."""
    return {code: function_message(code) for code in (*_ENGINE_CODES, *FUNCTION_CODES)}


def render_lite(scheme: Scheme) -> str:
    """The whole ``main.py`` text for ``scheme``, ready to paste into xlwings Lite's editor."""
    import jinja2  # the templating library stays out of the core's import path

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=False,  # Python source, not HTML
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    data = lite_data(scheme)
    return environment.get_template(TEMPLATE).render(
        scheme=data, scheme_literal=pprint.pformat(data, indent=1, width=110, sort_dicts=False)
    )


def write_lite(scheme: Scheme, out: Path) -> Path:
    """Render ``main.py`` for ``scheme`` and write it atomically to ``out``.

    Returns:
        The path written.
    """
    write_text_atomic(out, render_lite(scheme))
    return out


def _leaf(node: Indicator) -> dict[str, Any]:
    rule = node.scoring_rule
    data: dict[str, Any] = {
        "max": plain(node.max),
        "na": node.na,
        "rule": rule.rule,
        "expected": rule.expected(node.max),
        "numeric": numeric_inputs(rule),
    }
    if isinstance(rule, PointsRule):
        data["step"] = None if rule.step is None else plain(rule.step)
    elif isinstance(rule, YesNoRule):
        data["yes"] = plain(rule.yes_value(node.max))
    elif isinstance(rule, ChoiceRule):
        data.update(options=_valued(rule.options, node), labels=_labels(rule.options))
    elif isinstance(rule, PartsRule):
        data.update(parts=_valued(rule.parts, node), labels=_labels(rule.parts))
    elif isinstance(rule, RatioRule):
        data.update(
            numerator=rule.numerator,
            denominator=rule.denominator,
            target=plain(rule.target),
            zero_denominator=rule.zero_denominator,
        )
    elif isinstance(rule, StepsRule):
        data["steps"] = [[plain(step.min), plain(step.points)] for step in rule.steps]
    elif isinstance(rule, CountRule):
        data["each"] = plain(rule.each)
    return data


def _valued(entries: list[Valued], node: Indicator) -> list[list[str]]:
    return [[entry.label, plain(entry.value(node.max))] for entry in entries]


def _labels(entries: list[Valued]) -> str:
    """The list of labels as the engine's messages show it."""
    return "; ".join(f"«{entry.label}»" for entry in entries)
