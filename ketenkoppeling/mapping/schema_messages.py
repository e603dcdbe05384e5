"""Schema problems of a mapping document in Dutch, built from structured errors.

lxml validates against schemas/mapping-v1.xsd (fast); a document that fails is validated again
with xmlschema, whose error objects name the element or attribute, the facet and the expected
value (the readers' helpers, sources/xml_messages.py, build the message). Every problem names
its line. libxml2's English text is never shown: when xmlschema finds nothing where lxml did,
each lxml error gets a generic Dutch text at its line.
"""

from __future__ import annotations

from functools import cache
from itertools import islice
from typing import Any

from lxml import etree

from ketenkoppeling.mapping.loader import SCHEMAS
from ketenkoppeling.sources.xml_errors import SchemaDocs, load_schema_docs
from ketenkoppeling.sources.xml_messages import load_xmlschema, xsd_problems

XSD = SCHEMAS / "mapping-v1.xsd"
MAX_PROBLEMS = 50  # a document that is no mapping at all: the first ones say enough
NAME_HINT = " (alleen kleine letters, cijfers en '-', beginnend met een letter of cijfer)"
GENERIC = "voldoet niet aan het schema van een koppeling (mapping-v1.xsd)"


@cache
def _lxml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@cache
def _docs() -> SchemaDocs:
    return load_schema_docs(etree.parse(str(XSD)).getroot(), str(XSD))


def schema_problems(root: Any) -> list[str]:
    """The schema problems of the mapping document ``root`` (Dutch, "regel N: …"; empty
    when it is valid)."""
    schema = _lxml_schema()
    if schema.validate(root):
        return []
    entries = list(schema.error_log)
    problems: list[str] = []
    try:
        xsd = load_xmlschema(str(XSD), XSD.stat().st_mtime_ns)
    except Exception:  # xmlschema not usable: the generic texts below
        xsd = None
    if xsd is not None:
        for node, field, _attribute, message in islice(
            xsd_problems(xsd, _docs(), root), MAX_PROBLEMS
        ):
            if field == "name" and "formaat" in message:
                message += NAME_HINT
            line = getattr(node, "sourceline", None) or root.sourceline or 1
            problems.append(f"regel {line}: {message}")
    if not problems:
        lines = dict.fromkeys(e.line for e in entries)
        problems = [f"regel {line}: {GENERIC}" for line in islice(lines, MAX_PROBLEMS)]
    return problems
