"""Reading delimited text files (CSV) line by line, encoding detected, header by name.

A file that is no text at all is refused whole before it is read (:func:`check_text_file`):
an empty file, one that starts like a zip, an old Excel, a PDF or an image, or one whose first
64 KiB hold more than 1% control characters. A header line over 128 KiB, any line over 1 MiB,
a field over 128 KiB (mostly a quote that is never closed), a header with more than
:data:`MAX_COLUMNS` named columns or with a bad character refuses the file too, naming the line.

A byte the character set does not define or a control character in a data line only
quarantines its record (:mod:`ketenkoppeling.sources.bad_chars`), naming line and column.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import re
from collections.abc import Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from ketenkoppeling.sources import bad_chars, scratch
from ketenkoppeling.sources.base import Location, ProgressCallback, RawRecord, SourceRefused
from ketenkoppeling.sources.header import match_header, normalise_header
from ketenkoppeling.sources.text_lines import Lines

_CHUNK = 1 << 20
HEAD_BYTES = 64 * 1024  # what is sniffed for binary content
MAX_HEADER_LINE = 128 * 1024  # characters in the header line
MAX_LINE = 1024 * 1024  # characters in any other line
MAX_FIELD = 128 * 1024  # characters in one field: the csv module's own default limit
MAX_COLUMNS = 2000  # named columns in the header
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
_CONTROL_BYTE = re.compile(b"[%s]" % re.escape(bytes(sorted(_CONTROL_BYTES))))
_SIGNATURES = (
    (b"PK\x03\x04", "een zip-archief (een Excel-werkmap?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "een oud Office-bestand (.xls of .doc)"),
    (b"%PDF", "een PDF-bestand"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"\x89PNG", "een PNG-afbeelding"),
    (b"\xff\xd8\xff", "een JPEG-afbeelding"),
    (b"GIF8", "een GIF-afbeelding"),
    (b"7z\xbc\xaf\x27\x1c", "een 7-Zip-archief"),
    (b"Rar!", "een RAR-archief"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _unreadable(path: Path, exc: OSError) -> SourceRefused:
    reason = "geen leesrechten" if exc.errno in (errno.EACCES, errno.EPERM) else "leesfout"
    return SourceRefused(f"{path.name} kan niet worden gelezen ({reason})")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a byte order mark: most of the high bytes are NUL."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even = sum(1 for b in sample[0 : pairs * 2 : 2] if b == 0)
    odd = sum(1 for b in sample[1 : pairs * 2 : 2] if b == 0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def detect_encoding(path: Path, declared: str | None = None) -> str:
    """``declared`` when given; with ``auto`` or None: the encoding its byte order mark names
    (UTF-8, UTF-16, UTF-32), UTF-16 when half the bytes are NUL, UTF-8 when the whole file
    decodes as UTF-8, else Windows-1252."""
    if declared and declared.lower() != "auto":
        try:
            codecs.lookup(declared)
        except LookupError:
            raise SourceRefused(f"de koppeling noemt een onbekende tekenset '{declared}'") from None
        return declared
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            first = handle.read(4096)
            for bom, name in _BOMS:
                if first.startswith(bom):
                    return name
            guessed = _utf16_without_bom(first)
            if guessed:
                return guessed
            handle.seek(0)
            try:
                while chunk := handle.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return "cp1252"
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return "utf-8"


def _position(head: bytes, index: int) -> tuple[int, int]:
    line = head.count(b"\n", 0, index) + 1
    return line, index - (head.rfind(b"\n", 0, index) + 1) + 1


def check_text_file(path: Path, encoding: str | None = None) -> str:
    """The encoding to read ``path`` with; refuses (SourceRefused) a file that is empty or is
    no text (see the module)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if size == 0:
        raise SourceRefused(f"{path.name}: het bestand is leeg")
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise SourceRefused(f"{path.name} is geen tekstbestand (CSV) maar {kind}", line=1)
    enc = detect_encoding(path, encoding)
    if codecs.lookup(enc).name.startswith(("utf-16", "utf-32")):
        text = head.decode(enc, errors="replace")
        bad = [i for i, c in enumerate(text) if ord(c) < 0x20 and ord(c) in _CONTROL_BYTES]
        first = bad[0] if bad else 0
        line = text.count("\n", 0, first) + 1
        column = first - (text.rfind("\n", 0, first) + 1) + 1
        shown = ord(text[first]) if bad else 0
        limit = max(8, len(text) // 100)
    else:
        bad = [found.start() for found in _CONTROL_BYTE.finditer(head)]
        first = bad[0] if bad else 0
        line, column = _position(head, first)
        shown = head[first] if bad else 0
        limit = max(8, len(head) // 100)
    if len(bad) > limit:
        raise SourceRefused(
            f"{path.name} is geen tekstbestand (CSV): binaire gegevens, eerst op regel {line}, "
            f"positie {column} (byte 0x{shown:02X})",
            line=line,
            column=column,
        )
    return enc


def _lines(text: io.TextIOWrapper, path: Path) -> Lines:
    return Lines(text, path, header_limit=MAX_HEADER_LINE, limit=MAX_LINE)


def _csv_refusal(reader: Any, path: Path, exc: csv.Error) -> SourceRefused:
    line = getattr(reader, "line_num", 0)
    if "field limit" in str(exc):
        reason = (
            f"een veld is langer dan {MAX_FIELD // 1024} KiB (staat er een aanhalingsteken "
            "dat niet wordt gesloten?)"
        )
    else:
        reason = "de regel is geen geldige CSV"
    return SourceRefused(f"{path.name}, regel {line}: {reason}", line=line)


def _rows(reader: Iterator[list[str]], path: Path) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise _csv_refusal(reader, path, exc) from None


def _check_header(path: Path, row: list[str], line: int) -> None:
    for number, cell in enumerate(row, start=1):
        found = bad_chars.find_bad(cell)
        if found is not None:
            raise SourceRefused(
                f"{path.name}, regel {line}, kolom {number}: {bad_chars.describe(found.group())} "
                "in de kopregel; is dit wel een CSV-bestand in de verwachte tekenset?",
                line=line,
                column=number,
            )
    named = sum(1 for cell in row if cell.strip())
    if named > MAX_COLUMNS:
        raise SourceRefused(
            f"{path.name}, regel {line}: de kopregel heeft {named} kolommen; meer dan "
            f"{MAX_COLUMNS} worden niet gelezen",
            line=line,
        )


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _records(
    reader: Any,
    path: Path,
    columns: dict[str, int],
    flagged: set[str],
    progress: ProgressCallback | None,
    raw: BinaryIO,
    total: int,
) -> Iterator[RawRecord]:
    """The data lines' records (see :func:`iter_delimited_records`); the per-line work is
    kept small: one join of the line's fields serves the blank test and the bad-character
    test, the values are taken by one ``itemgetter``, the column numbers are shared."""
    names = tuple(columns)
    take = itemgetter(*columns.values()) if len(columns) > 1 else None
    width = max(columns.values(), default=-1) + 1
    numbers = {name: str(i + 1) for name, i in columns.items()}
    try:
        for row in reader:
            joined = "".join(row)
            if not joined or joined.isspace():
                continue  # blank: every field empty or white space
            if len(row) == 1 and normalise_header(row[0]).startswith("totaal"):
                continue
            line = reader.line_num
            values: dict[str, object]
            if take is not None and len(row) >= width:
                values = dict(zip(names, take(row), strict=True))
            else:
                values = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
            if progress is not None and line % 5000 == 0:
                progress(raw.tell(), total)
            record = RawRecord(location=Location(line=line), values=values, columns=numbers)
            if not bad_chars.is_clean(joined):
                bad_chars.check_values(record, flagged)
            yield record
    except csv.Error as exc:
        raise _csv_refusal(reader, path, exc) from None


def read_header(path: Path, delimiter: str, encoding: str | None = None) -> list[str]:
    """The first non-empty line's fields, for layout detection. Refuses (SourceRefused) a file
    that is empty or no text, or whose header is too long or holds bad characters."""
    enc = check_text_file(path, encoding)
    try:
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=enc, errors="surrogateescape", newline="")
            reader = csv.reader(_lines(text, path), delimiter=delimiter)
            for row in _rows(reader, path):
                if not _is_blank(row):
                    _check_header(path, row, reader.line_num)
                    return [cell.strip() for cell in row]
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    raise SourceRefused(f"{path.name}: het bestand is leeg (geen kopregel gevonden)")


def iter_delimited_records(
    path: Path,
    required: Sequence[str],
    *,
    delimiter: str = ";",
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
) -> Iterator[RawRecord]:
    """Yield each data line after the header as a RawRecord (values as text, keyed by header
    name; location is the 1-based line number). Empty lines are skipped."""
    scratch.remove_stale_once()
    enc = check_text_file(path, encoding)
    total = path.stat().st_size
    flagged = set(required)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    with raw:
        text = io.TextIOWrapper(raw, encoding=enc, errors="surrogateescape", newline="")
        lines = _lines(text, path)
        reader = csv.reader(lines, delimiter=delimiter)
        header = None
        columns: dict[str, int] = {}
        for row in _rows(reader, path):
            line = reader.line_num
            if _is_blank(row):
                continue
            _check_header(path, row, line)
            header = match_header(row, required, line)
            if header.missing:
                raise SourceRefused(
                    f"{path.name}: kopregel mist de kolommen {', '.join(header.missing)} "
                    f"(gevonden: {', '.join(c.strip() for c in row)[:2000]})",
                    line=line,
                )
            columns = header.columns
            lines.to_data()
            break
        if header is None:
            raise SourceRefused(f"{path.name}: het bestand is leeg (geen kopregel gevonden)")
        yield from _records(reader, path, columns, flagged, progress, raw, total)
    if progress is not None:
        progress(total, total)
