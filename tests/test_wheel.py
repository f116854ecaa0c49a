"""The built wheel carries the built-in schemes, templates and samples, and its CLI runs from a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = out.glob("xl_dti-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_the_data_folders(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (ROOT / "schemes").glob("*.yaml"))
    assert shipped, "the source tree has built-in schemes"
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("xl_dti/_data/schemes/")) == shipped
    assert any(n.startswith("xl_dti/_data/templates/") for n in names)


@pytest.mark.slow
def test_installed_wheel_lists_the_schemes_from_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    listed = subprocess.run([str(env_dir / "bin" / "xl-dti"), "schemes"], check=True, capture_output=True,
                            text=True, cwd=tmp_path, env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"})
    for scheme in (ROOT / "schemes").glob("*.yaml"):
        assert scheme.stem in listed.stdout
    shown = subprocess.run([str(python), "-m", "xl_dti", "grade", "haugiang-2022-so", "219.99"], check=True,
                           capture_output=True, text=True, cwd=tmp_path)
    assert shown.stdout.strip() == "Tốt"
