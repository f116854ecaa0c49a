"""Look at a returned file's bytes before any parser does: its real format and a safe zip package.

Checks, failing closed: the file is not empty, not a PDF, HTML, legacy .xls or encrypted workbook
renamed to .xlsx; the zip starts at byte 0 (no data hidden before it) and every byte of it belongs
to an entry the central directory lists, to the directory or to its end record (two packages
joined, or an entry hidden between entries, are refused), is complete, has no duplicate or
case-duplicate entry names, stays within the entry-count, size and compression-ratio limits (zip
bombs), and no XML part declares a DOCTYPE (XML bombs, external entities). A zip that is both an
OpenDocument spreadsheet and an Office Open XML package is refused; an .xlsx package must then
name one workbook the way Excel finds it (``opc.office_document``).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Literal

from xl_dti.consolidation.opc import CONTENT_TYPES, office_document
from xl_dti.consolidation.xml_parts import PartError
from xl_dti.errors import Problem

inflate: ModuleType
try:  # zlib-ng inflates three times as fast as zlib; the results are the same bytes
    from zlib_ng import zlib_ng as inflate
except ImportError:  # pragma: no cover - a platform without its wheels
    inflate = zlib
_DAMAGED: tuple[type[Exception], ...] = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                                        RuntimeError, struct.error, zlib.error, inflate.error)

Kind = Literal["xlsx", "ods"]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass(frozen=True)
class Limits:
    """Bounds on what a returned file may cost; recorded in the manifest."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 1000
    max_uncompressed_bytes: int = 100 * 1024 * 1024
    max_ratio: float = 100.0
    timeout_seconds: float = 60.0
    memory_mb: int = 1024


@dataclass
class Package:
    """A returned file that passed the package checks: its kind and its decompressed parts."""

    kind: Kind
    parts: dict[str, bytes] = field(default_factory=dict)


def open_package(data: bytes, where: str, limits: Limits) -> tuple[Package | None, list[Problem]]:
    """Identify and unpack a returned file, or say why it cannot be read.

    Args:
        data: the file's bytes.
        where: the file's name, for messages.
        limits: size, entry and ratio bounds.

    Returns:
        The package (``None`` when rejected) and the problems found.
    """
    problem = _sniff(data, limits)
    if problem:
        return None, [Problem(problem, where)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, [Problem("format.damaged", where)]
    problems = [Problem(code, where, params) for code, params in _check_entries(infos, limits)]
    if problems:
        return None, problems
    try:
        parts = {info.filename: _member(data, info) for info in infos if not info.is_dir()}
        covered = _covers_the_file(data, infos, archive)
    except _DAMAGED:
        return None, [Problem("format.damaged", where)]
    if not covered:
        return None, [Problem("package.hidden_data", where)]
    for name, content in parts.items():
        if not name.lower().endswith(_XML_SUFFIXES) or not markup_after(content, 0, b"!"):
            continue  # both declarations start with "<!": most parts have none, and need no lowering
        lowered = content.lower()
        if b"<!doctype" in lowered or b"<!entity" in lowered:
            return None, [Problem("package.doctype", where, {"part": name})]
    return _kind(parts, where)


_LOCAL_HEADER = struct.Struct("<4s2xHH16xHH")  # signature, flags, method, name and extra lengths


def _member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """One entry's bytes, checked against the central directory's size and CRC.

    Read straight from the package, so the faster zlib-ng inflates it when installed; never more
    than the declared size plus one byte is inflated, so a lying header cannot exhaust memory. The
    local header must agree with the central directory (name, method) and lie inside the file.
    """
    if info.header_offset < 0:  # zipfile computes it from the end record, which may lie
        raise zipfile.BadZipFile(f"{info.filename} starts before the file")
    signature, flags, method, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    if signature != ZIP_MAGIC:
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    if flags & 0x1:
        raise NotImplementedError(f"{info.filename} is encrypted")
    name_start = info.header_offset + _LOCAL_HEADER.size
    name = data[name_start:name_start + name_length].decode("utf-8" if flags & 0x800 else "cp437")
    if name != info.orig_filename or method != info.compress_type:  # as zipfile checks, and more
        raise zipfile.BadZipFile(f"{info.filename}: the local header disagrees with the directory")
    start = name_start + name_length + extra_length
    raw = data[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        raise EOFError(f"{info.filename} is truncated")
    if method == zipfile.ZIP_STORED:
        content = raw
    elif method == zipfile.ZIP_DEFLATED:
        content = inflate.decompressobj(-15).decompress(raw, info.file_size + 1)
    else:
        raise NotImplementedError(f"{info.filename}: compression method {method}")
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename} does not match its size or CRC")
    return content


def markup_after(data: bytes, start: int, marks: bytes) -> bool:
    """Whether "<" followed by one of ``marks`` (``!`` for "<!", ``?`` for "<?") occurs from ``start``.

    Each mark is looked for on its own and its "<" checked: a one-byte search runs many times
    faster than a two-byte one, and these marks are rare in workbook XML.
    """
    for mark in marks:
        at = data.find(mark, start)
        while at >= 0:
            if at > start and data[at - 1] == 0x3C:  # "<"
                return True
            at = data.find(mark, at + 1)
    return False


def _sniff(data: bytes, limits: Limits) -> str | None:
    head = data[:1024].lstrip().lower()
    if not data:
        return "format.empty"
    if len(data) > limits.max_file_bytes:
        return "package.too_large"
    if data.startswith(OLE_MAGIC):
        return "format.encrypted" if "EncryptionInfo".encode("utf-16-le") in data else "format.xls"
    if data.startswith(b"%PDF"):
        return "format.pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<")):
        return "format.html"
    if not data.startswith(ZIP_MAGIC):
        return "package.junk_prefix" if ZIP_MAGIC in data else "format.unknown"
    return None


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> list[tuple[str, dict[str, object]]]:
    found: list[tuple[str, dict[str, object]]] = []
    if len(infos) > limits.max_entries:
        found.append(("package.too_many_entries", {"count": len(infos), "limit": limits.max_entries}))
    names = [i.filename for i in infos]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        found.append(("package.duplicate_entry", {"name": duplicates[0]}))
    folded = [n.lower() for n in names]
    case_duplicates = sorted({n for n in names if folded.count(n.lower()) > 1} - set(duplicates))
    if case_duplicates:
        found.append(("package.duplicate_entry", {"name": case_duplicates[0]}))
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        found.append(("package.too_large", {}))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            found.append(("package.zip_bomb", {"part": info.filename, "ratio": int(ratio)}))
            break
    return found


_OPENDOCUMENT_PARTS = ("mimetype", "content.xml", "META-INF/manifest.xml")
_ODS_MACROS = ("basic/", "scripts/")


def _kind(parts: dict[str, bytes], where: str) -> tuple[Package | None, list[Problem]]:
    opendocument = any(name in parts for name in _OPENDOCUMENT_PARTS)
    if opendocument and CONTENT_TYPES in parts:
        return None, [Problem("package.polyglot", where)]
    if opendocument:
        if parts.get("mimetype", b"").strip() != ODS_MIME:
            return None, [Problem("format.unknown", where)]
        macro = next((n for n in parts if n.lower().startswith(_ODS_MACROS) and not n.endswith("/")), None)
        if macro:
            return None, [Problem("format.macros", where, {"part": macro})]
        return Package("ods", parts), []
    try:
        office_document(parts)
    except PartError as exc:
        if exc.code == "format.unknown" and any(n.lower().endswith("/workbook.bin") for n in parts):
            return None, [Problem("format.xlsb", where)]  # however incomplete its package
        return None, [Problem(exc.code, where, exc.params)]
    return Package("xlsx", parts), []


_END_RECORD = struct.Struct("<4s4H2LH")
_DESCRIPTOR_SIZES = (0, 12, 16, 20, 24)  # none; CRC and sizes, with or without signature, zip64 or not


def _covers_the_file(data: bytes, infos: list[zipfile.ZipInfo], archive: zipfile.ZipFile) -> bool:
    """Whether the entries, in order from byte 0, then the central directory and its end record
    (with its comment) fill the file exactly: no second package joined on, nothing hidden between
    entries or after the end."""
    position = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != position:
            return False
        _, flags, _, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, position)
        end = position + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
        following = [end + size for size in (_DESCRIPTOR_SIZES if flags & 0x8 else (0,))]
        position = next((p for p in following if _starts_record(data, p)), -1)
        if position < 0:
            return False
    directory: int = archive.start_dir
    if directory != position:
        return False
    end_record = data.rfind(b"PK\x05\x06")
    if end_record < 0 or len(data) - end_record < _END_RECORD.size:
        return False
    comment_length: int = _END_RECORD.unpack_from(data, end_record)[-1]
    return end_record + _END_RECORD.size + comment_length == len(data)


def _starts_record(data: bytes, position: int) -> bool:
    """Whether a local header, the central directory or (an empty zip) its end starts here."""
    return data[position:position + 4] in (ZIP_MAGIC, b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06")
