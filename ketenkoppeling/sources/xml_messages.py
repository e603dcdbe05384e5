"""Dutch messages built from structured errors, never from libxml2's English text.

Schema problems: lxml validates every record fast; a record that fails is validated again
with xmlschema (the XSD loaded once), whose error objects carry what went wrong as data: the
node (``elem``), the failing component (``validator``: a facet such as XsdMinExclusiveFacet
with its ``value``, XsdEnumerationFacets with its values, a builtin type, an attribute group,
a content model with ``invalid_tag`` and ``expected`` particles) and the offending value
(``obj``). The message names the element or attribute, the facet and the expected value.

Syntax problems (a file that is not well-formed): the error code of lxml's log entry
(``ERR_TAG_NAME_MISMATCH``, ``ERR_UNDECLARED_ENTITY`` …) chooses a Dutch text; an unknown code
gets a generic one.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ketenkoppeling.sources.base import Location

if TYPE_CHECKING:
    from ketenkoppeling.sources.xml_errors import SchemaDocs

Problem = tuple[Location, str | None, str]
Found = tuple[Any, str | None, bool, str]  # node, field, is an attribute, Dutch message
MAX_VALUE_SHOWN = 60

# --- syntax errors ----------------------------------------------------------------------------

GENERIC_SYNTAX = "het XML is hier niet goed gevormd"
SYNTAX_TEXTS: dict[str, str] = {
    "ERR_TAG_NAME_MISMATCH": "de eindtag hoort niet bij de begintag die nog openstaat",
    "ERR_TAG_NOT_FINISHED": "het bestand houdt op terwijl er nog elementen openstaan (afgebroken?)",
    "ERR_DOCUMENT_END": "na het einde van het hoofdelement staat nog inhoud",
    "ERR_DOCUMENT_EMPTY": "het bestand bevat geen XML-element",
    "ERR_EXTRA_CONTENT": "na het einde van het hoofdelement staat nog inhoud",
    "ERR_UNDECLARED_ENTITY": "onbekende entiteit; alleen &amp; &lt; &gt; &quot; &apos; en"
    " tekenverwijzingen zoals &#233; zijn toegestaan",
    "WAR_UNDECLARED_ENTITY": "onbekende entiteit; alleen &amp; &lt; &gt; &quot; &apos; en"
    " tekenverwijzingen zoals &#233; zijn toegestaan",
    "ERR_ENTITYREF_SEMICOL_MISSING": "een entiteitsverwijzing zonder ';' (schrijf een losse &"
    " als &amp;)",
    "ERR_NAME_REQUIRED": "hier hoort een naam (een losse & schrijft men als &amp;; een element"
    " begint met een letter)",
    "ERR_INVALID_ENCODING": "bytes die in de tekenset van het bestand niet bestaan (klopt de"
    " encoding in de XML-declaratie?)",
    "ERR_INVALID_CHAR": "een teken dat in XML niet is toegestaan (een stuurteken of NUL)",
    "ERR_INVALID_CHARREF": "een tekenverwijzing naar een teken dat in XML niet is toegestaan",
    "ERR_UNSUPPORTED_ENCODING": "de XML-declaratie noemt een onbekende tekenset",
    "ERR_ATTRIBUTE_REDEFINED": "hetzelfde attribuut staat twee keer in één element",
    "NS_ERR_ATTRIBUTE_REDEFINED": "hetzelfde attribuut staat twee keer in één element",
    "ERR_ATTRIBUTE_WITHOUT_VALUE": "een attribuut zonder waarde",
    "ERR_ATTRIBUTE_NOT_STARTED": "een attribuutwaarde moet tussen aanhalingstekens staan",
    "ERR_LT_IN_ATTRIBUTE": "een '<' in een attribuutwaarde (schrijf &lt;)",
    "ERR_GT_REQUIRED": "de tag is niet goed afgesloten ('>' verwacht)",
    "ERR_SPACE_REQUIRED": "hier hoort een spatie (tussen attributen)",
    "ERR_STRING_NOT_CLOSED": "een waarde zonder sluitend aanhalingsteken",
    "ERR_STRING_NOT_STARTED": "een waarde zonder openend aanhalingsteken",
    "ERR_LT_REQUIRED": "een begintag ('<') verwacht",
    "ERR_LTSLASH_REQUIRED": "een eindtag ('</') verwacht",
    "ERR_EQUAL_REQUIRED": "een '=' tussen attribuutnaam en waarde verwacht",
    "NS_ERR_UNDEFINED_NAMESPACE": "een voorvoegsel (prefix) waarvan de namespace niet is"
    " gedeclareerd",
    "NS_ERR_QNAME": "een ongeldige naam met voorvoegsel",
    "ERR_RESERVED_XML_NAME": "een XML-declaratie of naam met 'xml' die alleen aan het begin van"
    " het bestand mag staan",
    "ERR_CDATA_NOT_FINISHED": "een CDATA-sectie die niet wordt afgesloten",
    "ERR_COMMENT_NOT_FINISHED": "een commentaar dat niet wordt afgesloten",
    "ERR_HYPHEN_IN_COMMENT": "twee streepjes (--) binnen een commentaar",
    "ERR_PI_NOT_FINISHED": "een verwerkingsinstructie die niet wordt afgesloten",
    "ERR_XMLDECL_NOT_FINISHED": "de XML-declaratie is niet goed gevormd",
    "ERR_XMLDECL_NOT_STARTED": "de XML-declaratie is niet goed gevormd",
    "ERR_VERSION_MISSING": "de XML-declaratie mist het versienummer",
    "ERR_MISPLACED_CDATA_END": "']]>' mag niet in tekst staan",
    "ERR_NOT_WELL_BALANCED": "de elementen zijn niet goed genest",
    "ERR_DOCTYPE_NOT_FINISHED": "een DTD die niet wordt afgesloten",
    "ERR_ENTITY_LOOP": "een entiteit die naar zichzelf verwijst",
    "ERR_RESOURCE_LIMIT": "een grens van de XML-lezer is overschreden: te diep genest (meer dan"
    " 256 niveaus) of een tekst van meer dan 10 MB in één element",
}
ENTITY_BOMB = {"ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION"}


def syntax_text(type_name: str | None) -> str:
    """The Dutch text for an lxml parser error code (generic when the code is unknown)."""
    return SYNTAX_TEXTS.get(type_name or "", GENERIC_SYNTAX)


# --- schema errors ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load_xmlschema(path: str, mtime_ns: int) -> Any:
    """The XSD at ``path`` loaded by xmlschema (once per file version)."""
    import xmlschema  # only needed when a record fails lxml's validation

    return xmlschema.XMLSchema(path)


def xsd_problems(xsd: Any, docs: SchemaDocs, elem: Any) -> Iterator[Found]:
    """The problems xmlschema finds in ``elem`` (validated on its own), one per field: several
    facets failing for one value give one problem (the first). Lazy: the caller takes what it
    shows and counts the rest."""
    from xmlschema.validators import XsdAttributeGroup

    seen: set[tuple[int, str | None]] = set()
    for error in _errors(xsd, elem):
        node = error.elem if error.elem is not None else elem
        if isinstance(error.validator, XsdAttributeGroup):
            found = _attribute_group(error.validator, node)
        else:
            found = [_describe(error, node, docs)]
        for problem in found:
            target, field, attribute, _ = problem
            key = (id(target), f"@{field}" if attribute else field)
            if key not in seen:
                seen.add(key)
                yield problem


def _errors(xsd: Any, elem: Any) -> Iterator[Any]:
    """xmlschema's errors for ``elem``; a value that xmlschema's own decoding cannot handle
    (e.g. a year too large for a date: OverflowError) ends the list, and the caller falls back
    to naming the element that fails lxml's validation."""
    errors = xsd.iter_errors(elem)
    while True:
        try:
            yield next(errors)
        except StopIteration:
            return
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return


def located(found: Found, record: Any, location: Location) -> Problem:
    """A problem found in ``record`` with its line and positional XPath."""
    target, field, attribute, message = found
    xpath = (location.xpath or "") + field_path(target, record)
    if attribute:
        xpath += f"/@{field}"
    line = target.sourceline or location.line
    return Location(line=line, xpath=xpath, column=field), field, message


def _attribute_group(group: Any, node: Any) -> list[Found]:
    """Missing and undeclared attributes of ``node``, from the declarations themselves."""
    declared = set(group)
    name = _local(node.tag)
    found: list[Found] = []
    for attr_name, attr in group.items():
        if attr_name is not None and attr.use == "required" and attr_name not in node.attrib:
            local = _local(attr_name)
            found.append((node, local, True, f"{local}: verplicht attribuut ontbreekt"))
    wildcard = getattr(group, "any_attribute", None)
    for attr_name in node.attrib:
        if attr_name in declared:
            continue
        if wildcard is not None and wildcard.is_matching(attr_name):
            continue
        local = _local(attr_name)
        found.append((node, local, True, f"{local}: attribuut is hier niet toegestaan"))
    if not found:  # e.g. a fixed or prohibited attribute: name the element
        found.append((node, name, False, f"{name}: de attributen voldoen niet aan het XSD"))
    return found


def _describe(error: Any, node: Any, docs: SchemaDocs) -> Found:
    from xmlschema import XMLSchemaBase, XMLSchemaChildrenValidationError
    from xmlschema.validators import XsdElement, XsdFacet, XsdGroup

    validator, name = error.validator, _local(node.tag)
    if isinstance(error, XMLSchemaChildrenValidationError):
        return _content(error, node)
    if isinstance(validator, XsdElement) and len(node):
        return node, name, False, f"{name}: mag geen elementen bevatten"
    if isinstance(validator, XsdGroup):
        return node, name, False, f"{name}: bevat tekst waar alleen elementen horen"
    if isinstance(validator, XMLSchemaBase):  # no global declaration for the element
        return node, name, False, f"{name}: element is niet gedeclareerd in het XSD"
    if isinstance(validator, XsdFacet) or _is_simple_type(validator):
        attribute = _attribute_of(error, node, validator)
        field = _local(attribute) if attribute else name
        value = node.get(attribute) if attribute else (node.text if len(node) == 0 else None)
        if value is None and isinstance(error.obj, str):
            value = error.obj
        type_name = _type_name(validator)
        doc = docs.for_element(node.tag) if attribute is None else None
        if doc is None and type_name:
            doc = docs.for_type(type_name)
        message = _value_message(field, value, validator, doc)
        return node, field, attribute is not None, message
    return node, name, False, f"{name}: voldoet niet aan het XSD"


def _content(error: Any, node: Any) -> Found:
    """A content-model error: a child that is not expected here, or one that is missing."""
    name = _local(node.tag)
    expected = _names(getattr(error, "expected", None))
    invalid = getattr(error, "invalid_tag", None)
    if invalid is None:
        if expected:
            return (
                node,
                expected[0],
                False,
                f"{' of '.join(expected)}: verplicht element ontbreekt in {name}",
            )
        return node, name, False, f"{name}: de inhoud is niet volledig"
    children = [child for child in node if isinstance(child.tag, str)]
    index = getattr(error, "index", None)
    child = children[index] if isinstance(index, int) and 0 <= index < len(children) else node
    local = _local(invalid)
    tail = f" (verwacht: {' of '.join(expected)})" if expected else ""
    return child, local, False, f"{local}: element wordt hier niet verwacht{tail}"


def _value_message(field: str, value: str | None, validator: Any, doc: str | None) -> str:
    from xmlschema.validators import (
        XsdEnumerationFacets,
        XsdFractionDigitsFacet,
        XsdLengthFacet,
        XsdMaxExclusiveFacet,
        XsdMaxInclusiveFacet,
        XsdMaxLengthFacet,
        XsdMinExclusiveFacet,
        XsdMinInclusiveFacet,
        XsdMinLengthFacet,
        XsdPatternFacets,
        XsdTotalDigitsFacet,
    )

    shown = _q(value)
    empty = value is not None and not value.strip()
    if isinstance(validator, XsdEnumerationFacets):
        options = ", ".join(str(v) for v in validator.enumeration)
        if empty:
            return f"{field}: mag niet leeg zijn (toegestaan: {options})"
        return f"{field}: waarde {shown} is niet toegestaan (toegestaan: {options})"
    if isinstance(validator, XsdMinLengthFacet | XsdLengthFacet) and empty:
        return f"{field}: mag niet leeg zijn"
    if isinstance(validator, XsdMinLengthFacet | XsdMaxLengthFacet | XsdLengthFacet):
        length = len(" ".join((value or "").split()))
        limit = validator.value
        if isinstance(validator, XsdMinLengthFacet):
            return f"{field}: waarde {shown} is te kort ({length} tekens, ten minste {limit})"
        if isinstance(validator, XsdMaxLengthFacet):
            return f"{field}: waarde {shown} is te lang ({length} tekens, ten hoogste {limit})"
        return f"{field}: waarde {shown} heeft {length} tekens, precies {limit} vereist"
    if empty:
        return f"{field}: mag niet leeg zijn{_paren(doc)}"
    detail = _facet_detail(validator, doc)
    if isinstance(validator, XsdPatternFacets) and doc is None:
        patterns = " of ".join(f"'{p}'" for p in validator.regexps)
        detail = f"moet passen bij het patroon {patterns}"
    if isinstance(validator, XsdMinInclusiveFacet):
        detail = f"moet ten minste {_number(validator.value)} zijn"
    elif isinstance(validator, XsdMinExclusiveFacet):
        detail = f"moet groter zijn dan {_number(validator.value)}"
    elif isinstance(validator, XsdMaxInclusiveFacet):
        detail = f"mag ten hoogste {_number(validator.value)} zijn"
    elif isinstance(validator, XsdMaxExclusiveFacet):
        detail = f"moet kleiner zijn dan {_number(validator.value)}"
    elif isinstance(validator, XsdFractionDigitsFacet):
        detail = f"ten hoogste {validator.value} decimalen"
    elif isinstance(validator, XsdTotalDigitsFacet):
        detail = f"ten hoogste {validator.value} cijfers"
    tail = f": {detail}" if detail else ""
    return f"{field}: waarde {shown} voldoet niet aan het formaat{_paren(doc)}{tail}"


_BUILTIN_NOUNS = {
    "date": "geen geldige datum",
    "dateTime": "geen geldig tijdstip",
    "time": "geen geldige tijd",
    "decimal": "geen getal",
    "double": "geen getal",
    "float": "geen getal",
    "integer": "geen geheel getal",
    "int": "geen geheel getal",
    "long": "geen geheel getal",
    "short": "geen geheel getal",
    "nonNegativeInteger": "geen geheel getal van 0 of meer",
    "positiveInteger": "geen geheel getal groter dan 0",
    "boolean": "geen true of false",
    "gYear": "geen geldig jaartal",
    "anyURI": "geen geldige URI",
}


def _facet_detail(validator: Any, doc: str | None) -> str:
    """What a builtin type expects, for a value that is not of that type."""
    from xmlschema.validators import XsdFacet

    if isinstance(validator, XsdFacet):
        return ""
    local = _local(getattr(validator, "name", None) or "")
    noun = _BUILTIN_NOUNS.get(local)
    if noun:
        return noun
    return f"geen geldige waarde van het type {local}" if local else ""


def _is_simple_type(validator: Any) -> bool:
    from xmlschema.validators import XsdSimpleType

    return isinstance(validator, XsdSimpleType)


def _type_name(validator: Any) -> str | None:
    """The name of the (named) type a facet or builtin belongs to."""
    component = validator
    for _ in range(4):
        if component is None:
            return None
        name = getattr(component, "name", None)
        if name and _is_simple_type(component):
            return str(name)
        component = getattr(component, "parent", None)
    return None


def _attribute_of(error: Any, node: Any, validator: Any) -> str | None:
    """The attribute a value error is about (None: the element's own text).

    Found through the failing component's parents (a local attribute type) or else through the
    element's declared attributes whose value is the failing value.
    """
    from xmlschema.validators import XsdAttribute

    component = validator
    for _ in range(4):
        component = getattr(component, "parent", None)
        if component is None:
            break
        if isinstance(component, XsdAttribute):
            return str(component.name)
    if not node.attrib or error.obj is None:
        return None
    if len(node) == 0 and node.text is not None and _same(node.text, error.obj):
        return None
    for attr_name, attr_value in node.attrib.items():
        if _same(attr_value, error.obj):
            return str(attr_name)
    return None


def _same(text: str, value: Any) -> bool:
    if isinstance(value, str):
        return " ".join(text.split()) == " ".join(value.split())
    try:
        return bool(Decimal(text.strip()) == value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value) == text.strip()


def _names(particles: Any) -> list[str]:
    names: list[str] = []
    for particle in particles or ():
        name = getattr(particle, "name", None)
        if isinstance(name, str) and name:
            names.append(_local(name))
        elif hasattr(particle, "iter_elements"):
            names.extend(_local(e.name) for e in particle.iter_elements() if e.name)
    return list(dict.fromkeys(names))


def field_path(node: Any, record: Any) -> str:
    """Positional path from ``record`` down to ``node``, e.g. ``/Toerekening[2]/Percentage``."""
    steps: list[str] = []
    while node is not record and node is not None:
        parent = node.getparent()
        if parent is None:
            break
        tag = node.tag
        index = count = 0
        for child in parent.iterchildren(tag):
            count += 1
            if child is node:
                index = count
        name = _local(tag)
        steps.append(f"{name}[{index}]" if count > 1 else name)
        node = parent
    return "".join(f"/{s}" for s in reversed(steps))


def _number(value: Any) -> str:
    return str(value)  # as the XSD and the file write it (a point as decimal sign)


def _q(value: str | None) -> str:
    if value is None:
        return "?"
    value = " ".join(value.split()) if value.strip() else value
    if len(value) > MAX_VALUE_SHOWN:
        value = value[: MAX_VALUE_SHOWN - 1] + "…"
    return f"'{value}'"


def _paren(doc: str | None) -> str:
    return f" ({doc})" if doc else ""


def _local(name: Any) -> str:
    return str(name).rpartition("}")[2].rpartition(":")[2]
