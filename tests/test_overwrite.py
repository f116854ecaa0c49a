"""One policy for every command that writes: nothing that exists is replaced without --force."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.returned import Kit, make_kit
from xl_dti.appraisal.fill import fill_appraisal
from xl_dti.appraisal.run import appraisal_name
from xl_dti.cli import app
from xl_dti.consolidation.run import consolidate
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.scheme import parse_scheme
from xl_dti.units import Unit

runner = CliRunner()
SCHEME_ID = "haugiang-2022-so"
SCHEME_YAML = """\
id: xa-thu-2024
title: Bộ chỉ số chuyển đổi số cấp xã
issuer: UBND tỉnh Thử
decision: Quyết định số 1/QĐ-UBND ngày 01/01/2024
level: xa
year: 2024
indicators:
  - {code: "1", name: Hạ tầng số, max: 10, rule: points}
  - {code: "2", name: Nhân lực số, max: 10, rule: yes_no}
"""


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    kit = make_kit(tmp_path_factory.mktemp("overwrite"))
    returned = kit.work / "returned"
    returned.mkdir()
    for unit in ("so-noi-vu", "so-tu-phap"):
        kit.filled(returned / f"{unit}.xlsx", unit)
    consolidate(kit.scheme, returned, kit.registry, kit.work / "ket-qua", jobs=1)
    return kit


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def _generate(scheme: Path | str, out: Path, units: Path, *extra: str) -> Result:
    return _run("generate", str(scheme), "--units", str(units), "--year", "2024", "--out", str(out), *extra)


@pytest.fixture
def units(tmp_path: Path) -> Path:
    path = tmp_path / "units.csv"
    path.write_text("code,name,group\nxa-a,Xã A,\nxa-b,Xã B,\n", encoding="utf-8")
    return path


def test_generate_refuses_to_replace_workbooks_after_the_scheme_was_edited(tmp_path: Path, units: Path) -> None:
    scheme = tmp_path / "xa.yaml"
    scheme.write_text(SCHEME_YAML, encoding="utf-8")
    out = tmp_path / "bieu-mau"
    assert _generate(scheme, out, units).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    scheme.write_text(SCHEME_YAML.replace("Nhân lực số", "Nhân lực số và kỹ năng số"), encoding="utf-8")
    refused = _generate(scheme, out, units)
    assert refused.exit_code == 2, refused.output
    assert "identity.conflict" in refused.stderr and "--force" in refused.stderr
    assert "2024_xa-a_xa-a.xlsx" in refused.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "nothing was written"
    forced = _generate(scheme, out, units, "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "2024_xa-a_xa-a.xlsx").read_bytes() != before["2024_xa-a_xa-a.xlsx"]


def test_generate_again_with_the_same_input_changes_nothing_and_adds_new_units(tmp_path: Path, units: Path) -> None:
    scheme = tmp_path / "xa.yaml"
    scheme.write_text(SCHEME_YAML, encoding="utf-8")
    out = tmp_path / "bieu-mau"
    assert _generate(scheme, out, units).exit_code == 0
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.xlsx")}
    units.write_text(units.read_text(encoding="utf-8") + "xa-c,Xã C,\n", encoding="utf-8")
    again = _generate(scheme, out, units)
    assert again.exit_code == 0, again.output
    assert "2 biểu mẫu đã có sẵn, giống hệt: giữ nguyên" in again.stdout
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.xlsx")}
    assert {k: after[k] for k in before} == before and set(after) - set(before) == {"2024_xa-c_xa-c.xlsx"}


def test_an_interrupted_generation_is_resumed_by_running_it_again(tmp_path: Path, units: Path) -> None:
    scheme, problems = parse_scheme(SCHEME_YAML, "xa.yaml")
    assert scheme is not None, problems
    out = tmp_path / "bieu-mau"
    unit_list = [Unit("xa-a", "Xã A", None), Unit("xa-b", "Xã B", None)]

    def interrupt(unit: Unit) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate(scheme, unit_list, out, year=2024, progress=interrupt)
    first = (out / "2024_xa-a_xa-a.xlsx").read_bytes()
    report = generate(scheme, unit_list, out, year=2024)
    assert (out / "2024_xa-a_xa-a.xlsx").read_bytes() == first and len(report.unchanged) == 1
    assert sorted(load_registry(report.registry).units) == ["xa-a", "xa-b"]


def test_generate_refuses_a_folder_with_workbooks_but_no_registry(tmp_path: Path, units: Path) -> None:
    out = tmp_path / "bieu-mau"
    out.mkdir()
    (out / "2024_xa-a_xa-a.xlsx").write_bytes(b"a workbook made somewhere else")
    refused = _generate(SCHEME_ID, out, samples_units())
    assert refused.exit_code == 2, refused.output
    assert (out / "2024_xa-a_xa-a.xlsx").read_bytes() == b"a workbook made somewhere else"


def samples_units() -> Path:
    from xl_dti.resources import samples_dir

    return samples_dir() / "haugiang-so-units.csv"


def test_appraise_keeps_an_appraisal_workbook_the_council_filled(kit: Kit, tmp_path: Path) -> None:
    returned, out = kit.work / "returned", tmp_path / "tham-dinh"
    args = ("appraise", SCHEME_ID, str(returned), "--registry", str(kit.registry_path), "--out", str(out))
    assert _run(*args).exit_code == 0
    filled = out / appraisal_name(2022, "so-noi-vu")
    fill_appraisal(filled, filled, kit.scheme, {"1.4": 5})
    council = filled.read_bytes()
    untouched = (out / appraisal_name(2022, "so-tu-phap")).stat().st_mtime_ns
    again = _run(*args)
    assert again.exit_code == 0, again.output
    assert filled.read_bytes() == council and filled.name in again.output and "--force" in again.output
    assert (out / appraisal_name(2022, "so-tu-phap")).stat().st_mtime_ns == untouched
    assert "Tiếp theo" in again.stdout
    assert _run(*args, "--force").exit_code == 0
    assert filled.read_bytes() != council


def test_appraise_says_when_a_kept_appraisal_is_about_an_older_file(kit: Kit, tmp_path: Path) -> None:
    returned, out = tmp_path / "returned", tmp_path / "tham-dinh"
    returned.mkdir()
    kit.filled(returned / "so-noi-vu.xlsx", "so-noi-vu")
    args = ("appraise", SCHEME_ID, str(returned), "--registry", str(kit.registry_path), "--out", str(out))
    assert _run(*args).exit_code == 0
    kit.filled(returned / "so-noi-vu.xlsx", "so-noi-vu", **{"2.4": 3})  # the unit sends a corrected file
    again = _run(*args)
    assert again.exit_code == 0, again.output
    assert appraisal_name(2022, "so-noi-vu") in again.stderr and "tệp cũ" in again.stderr


def _file_commands(kit: Kit, target: Path) -> dict[str, tuple[str, ...]]:
    return {
        "report": ("report", str(kit.work / "ket-qua"), "--out", str(target)),
        "scheme export": ("scheme", "export", SCHEME_ID, "--out", str(target)),
        "scheme new": ("scheme", "new", "--from", SCHEME_ID, "--id", "haugiang-2026-so", "--year", "2026",
                       "--out", str(target)),
        "scheme diff --crosswalk": ("scheme", "diff", SCHEME_ID, "haugiang-2022-huyen", "--crosswalk", str(target)),
        "lite": ("lite", SCHEME_ID, "--out", str(target)),
    }


@pytest.mark.parametrize("command", ["report", "scheme export", "scheme new", "scheme diff --crosswalk", "lite"])
def test_a_command_that_writes_a_file_never_replaces_one_without_force(kit: Kit, tmp_path: Path, command: str) -> None:
    target = tmp_path / "existing.out"
    target.write_text("the secretariat's own work", encoding="utf-8")
    args = _file_commands(kit, target)[command]
    refused = _run(*args)
    assert refused.exit_code == 2, refused.output
    assert "--force" in refused.stderr and "unexpected" not in refused.output
    assert target.read_text(encoding="utf-8") == "the secretariat's own work"
    forced = _run(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != b"the secretariat's own work"


@pytest.mark.parametrize("command", ["generate", "appraise", "consolidate"])
def test_out_naming_an_existing_file_is_a_usage_error(kit: Kit, tmp_path: Path, command: str) -> None:
    target = tmp_path / "a-file.txt"
    target.write_text("not a folder", encoding="utf-8")
    returned, registry = str(kit.work / "returned"), str(kit.registry_path)
    args = {
        "generate": ("generate", SCHEME_ID, "--units", str(samples_units()), "--year", "2022"),
        "appraise": ("appraise", SCHEME_ID, returned, "--registry", registry),
        "consolidate": ("consolidate", SCHEME_ID, returned, "--registry", registry),
    }[command]
    result = _run(*args, "--out", str(target))
    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output and "a-file.txt" in result.stderr
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_consolidate_never_replaces_earlier_results_without_force(kit: Kit, tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    out.mkdir()
    (out / "master.xlsx").write_bytes(b"the master with the council's notes")
    args = ("consolidate", SCHEME_ID, str(kit.work / "returned"), "--registry", str(kit.registry_path),
            "--out", str(out))
    refused = _run(*args)
    assert refused.exit_code == 2, refused.output
    assert "master.xlsx" in refused.stderr and "--force" in refused.stderr
    assert (out / "master.xlsx").read_bytes() == b"the master with the council's notes"
    assert _run(*args, "--force").exit_code == 0
    assert (out / "master.xlsx").read_bytes() != b"the master with the council's notes"
