"""Reading delimited text files (CSV) line by line, encoding detected, header by name."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from ketenkoppeling.sources.base import Location, ProgressCallback, RawRecord, SourceRefused
from ketenkoppeling.sources.header import match_header, normalise_header

_CHUNK = 1 << 20


def detect_encoding(path: Path, declared: str | None = None) -> str:
    """``declared`` when given (``auto`` or None: UTF-8 when the whole file decodes as UTF-8,
    with or without BOM, else Windows-1252)."""
    if declared and declared.lower() != "auto":
        return declared
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        first = handle.read(3)
        if first == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _rows(reader: Iterator[list[str]], path: Path) -> Iterator[list[str]]:
    try:
        yield from reader
    except UnicodeDecodeError as exc:
        line = getattr(reader, "line_num", 0) + 1
        raise SourceRefused(
            f"{path.name}, regel {line}: tekens die niet in de tekenset passen ({exc.reason})",
            line=line,
        ) from exc
    except csv.Error as exc:
        line = getattr(reader, "line_num", 0)
        raise SourceRefused(f"{path.name}, regel {line}: {exc}", line=line) from exc


def read_header(path: Path, delimiter: str, encoding: str | None = None) -> list[str]:
    """The first non-empty line's fields, for layout detection."""
    with path.open("r", encoding=detect_encoding(path, encoding), newline="") as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            if any(cell.strip() for cell in row):
                return [cell.strip() for cell in row]
    return []


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
    enc = detect_encoding(path, encoding)
    total = path.stat().st_size
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=enc, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        header = None
        columns: dict[str, int] = {}
        for row in _rows(reader, path):
            line = reader.line_num
            if header is None:
                if not any(cell.strip() for cell in row):
                    continue
                header = match_header(row, required, line)
                if header.missing:
                    raise SourceRefused(
                        f"{path.name}: kopregel mist de kolommen {', '.join(header.missing)} "
                        f"(gevonden: {', '.join(c.strip() for c in row)})",
                        line=line,
                    )
                columns = header.columns
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) == 1 and normalise_header(row[0]).startswith("totaal"):
                continue
            values: dict[str, object] = {
                name: (row[i] if i < len(row) else None) for name, i in columns.items()
            }
            if progress is not None and line % 5000 == 0:
                progress(raw.tell(), total)
            yield RawRecord(
                location=Location(line=line),
                values=values,
                columns={name: str(i + 1) for name, i in columns.items()},
            )
        if header is None:
            raise SourceRefused(f"{path.name} is leeg: geen kopregel gevonden")
    if progress is not None:
        progress(total, total)
