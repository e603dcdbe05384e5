"""XSD problems of one XML element, as readable Dutch reasons.

The reader's problems come from structured errors (:func:`schema_problems`, with
sources/xml_messages.py). :func:`translate_schema_error` still translates libxml2's English
text; it is kept only for the mapping documents (mapping/document_checks.py).

libxml2 reports e.g. ``Element '{urn:…}Bedrag': [facet 'pattern'] The value '-12.50' is not
accepted by the pattern '…'.``; a functional administrator should read
``Bedrag: waarde '-12.50' voldoet niet aan het formaat (meer dan 0, precies 2 decimalen)``.

The format descriptions come from the XSD itself: the ``xs:documentation`` of a named simple
type (see ``schemas/ketenbericht-v1.xsd``), found through the type of the element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from lxml import etree

from ketenkoppeling.sources.base import Location
from ketenkoppeling.sources.xml_limits import MAX_ERRORS, dutch_count
from ketenkoppeling.sources.xml_messages import (
    _local,
    _paren,
    _q,
    field_path,
    load_xmlschema,
    located,
    xsd_problems,
)

XS = "http://www.w3.org/2001/XMLSchema"
EXACT_COUNT_LIMIT = 500  # libxml2 errors up to which the rest of a record's errors is counted
Problem = tuple[Location, str | None, str]

_BUILTIN_DOCS = {
    "date": "een datum JJJJ-MM-DD",
    "dateTime": "datum en tijd JJJJ-MM-DDTuu:mm:ss",
    "decimal": "een getal met een punt als decimaalteken",
    "integer": "een geheel getal",
    "int": "een geheel getal",
    "boolean": "true of false",
}
_HEAD = re.compile(
    r"^Element '(?P<el>[^']*)'(?:, attribute '(?P<attr>[^']*)')?: (?P<rest>.*)$", re.S
)
_FACET = re.compile(r"^\[facet '(?P<facet>\w+)'\] (?P<text>.*)$", re.S)
_QUOTED = re.compile(r"^The value '(?P<v>.*?)' (?:is not|must be|is greater|is less|has )", re.S)
_LENGTH = re.compile(
    r"has a length of '(?P<len>\d+)'; this \w+ the allowed \w+ length of '(?P<lim>\d+)'"
)
_SET = re.compile(r"is not an element of the set \{(?P<set>.*)\}")
_ATOMIC = re.compile(
    r"^'(?P<v>.*)' is not a valid value of the (?:local )?\w+ type(?: '(?P<type>[^']*)')?\.$", re.S
)
_EXPECTED = re.compile(r"Expected is(?: one of)? \( (?P<names>.*?) \)")


@dataclass(frozen=True)
class SchemaDocs:
    """Format descriptions read from an XSD: per type and per element (Clark names)."""

    type_docs: dict[str, str] = field(default_factory=dict)
    element_types: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the XSD file, for xmlschema

    def for_element(self, element: str) -> str | None:
        type_name = self.element_types.get(element) or self.element_types.get(_local(element))
        return self.for_type(type_name) if type_name else None

    def for_type(self, type_name: str) -> str | None:
        if type_name in self.type_docs:
            return self.type_docs[type_name]
        return _BUILTIN_DOCS.get(_local(type_name)) if _is_xs(type_name) else None


def load_schema_docs(xsd_root: Any, source: str | None = None) -> SchemaDocs:
    """Collect the Dutch ``xs:documentation`` of named simple types and the types of named
    elements from a parsed XSD root (one file; ``xs:include`` is not followed)."""
    target = xsd_root.get("targetNamespace") or ""
    type_docs: dict[str, str] = {}
    for simple in xsd_root.iterfind(f"{{{XS}}}simpleType[@name]"):
        text = simple.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
        if text and text.strip():
            type_docs[_clark(target, simple.get("name"))] = " ".join(text.split())
    element_types: dict[str, str] = {}
    for element in xsd_root.iter(f"{{{XS}}}element"):
        name, type_ref = element.get("name"), element.get("type")
        if name and type_ref:
            prefix, _, local = type_ref.rpartition(":")
            type_name = _clark(element.nsmap.get(prefix or None, ""), local)
            element_types.setdefault(_clark(target, name), type_name)
            element_types.setdefault(name, type_name)
    return SchemaDocs(type_docs, element_types, source)


def schema_problems(
    schema: etree.XMLSchema, docs: SchemaDocs, elem: Any, location: Location
) -> list[Problem]:
    """Validate ``elem`` on its own (as if it were a document; libxml2 validates it in place,
    without a copy) against its global declaration; its violations as Dutch problems whose
    location names the offending child (e.g. ``…/Besteding[41]/Bedrag``) and its line.

    lxml decides (fast); the problems of an element that fails come from xmlschema's error
    objects (sources/xml_messages.py), at most ``MAX_ERRORS`` of them plus a count of the rest.
    When xmlschema cannot be used, or finds nothing where libxml2 did, each libxml2 error is
    reported at its node as a generic Dutch problem (its English text is never shown).
    """
    if schema.validate(elem):
        return []
    entries = list(schema.error_log)
    xsd = _xmlschema(docs)
    problems: list[Problem] = []
    if xsd is not None:
        found = xsd_problems(xsd, docs, elem)
        problems = [located(f, elem, location) for f in islice(found, MAX_ERRORS)]
        if len(problems) == MAX_ERRORS:
            more = _remaining(found, len(entries))
            if more:
                problems.append((location, None, more))
    if not problems:
        problems = _generic_problems(entries, elem, location)
    return problems


def _remaining(found: Iterator[Any], logged: int) -> str | None:
    """ "… en nog N fouten" for the problems beyond the first ``MAX_ERRORS``: counted exactly
    by xmlschema when libxml2 logged at most ``EXACT_COUNT_LIMIT`` errors, else estimated
    from libxml2's count (xmlschema needs about a millisecond per error: a hostile record
    must not cost minutes)."""
    if logged <= EXACT_COUNT_LIMIT:
        rest = sum(1 for _ in found)
        if not rest:
            return None
        return f"… en nog {dutch_count(rest)} {'fout' if rest == 1 else 'fouten'}"
    return f"… en nog ongeveer {dutch_count(logged - MAX_ERRORS)} fouten"


def _xmlschema(docs: SchemaDocs) -> Any:
    """The xmlschema form of the XSD the docs were read from (None when unknown or when it
    cannot be loaded)."""
    if docs.source is None:
        return None
    try:
        return load_xmlschema(docs.source, Path(docs.source).stat().st_mtime_ns)
    except Exception:  # xmlschema may reject an XSD that libxml2 accepts: generic problems
        return None


def _generic_problems(entries: list[Any], elem: Any, location: Location) -> list[Problem]:
    problems: list[Problem] = []
    reported: set[int] = set()
    prefixes = {p: uri for p, uri in elem.nsmap.items() if p}
    for entry in entries:
        node = _error_node(elem, entry.path, prefixes)
        if id(node) in reported:
            continue
        reported.add(id(node))
        name = node.tag.rpartition("}")[2]
        xpath = (location.xpath or "") + field_path(node, elem)
        where = Location(line=node.sourceline or entry.line, xpath=xpath, column=name)
        problems.append((where, name, f"{name}: voldoet niet aan het XSD"))
        if len(problems) >= MAX_ERRORS:
            break
    return problems or [(location, None, "voldoet niet aan het XSD")]


def _error_node(elem: Any, path: str | None, prefixes: dict[str, str]) -> Any:
    """The node a libxml2 error path (``/kb:Besteding/kb:Toerekening[2]/kb:Percentage``, or
    ``/*/*[2]`` in a default namespace) points at, relative to the validated ``elem``."""
    steps = (path or "").split("/")[2:]  # drop '' and the element's own step
    if not steps:
        return elem
    try:
        found = elem.xpath("/".join(steps), namespaces=prefixes)
    except (etree.XPathError, ValueError):
        return elem
    return found[0] if isinstance(found, list) and found and etree.iselement(found[0]) else elem


@dataclass(frozen=True)
class Translated:
    field: str | None  # local name of the element or attribute concerned
    message: str  # Dutch text, starting with the field name when there is one
    value_error: bool = False  # a value-format error (several may be reported for one value)
    attribute: bool = False  # ``field`` names an attribute of the reported element


def translate_schema_error(
    message: str, docs: SchemaDocs, text: str | None, attributes: Mapping[str, str]
) -> Translated:
    """Dutch form of one libxml2 schema message about an element with content ``text`` (None
    when unknown or not simple) and ``attributes``."""
    message = message.strip()
    head = _HEAD.match(message)
    if head is None:
        return Translated(None, f"voldoet niet aan het XSD: {message}")
    element, attr, rest = head["el"], head["attr"], head["rest"].strip()
    translated = _translate(element, attr, rest, docs, attributes.get(attr) if attr else text)
    is_attribute = translated.attribute or (attr is not None and translated.field == attr)
    return replace(translated, attribute=is_attribute)


def _translate(
    element: str, attr: str | None, rest: str, docs: SchemaDocs, value: str | None
) -> Translated:
    name = attr or _local(element)
    facet = _FACET.match(rest)
    if facet is not None:
        doc = docs.for_element(element) if attr is None else None
        return _facet(name, facet["facet"], facet["text"], doc, value)
    atomic = _ATOMIC.match(rest)
    if atomic is not None:
        shown = value if value is not None else atomic["v"]
        doc = docs.for_type(atomic["type"]) if atomic["type"] else None
        doc = doc or (docs.for_element(element) if attr is None else None)
        if not shown.strip():
            return Translated(name, f"{name}: mag niet leeg zijn{_paren(doc)}", True)
        return Translated(
            name, f"{name}: waarde {_q(shown)} voldoet niet aan het formaat{_paren(doc)}", True
        )
    if "is required but missing" in rest:
        required = re.search(r"attribute '([^']*)' is required", rest)
        name = required.group(1) if required else name
        return Translated(name, f"{name}: verplicht attribuut ontbreekt", attribute=True)
    if "is not allowed." in rest and attr is not None:
        return Translated(name, f"{name}: attribuut is hier niet toegestaan")
    if rest.startswith("Missing child element(s)"):
        expected = _expected(rest) or ["?"]
        return Translated(
            expected[0], f"{' of '.join(expected)}: verplicht element ontbreekt in {name}"
        )
    if rest.startswith("This element is not expected"):
        expected = _expected(rest)
        tail = f" (verwacht: {' of '.join(expected)})" if expected else ""
        return Translated(name, f"{name}: element wordt hier niet verwacht{tail}")
    if rest.startswith("Element content is not allowed"):
        return Translated(name, f"{name}: mag geen elementen bevatten")
    if rest.startswith("Character content other than whitespace is not allowed"):
        return Translated(name, f"{name}: bevat tekst waar alleen elementen horen")
    if rest.startswith("No matching global declaration"):
        return Translated(name, f"{name}: element is niet gedeclareerd in het XSD")
    return Translated(name, f"{name}: voldoet niet aan het XSD: {rest}")


def _facet(name: str, facet: str, text: str, doc: str | None, value: str | None) -> Translated:
    quoted = _QUOTED.match(text)
    shown = value if value is not None else (quoted["v"] if quoted else None)
    length = _LENGTH.search(text)
    if facet in ("minLength", "length") and length and int(length["len"]) == 0:
        return Translated(name, f"{name}: mag niet leeg zijn", True)
    if facet in ("minLength", "maxLength") and length:
        which = "te kort" if facet == "minLength" else "te lang"
        limit = "ten minste" if facet == "minLength" else "ten hoogste"
        return Translated(
            name,
            f"{name}: waarde {_q(shown)} is {which}"
            f" ({length['len']} tekens, {limit} {length['lim']})",
            True,
        )
    if facet == "enumeration":
        allowed = _SET.search(text)
        options = (
            ", ".join(v.strip().strip("'") for v in allowed["set"].split(",")) if allowed else ""
        )
        tail = f" (toegestaan: {options})" if options else ""
        if shown is not None and not shown.strip():
            return Translated(name, f"{name}: mag niet leeg zijn{tail}", True)
        return Translated(name, f"{name}: waarde {_q(shown)} is niet toegestaan{tail}", True)
    return Translated(
        name, f"{name}: waarde {_q(shown)} voldoet niet aan het formaat{_paren(doc)}", True
    )


def _expected(rest: str) -> list[str]:
    found = _EXPECTED.search(rest)
    return [_local(n.strip()) for n in found["names"].split(",") if n.strip()] if found else []


def _is_xs(name: str) -> bool:
    return name.startswith((f"{{{XS}}}", "xs:"))


def _clark(uri: str, local: str | None) -> str:
    return f"{{{uri}}}{local}" if uri else f"{local}"
