"""Find an .xlsx package's parts the way Excel does, and refuse a package whose reading is ambiguous.

``[Content_Types].xml`` gives each part its type; ``_rels/.rels`` names the one office document;
the workbook's relationships name its sheets, shared strings and styles. Refused, each with its
own code: a second workbook, a Strict Open XML package (its own message: save again as Excel
Workbook), macros (by content type and by any VBA part, whatever its name or place), ActiveX
controls, embedded OLE objects, external links and DDE (which fetch data or run code when the
file is opened), a part a relationship names but the package lacks, and a spreadsheet part no
relationship reaches (a decoy some readers might take for the real one).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from xl_dti.consolidation.xml_parts import MAIN, PartError, parse

CONTENT_TYPES = "[Content_Types].xml"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_STRICT_RELATIONSHIPS = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
_SHEET_TYPE = "/worksheet"
_WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": None,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": None,
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "format.macros",
    "application/vnd.ms-excel.template.macroenabled.main+xml": "format.macros",
    "application/vnd.ms-excel.addin.macroenabled.main+xml": "format.macros",
    "application/vnd.ms-excel.sheet.binary.macroenabled.main": "format.xlsb",
}
# what a part's content type, relationship type or name says it is → the code that refuses it
_ACTIVE_TYPES = (
    ("vbaproject", "format.macros"), ("macrosheet", "format.macros"), ("activex", "format.activex"),
    ("oleobject", "format.ole_object"), ("externallink", "format.external_link"),
)
_ACTIVE_NAMES = (
    ("vbaproject", "format.macros"), ("/macrosheets/", "format.macros"), ("/activex/", "format.activex"),
    ("/embeddings/", "format.ole_object"), ("/externallinks/", "format.external_link"),
)
_ACTIVE_RELATIONSHIPS = (
    ("/vbaproject", "format.macros"), ("/xlmacrosheet", "format.macros"), ("/xlintlmacrosheet", "format.macros"),
    ("/control", "format.activex"), ("/activexcontrol", "format.activex"), ("/oleobject", "format.ole_object"),
    ("/package", "format.ole_object"), ("/externallink", "format.external_link"),
    ("/connections", "format.external_link"),
)


@dataclass(frozen=True)
class Located:
    """Where a workbook's content is: sheets (name, hidden, part) in workbook order, and parts."""

    workbook: str
    sheets: tuple[tuple[str, bool, str], ...]
    shared_strings: str | None
    styles: str | None
    core: str | None
    structure_locked: bool


@dataclass(frozen=True)
class _Relationship:
    id: str
    kind: str
    target: str
    external: bool


def locate(parts: Mapping[str, bytes]) -> Located:
    """The parts that hold a workbook's content (see the module docstring).

    Raises:
        PartError: the package is ambiguous, active or not a workbook (a stable code).
    """
    return workbook_parts(parts, office_document(parts))


_DOCUMENTS: dict[tuple[object, ...], str] = {}


def office_document(parts: Mapping[str, bytes]) -> str:
    """The name of the package's one workbook part, after the package-wide checks (remembered by
    the part names and the bytes of the parts they read: every file of a round shares them).

    Raises:
        PartError: the package is ambiguous, active or not a workbook (a stable code).
    """
    key = (tuple(parts), parts.get(CONTENT_TYPES),
           *(data for name, data in parts.items() if name.lower().endswith(".rels")))
    if sum(len(k) for k in key if isinstance(k, bytes)) > 256 * 1024:
        return _office_document(parts)
    found = _DOCUMENTS.get(key)
    if found is None:
        if len(_DOCUMENTS) >= 32:
            _DOCUMENTS.clear()
        found = _DOCUMENTS[key] = _office_document(parts)
    return found


def forget() -> None:
    """Drop the remembered office documents."""
    _DOCUMENTS.clear()


def _office_document(parts: Mapping[str, bytes]) -> str:
    names = {name.lower(): name for name in parts}
    types = _content_types(parts)
    root = _relationships(parts, "", names)
    documents = [r for r in root if r.kind.endswith("/officeDocument") and not r.external]
    if any(r.kind.startswith(_STRICT_RELATIONSHIPS) for r in root):
        raise PartError("format.strict")
    if not documents:
        raise PartError("format.unknown")
    if len(documents) > 1:
        raise PartError("package.two_workbooks", parts=", ".join(r.target for r in documents))
    workbook = _existing(documents[0].target, names)
    problem = _WORKBOOK_TYPES.get(types.of(workbook), "format.unknown")
    if problem:
        raise PartError(problem)
    others = [n for n in parts if n != workbook and types.of(n) in _WORKBOOK_TYPES]
    if others:
        raise PartError("package.two_workbooks", parts=f"{workbook}, {others[0]}")
    reached = _reached(parts, names, root)
    _refuse_active(parts, types, reached)
    _refuse_unreachable(parts, types, reached, posixpath.dirname(workbook))
    return workbook


class _Types:
    def __init__(self, defaults: dict[str, str], overrides: dict[str, str]) -> None:
        self.defaults, self.overrides = defaults, overrides

    def of(self, name: str) -> str:
        found = self.overrides.get("/" + name.lower())
        if found is None:
            found = self.defaults.get(name.rpartition(".")[2].lower(), "")
        return found.lower()


def _content_types(parts: Mapping[str, bytes]) -> _Types:
    if CONTENT_TYPES not in parts:
        raise PartError("format.unknown")
    root = parse(parts[CONTENT_TYPES], CONTENT_TYPES)
    defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(f"{_TYPES}Default")}
    overrides: dict[str, str] = {}
    for element in root.iter(f"{_TYPES}Override"):
        name = element.get("PartName", "").lower()
        if name in overrides:
            raise PartError("package.duplicate_entry", name=name)
        overrides[name] = element.get("ContentType", "")
    return _Types(defaults, overrides)


def _rels_name(source: str) -> str:
    folder, _, base = source.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _relationships(parts: Mapping[str, bytes], source: str, names: Mapping[str, str]) -> list[_Relationship]:
    """A part's relationships, targets resolved to part names (``source`` "" is the package)."""
    rels = names.get(_rels_name(source).lower())
    if rels is None:
        if source == "":
            raise PartError("format.unknown")
        return []
    found, ids = [], set()
    for element in parse(parts[rels], rels).iter(f"{_RELS}Relationship"):
        identifier = element.get("Id", "")
        if identifier in ids:
            raise PartError("package.duplicate_entry", name=f"{rels} {identifier}")
        ids.add(identifier)
        external = element.get("TargetMode", "Internal") == "External"
        target = element.get("Target", "")
        if not external:
            base = posixpath.dirname(source)
            target = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
            target = target.lstrip("/")
        found.append(_Relationship(identifier, element.get("Type", ""), target, external))
    return found


def _existing(target: str, names: Mapping[str, str]) -> str:
    name = names.get(target.lower())
    if name is None:
        raise PartError("package.missing_part", part=target)
    return name


def _reached(parts: Mapping[str, bytes], names: Mapping[str, str], root: list[_Relationship]) -> dict[str, str]:
    """Every part a chain of relationships reaches from the package → the relationship type."""
    reached: dict[str, str] = {}
    pending = [(r, "") for r in root]
    while pending:
        relationship, _ = pending.pop()
        for needle, code in _ACTIVE_RELATIONSHIPS:
            if relationship.kind.lower().endswith(needle):
                raise PartError(code, part=relationship.target)
        if relationship.external:
            continue
        name = names.get(relationship.target.lower())
        if name is None or name in reached:
            continue
        reached[name] = relationship.kind
        if name.lower().endswith((".xml", ".rels", ".vml")) or "." not in name.rpartition("/")[2]:
            pending += [(r, name) for r in _relationships(parts, name, names)]
    return reached


def _refuse_active(parts: Mapping[str, bytes], types: _Types, reached: Mapping[str, str]) -> None:
    for name in parts:
        kind, lowered = types.of(name), "/" + name.lower()
        for needle, code in _ACTIVE_TYPES:
            if needle in kind:
                raise PartError(code, part=name)
        for needle, code in _ACTIVE_NAMES:
            if needle in lowered:
                raise PartError(code, part=name)


def _refuse_unreachable(parts: Mapping[str, bytes], types: _Types, reached: Mapping[str, str], folder: str) -> None:
    """A spreadsheet part (by its type, or an XML part in the workbook's folder) that no
    relationship reaches is refused: only the part Excel reads may hold the content."""
    for name in parts:
        if name in reached or name == CONTENT_TYPES or name.endswith("/") or name.lower().endswith(".rels"):
            continue
        kind = types.of(name)
        if "spreadsheetml" in kind or "ms-excel" in kind or (
                name.startswith(folder + "/") and name.lower().endswith(".xml")):
            raise PartError("package.unreachable_part", part=name)


def workbook_parts(parts: Mapping[str, bytes], workbook: str) -> Located:
    """What the workbook part and its relationships say: the sheets, the other parts, the lock."""
    names = {name.lower(): name for name in parts}
    root = parse(parts[workbook], workbook)
    if root.tag != f"{{{MAIN}}}workbook":
        raise PartError("format.strict" if root.tag.endswith("ooxml/spreadsheetml/main}workbook") else "format.unknown")
    relationships = {r.id: r for r in _relationships(parts, workbook, names)}
    sheets = []
    for sheet in root.iter(f"{{{MAIN}}}sheet"):
        relationship = relationships.get(sheet.get(f"{_R}id", ""))
        if relationship is None or relationship.external:
            raise PartError("package.missing_part", part=f"{workbook} {sheet.get('name', '')}")
        if not relationship.kind.endswith(_SHEET_TYPE):
            raise PartError("format.unknown")  # a chart or dialog sheet where a form sheet belongs
        sheets.append((sheet.get("name", ""), sheet.get("state") in ("hidden", "veryHidden"),
                       _existing(relationship.target, names)))
    protection = root.find(f"{{{MAIN}}}workbookProtection")
    return Located(
        workbook, tuple(sheets), _single(relationships.values(), "/sharedStrings", names),
        _single(relationships.values(), "/styles", names), _core(parts, names),
        protection is not None and protection.get("lockStructure") in ("1", "true"),
    )


def _single(relationships: Iterable[_Relationship], kind: str, names: Mapping[str, str]) -> str | None:
    found = [r.target for r in relationships if r.kind.endswith(kind) and not r.external]
    if len(found) > 1:
        raise PartError("package.two_workbooks", parts=", ".join(found))
    return _existing(found[0], names) if found else None


def _core(parts: Mapping[str, bytes], names: Mapping[str, str]) -> str | None:
    for relationship in _relationships(parts, "", names):
        if relationship.kind.endswith("/core-properties") and not relationship.external:
            return names.get(relationship.target.lower())
    return None
