"""Generate every unit's locked scoring workbook and the secretariat's registry."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from xl_dti import __version__
from xl_dti.atomic import write_bytes_atomic
from xl_dti.errors import Problem, UsageError
from xl_dti.excel import text_problem
from xl_dti.registry import REGISTRY_NAME, Registry, RegistryError, RegistryUnit, load_registry, new_registry
from xl_dti.scheme.model import Scheme
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme
from xl_dti.workbook.protection import method
from xl_dti.workbook.stamp import Template, compile_template, stamp

Progress = Callable[[Unit], None]
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class GenerationReport:
    """What ``generate`` wrote."""

    files: list[Path]
    registry: Path


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
    progress: Progress | None = None,
) -> GenerationReport:
    """Write one workbook per unit into ``out_dir`` and the registry beside them.

    Generating again into the same folder reuses its registry (same secrets, passwords and
    generation time), so unchanged units get byte-identical workbooks.

    Args:
        scheme: the scheme in force (compiled once for the whole run).
        units: the checked units (see ``xl_dti.units.read_units``).
        out_dir: the output folder (created if needed).
        year: the evaluation year.
        deadline: dd/mm/yyyy, shown in the workbooks.
        contact: the secretariat's contact line, shown in the instructions.
        password: one protection password for every workbook; by default each unit gets its own.
        formulas: ``native`` (default) or ``udf`` (footer cells call the xl-dti Excel functions).
        progress: called after each unit's workbook is written.

    Returns:
        The files written and the registry's path.
    """
    deadline = check_deadline(deadline)
    for option, text in (("--contact", contact), ("--password", password or "")):
        problem = text_problem(text)
        if problem:
            raise UsageError([Problem(problem[0], option, problem[1])])
    registry_path = out_dir / REGISTRY_NAME
    compiled = CompiledScheme(scheme)
    registry = _registry_for(registry_path, compiled, year, formulas)
    registry.deadline, registry.contact = deadline, contact
    options = registry.round_options()
    templates: dict[tuple[str | None, str], Template] = {}
    files: list[Path] = []
    for unit in units:
        unit_password = password or registry.unit_password(unit.code)
        secret = registry.unit_secret(unit.code)
        key = (unit.group, method(unit_password))
        if key not in templates:  # the workbook is compiled once per group, then stamped per unit
            templates[key] = compile_template(compiled, unit.group, options, key[1])
        built = stamp(templates[key], unit, year, compiled.fingerprint, secret, unit_password)
        path = out_dir / workbook_name(year, unit)
        write_bytes_atomic(path, built.data)
        registry.units[unit.code] = RegistryUnit(
            code=unit.code, name=unit.name, group=unit.group, file=path.name,
            sha256=hashlib.sha256(built.data).hexdigest(), structure_fingerprint=built.structure_fingerprint,
            signature=built.signature, password=unit_password, secret=secret,
        )
        files.append(path)
        if progress:
            progress(unit)
    registry.save(registry_path)
    return GenerationReport(files, registry_path)


def _registry_for(path: Path, compiled: CompiledScheme, year: int, formulas: str) -> Registry:
    scheme = compiled.scheme
    if path.exists():
        registry = load_registry(path)
        if (registry.scheme_id, registry.year) != (scheme.id, year):
            params = {"folder": str(path.parent), "scheme": registry.scheme_id, "year": registry.year}
            raise RegistryError([Problem("registry.other_round", str(path), params)])
    else:
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
