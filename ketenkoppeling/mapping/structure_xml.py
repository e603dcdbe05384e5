"""The element tree of a sample XML file, aggregated by path: how often each element occurs,
sample texts and attribute values, with namespaces resolved to prefixes.

Streaming (iterparse) with every element dropped once ended, so a large file costs time, not
memory; the number of distinct paths is capped. Secure as the readers: a DOCTYPE is refused
before parsing and the parser never resolves entities, loads a DTD or uses the network.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.xml import PARSER_OPTIONS, find_doctype
from ketenkoppeling.sources.xml_paths import split_tag

MAX_PATHS = 2000
MAX_SAMPLES = 5
MAX_SAMPLE_LENGTH = 120
MAX_DEPTH = 64
PROGRESS_STEP = 1 << 20
SOAP_NAMESPACES = frozenset(
    {"http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope"}
)
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_GENERIC = {"http", "https", "www", "urn", "xml", "xsd", "schema", "schemas", "ns", "namespace"}
_VERSION = re.compile(r"^v?\d[\w.\-]*$", re.IGNORECASE)


@dataclass
class XmlNode:
    """All elements of one path: ``name`` is prefixed (``gsd:GSDDossierReintegratieResponse``,
    or ``ClientSuwi`` in no namespace), ``path`` absolute and usable in a mapping."""

    name: str
    namespace: str | None
    path: str
    count: int = 0
    samples: list[str] = field(default_factory=list)
    attributes: dict[str, list[str]] = field(default_factory=dict)  # name -> sample values
    children: list[XmlNode] = field(default_factory=list)
    line: int | None = None  # line of the first occurrence

    @property
    def local_name(self) -> str:
        return self.name.rpartition(":")[2]

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def find(self, path: str) -> XmlNode | None:
        """The node with this absolute path in the subtree, or None."""
        if path == self.path:
            return self
        if not path.startswith(self.path + "/"):
            return None
        for child in self.children:
            found = child.find(path)
            if found is not None:
                return found
        return None

    def walk(self) -> list[XmlNode]:
        """This node and all its descendants, depth first in document order."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


@dataclass
class XmlSample:
    root: XmlNode | None
    namespaces: dict[str, str]  # prefix -> uri
    truncated: bool  # more distinct paths than MAX_PATHS: the rest is not shown

    def document_root(self) -> XmlNode | None:
        """The document's own root: inside a SOAP envelope, the first element of the Body."""
        node = self.root
        if node is None or node.namespace not in SOAP_NAMESPACES:
            return node
        body = next((c for c in node.children if c.local_name == "Body"), None)
        inner = [c for c in (body.children if body else []) if c.local_name != "Fault"]
        return inner[0] if inner else node

    def record_candidate(self) -> XmlNode | None:
        """The most repeated element that has elements of its own (ties: the one with the most
        child elements, then the first): the likely record of a mapping."""
        top = self.document_root()
        if top is None:
            return None
        candidates = [n for n in top.walk() if n.children and n is not top] or [top]
        best = max(candidates, key=lambda n: (n.count, len(n.children)))
        return best


def _sample(values: list[str], text: str) -> None:
    if len(values) < MAX_SAMPLES:
        if len(text) > MAX_SAMPLE_LENGTH:
            text = text[: MAX_SAMPLE_LENGTH - 1] + "…"
        if text not in values:
            values.append(text)


def _abbreviation(word: str) -> str:
    """``GSDDossierReintegratie`` → ``gsd``, ``ReIntegratie`` → ``ri``, ``ketenbericht`` →
    ``ket``."""
    run = re.match(r"[A-Z]+", word)
    if run and len(run.group()) >= 2:
        caps = run.group()
        if len(word) > len(caps) and word[len(caps)].islower():
            caps = caps[:-1]
        if len(caps) >= 2:
            return caps.lower()
    capitals = re.findall(r"[A-Z]", word)
    if len(capitals) >= 2:
        return "".join(capitals[:4]).lower()
    return re.sub(r"[^a-z]", "", word.lower())[:3]


def invent_prefix(uri: str, local: str) -> str:
    """A readable prefix for a namespace the document uses without one: from the last
    meaningful part of the URI, else from the element's name."""
    words = [
        w
        for w in re.split(r"[/:#?=&]+", uri)
        if w and w.lower() not in _GENERIC and not _VERSION.match(w) and "." not in w
    ]
    for word in [*reversed(words), local]:
        prefix = _abbreviation(re.sub(r"[^A-Za-z]", "", word))
        if prefix and not prefix.lower().startswith("xml"):
            return prefix
    return "ns"


class _Counting:
    def __init__(self, raw: IO[bytes], total: int, progress: Callable[[int, int], None] | None):
        self.raw, self.total, self.progress = raw, total, progress
        self.done = self.reported = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.done += len(data)
        if self.progress is not None and self.done - self.reported >= PROGRESS_STEP:
            self.reported = self.done
            self.progress(self.done, self.total)
        return data


class _Walker:
    def __init__(self) -> None:
        self.prefixes: dict[str, str] = {}  # uri -> prefix
        self.declared: dict[str, str] = {}  # uri -> prefix the document itself uses
        self.names: dict[str, tuple[str, str | None]] = {}  # tag -> (prefixed name, uri)
        self.paths = 0
        self.truncated = False
        self.index: dict[int, dict[str, XmlNode]] = {}  # id(node) -> children by name

    def prefix(self, uri: str, local: str) -> str:
        if uri == XML_NAMESPACE:
            return "xml"  # always bound, never declared
        found = self.prefixes.get(uri)
        if found is not None:
            return found
        wanted = self.declared.get(uri) or invent_prefix(uri, local)
        taken = set(self.prefixes.values())
        prefix, number = wanted, 1
        while prefix in taken:
            number += 1
            prefix = f"{wanted}_{number}" if wanted[-1].isdigit() else f"{wanted}{number}"
        self.prefixes[uri] = prefix
        return prefix

    def name(self, tag: str) -> tuple[str, str | None]:
        found = self.names.get(tag)
        if found is None:
            uri, local = split_tag(tag)
            found = (f"{self.prefix(uri, local)}:{local}" if uri else local), uri
            if len(self.names) < 10_000:
                self.names[tag] = found
        return found

    def child(
        self, parent: XmlNode | None, name: str, uri: str | None, line: Any
    ) -> XmlNode | None:
        if parent is None:
            return None
        children = self.index.setdefault(id(parent), {})
        node = children.get(name)
        if node is None:
            if self.paths >= MAX_PATHS:
                self.truncated = True
                return None
            self.paths += 1
            node = XmlNode(name, uri, f"{parent.path}/{name}", line=line)
            children[name] = node
            parent.children.append(node)
        return node

    def attribute_name(self, key: str) -> str:
        if key[:1] != "{":
            return key
        uri, local = split_tag(key)
        return f"{self.prefix(uri or '', local)}:{local}"

    def walk(self, events: Any) -> XmlNode | None:
        document = XmlNode("", None, "")
        stack: list[XmlNode | None] = [document]
        for event, item in events:
            if event == "start-ns":
                prefix, uri = item
                if prefix and uri not in self.declared:
                    self.declared[uri] = prefix
                continue
            if event == "start":
                if len(stack) > MAX_DEPTH:
                    raise SourceRefused(
                        f"het bestand is te diep genest: dieper dan {MAX_DEPTH} niveaus "
                        f"(regel {item.sourceline})",
                        line=item.sourceline,
                    )
                name, uri = self.name(item.tag)
                node = self.child(stack[-1], name, uri, item.sourceline)
                if node is not None:
                    node.count += 1
                    for key, value in item.attrib.items():
                        values = node.attributes.setdefault(self.attribute_name(key), [])
                        text = value.strip()
                        if text:
                            _sample(values, text)
                stack.append(node)
                continue
            node = stack.pop()
            if node is not None and item.text is not None and len(node.samples) < MAX_SAMPLES:
                text = item.text.strip()
                if text:
                    _sample(node.samples, " ".join(text.split()))
            item.clear(keep_tail=False)
            parent = item.getparent()
            if parent is not None:
                parent.remove(item)
        return document.children[0] if document.children else None


def sample_xml(path: Path, progress: Callable[[int, int], None] | None = None) -> XmlSample:
    """The aggregated element tree of ``path`` (refused with a Dutch message when unreadable)."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise SourceRefused(f"{path.name} kan niet worden gelezen: {exc.strerror or exc}") from exc
    with raw:
        total = os.fstat(raw.fileno()).st_size
        if total == 0:
            raise SourceRefused(f"{path.name} is leeg")
        line = find_doctype(raw)
        if line is not None:
            raise SourceRefused(
                f"{path.name} bevat een DTD (<!DOCTYPE>); dat is om veiligheidsredenen niet "
                f"toegestaan (regel {line})",
                line=line,
            )
        raw.seek(0)
        walker = _Walker()
        events = etree.iterparse(
            _Counting(raw, total, progress), events=("start-ns", "start", "end"), **PARSER_OPTIONS
        )
        try:
            root = walker.walk(events)
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else exc.lineno
            message = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or exc)).strip()
            raise SourceRefused(
                f"{path.name} is geen goed gevormde XML (regel {line}): {message}", line=line
            ) from None
        if progress is not None:
            progress(total, total)
    if root is None:
        raise SourceRefused(f"{path.name} bevat geen XML-element")
    namespaces = {prefix: uri for uri, prefix in walker.prefixes.items()}
    return XmlSample(root, namespaces, walker.truncated)
