"""Validate every part of an xlsx package against the ISO/IEC 29500 transitional schemas.

The schemas are a copy of the ones Excel's strictness follows (``tests/ooxml-schemas``, see its README).
Each part is matched to its content type in ``[Content_Types].xml`` (an ``Override`` by name, else a
``Default`` by extension); its root element must be the one that content type calls for, and the part
must validate. A part that is not well-formed XML (an illegal character, say) is a problem too.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "ooxml-schemas"

_SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CT = "application/vnd.openxmlformats-officedocument."
ROOTS: dict[str, str] = {
    _CT + "spreadsheetml.sheet.main+xml": _SML + "workbook",
    _CT + "spreadsheetml.template.main+xml": _SML + "workbook",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": _SML + "workbook",
    _CT + "spreadsheetml.worksheet+xml": _SML + "worksheet",
    _CT + "spreadsheetml.chartsheet+xml": _SML + "chartsheet",
    _CT + "spreadsheetml.styles+xml": _SML + "styleSheet",
    _CT + "spreadsheetml.sharedStrings+xml": _SML + "sst",
    _CT + "spreadsheetml.comments+xml": _SML + "comments",
    _CT + "spreadsheetml.table+xml": _SML + "table",
    _CT + "spreadsheetml.calcChain+xml": _SML + "calcChain",
    _CT + "spreadsheetml.externalLink+xml": _SML + "externalLink",
    _CT + "theme+xml": "{http://schemas.openxmlformats.org/drawingml/2006/main}theme",
    _CT + "drawing+xml": "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}wsDr",
    _CT + "drawingml.chart+xml": "{http://schemas.openxmlformats.org/drawingml/2006/chart}chartSpace",
    _CT + "extended-properties+xml":
        "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Properties",
    _CT + "custom-properties+xml":
        "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}Properties",
    "application/vnd.openxmlformats-package.core-properties+xml":
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}coreProperties",
    "application/vnd.openxmlformats-package.relationships+xml":
        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships",
}
NOT_XML = {"image/png", "image/jpeg", "image/gif", "application/vnd.openxmlformats-officedocument.vmlDrawing"}
"""Content types that are not schema-validated parts (pictures; VML, a legacy format with no schema here)."""


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@functools.cache
def schema() -> etree.XMLSchema:
    """One schema over every namespace a spreadsheet package uses (``all.xsd`` imports them)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "all.xsd")))


def problems(package: Path | bytes) -> list[str]:
    """Every problem of the package's parts: ``part: message`` (empty when all of them validate)."""
    data = package.read_bytes() if isinstance(package, Path) else package
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        types = archive.read("[Content_Types].xml")
        found += _validate("[Content_Types].xml", types, "{http://schemas.openxmlformats.org/package/2006/content-types}Types")
        defaults, overrides = _content_types(types)
        for name in names:
            if name == "[Content_Types].xml":
                continue
            content_type = overrides.get("/" + name) or defaults.get(name.rsplit(".", 1)[-1].lower())
            if content_type is None:
                found.append(f"{name}: no content type")
            elif content_type in NOT_XML:
                continue
            elif content_type not in ROOTS:
                found.append(f"{name}: content type {content_type} is not one these tests know")
            else:
                found += _validate(name, archive.read(name), ROOTS[content_type])
    return found


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    root = etree.fromstring(data)
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(ns + "Default")}
    overrides = {e.get("PartName", ""): e.get("ContentType", "") for e in root.iter(ns + "Override")}
    return defaults, overrides


def _validate(name: str, data: bytes, root_tag: str) -> list[str]:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as error:
        return [f"{name}: not well-formed XML: {error}"]
    if root.tag != root_tag:
        return [f"{name}: root is {root.tag}, its content type calls for {root_tag}"]
    for element in root.iter():  # Excel writes xml:space on <t> itself; the schemas leave it out of ST_Xstring
        if element.get(_XML_SPACE) == "preserve":
            del element.attrib[_XML_SPACE]
    validator = schema()
    if validator.validate(root):
        return []
    return [f"{name}:{e.line}: {e.message}" for e in validator.error_log]  # type: ignore[attr-defined]


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAX_ROW_HEIGHT = 409.0
MAX_TEXT = 32767  # UTF-16 code units in one cell
MAX_FORMULA, MAX_NESTING, MAX_ARGUMENTS = 8192, 64, 255
MAX_PROMPT_TITLE, MAX_PROMPT = 32, 255  # a data validation's title and message (input and error)


def limit_problems(package: Path | bytes) -> list[str]:
    """What the schemas allow but Excel does not: every cell text, row height, formula and data
    validation past Excel's limits (``part: message``; empty when there is none)."""
    data = package.read_bytes() if isinstance(package, Path) else package
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml") or not name.startswith("xl/"):
                continue
            root = etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False, huge_tree=True))
            found += [f"{name}: {problem}" for problem in _limits(root)]
    return found


def _limits(root: etree._Element) -> list[str]:
    ns = "{" + MAIN + "}"
    found = []
    for text in root.iter(ns + "t"):
        units = len((text.text or "").encode("utf-16-le")) // 2
        if units > MAX_TEXT:
            found.append(f"a text of {units} UTF-16 units (Excel holds {MAX_TEXT})")
    for row in root.iter(ns + "row"):
        if row.get("ht") is not None and float(row.get("ht", "0")) > MAX_ROW_HEIGHT:
            found.append(f"row {row.get('r')} is {row.get('ht')} pt high (at most {MAX_ROW_HEIGHT})")
    for formula in root.iter(ns + "f", ns + "formula1", ns + "formula2", ns + "formula"):
        found += [f"<{etree.QName(formula).localname}> {problem}" for problem in formula_problems(formula.text or "")]
        if etree.QName(formula).localname.startswith("formula") and (formula.text or "").startswith("="):
            found.append(f"<{etree.QName(formula).localname}> starts with '=': {formula.text[:40]!r}")
    for validation in root.iter(ns + "dataValidation"):
        for key, limit in (("promptTitle", MAX_PROMPT_TITLE), ("errorTitle", MAX_PROMPT_TITLE),
                           ("prompt", MAX_PROMPT), ("error", MAX_PROMPT)):
            length = len(validation.get(key, ""))
            if length > limit:
                found.append(f"a data validation's {key} has {length} characters (at most {limit})")
    return found


def formula_problems(formula: str) -> list[str]:
    """Excel's limits on one formula: its length, how deep its functions nest, how many arguments each takes."""
    found = []
    if len(formula) > MAX_FORMULA:
        found.append(f"a formula of {len(formula)} characters (at most {MAX_FORMULA})")
    depth, deepest, arguments, quoted, braced = 0, 0, [0], False, False
    for i, char in enumerate(formula):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "{}":  # an array constant's items are not arguments
            braced = char == "{"
        elif braced:
            continue
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
            arguments.append(0 if formula[i + 1: i + 2] == ")" else 1)
        elif char == ")":
            depth -= 1
            if arguments.pop() > MAX_ARGUMENTS:
                found.append(f"a function with more than {MAX_ARGUMENTS} arguments")
        elif char == "," and depth > 0:
            arguments[-1] += 1
    if deepest > MAX_NESTING:
        found.append(f"a formula nested {deepest} levels deep (at most {MAX_NESTING}): {formula[:60]}…")
    return found
