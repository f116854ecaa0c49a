"""Parse a returned file's XML parts with a conforming parser (expat) that refuses DTDs and entities.

Every part the reader takes a value from goes through here, so a part that Excel or LibreOffice
would refuse to open (not well-formed, a DOCTYPE, an undefined entity) is refused too, in any
encoding the parser knows (a UTF-16 part cannot hide a DOCTYPE from a byte search).
"""

from __future__ import annotations

import pyexpat
import re
from typing import Any
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"


class PartError(ValueError):
    """A part (or the package) that cannot be read as one unambiguous workbook: a stable code and
    the values its message needs."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code} {params}")
        self.code = code
        self.params = params


def _refuse_declaration(*_: object) -> None:
    raise PartError("package.doctype")


class _Unusual:
    """Whether a part holds markup a plain reading does not expect: comments, processing
    instructions or CDATA sections, or an encoding other than UTF-8."""

    def __init__(self) -> None:
        self.found = False

    def mark(self, *_: object) -> None:
        self.found = True

    def declaration(self, _version: str | None, encoding: str | None, _standalone: int) -> None:
        if encoding is not None and encoding.lower() not in ("utf-8", "utf8"):
            self.found = True


def check_well_formed(data: bytes, part: str) -> bool:
    """Refuse a part that is not well-formed XML or that declares a DOCTYPE or an entity.

    Expat runs with namespaces (an unbound prefix is an error, as in Excel) and without element
    handlers (the parse stays in C); the handlers set are called only when what they look for
    exists: a DOCTYPE (refused), a comment, a processing instruction, a CDATA section.

    Returns:
        Whether the part holds comments, processing instructions, CDATA or a non-UTF-8 encoding
        (the worksheet fast path then leaves it to the parser).

    Raises:
        PartError: ``package.malformed_xml`` or ``package.doctype``, naming the part.
    """
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    unusual = _Unusual()
    parser.CommentHandler = parser.ProcessingInstructionHandler = parser.StartCdataSectionHandler = unusual.mark
    parser.XmlDeclHandler = unusual.declaration
    try:
        parser.Parse(data, True)
    except PartError:
        raise PartError("package.doctype", part=part) from None
    except (pyexpat.ExpatError, ValueError, LookupError) as exc:
        raise PartError("package.malformed_xml", part=part, detail=str(exc)) from None
    return unusual.found


def parse(data: bytes, part: str) -> Element:
    """The element tree of a part: ``check_well_formed`` first (which refuses any DOCTYPE, so no
    entity can be declared), then ElementTree's C parser builds the tree (defusedxml's parser
    would call Python for every element: several times slower on a worksheet).

    Raises:
        PartError: ``package.malformed_xml`` or ``package.doctype``, naming the part.
    """
    check_well_formed(data, part)
    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError, LookupError) as exc:  # pragma: no cover - expat said it was fine
        raise PartError("package.malformed_xml", part=part, detail=str(exc)) from None


def local_name(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


_REFERENCE = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _reference(found: re.Match[str]) -> str:
    hexadecimal, decimal, name = found.groups()
    if name:
        return _NAMED[name]
    return chr(int(hexadecimal, 16) if hexadecimal else int(decimal))


def text_of(raw: bytes) -> str:
    """Character data as an XML parser reports it, for a well-formed part without a DTD: line
    ends normalised (CR LF and CR become LF), then the five predefined entities and character
    references decoded (no HTML rules: ``&#x80;`` is U+0080, as in XML)."""
    if not raw:
        return ""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    text = raw.decode("utf-8")
    return _REFERENCE.sub(_reference, text) if "&" in text else text
