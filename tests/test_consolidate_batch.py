"""A whole round: 100 honest files and the bad ones, recomputed, ranked, written twice identically."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.returned import UNITS
from tests.test_consolidate_threats import THREATS, Kit
from xl_dti import Submission, load_scheme, rank, score_units
from xl_dti.consolidation.run import Consolidation, consolidate
from xl_dti.demo.answers import unit_answers
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.units import Unit
from xl_dti.workbook.fill import fill_workbook

pytestmark = pytest.mark.slow
HOSTILE_NAME = '=HYPERLINK("http://evil.example","Sở <script>alert(1)</script>")'


@pytest.fixture(scope="module")
def round_(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("batch")
    scheme = load_scheme("haugiang-2022-so")
    units = list(UNITS)  # the threats are built from these units' workbooks
    units += [Unit(f"so-{i:03d}", f"Sở số {i}", "so") for i in range(1, 79)]
    units += [Unit(f"nd-{i:03d}", f"Cơ quan ngành dọc {i}", "nganh-doc") for i in range(1, 19)]
    units.append(Unit("so-hostile", HOSTILE_NAME, "so"))
    units.append(Unit("so-absent", "Sở không nộp", "so"))
    report = generate(scheme, units, folder / "generated", year=2022)
    registry = load_registry(report.registry)
    returned = folder / "returned"
    rng = random.Random(20221123)
    answers = {}
    for unit in units:
        if unit.code == "so-absent":
            continue
        answers[unit.code] = unit_answers(scheme, rng, 0.5)
        answers[unit.code]["1.1"]["evidence"] = "=cmd|' /C calc'!A0 <b>bấm</b>"
        blank = folder / "generated" / registry.units[unit.code].file
        fill_workbook(blank, returned / unit.group / f"{unit.code}.xlsx", scheme, answers[unit.code])
    kit = Kit(scheme, registry, report.registry,
              {u.code: folder / "generated" / registry.units[u.code].file for u in units}, folder / "work")
    kit.work.mkdir()
    bad = returned / "bad"
    bad.mkdir()
    for _, name, build, _, _ in THREATS[6:]:
        build(kit, bad / name)
    before = _hashes(returned)
    run = consolidate(scheme, returned, registry, folder / "out1", jobs=2)
    return {"scheme": scheme, "registry": registry, "returned": returned, "answers": answers, "units": units,
            "folder": folder, "run": run, "before": before}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_whole_round(round_: dict[str, object]) -> None:
    scheme, registry, returned = round_["scheme"], round_["registry"], round_["returned"]
    answers, units, folder = round_["answers"], round_["units"], round_["folder"]
    assert isinstance(returned, Path) and isinstance(folder, Path)
    run = round_["run"]
    assert isinstance(run, Consolidation)
    assert _hashes(returned) == round_["before"], "input files are never modified"

    outcomes = {o.reading.name: o for o in run.outcomes}
    honest = {n: o for n, o in outcomes.items() if not n.startswith("bad/")}
    assert len(honest) == 100 and all(o.outcome == "accepted" for o in honest.values()), \
        [(n, o.codes) for n, o in honest.items() if o.outcome != "accepted"]
    for name, build_outcome, code in ((t[1], t[3], t[4]) for t in THREATS[6:]):
        assert outcomes[f"bad/{name}"].outcome == build_outcome, name
        assert code is None or code in outcomes[f"bad/{name}"].codes, name

    groups = {u.code: u.group for u in units}  # type: ignore[attr-defined]
    expected = score_units(scheme, [Submission(c, a, groups[c]) for c, a in answers.items()])  # type: ignore[arg-type]
    by_unit = {r.unit: r for r in run.results}
    for result in expected:
        assert by_unit[result.unit].total == result.total
        assert by_unit[result.unit].result == result.result and by_unit[result.unit].grade == result.grade
    expected_ranks = {r.unit: r.rank for r in rank(scheme, expected)}  # type: ignore[arg-type]
    assert {r.unit_code: r.rank for r in run.rows} == expected_ranks
    assert [u.code for u in run.missing] == ["so-absent"]

    run_again = consolidate(scheme, returned, registry, folder / "out2", jobs=1)  # type: ignore[arg-type]
    names = ["master.xlsx", "ranking.csv", "ranking.json", "manifest.json"]
    assert [p.name for p in run.outputs] == [p.name for p in run_again.outputs] == names, "both runs wrote everything"
    assert [p.read_bytes() for p in run.outputs] == [p.read_bytes() for p in run_again.outputs], \
        "a second run writes identical outputs"


def test_unit_text_is_inert_in_every_output(round_: dict[str, object]) -> None:
    folder = round_["folder"]
    assert isinstance(folder, Path)
    out = folder / "out1"
    workbook = load_workbook(out / "master.xlsx")
    formulas = [f"'{ws.title}'!{c.coordinate}" for ws in workbook.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    texts = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and ("evil.example" in c.value or "cmd|" in c.value)]
    assert texts and all(c.data_type == "s" for c in texts)
    rows = list(csv.DictReader(io.StringIO((out / "ranking.csv").read_text(encoding="utf-8-sig"))))
    hostile = next(r for r in rows if r["unit_code"] == "so-hostile")
    assert hostile["unit_name"] == "'" + HOSTILE_NAME
    assert (out / "ranking.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"name", "size", "sha256", "unit_code", "outcome", "codes"} <= set(manifest["files"][0])
    assert manifest["limits"]["timeout_seconds"] > 0
    ranking = json.loads((out / "ranking.json").read_text(encoding="utf-8"))
    assert ranking["units"][0]["indicators"] and "issues" in ranking["units"][0]


def test_previous_year_from_each_format(round_: dict[str, object], tmp_path: Path) -> None:
    scheme, registry, returned, folder = round_["scheme"], round_["registry"], round_["returned"], round_["folder"]
    assert isinstance(folder, Path)
    out = folder / "out1"
    last_year = tmp_path / "last"
    last_year.mkdir()
    data = json.loads((out / "ranking.json").read_text(encoding="utf-8"))
    for unit in data["units"]:
        if unit["rank"] is not None:
            unit["rank"] = 81 - unit["rank"] if unit["group"] == "so" else unit["rank"]
    (last_year / "ranking.json").write_text(json.dumps(data), encoding="utf-8")
    shutil.copy(out / "master.xlsx", last_year / "master.xlsx")
    shutil.copy(out / "ranking.csv", last_year / "ranking.csv")
    for name in ("ranking.json", "ranking.csv", "master.xlsx"):
        run = consolidate(scheme, returned, registry, tmp_path / f"out-{name}", jobs=2,  # type: ignore[arg-type]
                          previous=last_year / name)
        changes = {r.unit_code: r.change_text for r in run.rows if r.rank is not None}
        if name == "ranking.json":
            assert any(c.startswith("↑") for c in changes.values()) and any(c.startswith("↓") for c in changes.values())
        else:
            assert set(changes.values()) == {"="}, name


def test_a_round_too_large_for_one_sheet_puts_the_detail_in_a_csv(
    round_: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xl_dti.consolidation import master

    monkeypatch.setattr(master, "DETAIL_ROWS_IN_MASTER", 100)
    scheme, registry, returned = round_["scheme"], round_["registry"], round_["returned"]
    run = consolidate(scheme, returned, registry, tmp_path / "out", jobs=2)  # type: ignore[arg-type]
    detail = (tmp_path / "out" / "chi-tiet.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(detail) == 1 + len(run.rows) * len(scheme.tree.order)  # type: ignore[attr-defined]
    assert "chi-tiet.csv" in load_workbook(tmp_path / "out" / "master.xlsx")["Chi tiết"]["A4"].value
