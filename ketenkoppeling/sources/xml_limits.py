"""Limits that keep the XML reader's time linear and its memory bounded on hostile input.

What a limit protects, and what happens when a file exceeds it:

- ``MAX_ATTRIBUTES`` (256) attributes on one element. Inside a record: the record is
  quarantined with a Dutch reason naming the element and its line, and it is not validated
  against the XSD (validating 200,000 undeclared attributes costs libxml2 hundreds of MB of
  error log). On an element outside the records (the root, a container, the header): the
  structure itself is hostile, the file is refused.
- ``MAX_TEXT_CHARS`` (1 MiB) of text in one element (or between two of its children) inside a
  record: the record is quarantined, not validated. (Outside records libxml2's own limit of
  10 MB per text node refuses the file.)
- ``MAX_ELEMENTS`` (5,000) elements in one record: the record is quarantined and not
  validated (libxml2's validation time grows quadratically with the number of failing
  siblings: 45,000 took 10 s).
- ``MAX_RECORD_BYTES`` (4 MiB of the file) for one record: the file is refused as soon as a
  record grows beyond it, while it is being parsed, so memory never holds more than that of
  one record.
- ``MAX_RUN_BYTES`` (4 MiB) of the file without a ``>``: one start tag that large (hundreds of
  thousands of attributes, which libxml2 would build in full before the reader sees the
  element) or a text that large. The file is refused before the parser reads those bytes
  (:class:`MarkupGuard`, a byte scan at C speed).
- ``MAX_ERRORS`` (20) problems are reported per record; the rest are counted in one last
  problem "… en nog N fouten" (sources/xml_errors.py).

The checks cost one compiled XPath per record (a few microseconds); the text check only runs
for a record that spans more than ``MAX_TEXT_CHARS`` bytes minus one read of the file (a text
of N characters takes at least N bytes).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ketenkoppeling.sources.base import Location, SourceRefused
from ketenkoppeling.sources.xml_messages import field_path

MAX_ATTRIBUTES = 256
MAX_TEXT_CHARS = 1 << 20
MAX_RECORD_BYTES = 4 << 20
MAX_RUN_BYTES = 4 << 20
MAX_ERRORS = 20
MAX_ELEMENTS = 5_000

Problem = tuple[Location, str | None, str]

# the first attribute beyond the limit (its getparent() is the element)
_MANY_ATTRIBUTES = etree.XPath(f"(descendant-or-self::*/@*[{MAX_ATTRIBUTES + 1}])[1]")
_ELEMENTS = etree.XPath("count(descendant-or-self::*)")
_LONG_TEXT = etree.XPath(f"descendant-or-self::text()[string-length() > {MAX_TEXT_CHARS}][1]")


def record_limit_problems(
    elem: Any, location: Location, span: int, elements: int = MAX_ELEMENTS + 1
) -> list[Problem]:
    """Problems of a record element that exceeds a limit (usually none).

    ``span`` is how many bytes of the file were read while the record was parsed: when it
    is below ``MAX_TEXT_CHARS`` no text of the record can be over the limit and the text
    check is skipped. ``elements`` is an upper bound of the record's element count (the
    exact count is only taken when it is over ``MAX_ELEMENTS``).
    """
    problems: list[Problem] = []
    if elements > MAX_ELEMENTS:
        count = int(_ELEMENTS(elem))
        if count > MAX_ELEMENTS:
            name = _local(elem.tag)
            problems.append(
                (
                    location.with_column(name),
                    name,
                    f"{name}: het bericht bevat {dutch_count(count)} elementen, ten hoogste"
                    f" {dutch_count(MAX_ELEMENTS)} toegestaan (regel {elem.sourceline}); het"
                    " bericht is niet verder gecontroleerd",
                )
            )
            return problems
    crowded = _MANY_ATTRIBUTES(elem)
    if crowded:
        node = crowded[0].getparent()
        name = _local(node.tag)
        problems.append(
            (
                _where(node, elem, location, name),
                name,
                f"{name}: het element heeft {dutch_count(len(node.attrib))} attributen, ten hoogste"
                f" {MAX_ATTRIBUTES} toegestaan (regel {node.sourceline}); het bericht is niet"
                " verder gecontroleerd",
            )
        )
    if span >= MAX_TEXT_CHARS:
        long_text = _LONG_TEXT(elem)
        if long_text:
            text = long_text[0]
            node = text.getparent()
            if text.is_tail and node is not None:  # text after a child: it belongs to its parent
                node = node.getparent()
            node = node if node is not None else elem
            name = _local(node.tag)
            problems.append(
                (
                    _where(node, elem, location, name),
                    name,
                    f"{name}: de tekst is {dutch_count(len(text))} tekens lang, ten hoogste"
                    f" {dutch_count(MAX_TEXT_CHARS)} toegestaan (regel {node.sourceline});"
                    " het bericht is niet verder gecontroleerd",
                )
            )
    return problems


def check_attributes_outside_records(elem: Any) -> None:
    """Refuse the file when an element outside the records has too many attributes."""
    count = len(elem.attrib)
    if count > MAX_ATTRIBUTES:
        line = elem.sourceline
        raise SourceRefused(
            f"het element {_local(elem.tag)} heeft {dutch_count(count)} attributen, ten hoogste"
            f" {MAX_ATTRIBUTES} toegestaan (regel {line}); het bestand wordt niet gelezen",
            line=line,
        )


def record_too_large(line: int | None) -> SourceRefused:
    """The refusal of a file with a record of more than ``MAX_RECORD_BYTES``."""
    where = f"het bericht op regel {line}" if line else "een bericht"
    return SourceRefused(
        f"{where} is groter dan {MAX_RECORD_BYTES >> 20} MiB; het bestand wordt niet gelezen",
        line=line,
    )


class MarkupGuard:
    """File wrapper that refuses a file with more than ``MAX_RUN_BYTES`` without a ``>``,
    before the parser reads them (see the module docstring)."""

    def __init__(self, raw: Any, limit: int = MAX_RUN_BYTES):
        self._raw, self._limit = raw, limit
        self._run = 0  # bytes since the last '>'
        self._lines = 1  # line of the start of the current chunk (for the message)

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._raw.read(size)
        first = data.find(b">")
        if self._run + (len(data) if first < 0 else first) > self._limit:
            at = max(0, self._limit - self._run)
            line = self._lines + data.count(b"\n", 0, at)
            raise SourceRefused(
                f"het bestand bevat vanaf regel {line} meer dan {_size(self._limit)} zonder"
                " '>' (een enorme tag of tekst); het bestand wordt niet gelezen",
                line=line,
            )
        self._run = self._run + len(data) if first < 0 else len(data) - data.rfind(b">") - 1
        self._lines += data.count(b"\n")
        return data


def _where(node: Any, record: Any, location: Location, name: str) -> Location:
    return Location(
        line=node.sourceline or location.line,
        xpath=(location.xpath or "") + field_path(node, record),
        column=name,
    )


def _size(limit: int) -> str:
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{dutch_count(limit)} bytes"


def dutch_count(count: int) -> str:
    """A count the Dutch way: 200.000."""
    return f"{count:,}".replace(",", ".")


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2]
