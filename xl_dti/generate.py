"""Generate every unit's locked scoring workbook and the secretariat's registry."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from xl_dti import __version__
from xl_dti.atomic import write_bytes_atomic
from xl_dti.errors import Problem, UsageError
from xl_dti.excel import text_problem
from xl_dti.overwrite import output_folder, same_bytes, shown
from xl_dti.registry import REGISTRY_NAME, Registry, RegistryUnit, load_registry, new_registry
from xl_dti.scheme.model import Scheme
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme
from xl_dti.workbook.protection import method
from xl_dti.workbook.stamp import Template, compile_template, stamp

Progress = Callable[[Unit], None]
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class GenerationReport:
    """What ``generate`` wrote."""

    files: list[Path]
    registry: Path
    unchanged: list[Path] = field(default_factory=list)  # already there, byte for byte: left as they were


SLUG_LENGTH = 60


def slug(text: str) -> str:
    """An ASCII file-name slug of Vietnamese text: «Sở Nội vụ» → ``so-noi-vu``."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(words) > SLUG_LENGTH:  # a file name has at most 255 bytes; the code and year come first
        words = words[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return words or "don-vi"


def workbook_name(year: int, unit: Unit) -> str:
    """``<year>_<code>_<slug-of-name>.xlsx``."""
    return f"{year}_{unit.code}_{slug(unit.name)}.xlsx"


def check_deadline(text: str) -> str:
    """Accept a dd/mm/yyyy date (or nothing); raise ``UsageError`` otherwise."""
    if not text:
        return ""
    match = _DATE.match(text.strip())
    try:
        if match is None:
            raise ValueError
        date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise UsageError([Problem("usage.bad_date", params={"value": text})]) from None
    return text.strip()


def generate(
    scheme: Scheme,
    units: list[Unit],
    out_dir: Path,
    *,
    year: int,
    deadline: str = "",
    contact: str = "",
    password: str | None = None,
    formulas: str = "native",
    force: bool = False,
    progress: Progress | None = None,
) -> GenerationReport:
    """Write one workbook per unit into ``out_dir`` and the registry beside them.

    Generating again into the same folder reuses its registry (same secrets, passwords and
    generation time): unchanged units get byte-identical workbooks (left as they are) and new units
    are added. A workbook that would change is never replaced without ``force``: the copy already
    sent to its unit would no longer match the registry.

    Args:
        scheme: the scheme in force (compiled once for the whole run).
        units: the checked units (see ``xl_dti.units.read_units``).
        out_dir: the output folder (created if needed).
        year: the evaluation year.
        deadline: dd/mm/yyyy, shown in the workbooks.
        contact: the secretariat's contact line, shown in the instructions.
        password: one protection password for every workbook; by default each unit gets its own.
        formulas: ``native`` (default) or ``udf`` (footer cells call the xl-dti functions on xlwings Server).
        force: replace workbooks (and another round's registry) already in ``out_dir``.
        progress: called after each unit's workbook is written.

    Returns:
        The files written (or left as they were) and the registry's path.

    Raises:
        UsageError: ``out_dir`` is a file, or holds workbooks this run would change (without ``force``).
    """
    deadline = check_deadline(deadline)
    for option, text in (("--contact", contact), ("--password", password or "")):
        problem = text_problem(text)
        if problem:
            raise UsageError([Problem(problem[0], option, problem[1])])
    output_folder(out_dir)
    registry_path = out_dir / REGISTRY_NAME
    compiled = CompiledScheme(scheme)
    registry = _registry_for(registry_path, compiled, year, formulas, force)
    registry.deadline, registry.contact = deadline, contact
    stamper = _Stamper(compiled, registry, out_dir, password)
    if not force:
        _refuse_changes(stamper, units, registry_path)
    if not registry_path.exists() or force:
        registry.save(registry_path)  # its secrets first: a run interrupted now is resumed, not refused
    files, unchanged = [], []
    for unit, path, entry, data in stamper.each(units):
        if same_bytes(path, data):
            unchanged.append(path)
        else:
            write_bytes_atomic(path, data)
        registry.units[unit.code] = entry
        files.append(path)
        if progress:
            progress(unit)
    if not same_bytes(registry_path, registry.to_json().encode("utf-8")):
        registry.save(registry_path)
    return GenerationReport(files, registry_path, unchanged)


class _Stamper:
    """Each unit's workbook, stamped from its group's template (compiled once per group)."""

    def __init__(self, compiled: CompiledScheme, registry: Registry, out_dir: Path, password: str | None) -> None:
        self.compiled, self.registry, self.out_dir, self.password = compiled, registry, out_dir, password
        self.templates: dict[tuple[str | None, str], Template] = {}
        self.options = registry.round_options()

    def each(self, units: list[Unit]) -> Iterator[tuple[Unit, Path, RegistryUnit, bytes]]:
        """(unit, its file, its registry entry, the workbook's bytes), one unit at a time."""
        registry = self.registry
        for unit in units:
            unit_password = self.password or registry.unit_password(unit.code)
            secret = registry.unit_secret(unit.code)
            key = (unit.group, method(unit_password))  # passwords the legacy hash cannot hold need SHA-512
            if key not in self.templates:
                self.templates[key] = compile_template(self.compiled, unit.group, self.options, key[1])
            built = stamp(self.templates[key], unit, registry.year, self.compiled.fingerprint, secret,
                          unit_password)
            path = self.out_dir / workbook_name(registry.year, unit)
            entry = RegistryUnit(
                code=unit.code, name=unit.name, group=unit.group, file=path.name,
                sha256=hashlib.sha256(built.data).hexdigest(), structure_fingerprint=built.structure_fingerprint,
                signature=built.signature, password=unit_password, secret=secret,
                predecessors=list(unit.predecessors),
            )
            yield unit, path, entry, built.data


def _refuse_changes(stamper: _Stamper, units: list[Unit], registry_path: Path) -> None:
    """Before anything is written: the workbooks already in the folder (or already sent, per the
    registry) that this run would change."""
    folder = stamper.out_dir
    if not registry_path.exists():
        found = sorted(p.name for p in folder.glob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES) \
            if folder.is_dir() else []
        if found:
            raise UsageError([Problem("generate.no_registry", str(folder), {"names": shown(found)})])
        return
    before = dict(stamper.registry.units)
    changed, conflicting = [], []
    for unit, path, entry, data in stamper.each(units):
        old = before.get(unit.code)
        if (path.exists() and not same_bytes(path, data)) or (old is not None and old.sha256 != entry.sha256):
            changed.append(path.name)
            if old is not None and old.structure_fingerprint != entry.structure_fingerprint:
                conflicting.append(path.name)
    if conflicting:
        params = {"count": len(conflicting), "names": shown(conflicting)}
        raise UsageError([Problem("generate.would_conflict", str(folder), params)])
    if changed:
        raise UsageError([Problem("generate.would_change", str(folder), {"count": len(changed),
                                                                         "names": shown(changed)})])


def _registry_for(path: Path, compiled: CompiledScheme, year: int, formulas: str, force: bool) -> Registry:
    scheme = compiled.scheme
    registry = load_registry(path) if path.exists() else None
    if registry is not None and (registry.scheme_id, registry.year) != (scheme.id, year):
        if not force:
            params = {"folder": str(path.parent), "scheme": registry.scheme_id, "year": registry.year}
            # exit 2, as every refusal to replace what exists
            raise UsageError([Problem("registry.other_round", str(path), params)])
        registry = None  # --force: a new round's registry replaces it (once every workbook is written)
    if registry is None:
        registry = new_registry(scheme.id, scheme.version, compiled.fingerprint, year)
        registry.generated = _generation_time().strftime("%Y-%m-%dT%H:%M:%S")
    registry.scheme_version, registry.scheme_fingerprint = scheme.version, compiled.fingerprint
    registry.formulas, registry.xl_dti_version = formulas, __version__
    return registry


def _generation_time() -> datetime:
    """Now to the minute, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(tzinfo=None, second=0, microsecond=0)
