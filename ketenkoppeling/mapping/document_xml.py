"""The XML side of an editable mapping: parsing securely (comments kept), a stable pretty
serialization, and inserting elements where the schema's sequences want them."""

from __future__ import annotations

import io
from collections.abc import Sequence

from lxml import etree

from ketenkoppeling.mapping.loader import NS, MappingError
from ketenkoppeling.sources.xml import find_doctype

Q = f"{{{NS}}}"
INDENT = "  "
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# the schema's sequences: where a new child goes among its siblings
MAPPING_ORDER = ("title", "description", "source", "namespace", "signature", "setting", "record")
SIGNATURE_ORDER = ("root", "sheet", "column")
TARGET_ORDER = ("field", "attribution")
_INLINE_MAX = 2  # a field with at most this many simple transforms stays on one line


def local(element: etree._Element) -> str:
    """The local name of an element; '' for a comment or processing instruction."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def elements(parent: etree._Element, name: str | None = None) -> list[etree._Element]:
    """The child elements of ``parent`` (comments left out), optionally by local name."""
    return [c for c in parent if isinstance(c.tag, str) and (name is None or local(c) == name)]


def to_bytes(text: str) -> bytes:
    """``text`` as UTF-8 bytes, its XML declaration (which may name another encoding) made to
    say UTF-8; lines stay where they are."""
    data = text.encode("utf-8")
    if data.startswith(b"<?xml"):
        end = data.find(b"?>")
        if end >= 0 and b"\n" not in data[:end]:
            data = DECLARATION.encode() + data[end + 2 :]
    return data


def parse_text(text: str) -> etree._ElementTree:
    """Parse mapping XML: no DTD, entities or network; comments kept. A syntax error raises
    :class:`MappingError` naming the line."""
    data = to_bytes(text)
    line = find_doctype(io.BytesIO(data))
    if line is not None:
        raise MappingError(f"regel {line}: een koppeling mag geen DTD (<!DOCTYPE>) bevatten")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        lineno = exc.position[0] if exc.position else exc.lineno
        message = str(exc.msg or exc).split(", line ")[0]
        raise MappingError(f"regel {lineno}: geen geldige XML: {message}") from None
    if root.tag != Q + "mapping":
        raise MappingError(
            f"regel {root.sourceline}: dit is geen koppeling (verwacht: <mapping "
            f'xmlns="{NS}">, gevonden: <{etree.QName(root).localname}>)'
        )
    return root.getroottree()


def make(tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    element = etree.Element(Q + tag, attrib or {}, nsmap={None: NS})
    element.text = text
    return element


def place(parent: etree._Element, child: etree._Element, order: Sequence[str]) -> etree._Element:
    """Insert ``child`` after the last sibling that comes before or with it in ``order``
    (else before the first element), and return it."""

    def rank(element: etree._Element) -> int:
        name = local(element)
        return order.index(name) if name in order else len(order)

    siblings = elements(parent)
    before = [c for c in siblings if rank(c) <= rank(child)]
    if before:
        parent.insert(parent.index(before[-1]) + 1, child)
    elif siblings:
        parent.insert(parent.index(siblings[0]), child)
    else:
        parent.append(child)
    return child


def _has_text(element: etree._Element) -> bool:
    if element.text and element.text.strip():
        return True
    return any(c.tail and c.tail.strip() for c in element)


def _inline(element: etree._Element) -> bool:
    children = list(element)
    return (
        local(element) == "field"
        and 0 < len(children) <= _INLINE_MAX
        and all(
            isinstance(c.tag, str)
            and len(c) == 0
            and not (c.text and c.text.strip())
            and local(c) not in ("map", "concat")
            for c in children
        )
    )


def _starts_group(children: list[etree._Element], i: int) -> bool:
    """A blank line goes before each record (and before the comment that introduces it)."""
    child = children[i]
    if local(child) == "record":
        return i == 0 or isinstance(children[i - 1].tag, str)
    if isinstance(child.tag, str) or (i > 0 and not isinstance(children[i - 1].tag, str)):
        return False
    following = next((c for c in children[i + 1 :] if isinstance(c.tag, str)), None)
    return following is not None and local(following) == "record"


def indent(element: etree._Element, level: int = 0) -> None:
    """Re-indent ``element``'s subtree in place (two spaces a level; mixed content untouched)."""
    children = list(element)
    if not children or _has_text(element):
        return
    if _inline(element):
        element.text = None
        for child in children:
            child.tail = None
        return
    inner = "\n" + INDENT * (level + 1)
    element.text = inner
    for i, child in enumerate(children):
        if isinstance(child.tag, str):
            indent(child, level + 1)
        if level == 0 and i > 0 and _starts_group(children, i):
            children[i - 1].tail = "\n" + inner
        child.tail = inner if i < len(children) - 1 else "\n" + INDENT * level
    if level == 0 and _starts_group(children, 0):
        element.text = "\n" + inner


def serialize(tree: etree._ElementTree) -> str:
    """The document as text: the XML declaration, comments before the root on lines of their
    own, the root pretty-printed, ending in a newline."""
    root = tree.getroot()
    indent(root)
    lines = [DECLARATION]
    before: list[etree._Element] = []
    node = root.getprevious()
    while node is not None:
        before.insert(0, node)
        node = node.getprevious()
    lines += [etree.tostring(n, encoding="unicode", with_tail=False) for n in before]
    lines.append(etree.tostring(root, encoding="unicode", with_tail=False))
    node = root.getnext()
    while node is not None:
        lines.append(etree.tostring(node, encoding="unicode", with_tail=False))
        node = node.getnext()
    return "\n".join(lines) + "\n"
