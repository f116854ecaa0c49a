"""Stamp unit workbooks from a compiled template instead of building each one from scratch.

A template is one workbook built for a group with placeholder unit strings and password. Each
unit's workbook is the template's package with only what differs rewritten: the placeholders in
the few parts that hold them, the protection hashes, and the identity (structure fingerprint,
signature) in «_meta». Unchanged parts are copied still compressed. The result is equivalent,
part for part, to ``build_workbook`` for the same unit (a test proves it).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from xl_dti.consolidation.expected import grid_content
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.units import Unit
from xl_dti.workbook.build import BuiltWorkbook, CompiledScheme, RoundOptions, build_workbook, check_part
from xl_dti.workbook.layout import row_column
from xl_dti.workbook.protection import Protection, method, protection_for
from xl_dti.workbook.structure import FINGERPRINTED_SHEETS, fingerprint_of, signature

CODE_TOKEN = "XLDTIUNITCODETOKEN"
NAME_TOKEN = "XLDTIUNITNAMETOKENĐ"  # the «Đ» shows how the writer spells non-ASCII text in each part
TEMPLATE_PASSWORDS = {"legacy": "xl-dti-template", "sha512": "xl-dti template password (SHA-512)"}
TEMPLATE_SECRET = "00" * 32
_DOS_DATE = (1 << 5) | 1  # 1980-01-01, the fixed time of every part


@dataclass(frozen=True)
class _Part:
    name: str
    data: bytes  # uncompressed
    crc: int
    compressed: bytes
    variable: bool  # holds a placeholder, a password hash or the identity
    references: bool  # non-ASCII text is written as character references (openpyxl with lxml) not UTF-8


@dataclass
class Template:
    """A group's workbook with placeholders, ready to stamp."""

    group: str | None
    parts: list[_Part]
    content: list[tuple[str, str, str]]
    fingerprint: str
    signature: str
    method: str  # how the template's password is stored: every unit stamped from it must use the same
    salt: bytes
    protection: Protection


def compile_template(
    compiled: CompiledScheme, group: str | None, options: RoundOptions, protection: str = "legacy"
) -> Template:
    """Build the group's template workbook once, for passwords stored by ``protection`` (see ``method``)."""
    placeholder = Unit(CODE_TOKEN, NAME_TOKEN, group)
    password = TEMPLATE_PASSWORDS[protection]
    built = build_workbook(compiled, placeholder, options, TEMPLATE_SECRET, password)
    package, _ = open_package(built.data, "template", Limits())
    assert package is not None, "a workbook xl-dti builds always opens"
    grid = read_xlsx(package.parts)
    content = sorted(grid_content(grid, compiled.layout(group)).items(),
                     key=lambda item: (FINGERPRINTED_SHEETS.index(item[0][0]), row_column(item[0][1])))
    stored = protection_for(password, options.salt)
    markers = (CODE_TOKEN.encode(), NAME_TOKEN[:-1].encode(), _hash_marker(stored).encode(),
               built.structure_fingerprint.encode())
    parts = []
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            references = NAME_TOKEN.encode("ascii", "xmlcharrefreplace") in data
            parts.append(_Part(info.filename, data, info.CRC, _deflate(data), any(m in data for m in markers),
                               references))
    return Template(group, parts, [(s, c, v) for (s, c), v in content], built.structure_fingerprint,
                    built.signature, protection, options.salt, stored)


def _hash_marker(stored: Protection) -> str:
    """The text that holds the hash, in both the sheets' and the workbook's protection."""
    return f'assword="{stored.legacy}"' if stored.legacy is not None else f'ashValue="{stored.hash_value}"'


def stamp(template: Template, unit: Unit, year: int, scheme_fingerprint: str, secret: str,
          password: str) -> BuiltWorkbook:
    """One unit's workbook from the template.

    Args:
        template: the unit's group's template.
        unit: the unit.
        year: the evaluation year (signed).
        scheme_fingerprint: the scheme's fingerprint (signed).
        secret: the unit's signing secret.
        password: the unit's protection password (stored as the template stores its own).
    """
    if method(password) != template.method:
        raise ValueError(f"a {method(password)} password cannot be stamped on a {template.method} template")
    structure = fingerprint_of(
        (s, c, v.replace(CODE_TOKEN, unit.code).replace(NAME_TOKEN, unit.name)) for s, c, v in template.content
    )
    signed = signature(secret, unit.code, year, scheme_fingerprint, structure)
    replacements = [
        (CODE_TOKEN, escape(unit.code)),
        (NAME_TOKEN, escape(unit.name)),
        (_hash_marker(template.protection), _hash_marker(protection_for(password, template.salt))),
        (template.fingerprint, structure),
        (template.signature, signed),
    ]
    entries = []
    for part in template.parts:
        if not part.variable:
            entries.append((part.name, part.crc, len(part.data), part.compressed))
            continue
        # spell the unit's text the way the writer spelled the placeholder in this part
        encoding = "ascii" if part.references else "utf-8"
        data = part.data
        for old, new in replacements:
            data = data.replace(old.encode(encoding, "xmlcharrefreplace"), new.encode(encoding, "xmlcharrefreplace"))
        check_part(part.name, data)
        entries.append((part.name, zlib.crc32(data), len(data), _deflate(data)))
    return BuiltWorkbook(_zip(entries), structure, signed)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _zip(entries: list[tuple[str, int, int, bytes]]) -> bytes:
    """A deflated zip archive from already-compressed entries, with fixed times."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, crc, size, compressed in entries:
        offset = out.tell()
        encoded = name.encode("utf-8")
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, _DOS_DATE, crc, len(compressed), size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(compressed)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, 0, 8, 0, _DOS_DATE, crc,
                                  len(compressed), size, len(encoded), 0, 0, 0, 0, 0o600 << 16, offset))
        central.write(encoded)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()

