"""The differential test over the whole scheme language: random schemes with groups, applies_to, bonus,
penalty, relative leaves, all four result modes (weighted included) and parents answered N/A, many per
LibreOffice run (a run costs seconds; a scheme in it costs little), each output compared with the engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.strategies import Evaluation, evaluations
from tests.workbooks import mismatches, needs_libreoffice, recalculate, write_case

pytestmark = [needs_libreoffice, pytest.mark.slow]


@settings(max_examples=3, deadline=None, database=None, phases=[Phase.generate],  # a LibreOffice run per example
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(st.lists(evaluations(), min_size=40, max_size=40))
def test_random_evaluations_agree_with_the_engine(tmp_path_factory: pytest.TempPathFactory,
                                                  batch: list[Evaluation]) -> None:
    folder = tmp_path_factory.mktemp("rich")
    cases = [write_case(e.scheme, e.answers, e.group, folder, f"u{i:02d}") for i, e in enumerate(batch)]
    found = []
    for case, path in zip(cases, recalculate(cases, folder), strict=True):
        assert Path(path).stem == case.path.stem
        found += mismatches(case, path)
    assert found == []
