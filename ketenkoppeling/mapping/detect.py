"""Recognising a file's layout by the signature of a mapping: XML namespace and root, sheet and
header names, CSV header.

An XML file is known by its document's own root element: the root, or inside a SOAP envelope
the first element of its Body (a Suwinet response). A file no mapping recognises is reported
by that element, with its namespace.

Detection never raises for a file it cannot read: a file-level problem (empty, no text, a
damaged or hostile workbook, see :func:`file_problem`) is the reason every attempt gives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ketenkoppeling.mapping.spec import Mapping
from ketenkoppeling.sources import excel
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.delimited import check_text_file, read_header
from ketenkoppeling.sources.header import find_header
from ketenkoppeling.sources.xml import PARSER_OPTIONS, open_xml, secure_iterparse, syntax_refusal

XML_SUFFIXES = {".xml"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt"}
SOAP_ENVELOPES = (
    "http://schemas.xmlsoap.org/soap/envelope/",  # SOAP 1.1
    "http://www.w3.org/2003/05/soap-envelope",  # SOAP 1.2
)


@dataclass(frozen=True)
class Attempt:
    mapping: str
    reason: str  # why it does not fit; empty when it does


def file_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in XML_SUFFIXES:
        return "xml"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in CSV_SUFFIXES:
        return "csv"
    return None


def qualified(name: str, namespaces: dict[str, str]) -> str:
    """``kb:Berichtenbatch`` → ``{urn:…}Berichtenbatch`` with the mapping's namespaces."""
    if name.startswith("{") or ":" not in name:
        return name
    prefix, local = name.split(":", 1)
    return f"{{{namespaces.get(prefix, prefix)}}}{local}"


def xml_start_elements(path: Path, limit: int = 6) -> list[str]:
    """The first few element names ({uri}local) of an XML file, read safely."""
    names: list[str] = []
    try:
        with path.open("rb") as handle:  # closed also when the loop stops early
            for _event, element in etree.iterparse(
                handle, events=("start",), resolve_entities=False, no_network=True,
                load_dtd=False, huge_tree=False,
            ):  # fmt: skip
                names.append(element.tag if isinstance(element.tag, str) else "")
                if len(names) >= limit:
                    break
    except (OSError, etree.XMLSyntaxError):
        pass
    return names


def document_root(path: Path) -> tuple[str, bool] | None:
    """The document's own root element (``{uri}local``) and whether it sits in a SOAP
    envelope: the root element, or the first element of the envelope's Body (the Envelope
    itself when its Body is empty or missing). None when the file holds no readable XML."""
    depth, envelope, body, in_body = 0, "", "", False
    try:
        with open(path, "rb") as stream:
            for event, element in etree.iterparse(
                stream, events=("start", "end"), **PARSER_OPTIONS
            ):
                if event == "end":
                    depth -= 1
                    if depth == 0 or (depth == 1 and in_body):  # no Body, or an empty one
                        break
                    element.clear()  # a SOAP Header of any size stays small
                    continue
                depth += 1
                tag = element.tag if isinstance(element.tag, str) else ""
                if depth == 1:
                    uri, _, local = tag[1:].partition("}")
                    if local != "Envelope" or uri not in SOAP_ENVELOPES:
                        return tag, False
                    envelope, body = tag, f"{{{uri}}}Body"
                elif depth == 2:
                    in_body = tag == body
                elif depth == 3 and in_body:
                    return tag, True
    except (OSError, etree.XMLSyntaxError):
        pass
    return (envelope, False) if envelope else None


def describe_root(path: Path) -> str:
    """Dutch: ``hoofdelement {uri}Local`` (``… in een SOAP-envelop``), or that there is none."""
    found = document_root(path)
    if found is None:
        return "geen leesbare XML"
    tag, in_envelope = found
    return f"hoofdelement {tag}" + (" in een SOAP-envelop" if in_envelope else "")


def check_signature(mapping: Mapping, path: Path) -> str:
    """Empty when ``path`` fits the mapping's signature, else the Dutch reason it does not."""
    fmt = file_format(path)
    if fmt != mapping.source.format:
        return f"verwacht een {mapping.source.format}-bestand"
    if fmt == "xml":
        root = qualified(mapping.signature_root or "", mapping.namespaces)
        if root in xml_start_elements(path):
            return ""
        own = document_root(path)
        if own is not None and own[0] == root:  # e.g. after a long SOAP Header
            return ""
        return f"hoofdelement {root} niet gevonden (gevonden: {describe_root(path)})"
    if fmt == "xlsx":
        sheet = mapping.signature_sheet or mapping.source.sheet or ""
        try:
            sheets = excel.sheet_names(path)
            if sheet not in sheets:
                return f"blad '{sheet}' ontbreekt (gevonden: {', '.join(sheets)})"
            rows = excel.peek_rows(path, sheet)
        except SourceRefused as exc:
            return exc.message
        match = find_header(rows, mapping.columns(), header_row=mapping.source.header_row)
        if match is None or match.missing:
            missing = match.missing if match else mapping.columns()
            return f"blad {sheet}: kolommen ontbreken: {', '.join(missing)}"
        return ""
    try:
        header = read_header(path, mapping.source.delimiter, mapping.source.encoding)
    except SourceRefused as exc:
        return exc.message
    match = find_header([header], mapping.columns())
    if match is None or match.missing:
        return f"kolommen ontbreken: {', '.join(match.missing if match else mapping.columns())}"
    return ""


def file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read whatever the mapping (Dutch, naming the file and, where
    known, the position), or None: the file is missing or empty, a .csv is no text, an .xlsx
    is no workbook or a damaged or hostile one."""
    try:
        if not path.is_file():
            return f"{path.name} bestaat niet of is geen bestand"
        if path.stat().st_size == 0:
            return f"{path.name}: het bestand is leeg"
    except OSError:
        return f"{path.name} kan niet worden gelezen"
    fmt = file_format(path)
    try:
        if fmt == "xlsx":
            excel.check_workbook(path)
        elif fmt == "csv":
            check_text_file(path)
        elif fmt == "xml":
            _check_xml_start(path)
    except SourceRefused as exc:
        return exc.message if exc.message.startswith(path.name) else f"{path.name}: {exc.message}"
    return None


def _check_xml_start(path: Path) -> None:
    """Refuse (the XML reader's own reasons) a file without a DTD-free, readable first
    element: empty, a DTD, no element at all, or broken before its root element."""
    with open_xml(path) as stream:
        try:
            for _event, _element in secure_iterparse(stream):
                return
        except etree.XMLSyntaxError as exc:
            raise syntax_refusal(exc, False, 64) from None
        raise SourceRefused("het bestand bevat geen XML-element")


def detect(path: Path, mappings: dict[str, Mapping]) -> tuple[Mapping | None, list[Attempt]]:
    """The mapping whose signature fits ``path`` (the first by name), and every attempt."""
    attempts: list[Attempt] = []
    problem = file_problem(path)
    for name in sorted(mappings):
        mapping = mappings[name]
        if file_format(path) != mapping.source.format:
            continue
        reason = problem or check_signature(mapping, path)
        attempts.append(Attempt(name, reason))
        if not reason:
            return mapping, attempts
    return None, attempts
