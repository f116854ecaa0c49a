"""Published national DTI figures come out to the last digit from a scheme that says nothing about rounding.

The national formula (405/QĐ-BKHCN, as checked against dti.gov.vn's 2022 table): each main index is a
value in 0..1 and DTI = (100·(NT+TC+HT+NL+ATTT) + 200·CQS + 150·KTS + 150·XHS) / 1000, rounded half-up
to 4 decimals from the unrounded sum. The scheme below writes each main index as one leaf whose points
are the published index × its weight (Đà Nẵng 2022: 100, 90, 82.53, 84.87, 75.78, 171.5, 117.54, 77.955).

Hồ Chí Minh City cannot be a row here: its published main indices (already rounded to 4 decimals) give
0.716355, a half, which rounds to 0.7164, while the published DTI is 0.7163, computed by the ministry
from the unrounded indices (whose sum lies just below the half). Rounded inputs lose the digit that
decides; no honest arithmetic recovers it, so the test does not bend the engine to match.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import HEADER, make_scheme
from tests.workbooks import mismatches, needs_libreoffice, recalculate, write_case
from xl_dti import score
from xl_dti.cli import app

NATIONAL = """\
result: index
decimals: 4
aggregate_decimals: 4
{rounding}
indicators:
  - {{code: NT, name: Nhận thức số, max: 100}}
  - {{code: TC, name: Thể chế số, max: 100}}
  - {{code: HT, name: Hạ tầng số, max: 100}}
  - {{code: NL, name: Nhân lực số, max: 100}}
  - {{code: ATTT, name: An toàn thông tin mạng, max: 100}}
  - {{code: CQS, name: Hoạt động chính quyền số, max: 200}}
  - {{code: KTS, name: Hoạt động kinh tế số, max: 150}}
  - {{code: XHS, name: Hoạt động xã hội số, max: 150}}
aggregates:
  - {{code: P-CQS, name: Chính quyền số, of: [NT, TC, HT, NL, ATTT, CQS]}}
  - {{code: P-KTS, name: Kinh tế số, of: [NT, TC, HT, NL, ATTT, KTS]}}
  - {{code: P-XHS, name: Xã hội số, of: [NT, TC, HT, NL, ATTT, XHS]}}
"""
CODES = ["NT", "TC", "HT", "NL", "ATTT", "CQS", "KTS", "XHS"]
WEIGHTS = [100, 100, 100, 100, 100, 200, 150, 150]

DA_NANG_2022 = ["1.0000", "0.9000", "0.8253", "0.8487", "0.7578", "0.8575", "0.7836", "0.5197"]
# Đà Nẵng's row with XHS 0.5195 (constructed): 150 × 0.5195 = 77.925 and the sum 800.145 → 0.8001;
# rounding that leaf to 2 decimals first (77.93) would publish 0.8002.
ON_THE_EDGE = [*DA_NANG_2022[:7], "0.5195"]

# (id, main indices, leaf rounding the scheme asks for, DTI, pillars CQS/KTS/XHS)
ROWS = [
    ("da-nang-2022-published", DA_NANG_2022, "", 0.8002, [0.8638, 0.8473, 0.7864]),
    ("edge-not-rounded", ON_THE_EDGE, "", 0.8001, [0.8638, 0.8473, 0.7863]),
    ("edge-rounded-when-asked", ON_THE_EDGE, "points_decimals: 2", 0.8002, [0.8638, 0.8473, 0.7863]),
]


def _answers(indices: list[str]) -> dict[str, float]:
    """The points each main index earns (index × weight), as a unit would type them."""
    return {code: float(Decimal(value) * weight) for code, value, weight in zip(CODES, indices, WEIGHTS, strict=True)}


@pytest.mark.parametrize(("indices", "rounding", "dti", "pillars"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_score_json_gives_the_published_dti(tmp_path: Path, indices: list[str], rounding: str, dti: float,
                                           pillars: list[float]) -> None:
    scheme = tmp_path / "quocgia.yaml"
    scheme.write_text(HEADER.replace("level: so", "level: tinh") + NATIONAL.format(rounding=rounding),
                      encoding="utf-8")
    answers = tmp_path / "da-nang.json"
    answers.write_text(json.dumps(_answers(indices)), encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(scheme), str(answers), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["result"] == dti
    assert list(data["aggregates"].values()) == pillars


def test_da_nang_points_are_the_published_points() -> None:
    result = score(make_scheme(NATIONAL.format(rounding="")), _answers(DA_NANG_2022))
    assert [result.nodes[c].points for c in CODES] == [
        Decimal(p) for p in ("100", "90", "82.53", "84.87", "75.78", "171.5", "117.54", "77.955")]
    assert result.total == Decimal("800.175")


@needs_libreoffice
@pytest.mark.slow
def test_the_workbook_publishes_the_same_digits(tmp_path: Path) -> None:
    cases = [write_case(make_scheme(NATIONAL.format(rounding=rounding)), _answers(indices), None, tmp_path, name)
             for name, indices, rounding, _, _ in ROWS]
    problems = [m for case, path in zip(cases, recalculate(cases, tmp_path), strict=True)
                for m in mismatches(case, path)]
    assert problems == []
