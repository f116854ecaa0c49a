"""What workers send back survives pickling whole (the classes pickle as constructor calls)."""

from __future__ import annotations

import pickle
import random
from dataclasses import dataclass
from decimal import Decimal

from xl_dti import load_scheme, score
from xl_dti.answers import to_answer
from xl_dti.consolidation.packed_answers import PackedAnswers
from xl_dti.consolidation.shared_values import SharedValues
from xl_dti.demo.answers import unit_answers
from xl_dti.errors import Problem
from xl_dti.pickling import pickled_by_fields
from xl_dti.results import NodeScore


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


def test_readings_unpickled_through_shared_values_are_equal_and_share_equal_scores() -> None:
    scheme = load_scheme("quocgia-2022-tinh")
    answers = {code: to_answer(raw) for code, raw in unit_answers(scheme, random.Random(5), 1.0).items()}
    first, second = score(scheme, answers, unit="a"), score(scheme, answers, unit="b")
    shared = SharedValues()
    back = [shared.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)) for r in (first, second)]
    assert back == [first, second]
    assert all(back[0].nodes[c] is back[1].nodes[c] for c in back[0].nodes)
    assert all(k1 is k2 for k1, k2 in zip(back[0].nodes, back[1].nodes, strict=True))


def test_sharing_keeps_decimals_exact() -> None:
    shared = SharedValues()
    one = shared.loads(pickle.dumps([Decimal("1.5"), Decimal("1.50"), Decimal("1.5")]))
    assert [str(d) for d in one] == ["1.5", "1.50", "1.5"] and one[0] is one[2]
    scores = [NodeScore("1", Decimal(points), Decimal(2), Decimal(2)) for points in ("1.5", "1.50")]
    back = shared.loads(pickle.dumps(scores))
    assert [str(s.points) for s in back] == ["1.5", "1.50"]
    parts = NodeScore("2", Decimal(1), Decimal(2), Decimal(2), reading=["Mức 1"])  # unhashable: not shared
    assert shared.loads(pickle.dumps(parts)) == parts


def test_packed_answers_read_like_the_dict_they_pack() -> None:
    answers = {"1.1": to_answer({"value": "Có", "evidence": "Quyết định số 5/QĐ-UBND"}), "1.2": to_answer("N/A")}
    packed, other = PackedAnswers.of(answers), PackedAnswers.of({"2.1": to_answer(3)})
    assert packed == answers and dict(packed) == answers and len(packed) == 2
    assert packed["1.1"].evidence == "Quyết định số 5/QĐ-UBND" and "1.3" not in packed
    assert other["2.1"].value == 3 and packed.get("1.2") == answers["1.2"]  # units read in turn
    assert pickle.loads(pickle.dumps(packed)) == answers


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mark:
    """A class of one field (pickled by reference, so it lives at module level)."""

    text: str


def test_a_class_of_one_field_pickles_too() -> None:
    assert pickle.loads(pickle.dumps(Mark("KĐG"))) == Mark("KĐG")
