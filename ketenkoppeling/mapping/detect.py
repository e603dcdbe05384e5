"""Recognising a file's layout by the signature of a mapping: XML namespace and root, sheet and
header names, CSV header."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ketenkoppeling.mapping.spec import Mapping
from ketenkoppeling.sources import excel
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.delimited import read_header
from ketenkoppeling.sources.header import find_header

XML_SUFFIXES = {".xml"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt"}


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
        for _event, element in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True,
            load_dtd=False, huge_tree=False,
        ):  # fmt: skip
            names.append(element.tag if isinstance(element.tag, str) else "")
            if len(names) >= limit:
                break
    except etree.XMLSyntaxError:
        pass
    return names


def check_signature(mapping: Mapping, path: Path) -> str:
    """Empty when ``path`` fits the mapping's signature, else the Dutch reason it does not."""
    fmt = file_format(path)
    if fmt != mapping.source.format:
        return f"verwacht een {mapping.source.format}-bestand"
    if fmt == "xml":
        root = qualified(mapping.signature_root or "", mapping.namespaces)
        names = xml_start_elements(path)
        if root in names:
            return ""
        found = names[0] if names else "geen leesbare XML"
        return f"hoofdelement {root} niet gevonden (gevonden: {found})"
    if fmt == "xlsx":
        sheet = mapping.signature_sheet or mapping.source.sheet or ""
        try:
            sheets = excel.sheet_names(path)
        except SourceRefused as exc:
            return exc.message
        if sheet not in sheets:
            return f"blad '{sheet}' ontbreekt (gevonden: {', '.join(sheets)})"
        rows = excel.peek_rows(path, sheet)
        match = find_header(rows, mapping.columns(), header_row=mapping.source.header_row)
        if match is None or match.missing:
            missing = match.missing if match else mapping.columns()
            return f"blad {sheet}: kolommen ontbreken: {', '.join(missing)}"
        return ""
    header = read_header(path, mapping.source.delimiter, mapping.source.encoding)
    match = find_header([header], mapping.columns())
    if match is None or match.missing:
        return f"kolommen ontbreken: {', '.join(match.missing if match else mapping.columns())}"
    return ""


def detect(path: Path, mappings: dict[str, Mapping]) -> tuple[Mapping | None, list[Attempt]]:
    """The mapping whose signature fits ``path`` (the first by name), and every attempt."""
    attempts: list[Attempt] = []
    for name in sorted(mappings):
        mapping = mappings[name]
        if file_format(path) != mapping.source.format:
            continue
        reason = check_signature(mapping, path)
        attempts.append(Attempt(name, reason))
        if not reason:
            return mapping, attempts
    return None, attempts
