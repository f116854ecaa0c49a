#!/usr/bin/env python3
"""Set up and run xl-dti from a fresh checkout, with only python3 (3.11+) installed.

    python3 dev.py demo    # the end-to-end demo on the built-in samples
    python3 dev.py test    # the whole test suite: ruff, mypy, pytest
    python3 dev.py mutate [MODULE…] [--all] [--budget SECONDS] [--ci] [--report] [--retry]
                           # mutation testing (mutmut) of the modules that decide scores and trust:
                           # by default those changed since main; prints the surviving mutants
                           # (--report: the last run's figures again, without running;
                           #  --retry: after adding tests, try only the mutants the last run did not kill)

Each command creates (or refreshes) the virtual environment .venv with xl-dti and its
development dependencies, then runs. Extra arguments go to the demo or to pytest.

``test`` without extra arguments then runs the reader and consolidation tests once more with
Debian's /usr/bin/python3 (3.11.2 on Debian 12, in .venv-system) when that interpreter exists and
is another version than .venv's: the project claims every Python from 3.11, and CPython before
3.11.5 has regular-expression bugs (possessive quantifiers, atomic groups) that once made every
returned file unreadable there.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".xl-dti-installed"
SYSTEM_PYTHON = Path("/usr/bin/python3")
SYSTEM_VENV = ROOT / ".venv-system"
# what runs on the system interpreter too: every test of reading and consolidating returned files
SYSTEM_TESTS = (
    "tests/test_worksheet.py", "tests/test_xlsx_cells.py", "tests/test_package.py", "tests/test_reader_threats.py",
    "tests/test_consolidate_threats.py", "tests/test_consolidate_batch.py", "tests/test_consolidate_folder.py",
    "tests/test_resubmissions.py", "tests/test_output_set.py", "tests/test_fingerprint_memo.py",
)


def _bin(name: str, venv: Path = VENV) -> str:
    folder = "Scripts" if os.name == "nt" else "bin"
    return str(venv / folder / name)


def _run(*args: str) -> int:
    print("$", " ".join(args), flush=True)
    return subprocess.call(args, cwd=ROOT)


def ensure_venv(target: Path = VENV, python: str | None = None) -> None:
    """Create a virtual environment (.venv, with this interpreter unless ``python`` is given) and
    install xl-dti[dev] into it, again whenever pyproject.toml changes."""
    stamp = target / STAMP.name
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not (target / "pyvenv.cfg").exists():
        print(f"Creating the virtual environment {target} …", flush=True)
        if python is None:
            venv.EnvBuilder(with_pip=True).create(target)
        elif _run(python, "-m", "venv", str(target)) != 0:
            sys.exit(f"Creating {target} with {python} failed (on Debian: apt-get install python3-venv).")
    steps = [
        (_bin("python", target), "-m", "pip", "install", "--quiet", "--upgrade", "pip"),
        (_bin("python", target), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"),
    ]
    for step in steps:
        if _run(*step) != 0:
            sys.exit("Installing xl-dti's dependencies failed; see pip's message above.")
    stamp.write_text(wanted)


def _version(python: str) -> str:
    found = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    return found.stdout.strip()


def system_python_tests() -> int:
    """The reader and consolidation tests on /usr/bin/python3, when it is another Python than .venv's."""
    if os.name == "nt" or not SYSTEM_PYTHON.exists() or _version(str(SYSTEM_PYTHON)) == _version(_bin("python")):
        return 0
    ensure_venv(SYSTEM_VENV, str(SYSTEM_PYTHON))
    return _run(_bin("python", SYSTEM_VENV), "-m", "pytest", "-q", *SYSTEM_TESTS)


def demo(extra: list[str]) -> int:
    """The README's first command: the end-to-end demo."""
    return _run(_bin("xl-dti"), "demo", *extra)


def test(extra: list[str]) -> int:
    """The README's second command: lint, type-check, then every test."""
    for check in ((_bin("ruff"), "check", "xl_dti", "tests", "benchmarks", "dev.py"), (_bin("mypy"),)):
        code = _run(*check)
        if code != 0:
            return code
    code = _run(_bin("python"), "-m", "pytest", *extra)
    return code or (system_python_tests() if not extra else 0)


# Mutation testing. mutmut 3 (see the commit that added it for why): each module runs in its own folder
# (.mutation/<module>/, symlinks to the sources and a pyproject.toml with the module's [tool.mutmut]) so that its
# statistics run and every mutant run only the tests listed for it here, never the whole suite.
MUTATION = ROOT / ".mutation"
EQUIVALENTS = ROOT / "tests" / "equivalent_mutants.txt"
FAST = ("-m", "not slow")
RULE_TESTS = ("test_rules.py", "test_rule_formulas.py", "test_rule_faces.py", "test_engine.py", "test_scheme_errors.py")
# module → the tests that can kill its mutants (the fast ones unless the module's arithmetic lives in a workbook)
MUTATED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "xl_dti/engine.py": (("test_engine.py", "test_engine_na_appraisal.py", "test_engine_units.py", "test_properties.py",
                          "test_rules.py",
                          "test_ranking.py"), FAST),
    "xl_dti/ranking.py": (("test_ranking.py", "test_ranking_rounded.py", "test_report_data.py"), FAST),
    "xl_dti/decimals.py": (("test_decimals.py", "test_decimals_edges.py", "test_ranking_rounded.py"), FAST),
    "xl_dti/scheme/rules/base.py": (RULE_TESTS, FAST),
    "xl_dti/scheme/rules/direct.py": (RULE_TESTS, FAST),
    "xl_dti/scheme/rules/labelled.py": (RULE_TESTS, FAST),
    "xl_dti/scheme/rules/measured.py": (RULE_TESTS, FAST),
    "xl_dti/workbook/formulas.py": (("test_workbook_arithmetic.py", "test_workbook.py"), FAST),
    "xl_dti/workbook/udf_footer.py": (("test_udf_footer_formulas.py", "test_udf_workbook.py"), FAST),
    "xl_dti/workbook/structure.py": (("test_structure_fingerprint.py", "test_trust_coverage.py"), FAST),
    "xl_dti/consolidation/reading.py": (("test_reading_findings.py", "test_reading_cached.py",
                                         "test_reading_structure.py", "test_reading_ods.py",
                                         "test_reading_own_scheme.py", "test_reading_identity.py",
                                         "test_reading_package.py", "test_trust_coverage.py",
                                         "test_consolidate_threats.py"), FAST),
    "xl_dti/consolidation/inputs.py": (("test_read_inputs.py",), FAST),  # test_xlsx_cells.py: ids mutmut cannot take
    "xl_dti/consolidation/outcomes.py": (("test_resubmissions.py",), FAST),  # decide() directly; the rest is slow
    "xl_dti/consolidation/exports.py": (("test_exports.py", "test_exports_neutralise.py", "test_exports_documents.py",
                                         "test_report_data.py",
                                         "test_appraisal.py", "test_report_cli.py"),
                                        FAST),
    "xl_dti/appraisal/reading.py": (("test_appraisal_reading.py", "test_trust_coverage.py", "test_appraisal.py"), FAST),
    "xl_dti/appraisal/apply.py": (("test_apply_appraisals.py",), FAST),  # read_appraisals directly on real files
    "xl_dti/udfs.py": (("test_udfs.py", "test_udf_inputs.py"), FAST),
}
CI_MODULES = ("xl_dti/decimals.py",)  # small and fast: CI runs it so that the command keeps working
TARGET = 90.0  # per cent of the non-equivalent mutants killed, per module
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # a failing test, a test error, a timeout (the mutant changed behaviour)
TIMEOUTS = {36, 24, -24, 152, 255}  # mutmut stopped the tests at its CPU limit: tried again without it (_recheck)
RECHECK_SECONDS = 600.0  # the wall-clock limit of one mutant's tests tried again: past it, a timeout stands
NOT_TESTED = {None, 2}  # the time budget ran out, or the run was interrupted
NO_TESTS = {5, 33}  # none of the module's listed tests reaches the mutated function: counted as not killed


@dataclass
class ModuleScore:
    """What mutation testing found in one module."""

    module: str
    killed: int = 0
    equivalent: int = 0
    not_tested: int = 0
    unreached: int = 0  # survivors no listed test reaches (mutmut's "no tests")
    survivors: list[tuple[str, str]] = field(default_factory=list)  # (mutant name, its diff)

    @property
    def tested(self) -> int:
        return self.killed + self.equivalent + len(self.survivors)

    @property
    def percent(self) -> float:
        counted = self.tested - self.equivalent
        return 100.0 * self.killed / counted if counted else 100.0


def _changed_modules() -> list[str]:
    """The mutated modules that differ from main (committed or not)."""
    base = subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True, text=True)
    against = base.stdout.strip() or "HEAD"
    names = subprocess.run(["git", "diff", "--name-only", against], cwd=ROOT, capture_output=True, text=True)
    changed = set(names.stdout.split())
    return [module for module in MUTATED if module in changed]


def _module_of(argument: str) -> str:
    """A module given as a path, a dotted name or a short name (``engine``, ``rules/measured``)."""
    text = argument.replace(".", "/").removesuffix("/py")
    for module in MUTATED:
        stem = module.removesuffix(".py")
        if text in (stem, stem.removeprefix("xl_dti/")) or stem.endswith("/" + text):
            return module
    sys.exit(f"{argument}: not a module mutation testing covers; choose from:\n  " + "\n  ".join(MUTATED))


def _folder_for(module: str) -> Path:
    """The module's own working folder: the sources linked, a pyproject.toml saying what to mutate and test."""
    folder = MUTATION / module.removesuffix(".py").replace("/", ".")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("xl_dti", "tests", "schemes", "templates", "samples"):
        link = folder / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)
    tests, markers = MUTATED[module]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    settings = {
        "source_paths": ["xl_dti"],
        "only_mutate": [module],
        "also_copy": ["schemes", "templates", "samples"],
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-x", "-q", *markers],
        "pytest_add_cli_args_test_selection": [f"tests/{test}" for test in tests],
        "timeout_multiplier": 5.0,
    }
    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in settings.items()]
    # mutmut hands pytest back the test ids it collected: unescaped, so that Vietnamese ids find their tests
    unescaped = "disable_test_id_escaping_and_forfeit_all_rights_to_community_support = true"
    pyproject = pyproject.replace("[tool.pytest.ini_options]\n", f"[tool.pytest.ini_options]\n{unescaped}\n")
    wanted = pyproject + "\n[tool.mutmut]\n" + "\n".join(lines) + "\n"
    target = folder / "pyproject.toml"
    if not target.exists() or target.read_text(encoding="utf-8") != wanted:
        target.write_text(wanted, encoding="utf-8")
    return folder


def _tests_digest(module: str) -> str:
    """What the module's verdicts depend on besides its own source: its listed tests and the tests' helpers."""
    tests, _ = MUTATED[module]
    helpers = sorted(p.name for p in (ROOT / "tests").glob("*.py") if not p.name.startswith("test_"))
    digest = hashlib.sha256()
    for name in (*tests, *helpers):
        path = ROOT / "tests" / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
    return digest.hexdigest()


def _run_mutmut(module: str, folder: Path, budget: float, retry: bool = False) -> None:
    """mutmut on one module's mutants, at low priority, stopped (its results kept) when the budget runs out.

    mutmut keeps a verdict until the mutated function changes; when the module's tests changed, every
    verdict is stale (a survivor may be killed now), so the module's mutants are tried again from scratch.
    With ``retry`` (after tests were only added) the last run's kills stand and only the mutants it did not
    kill are tried: an added test can kill a mutant, never bring one back to life."""
    dotted = module.removesuffix(".py").replace("/", ".")
    stamp, digest = folder / "tests.sha256", _tests_digest(module)
    meta = folder / "mutants" / f"{module}.meta"
    names: list[str] = [f"{dotted}.*"]
    carried: dict[str, int] = {}
    hashes: dict[str, str] = {}
    if retry and meta.exists():
        last = json.loads(meta.read_text(encoding="utf-8"))
        names = sorted(key for key, code in last["exit_code_by_key"].items() if code not in KILLED)
        carried = {key: code for key, code in last["exit_code_by_key"].items() if code in KILLED}
        hashes = last["hash_by_function_name"]
        if not names:
            print(f"  {module}: every mutant was killed in the last run; nothing to retry", flush=True)
            return
    elif not stamp.exists() or stamp.read_text(encoding="utf-8") != digest:
        shutil.rmtree(folder / "mutants", ignore_errors=True)
    stamp.write_text(digest, encoding="utf-8")
    command = ["nice", "-n", "10", _bin("mutmut"), "run", "--max-children", "1", *names]
    shown = command if len(names) < 4 else [*command[:7], f"<the {len(names)} mutants not killed last time>"]
    print("$", " ".join(shown), f"  (in {folder.relative_to(ROOT)}, at most {budget:.0f} s)", flush=True)
    log = open(folder / "mutmut.log", "w", encoding="utf-8")  # noqa: SIM115 (closed below, after the process)
    process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        process.wait(timeout=budget)
    except subprocess.TimeoutExpired:
        print(f"  the budget of {budget:.0f} s ran out: stopping; the mutants not reached are counted apart",
              flush=True)
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    finally:
        log.close()
    if carried:
        _carry_kills(meta, carried, hashes)
    if meta.exists():
        _recheck_timeouts(folder, meta)


def _recheck_timeouts(folder: Path, meta: Path) -> None:
    """Try again, without mutmut's CPU limit, each mutant stopped at it, and keep what the tests then say.

    mutmut sets the limit from the tests' own measured time, which leaves out slow module fixtures (a
    round generated once, files re-saved by Gnumeric): a mutant whose tests pass, only slowly, would be
    counted as killed. A mutant still running after ``RECHECK_SECONDS`` stays a timeout (killed)."""
    data = json.loads(meta.read_text(encoding="utf-8"))
    timed_out = [key for key, code in data["exit_code_by_key"].items() if code in TIMEOUTS]
    if not timed_out:
        return
    stats = json.loads((folder / "mutants" / "mutmut-stats.json").read_text(encoding="utf-8"))
    print(f"  {len(timed_out)} mutants stopped at mutmut's CPU limit: trying them again without it", flush=True)
    for key in timed_out:
        tests = sorted(stats["tests_by_mangled_function_name"].get(_mutated(key), []))
        command = ["nice", "-n", "10", _bin("python"), "-m", "pytest", "-p", "no:cacheprovider", "-x", "-q", *tests]
        try:
            done = subprocess.run(command, cwd=folder / "mutants", env={**os.environ, "MUTANT_UNDER_TEST": key},
                                  capture_output=True, timeout=RECHECK_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            continue
        if done.returncode in (0, 1):  # the tests passed (it survived) or failed (killed); else the timeout stands
            data["exit_code_by_key"][key] = done.returncode
    meta.write_text(json.dumps(data), encoding="utf-8")


def _mutated(mutant: str) -> str:
    """The (mangled) function a mutant changes: its name without mutmut's ``__mutmut_N``."""
    return re.sub(r"__mutmut_\d+$", "", mutant)


def _carry_kills(meta: Path, carried: dict[str, int], hashes: dict[str, str]) -> None:
    """Put back the last run's kills that mutmut forgot (a changed test list resets every verdict), except in
    functions that changed since: their mutants are new and must be tried."""
    data = json.loads(meta.read_text(encoding="utf-8"))
    verdicts, now = data["exit_code_by_key"], data["hash_by_function_name"]
    for key, code in carried.items():
        function = _mutated(key).rpartition(".")[2]
        if key in verdicts and verdicts[key] is None and now.get(function) == hashes.get(function):
            verdicts[key] = code
    meta.write_text(json.dumps(data), encoding="utf-8")


def _mutant_diffs(folder: Path, module: str) -> dict[str, tuple[str, str]]:
    """Mutant function name → (the original lines it changes, the mutated lines), from mutmut's mutants file."""
    source = (folder / "mutants" / module).read_text(encoding="utf-8")
    lines = source.splitlines()  # sliced by line numbers: ast.get_source_segment splits the file on every call
    functions = {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno])
                 for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    diffs = {}
    for name, text in functions.items():
        original = functions.get(re.sub(r"__mutmut_\d+$", "__mutmut_orig", name))
        if original is None or name.endswith("__mutmut_orig") or "__mutmut_" not in name:
            continue
        # the def line too (a mutated default argument), with the mutant's own name taken out
        old = re.sub(r"__mutmut_orig\b", "", original, count=1).splitlines()
        new = re.sub(r"__mutmut_\d+\b", "", text, count=1).splitlines()
        lines = list(difflib.ndiff(old, new))
        diffs[name] = ("\n".join(line[2:].strip() for line in lines if line.startswith("- ")),
                       "\n".join(line[2:].strip() for line in lines if line.startswith("+ ")))
    return diffs


def _equivalents() -> dict[tuple[str, str, str], str]:
    """The equivalent mutants: (module, function, mutated line) → why no test can tell them apart."""
    found = {}
    for number, line in enumerate(EQUIVALENTS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(" | ")
        if len(parts) < 4:
            sys.exit(f"{EQUIVALENTS.relative_to(ROOT)}:{number}: expected 'module | function | mutated line | why'")
        module, function, reason = parts[0].strip(), parts[1].strip(), parts[-1].strip()
        found[(module, function, " | ".join(parts[2:-1]).strip())] = reason
    return found


def _score(module: str, folder: Path, equivalents: dict[tuple[str, str, str], str]) -> ModuleScore:
    meta = json.loads((folder / "mutants" / f"{module}.meta").read_text(encoding="utf-8"))
    diffs = _mutant_diffs(folder, module)
    score = ModuleScore(module)
    for key, code in sorted(meta["exit_code_by_key"].items()):
        function = key.rsplit(".", 1)[-1]
        removed, added = diffs.get(function, ("", ""))
        unnumbered = _mutated(function)
        if code in NOT_TESTED:
            score.not_tested += 1
        elif code in KILLED:
            score.killed += 1
        elif (module, unnumbered, added.replace("\n", " ")) in equivalents:
            score.equivalent += 1
        else:
            score.unreached += code in NO_TESTS
            score.survivors.append((key, f"    - {removed}\n    + {added}"))
    return score


def mutate(extra: list[str]) -> int:
    """Mutation testing: run mutmut on the modules, print each module's figure and its surviving mutants."""
    budget, ci, report_only, retry, modules = 1200.0, False, False, False, []
    arguments = iter(extra)
    for argument in arguments:
        if argument == "--budget":
            budget = float(next(arguments, "1200"))
        elif argument == "--ci":
            ci = True
        elif argument == "--report":
            report_only = True
        elif argument == "--retry":
            retry = True
        elif argument == "--all":
            modules = list(MUTATED)
        else:
            modules.append(_module_of(argument))
    if ci:
        modules, budget = list(CI_MODULES), min(budget, 240.0)
    if not modules:
        modules = _changed_modules()
        if not modules:
            print("No module that mutation testing covers changed since main; name some (or --all):\n  "
                  + "\n  ".join(MUTATED))
            return 0
    equivalents = _equivalents()
    deadline = time.monotonic() + budget
    scores = []
    for module in modules:
        left = deadline - time.monotonic()
        if left <= 5:
            print(f"{module}: not run, the budget ran out")
            continue
        folder = _folder_for(module)
        if not report_only:
            _run_mutmut(module, folder, left, retry)
        if not (folder / "mutants" / f"{module}.meta").exists():
            print(f"{module}: mutmut produced no results; see {(folder / 'mutmut.log').relative_to(ROOT)}")
            return 1
        scores.append(_score(module, folder, equivalents))
    return _report(scores)


def _report(scores: list[ModuleScore]) -> int:
    print(f"\n{'module':40} {'killed':>7} {'survived':>9} {'(no test)':>10} {'equivalent':>11} {'not run':>8} "
          f"{'score':>7}")
    failed = False
    for score in scores:
        print(f"{score.module:40} {score.killed:7} {len(score.survivors):9} {score.unreached:10} "
              f"{score.equivalent:11} {score.not_tested:8} {score.percent:6.1f}%")
        failed = failed or score.percent < TARGET or score.tested == 0
    for score in scores:
        for name, diff in score.survivors:
            print(f"\nsurvived: {name}  (cd {_folder_for(score.module).relative_to(ROOT)}; "
                  f"{_bin('mutmut')} show {name})\n{diff}")
    if failed:
        print(f"\nBelow {TARGET:.0f} % of the non-equivalent mutants killed (or nothing tested) in some module: "
              f"kill the survivors with behaviour tests, or list true equivalents in "
              f"{EQUIVALENTS.relative_to(ROOT)} with one line saying why.")
    return 1 if failed else 0


def main() -> int:
    commands = {"demo": demo, "test": test, "mutate": mutate}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    ensure_venv()
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
