"""xl-dti: run a province's Digital Transformation Index (DTI) evaluation in spreadsheets."""

import os

# openpyxl switches to lxml's writer whenever lxml is importable (python-docx brings it), and that writer
# spells the same workbook differently (non-ASCII text as character references, ~10 % larger parts).
# The workbooks must not depend on what else is installed: openpyxl's own switch keeps its standard
# writer, unless the user set it. (It is read once, when openpyxl is first imported.)
os.environ.setdefault("OPENPYXL_LXML", "False")

from xl_dti.engine import Submission, grade_value, indicator_points, result_of, score, score_units
from xl_dti.errors import AnswerError, Problem, SchemeError, UsageError, XlDtiError
from xl_dti.ranking import RankRow, competition_ranks, rank
from xl_dti.results import UnitResult
from xl_dti.scheme import Scheme, builtin_ids, load_scheme

__version__ = "0.1.0"

__all__ = [
    "AnswerError",
    "Problem",
    "RankRow",
    "Scheme",
    "SchemeError",
    "Submission",
    "UnitResult",
    "UsageError",
    "XlDtiError",
    "__version__",
    "builtin_ids",
    "competition_ranks",
    "grade_value",
    "indicator_points",
    "load_scheme",
    "rank",
    "result_of",
    "score",
    "score_units",
]
