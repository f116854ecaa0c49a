"""The end-to-end demo on the built-in samples: what the README's first command runs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from xl_dti import views
from xl_dti.answers_file import read_answers
from xl_dti.atomic import write_text_atomic
from xl_dti.engine import Submission, score_units
from xl_dti.ranking import rank
from xl_dti.resources import builtin_schemes_dir, samples_dir
from xl_dti.scheme import builtin_ids, load_scheme, read_scheme


@dataclass(frozen=True)
class SampleUnit:
    """A sample unit's answers file, for the demo's scoring step."""

    code: str
    group: str
    answers: Path


def run_demo(out_dir: Path, console: Console) -> bool:
    """Validate every built-in scheme, then score and rank the sample units.

    Args:
        out_dir: where the scored results (JSON) are written.
        console: where each step is reported.

    Returns:
        ``True`` when every step succeeded.
    """
    console.rule("[bold]1. Built-in schemes / Bộ chỉ số có sẵn")
    ok = _validate_builtins(console)
    console.rule("[bold]2. Score the sample units / Chấm điểm các đơn vị mẫu")
    ok = _score_samples(out_dir, console) and ok
    return ok


def _validate_builtins(console: Console) -> bool:
    ok = True
    for scheme_id in builtin_ids():
        loaded, problems = read_scheme(builtin_schemes_dir() / f"{scheme_id}.yaml")
        if loaded is None:
            ok = False
            console.print(f"[red]✗[/] {scheme_id}")
            for problem in problems:
                console.print(f"   {problem}")
        else:
            console.print(f"[green]OK[/] {views.one_line_summary(loaded)}", highlight=False)
    return ok


def _sample_units(folder: Path) -> list[SampleUnit]:
    return [
        SampleUnit(code=path.stem.split("__")[1], group=path.stem.split("__")[0], answers=path)
        for path in sorted(folder.glob("*__*.yaml"))
    ]


def _score_samples(out_dir: Path, console: Console) -> bool:
    scheme = load_scheme("haugiang-2022-so")
    units = _sample_units(samples_dir() / "answers" / scheme.id)
    submissions = [Submission(u.code, read_answers(u.answers), u.group) for u in units]
    results = score_units(scheme, submissions)
    ranking = rank(scheme, results)
    console.print(views.ranking_table(scheme, results, ranking))
    table = [{"group": r.group, "rank": r.rank, "unit": r.unit, "result": str(r.value)} for r in ranking]
    target = out_dir / "scores.json"
    payload = {"scheme": scheme.id, "results": [r.to_dict() for r in results], "ranking": table}
    write_text_atomic(target, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    console.print(f"Results written to [bold]{target}[/]")
    return True
