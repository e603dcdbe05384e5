"""Streaming XML reader: one :class:`RawRecord` per element matching a record path.

Memory stays flat whatever the file size. A record element is cleared and detached from the
tree as soon as the consumer asks for the next record, and so is every element that held
records once it ends. What a record may need from its surroundings stays attached: its
ancestors and their earlier children (a batch's ``Stuurgegevens``, a SuwiML client's ``BSN``
before its repeated provisions), so that XPaths such as ``../../kb:Stuurgegevens/kb:Verzender``
or ``ancestor::Client/BSN`` work on ``record.element``. A non-record element that ends after a
record-bearing sibling (e.g. a message of a kind that is not read) is dropped at once: no later
record can reach it through its ancestors, and keeping it would make memory grow.

Context that FOLLOWS a record (a SuwiML ``Bron`` after 3,000 provisions) is not parsed yet when
the record ends. ``lookahead`` names the XPaths that leave the record (see sources/xml_context.py).
A record on which one of them finds nothing is held back, still attached, until the ancestor
that XPath climbs to ends (``../X``: the parent; ``../../X``: the grandparent; other forms:
the parent), and is then yielded with its context complete; records after it wait their turn,
so records always come in document order, each with the position it had when it ended. While
records wait, nothing else is dropped from the tree (their context must stay). Beyond a limit
held records go to a temporary file and come back one by one (sources/xml_spill.py), so memory
stays bounded by the non-record content however large the container. A record whose XPath still
finds nothing when its ancestor ends is yielded all the same (the mapping then says what is
missing). Without ``lookahead`` (or when everything comes first) nothing is held.

Security: a DOCTYPE is refused before the parser sees the file, so no entity is ever declared
and none can be expanded; the parser itself never resolves entities, loads a DTD or uses the
network either (defence in depth). Limits keep time linear and memory bounded on hostile input
(sources/xml_limits.py): attributes per element, text per element, elements and bytes per record,
bytes without a ``>``, problems per record. Refusals and problems are Dutch, built from error
codes and structured schema errors (sources/xml_messages.py), never from libxml2's English.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from lxml import etree

from ketenkoppeling.sources.base import Location, ProgressCallback, RawRecord, SourceRefused
from ketenkoppeling.sources.seen import SeenValues
from ketenkoppeling.sources.xml_context import ContextCheck
from ketenkoppeling.sources.xml_errors import SchemaDocs, load_schema_docs, schema_problems
from ketenkoppeling.sources.xml_limits import (
    MAX_RECORD_BYTES,
    MarkupGuard,
    check_attributes_outside_records,
    record_limit_problems,
    record_too_large,
)
from ketenkoppeling.sources.xml_messages import ENTITY_BOMB, syntax_text
from ketenkoppeling.sources.xml_paths import (
    ANY,
    Key,
    PathMatcher,
    RecordPath,
    clark,
    parse_name,
    parse_record_path,
    split_tag,
)
from ketenkoppeling.sources.xml_spill import RELEASE_ANY, HeldRecords, detach

__all__ = ["RecordPath", "XmlReader", "iter_xml_records", "load_schema", "parse_record_path"]

PROGRESS_STEP = 1 << 20  # report progress at most every MiB
PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "no_network": True,
    "huge_tree": False,
    "collect_ids": False,
    "remove_comments": True,
    "remove_pis": True,
}


def iter_xml_records(
    path: Path,
    records: Mapping[str, str],
    namespaces: Mapping[str, str],
    *,
    root: str | None = None,
    schema: Path | None = None,
    header: str | None = None,
    unique_attribute: str | None = None,
    max_depth: int = 64,
    progress: ProgressCallback | None = None,
    strict_container: str | None = None,
    lookahead: Sequence[str] = (),
    hold_records: int = 500,
    hold_bytes: int = 8 << 20,
) -> Iterator[RawRecord]:
    """Stream the records of an XML file (see the module docstring).

    ``records`` maps a kind to a record path (:func:`parse_record_path`); each element matching
    it is yielded once complete, its ``location`` giving its line and positional XPath.
    ``root`` (e.g. ``kb:Berichtenbatch``) refuses a file with another root element. With
    ``schema`` each record element is validated on its own against its global declaration and
    its violations become ``problems``; the ``header`` element is validated too, and a violation
    (or no header before the first record) refuses the file. ``unique_attribute`` reports a
    record repeating a value of that attribute, or lacking it. Each child element of
    ``strict_container`` that is not a record is yielded with kind None and a problem, so that
    it is quarantined rather than silently skipped.

    ``lookahead`` are XPaths (with ``namespaces``) that leave the record; a record on which one
    of them finds nothing is held until its context is complete (see the module docstring).
    At most ``hold_records`` held records, or about ``hold_bytes`` of the file, stay in memory;
    beyond that they wait in a temporary file, deleted when the iteration ends or is closed.

    A yielded element is valid until the next record is requested; it is then cleared.
    :class:`SourceRefused` may be raised at any point of the iteration (the file is refused
    whole); bad paths raise ValueError at once. Many files read the same way: one
    :class:`XmlReader`, compiled once.
    """
    reader = XmlReader(
        records, namespaces, root=root, schema=schema, header=header,
        unique_attribute=unique_attribute, max_depth=max_depth,
        strict_container=strict_container, lookahead=lookahead, hold_records=hold_records,
        hold_bytes=hold_bytes,
    )  # fmt: skip
    return reader.records(path, progress)


class XmlReader:
    """The arguments of :func:`iter_xml_records` compiled once (record paths, root, the path
    automaton with its transitions, the lookahead XPaths): :meth:`records` streams one file.
    Compiling costs more than reading a small file, so a run of many small files with one
    mapping reads them all with one reader. Not for two threads at once (a thread's own
    reader: the compiled XPaths are lxml objects)."""

    def __init__(
        self,
        records: Mapping[str, str],
        namespaces: Mapping[str, str],
        *,
        root: str | None = None,
        schema: Path | None = None,
        header: str | None = None,
        unique_attribute: str | None = None,
        max_depth: int = 64,
        strict_container: str | None = None,
        lookahead: Sequence[str] = (),
        hold_records: int = 500,
        hold_bytes: int = 8 << 20,
    ) -> None:
        if not records:
            raise ValueError("geen recordpaden opgegeven")
        self.paths = [(kind, parse_record_path(expr, namespaces)) for kind, expr in records.items()]
        self.root = parse_name(root.strip().lstrip("/"), namespaces, root) if root else None
        self.schema_path = schema
        if schema is not None:
            load_schema(schema)  # a bad schema fails at once
        self.header = parse_record_path(header, namespaces) if header else None
        self.strict = parse_record_path(strict_container, namespaces) if strict_container else None
        self.unique_attribute, self.max_depth = unique_attribute, max_depth
        context = ContextCheck(lookahead, namespaces) if lookahead else None
        self.context = context if context is not None and context.checks else None
        self.hold = (hold_records, hold_bytes)
        extra = [p for p in (self.header, self.strict) if p is not None]
        # shared by every file: its transitions and tag names are worked out once
        self.matcher = PathMatcher([rp for _, rp in self.paths] + extra)
        self.split_cache: dict[str, Key] = {}

    def records(self, path: Path, progress: ProgressCallback | None = None) -> Iterator[RawRecord]:
        """The records of ``path`` (as :func:`iter_xml_records`)."""
        return _Walker(path, self, progress).walk()


def load_schema(path: Path) -> tuple[etree.XMLSchema, SchemaDocs]:
    """The compiled XSD and its format descriptions (compiled once per file version)."""
    return _load_schema(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_schema(path: str, mtime_ns: int) -> tuple[etree.XMLSchema, SchemaDocs]:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    tree = etree.parse(path, parser)
    return etree.XMLSchema(tree), load_schema_docs(tree.getroot(), path)


def secure_iterparse(source: Any) -> Any:
    """``etree.iterparse`` (start and end events) with entities, DTDs and network all off; a
    file object is read through :class:`MarkupGuard` (no start tag or text over 4 MiB)."""
    if hasattr(source, "read"):
        source = MarkupGuard(source)
    etree.clear_error_log()  # the thread's log: a refusal looks up this parse's error in it
    return etree.iterparse(source, events=("start", "end"), **PARSER_OPTIONS)


def find_doctype(stream: IO[bytes]) -> int | None:
    """Line of a ``<!DOCTYPE`` in the prolog of ``stream`` (read from its start), or None.

    Reads only the prolog (XML declaration, comments, processing instructions, whitespace),
    in chunks, keeping little of it in memory; the caller rewinds the stream afterwards.
    """
    head = stream.read(4)
    encoding, skip = "latin-1", 0  # the markup is ASCII in every ASCII-compatible encoding
    if head.startswith(codecs.BOM_UTF8):
        skip = 3
    elif head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encoding, skip = ("utf-16-le" if head[:2] == codecs.BOM_UTF16_LE else "utf-16-be"), 2
    elif head[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-le" if head[:1] == b"<" else "utf-16-be"
    stream.seek(skip)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    buf, line, end_of, eof = "", 1, "", False  # end_of: terminator of an open PI or comment
    while True:
        if not end_of:
            stripped = buf.lstrip(" \t\r\n")
            line += buf.count("\n", 0, len(buf) - len(stripped))
            buf = stripped
            if len(buf) >= 9 or (eof and buf):
                if buf.startswith("<?") or buf.startswith("<!--"):
                    end_of = "?>" if buf[1] == "?" else "-->"
                    buf = buf[2 if end_of == "?>" else 4 :]
                    continue
                return line if buf[:9].upper() == "<!DOCTYPE" else None
        else:
            at = buf.find(end_of)
            if at >= 0:
                line += buf.count("\n", 0, at)
                buf, end_of = buf[at + len(end_of) :], ""
                continue
            keep = len(end_of) - 1
            line += buf.count("\n", 0, max(0, len(buf) - keep))
            buf = buf[-keep:]
        if eof:
            return None
        chunk = stream.read(1 << 16)
        eof = not chunk
        buf += decoder.decode(chunk, final=eof)


class _CountingReader:
    """File wrapper that reports progress while lxml reads it."""

    def __init__(self, raw: IO[bytes], total: int, progress: ProgressCallback | None):
        self._raw, self.total, self._progress = raw, total, progress
        self.done = self._reported = 0
        self.largest = 0  # the largest read so far

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.done += len(data)
        if len(data) > self.largest:
            self.largest = len(data)
        if self._progress is not None and self.done - self._reported >= PROGRESS_STEP:
            self._reported = self.done
            self._progress(self.done, self.total)
        return data


class _Walker:
    def __init__(self, path: Path, plan: XmlReader, progress: ProgressCallback | None):
        paths, header, strict = plan.paths, plan.header, plan.strict
        # a record's wait for its context is this file's own (the compiled XPaths are shared)
        self.context = plan.context.fresh() if plan.context is not None else None
        self.reader: _CountingReader | None = None
        self.held = HeldRecords(
            max_records=plan.hold[0],
            max_bytes=plan.hold[1],
            position=lambda: self.reader.done if self.reader is not None else 0,
        )
        self.path, self.root, self.header = path, plan.root, header
        self.schema = load_schema(plan.schema_path) if plan.schema_path is not None else None
        self.unique, self.max_depth = plan.unique_attribute, plan.max_depth
        self.progress = progress
        self.kinds = [kind for kind, _ in paths]
        self.record_names = list(dict.fromkeys(rp.steps[-1].local for _, rp in paths))
        extra = [p for p in (header, strict) if p is not None]
        self.matcher, self.split_cache = plan.matcher, plan.split_cache
        # the automaton state of an element that completes the header path
        self.header_state = (len(paths), len(header.steps)) if header is not None else (-1, -1)
        self.strict_index = len(paths) + len(extra) - 1 if strict is not None else -1
        fixed = [rp.fixed_depth for _, rp in paths]
        # Below a record at or beyond this depth no record can start: fields are not tracked.
        self.flat_depth = max(d for d in fixed if d is not None) if None not in fixed else None
        self.header_seen = header is None
        self.root_seen = False
        self.seen = SeenValues()

    def walk(self) -> Iterator[RawRecord]:
        with open_xml(self.path) as raw:
            total = os.fstat(raw.fileno()).st_size
            if self.progress is not None:
                self.progress(0, total)
            self.reader = _CountingReader(raw, total, self.progress)
            try:
                yield from self._records(secure_iterparse(self.reader))
            except etree.XMLSyntaxError as exc:
                raise syntax_refusal(exc, self.root_seen, self.max_depth) from None
            finally:
                self.held.close()
            if not self.header_seen:
                raise self._missing_header(None)
            if self.progress is not None:
                self.progress(total, total)

    def _records(self, events: Any) -> Iterator[RawRecord]:
        # Stacks of the tracked open elements; counts/bearing/strict/states have one more
        # entry, for the document, so [-2] is always the parent's.
        keys: list[Key] = []
        indexes: list[int] = []  # 1-based index among same-named siblings
        kinds: list[str | None] = []
        counts: list[dict[str, int]] = [{}]  # child tag counts
        bearing: list[bool] = [False]  # has a child that held records ended yet?
        strict: list[bool] = [False]  # is the strict container
        states = [self.matcher.initial]
        split_cache = self.split_cache  # the plan's: shared by the files it reads
        step, max_depth, flat_depth = self.matcher.step, self.max_depth, self.flat_depth
        open_records = 0
        untracked = 0  # inside a record with untracked fields: 1 + open fields
        held, context = self.held, self.context
        reader = self.reader
        assert reader is not None
        # the file position at the start of the outermost open record, and where it may end
        record_start, record_limit, record_line = 0, MAX_RECORD_BYTES, 0
        elements = 0  # elements started since the outermost open record started
        for event, elem in events:
            if untracked:  # fast path: the fields of a record
                if event == "start":
                    untracked += 1
                    elements += 1
                    if len(keys) + untracked - 1 > max_depth:
                        raise self._too_deep(elem)
                    if reader.done > record_limit:
                        raise record_too_large(record_line)
                    continue
                untracked -= 1
                if untracked:
                    continue  # else it is the end of the record itself
            if event == "start":
                tag = elem.tag
                key = split_cache.get(tag)
                if key is None:
                    key = split_tag(tag)
                    if len(split_cache) < 4096:
                        split_cache[tag] = key
                depth = len(keys) + 1
                if depth > max_depth:
                    raise self._too_deep(elem)
                if depth == 1:
                    self._check_root(elem, key)
                siblings = counts[-1]
                index = siblings[tag] = siblings.get(tag, 0) + 1
                state, matched = step(states[-1], key)
                kind = self.kinds[matched[0]] if matched and matched[0] < len(self.kinds) else None
                if open_records:
                    elements += 1
                    if reader.done > record_limit:
                        raise record_too_large(record_line)
                elif kind is None:
                    check_attributes_outside_records(elem)
                else:
                    record_start, record_line = reader.done, elem.sourceline or 0
                    record_limit = record_start + MAX_RECORD_BYTES
                    elements = 1
                if kind is not None:
                    open_records += 1
                    if not self.header_seen:
                        raise self._missing_header(elem.sourceline)
                    if flat_depth is not None and depth >= flat_depth:
                        untracked = 1
                keys.append(key)
                indexes.append(index)
                kinds.append(kind)
                counts.append({})
                bearing.append(False)
                strict.append(self.strict_index in matched)
                states.append(state)
                continue
            # the end of a tracked element
            if context is not None and held.front >= len(keys):  # their context is complete
                for waited in held.release(len(keys)):
                    yield waited
                    detach(waited.element)
            kind = kinds.pop()
            record: RawRecord | None = None
            if kind is not None:
                span = reader.done - record_start
                location = self._location(keys, indexes, elem)
                record = self._record(kind, elem, location, span, elements)
            elif open_records == 0:
                if strict[-2] and not bearing[-1]:
                    record = self._unexpected(elem, self._location(keys, indexes, elem))
                elif not self.header_seen and self.header_state in states[-1]:
                    self._check_header(elem)
            keys.pop()
            indexes.pop()
            counts.pop()
            strict.pop()
            states.pop()
            held_records = bearing.pop()
            if record is not None:
                if kind is not None:
                    open_records -= 1
                    bearing[-1] = True
                if context is not None:
                    levels = context.missing_levels(elem) if kind is not None else 0
                    if levels or held.front >= 0:  # wait for the context, or for those before
                        held.push(record, max(0, len(keys) + 1 - levels) if levels else RELEASE_ANY)
                        continue
                yield record
                detach(elem)  # the consumer is done with it
            elif open_records:
                continue  # a field inside a record
            elif held_records:
                bearing[-1] = True
                if keys and held.front < 0:
                    detach(elem)  # a container whose records have all been read
            elif bearing[-1] and held.front < 0:
                detach(elem)  # after a record-bearing sibling: no later record can reach it
        for waited in held.release(0):  # the end of the document
            yield waited
            detach(waited.element)

    @staticmethod
    def _location(keys: list[Key], indexes: list[int], elem: Any) -> Location:
        last = len(keys) - 1
        steps = [
            f"{key[1]}[{index}]" if index > 1 or i == last else key[1]
            for i, (key, index) in enumerate(zip(keys, indexes, strict=True))
        ]
        return Location(line=elem.sourceline, xpath="/" + "/".join(steps))

    def _record(
        self, kind: str, elem: Any, location: Location, span: int, elements: int
    ) -> RawRecord:
        problems = record_limit_problems(elem, location, span + 2 * self._read_size(), elements)
        if not problems and self.schema:
            problems = schema_problems(*self.schema, elem, location)
        if self.unique is not None:
            self._check_unique(elem, location, problems)
        return RawRecord(location=location, element=elem, kind=kind, problems=problems)

    def _read_size(self) -> int:
        return self.reader.largest if self.reader is not None else 0

    def _unexpected(self, elem: Any, location: Location) -> RawRecord:
        local = split_tag(elem.tag)[1]
        expected = " of ".join(self.record_names)
        message = f"{local}: element wordt hier niet verwacht (verwacht: {expected})"
        problem = (location.with_column(local), local, message)
        return RawRecord(location=location, element=elem, kind=None, problems=[problem])

    def _check_unique(self, elem: Any, location: Location, problems: list[Any]) -> None:
        attr = self.unique
        assert attr is not None
        where = Location(line=elem.sourceline, xpath=f"{location.xpath}/@{attr}", column=attr)
        value = " ".join((elem.get(attr) or "").split())
        if not value:
            if not any(field == attr for _, field, _ in problems):
                problems.append((where, attr, f"{attr}: verplicht attribuut ontbreekt"))
            return
        first = self.seen.first_line(value)
        if first is None:
            self.seen.add(value, elem.sourceline or 0)
            return
        message = f"{attr} '{value}' komt al eerder voor in deze batch (regel {first})"
        problems.append((where, attr, message))

    def _check_root(self, elem: Any, key: Key) -> None:
        self.root_seen = True
        docinfo = elem.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.doctype:
            raise _dtd_refusal(None)
        if self.root is None or (key[1] == self.root[1] and self.root[0] in (ANY, key[0])):
            return
        raise SourceRefused(
            f"het bestand is geen {self.root[1]}: hoofdelement {clark(key)}, verwacht"
            f" {clark(self.root)} (regel {elem.sourceline})",
            line=elem.sourceline,
        )

    def _check_header(self, elem: Any) -> None:
        self.header_seen = True
        if self.schema is None:
            return
        name = split_tag(elem.tag)[1]
        problems = schema_problems(*self.schema, elem, Location(elem.sourceline, f"/{name}"))
        if problems:
            line = problems[0][0].line
            reasons = "; ".join(message for _, _, message in problems)
            raise SourceRefused(
                f"de kopgegevens ({name}) voldoen niet aan het XSD (regel {line}): {reasons}",
                line=line,
            )

    def _missing_header(self, line: int | None) -> SourceRefused:
        assert self.header is not None
        name = self.header.steps[-1].local
        where = f" vóór het eerste record (regel {line})" if line is not None else ""
        return SourceRefused(f"de kopgegevens ({name}) ontbreken{where}", line=line)

    def _too_deep(self, elem: Any) -> SourceRefused:
        return too_deep(elem, self.max_depth)


def _dtd_refusal(line: int | None) -> SourceRefused:
    where = f" (regel {line})" if line is not None else ""
    return SourceRefused(
        "het bestand bevat een DTD (<!DOCTYPE>); dat is om veiligheidsredenen niet"
        f" toegestaan{where}",
        line=line,
    )


def open_xml(path: Path) -> IO[bytes]:
    """``path`` opened for parsing: refused (:class:`SourceRefused`) when it cannot be read, is
    empty or has a DTD."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise SourceRefused(f"het bestand kan niet worden gelezen: {exc.strerror or exc}") from exc
    try:
        if os.fstat(raw.fileno()).st_size == 0:
            raise SourceRefused("het bestand is leeg")
        line = find_doctype(raw)
        if line is not None:
            raise _dtd_refusal(line)
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    return raw


def too_deep(elem: Any, max_depth: int) -> SourceRefused:
    return SourceRefused(
        f"{_too_deep_text(max_depth)} (regel {elem.sourceline})", line=elem.sourceline
    )


def _too_deep_text(max_depth: int) -> str:
    return f"het bestand is te diep genest: nesting dieper dan {max_depth} niveaus"


def syntax_refusal(exc: etree.XMLSyntaxError, root_seen: bool, max_depth: int) -> SourceRefused:
    """The refusal of a file the parser stopped at, naming line and column, in Dutch chosen by
    the error code of lxml's log entry (never libxml2's English text)."""
    line, column = exc.position if exc.position else (exc.lineno, 0)
    # the thread's log (cleared when the parse began): skip what schema validation logged
    entries = [e for e in exc.error_log if e.line and not e.domain_name.startswith("SCHEMA")]
    at = [e for e in entries if (e.line, e.column) == (line, column)]
    entry = at[-1] if at else None
    if entry is None and not line and root_seen and entries:  # e.g. an undefined entity
        entry = entries[-1]
        line, column = entry.line, entry.column
    code = entry.type_name if entry is not None else getattr(exc, "type_name", None)
    if code is None and entry is None and exc.code:
        code = _code_name(exc.code)
    where = f"regel {line}, kolom {column}" if column else f"regel {line}"
    if code in ENTITY_BOMB:
        text = f"het bestand bevat een entiteitenbom ({where})"
    elif not root_seen and (not line or code in (None, "ERR_DOCUMENT_EMPTY")):
        text = "het bestand bevat geen XML-element" + (f" ({where})" if line else "")
    else:
        text = f"het bestand is geen goed gevormde XML ({where}): {syntax_text(code)}"
    return SourceRefused(text, line=line or None, column=column or None)


def _code_name(code: int) -> str | None:
    """The name of an lxml ErrorTypes code (``ERR_TAG_NAME_MISMATCH``), or None."""
    for name in dir(etree.ErrorTypes):
        if name.isupper() and getattr(etree.ErrorTypes, name) == code:
            return name
    return None
