"""What workers send back survives pickling whole (the classes pickle as constructor calls)."""

from __future__ import annotations

import pickle
import random

from xl_dti import load_scheme, score
from xl_dti.answers import to_answer
from xl_dti.demo.answers import unit_answers
from xl_dti.errors import Problem


def test_a_scored_unit_and_its_answers_round_trip() -> None:
    scheme = load_scheme("quocgia-2022-tinh")
    answers = {code: to_answer(raw) for code, raw in unit_answers(scheme, random.Random(3), 0.5).items()}
    answers["1.1"] = to_answer("abc")  # an issue with params
    result = score(scheme, answers, unit="t1")
    assert result.issues and result.aggregates is not None
    back = pickle.loads(pickle.dumps((result, answers), protocol=pickle.HIGHEST_PROTOCOL))
    assert back == (result, answers)
    assert type(next(iter(back[0].nodes.values()))) is type(next(iter(result.nodes.values())))


def test_a_problem_keeps_every_field() -> None:
    problem = Problem("input.formula", "'Chấm điểm'!E12", {"value": "=1+1"}, "warning")
    assert pickle.loads(pickle.dumps(problem)) == problem
