"""Stamp unit workbooks from a compiled template instead of building each one from scratch.

A template is one workbook built for a group with placeholder unit strings and password. Each
unit's workbook is the template's package with only what differs rewritten: the placeholders in
the few parts that hold them, the protection hashes, the identity (structure fingerprint,
signature) in «_meta», and the height of the rows that name the unit. Unchanged parts are copied
still compressed; in the others, only the unit's own text is compressed, between fixed pieces
compressed once. The result is equivalent, part for part, to ``build_workbook`` for the same unit
(a test proves it).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from xml.sax.saxutils import escape

from openpyxl.compat import safe_string

from xl_dti.consolidation.expected import grid_content
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.units import Unit
from xl_dti.workbook.build import (
    SHEETS,
    BuiltWorkbook,
    CompiledScheme,
    RoundOptions,
    UnitRow,
    build_workbook,
    check_part,
    named,
    names_unit,
    unit_rows,
)
from xl_dti.workbook.layout import row_column
from xl_dti.workbook.protection import Protection, method, protection_for
from xl_dti.workbook.structure import FINGERPRINTED_SHEETS, fingerprint_entry, fingerprint_of_entries, signature

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
    references: bool  # non-ASCII text is written as character references (openpyxl with lxml) not UTF-8
    pieces: tuple[_Piece | int, ...] = ()  # a variable part: its fixed pieces and, between them, which marker
    rows: tuple[_Row, ...] = ()  # the part's rows whose height follows the unit's text (markers after the 5 shared)

    @property
    def variable(self) -> bool:
        """Whether the part holds a placeholder, a password hash, the identity or a row sized to the unit."""
        return bool(self.pieces)


@dataclass(frozen=True)
class _Row:
    tag: bytes  # the row's start tag in the template, holding the placeholder's height
    height: Callable[[Unit], float]

    def for_unit(self, unit: Unit) -> bytes:
        """The start tag with the height the unit's own text needs (spelled as openpyxl spells it)."""
        return _HEIGHT.sub(b'ht="%s"' % safe_string(self.height(unit)).encode(), self.tag, count=1)


@dataclass(frozen=True)
class _Piece:
    """A fixed stretch of a variable part, kept as it is and as a deflate stream that can be continued."""

    data: bytes
    compressed: bytes


@dataclass
class Template:
    """A group's workbook with placeholders, ready to stamp."""

    group: str | None
    parts: list[_Part]
    content: list[bytes | tuple[str, str, str]]  # fingerprint entries: fixed runs, and the cells naming the unit
    fingerprint: str
    signature: str
    method: str  # how the template's password is stored: every unit stamped from it must use the same
    salt: bytes
    protection: Protection


def compile_template(
    compiled: CompiledScheme, group: str | None, options: RoundOptions, protection: str = "legacy"
) -> Template:
    """Build the group's template workbook once, for passwords stored by ``protection`` (see ``method``)."""
    placeholder = _placeholder(group)
    password = TEMPLATE_PASSWORDS[protection]
    built = build_workbook(compiled, placeholder, options, TEMPLATE_SECRET, password)
    package, _ = open_package(built.data, "template", Limits())
    assert package is not None, "a workbook xl-dti builds always opens"
    grid = read_xlsx(package.parts)
    content = sorted(grid_content(grid, compiled.layout(group)).items(),
                     key=lambda item: (FINGERPRINTED_SHEETS.index(item[0][0]), row_column(item[0][1])))
    stored = protection_for(password, options.salt)
    markers = [CODE_TOKEN, NAME_TOKEN, _hash_marker(stored), built.structure_fingerprint, built.signature]
    rows_by_part: dict[str, list[UnitRow]] = {}
    for row in unit_rows(compiled, placeholder, options):
        rows_by_part.setdefault(f"xl/worksheets/sheet{SHEETS.index(row.sheet) + 1}.xml", []).append(row)
    parts = []
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            references = NAME_TOKEN.encode("ascii", "xmlcharrefreplace") in data
            rows = tuple(_Row(_row_tag(data, row.row), row.height) for row in rows_by_part.get(info.filename, []))
            spelled = [m.encode("ascii" if references else "utf-8", "xmlcharrefreplace") for m in markers]
            pieces = _pieces(data, spelled + [row.tag for row in rows])
            parts.append(_Part(info.filename, data, info.CRC, _deflate(data), references,
                               pieces if len(pieces) > 1 else (), rows))
    entries = _entries([(s, c, v) for (s, c), v in content], placeholder)
    return Template(group, parts, entries, built.structure_fingerprint, built.signature, protection, options.salt,
                    stored)


def _row_tag(data: bytes, row: int) -> bytes:
    """A row's start tag in a sheet's XML (the writer gives every row that names the unit its height)."""
    [tag] = re.findall(rb'<row r="%d"[^>]*>' % row, data)
    assert _HEIGHT.search(tag), f"row {row} has no height of its own: {tag!r}"
    return bytes(tag)


def _pieces(data: bytes, markers: list[bytes]) -> tuple[_Piece | int, ...]:
    """``data`` cut at every marker: its fixed pieces (each compressed once, here) and the markers' indexes."""
    found: list[_Piece | int] = []
    pattern = re.compile(b"|".join(re.escape(m) for m in markers))
    start = 0
    for match in pattern.finditer(data):
        found += [_fixed(data[start:match.start()]), markers.index(match.group())]
        start = match.end()
    return (*found, _fixed(data[start:]))


def _fixed(data: bytes) -> _Piece:
    """A fixed piece, checked here once: pieces and values are whole UTF-8 characters, cut before a marker's
    first (ASCII) byte, so no character XML forbids can arise where they join."""
    return _Piece(check_part("template", data), _deflate_run(data))


def _entries(content: list[tuple[str, str, str]], placeholder: Unit) -> list[bytes | tuple[str, str, str]]:
    """The fingerprint's entries with every run of cells that do not name the unit joined once, here."""
    entries: list[bytes | tuple[str, str, str]] = []
    for names, run in groupby(content, key=lambda cell: names_unit(cell[2], placeholder)):
        cells = list(run)
        entries += cells if names else [b"".join(fingerprint_entry(*cell) for cell in cells)]
    return entries


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
    placeholder = _placeholder(template.group)
    structure = fingerprint_of_entries(
        entry if isinstance(entry, bytes) else fingerprint_entry(entry[0], entry[1], named(entry[2], placeholder, unit))
        for entry in template.content
    )
    signed = signature(secret, unit.code, year, scheme_fingerprint, structure)
    values = [escape(unit.code), escape(unit.name), _hash_marker(protection_for(password, template.salt)), structure,
              signed]  # in the order of the template's markers
    entries = []
    for part in template.parts:
        if not part.variable:
            entries.append((part.name, part.crc, len(part.data), part.compressed))
            continue
        # spell the unit's text the way the writer spelled the placeholder in this part
        spelled = [check_part(part.name, value.encode("ascii" if part.references else "utf-8", "xmlcharrefreplace"))
                   for value in values]  # the fixed pieces were checked once: together, the whole part is
        spelled += [row.for_unit(unit) for row in part.rows]
        data = b"".join(piece.data if isinstance(piece, _Piece) else spelled[piece] for piece in part.pieces)
        compressed = b"".join(piece.compressed if isinstance(piece, _Piece) else _deflate_run(spelled[piece])
                              for piece in part.pieces)
        entries.append((part.name, zlib.crc32(data), len(data), compressed + _LAST_BLOCK))
    return BuiltWorkbook(_zip(entries), structure, signed)


def _placeholder(group: str | None) -> Unit:
    """The unit a group's template is built for: a code and a name no other text of the workbook holds."""
    return Unit(CODE_TOKEN, NAME_TOKEN, group)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _deflate_run(data: bytes) -> bytes:
    """``data`` as deflate blocks that end on a byte boundary without closing the stream: runs compressed
    apart and joined, then closed with ``_LAST_BLOCK``, are one valid stream (RFC 1951, 3.2.3), so a part's
    fixed pieces are compressed once per template and only the unit's own text for each unit."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


_HEIGHT = re.compile(rb'ht="[^"]*"')
_LAST_BLOCK = zlib.compressobj(6, zlib.DEFLATED, -15).flush()  # an empty final block: the stream's end


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

