"""The demo: a whole year on the samples, the appraisal round included; it never deletes a folder it did not make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from xl_dti.demo import run_demo
from xl_dti.errors import UsageError


@pytest.mark.slow
def test_the_demo_appraises_units_with_na_rows(tmp_path: Path) -> None:
    assert run_demo(tmp_path / "demo", Console(quiet=True))
    manifest = json.loads((tmp_path / "demo" / "so" / "5-ket-qua" / "manifest.json").read_text(encoding="utf-8"))
    appraisals = {f["unit_code"]: f["outcome"] for f in manifest["files"] if f["name"].startswith("thẩm định/")}
    assert appraisals["kho-bac-nha-nuoc"] == "accepted" and set(appraisals.values()) == {"accepted"}
    ranking = json.loads((tmp_path / "demo" / "so" / "5-ket-qua" / "ranking.json").read_text(encoding="utf-8"))
    kho_bac = next(u for u in ranking["units"] if u["unit_code"] == "kho-bac-nha-nuoc")
    assert kho_bac["appraised_total"] is not None and kho_bac["appraised_total"] < kho_bac["self_total"]


def test_the_demo_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("the secretariat's own file", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        run_demo(tmp_path, Console(quiet=True))
    assert caught.value.problems[0].code == "demo.not_demo_folder"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "the secretariat's own file"
