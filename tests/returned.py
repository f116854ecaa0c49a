"""Build returned files for consolidation tests: honest ones, and one per threat."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from xl_dti import load_scheme
from xl_dti.answers_file import read_answers
from xl_dti.generate import generate
from xl_dti.registry import Registry, load_registry
from xl_dti.resources import samples_dir
from xl_dti.scheme import Scheme
from xl_dti.units import Unit
from xl_dti.workbook.fill import fill_workbook

SCHEME_ID = "haugiang-2022-so"
UNITS = [
    Unit("so-noi-vu", "Sở Nội vụ", "so"),
    Unit("so-tu-phap", "Sở Tư pháp", "so"),
    Unit("kho-bac", "Kho bạc Nhà nước Hậu Giang", "nganh-doc"),
]
SAMPLE = {"so-noi-vu": "so__so-noi-vu", "so-tu-phap": "so__so-tu-phap", "kho-bac": "nganh-doc__kho-bac-nha-nuoc"}


@dataclass
class Kit:
    """A generated round (scheme, registry, blank workbooks) and helpers to make returned files."""

    scheme: Scheme
    registry: Registry
    registry_path: Path
    blanks: dict[str, Path]
    work: Path

    def answers(self, unit: str) -> dict[str, Any]:
        """The sample answers of a unit."""
        return read_answers(samples_dir() / "answers" / SCHEME_ID / f"{SAMPLE[unit]}.yaml")

    def filled(self, target: Path, unit: str = "so-noi-vu", **changes: Any) -> Path:
        """A unit's workbook filled with its sample answers, with some answers changed."""
        fill_workbook(self.blanks[unit], target, self.scheme, {**self.answers(unit), **changes})
        return target

    def edited(self, target: Path, edit: Callable[[Any], None], unit: str = "so-noi-vu") -> Path:
        """A filled workbook re-saved by openpyxl after ``edit(workbook)``."""
        source = self.filled(self.work / f"base-{target.name}", unit)
        workbook = load_workbook(source)
        edit(workbook)
        workbook.save(target)
        return target

    def cell_of(self, code: str, name: str = "value") -> str:
        """The input cell of an indicator (from the generated layout)."""
        from xl_dti.workbook.layout import compute_layout

        layout = compute_layout(self.scheme, "so")
        if name in ("na", "evidence", "explanation"):
            return layout.na_cell(code) if name == "na" else layout.text_cells(code)[name]  # type: ignore[return-value]
        return layout.inputs[code][name]


def make_kit(folder: Path) -> Kit:
    """Generate the round into ``folder/generated``."""
    scheme = load_scheme(SCHEME_ID)
    generated = folder / "generated"
    report = generate(scheme, UNITS, generated, year=2022, deadline="15/01/2023")
    registry = load_registry(report.registry)
    blanks = {u.code: generated / registry.units[u.code].file for u in UNITS}
    work = folder / "work"
    work.mkdir()
    return Kit(scheme, registry, report.registry, blanks, work)


def zip_parts(path: Path) -> dict[str, bytes]:
    """Every part of an xlsx package."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(target: Path, parts: dict[str, bytes] | list[tuple[str, bytes]]) -> Path:
    """A zip with these parts (a list may repeat names)."""
    items = parts.items() if isinstance(parts, dict) else parts
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(name, data)
    return target


def sheet_part(parts: dict[str, bytes], sheet_index: int) -> str:
    """The part name of the n-th worksheet (1-based, in the order openpyxl writes them)."""
    return f"xl/worksheets/sheet{sheet_index}.xml"


def replace_in_part(path: Path, target: Path, part: str, old: bytes, new: bytes, count: int = 1) -> Path:
    """A copy of a package with bytes replaced in one part."""
    parts = zip_parts(path)
    assert old in parts[part], f"{old!r} not in {part}"
    parts[part] = parts[part].replace(old, new, count)
    return write_zip(target, parts)


def saved_at(path: Path, saved: str) -> Path:
    """Give the workbook a saved time (``dcterms:modified``), in place."""
    parts = zip_parts(path)
    fixed = rb"<dcterms:modified\1>" + saved.encode() + rb"<"
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", fixed, parts["docProps/core.xml"])
    return write_zip(path, parts)


def set_cell_xml(path: Path, target: Path, part: str, coordinate: str, xml: str) -> Path:
    """Replace one cell's XML element in a sheet part (or add it to its row)."""
    parts = zip_parts(path)
    text = parts[part].decode("utf-8")
    pattern = re.compile(rf'<c r="{coordinate}"[^>]*?(/>|>.*?</c>)')
    if pattern.search(text):
        text = pattern.sub(xml, text, count=1)
    else:
        row = re.sub(r"[A-Z]+", "", coordinate)
        text = re.sub(rf'(<row r="{row}"[^>]*>)', rf"\1{xml}", text, count=1)
    parts[part] = text.encode("utf-8")
    return write_zip(target, parts)


def blank_workbook_with(values: dict[str, Any], target: Path) -> Path:
    """A new workbook with values pasted in (no identity)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chấm điểm"
    for address, value in values.items():
        sheet[address] = value
    workbook.save(target)
    return target


def touch(path: Path, when: datetime) -> Path:
    """Set a file's modification time."""
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def bytes_of(data: bytes, target: Path) -> Path:
    """A file with exactly these bytes."""
    target.write_bytes(data)
    return target


def xlsx_bytes(workbook: Workbook) -> bytes:
    """A workbook saved to bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
