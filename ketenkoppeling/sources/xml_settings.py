"""A file-level setting anywhere in an XML file: one streaming pass for one XPath.

A mapping's setting with an ``xpath`` is read at the first record. When it finds nothing
there (the element comes later, say a SuwiML ``Bron`` after all the provisions), the importer
asks :func:`first_xpath_value`: one pass over the file with the reader's secure parser options
(a DOCTYPE is refused before parsing), keeping everything but the records. Every record element
except the first is cleared and detached as it ends, so memory stays bounded by the non-record
content however many records there are. The first record stays, as the context node of a
relative XPath (``../Bron/CdPartijSuwi`` means what it means at the first record); an absolute
one is evaluated on the document.

For a plain path (name steps, no predicates or functions) the pass stops at the first match
that is complete; any other XPath is evaluated once the whole file has been read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from ketenkoppeling.sources.xml import (
    open_xml,
    secure_iterparse,
    syntax_refusal,
    too_deep,
)
from ketenkoppeling.sources.xml_context import plain_steps
from ketenkoppeling.sources.xml_paths import PathMatcher, parse_record_path, split_tag
from ketenkoppeling.sources.xml_spill import detach


def first_xpath_value(
    path: Path,
    xpath: str,
    namespaces: Mapping[str, str],
    *,
    record_paths: Sequence[str],
    max_depth: int = 64,
) -> str | None:
    """The text (or string value) of the first node ``xpath`` finds in ``path``, or None.

    ``record_paths`` are the mapping's record paths (sources/xml_paths.py): those elements are
    dropped as they end (the first excepted). Raises :class:`SourceRefused` for a file the
    reader refuses (not well-formed, a DTD, too deep) and ValueError for a bad XPath or path.
    """
    try:
        compiled = etree.XPath(xpath, namespaces=dict(namespaces))
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"ongeldig XPath '{xpath}': {exc}") from None
    matcher = PathMatcher([parse_record_path(p, namespaces) for p in record_paths])
    target = _last_name(xpath)  # the elements at whose end an early stop may be made
    relative = not xpath.strip().startswith("/")
    with open_xml(path) as raw:
        root_seen = False
        try:
            states = [matcher.initial]
            inside = 0  # > 0 within a record that is dropped: 1 + open descendants
            first: Any = None  # the first record, kept as the context of a relative XPath
            root: Any = None
            for event, elem in secure_iterparse(raw):
                if inside:
                    inside += 1 if event == "start" else -1
                    if inside:
                        continue
                    detach(elem)  # the end of a record other than the first
                    states.pop()
                    continue
                if event == "start":
                    if len(states) > max_depth:
                        raise too_deep(elem, max_depth)
                    if root is None:
                        root, root_seen = elem, True
                    state, matched = matcher.step(states[-1], split_tag(elem.tag))
                    states.append(state)
                    if matched and first is not None:
                        inside = 1
                    continue
                states.pop()
                key = split_tag(elem.tag)
                if first is None and matcher.step(states[-1], key)[1]:
                    first = elem  # a relative XPath can be evaluated from now on
                    if target is None:
                        continue
                elif target is None or key[1] != target:
                    continue
                context = first if first is not None else (None if relative else root)
                if context is not None:
                    found = _complete_first(compiled(context), elem)
                    if found is not None:
                        return _text(found)
        except etree.XMLSyntaxError as exc:
            raise syntax_refusal(exc, root_seen, max_depth) from None
    context = first if first is not None else root
    return _text(compiled(context)) if context is not None else None


def _last_name(xpath: str) -> str | None:
    """The local name of the last element step of a plain path without predicates (a final
    ``@attribute`` or ``text()`` step aside), or None for any other XPath."""
    steps = plain_steps(xpath.strip())
    if not steps or any(predicates for _, predicates in steps):
        return None
    cores = [core for core, _ in steps]
    if cores[-1].startswith("@") or cores[-1] == "text()":
        cores.pop()
    if not cores or any("::" in core or "(" in core for core in cores):
        return None
    local = cores[-1].rsplit(":", 1)[-1]
    return None if local in ("*", ".", "..", "") else local


def _complete_first(result: Any, ended: Any) -> Any:
    """The result, when its first node has been parsed completely (else None)."""
    if not isinstance(result, list) or not result:
        return None
    node = result[0]
    owner = node if isinstance(node, etree._Element) else node.getparent()
    if owner is None or any(a is owner for a in ended.iterancestors()):
        return None  # still open: its text may not be complete yet
    return result


def _text(result: Any) -> str | None:
    if isinstance(result, list):
        if not result:
            return None
        node = result[0]
        if isinstance(node, etree._Element):
            return node.text
        return str(node)
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, float):
        if result != result:  # NaN: nothing found
            return None
        return str(int(result)) if result.is_integer() else str(result)
    return str(result) if result != "" else None
