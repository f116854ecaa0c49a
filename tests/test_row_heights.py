"""Row heights: estimated from the text a row shows, never from the text of a formula."""

from __future__ import annotations

import pytest

from xl_dti.workbook.row_heights import LINE_HEIGHT, MAX_ROW_HEIGHT, row_height

LONG_FORMULA = '=ROUND(IF(OR(TRIM(E14)="1",TRIM(E14)="co",TRIM(E14)="có",TRIM(E14)="yes"),40,0),9)'


@pytest.mark.parametrize(("cells", "lines"), [
    pytest.param([("Có", 10)], 1, id="short-text"),
    pytest.param([("a" * 30, 10)], 4, id="wraps-in-a-narrow-column"),
    pytest.param([("một\nhai\nba", 40)], 3, id="line-breaks"),
    pytest.param([(LONG_FORMULA, 10)], 1, id="a-formula-shows-its-result"),
    pytest.param([(LONG_FORMULA, 10), ("a" * 30, 10)], 4, id="formula-beside-text"),
    pytest.param([(None, 10), (20, 10)], 1, id="no-text"),
])
def test_a_row_is_as_tall_as_its_shown_text(cells: list[tuple[object, float]], lines: int) -> None:
    assert row_height(cells) == LINE_HEIGHT * lines + 2


def test_a_row_never_exceeds_what_excel_accepts() -> None:
    assert row_height([("x" * 100_000, 10)]) == MAX_ROW_HEIGHT
