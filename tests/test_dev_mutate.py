"""``dev.py mutate --retry`` keeps the last run's kills only where they still hold."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dev


def test_a_retry_carries_kills_over_except_in_changed_functions(tmp_path: Path) -> None:
    before = {"x_same": "aaa", "x_changed": "bbb"}
    after = {"x_same": "aaa", "x_changed": "ccc"}
    meta = tmp_path / "m.py.meta"
    meta.write_text(json.dumps({
        "exit_code_by_key": {
            "m.x_same__mutmut_1": None,  # killed last time, not tried again: the kill stands
            "m.x_same__mutmut_2": 0,  # tried again and survived: stays a survivor
            "m.x_same__mutmut_3": 1,  # killed again
            "m.x_changed__mutmut_1": None,  # its function changed: a new mutant, left untried
        },
        "hash_by_function_name": after,
    }), encoding="utf-8")
    carried = {"m.x_same__mutmut_1": 1, "m.x_same__mutmut_3": 1, "m.x_changed__mutmut_1": 24,
               "m.x_gone__mutmut_1": 1}

    dev._carry_kills(meta, carried, before)

    verdicts = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    assert verdicts == {"m.x_same__mutmut_1": 1, "m.x_same__mutmut_2": 0, "m.x_same__mutmut_3": 1,
                        "m.x_changed__mutmut_1": None}


def test_a_class_methods_mutant_is_matched_to_its_method(tmp_path: Path) -> None:
    meta = tmp_path / "m.py.meta"
    meta.write_text(json.dumps({"exit_code_by_key": {"p.m.xǁRuleǁscore__mutmut_7": None},
                                "hash_by_function_name": {"xǁRuleǁscore": "h"}}), encoding="utf-8")

    dev._carry_kills(meta, {"p.m.xǁRuleǁscore__mutmut_7": 3}, {"xǁRuleǁscore": "h"})

    assert json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] == {"p.m.xǁRuleǁscore__mutmut_7": 3}


def test_a_mutant_stopped_at_mutmut_s_cpu_limit_is_tried_again_without_it(tmp_path: Path) -> None:
    """Killed if its tests then fail, a survivor if they pass (slow fixtures made mutmut stop it)."""
    tests = tmp_path / "mutants" / "tests"
    tests.mkdir(parents=True)
    (tests / "test_fake.py").write_text(
        "import os\n\n\ndef test_x() -> None:\n    assert os.environ['MUTANT_UNDER_TEST'] != 'm.x_f__mutmut_1'\n",
        encoding="utf-8")
    (tmp_path / "mutants" / "mutmut-stats.json").write_text(json.dumps(
        {"tests_by_mangled_function_name": {"m.x_f": ["tests/test_fake.py::test_x"]}}), encoding="utf-8")
    meta = tmp_path / "m.py.meta"
    meta.write_text(json.dumps({"exit_code_by_key": {"m.x_f__mutmut_1": -24, "m.x_f__mutmut_2": 152,
                                                     "m.x_f__mutmut_3": 1, "m.x_f__mutmut_4": 0},
                                "hash_by_function_name": {"x_f": "h"}}), encoding="utf-8")

    dev._recheck_timeouts(tmp_path, meta)

    verdicts = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    assert verdicts == {"m.x_f__mutmut_1": 1, "m.x_f__mutmut_2": 0, "m.x_f__mutmut_3": 1, "m.x_f__mutmut_4": 0}
