"""What every reader yields: raw records with their position. No knowledge of the model."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` in bytes (or rows) while a file is read."""


class SourceRefused(Exception):
    """The file cannot be read at all and is refused whole.

    The message is Dutch and names the file position (line and column, sheet) where it can.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[Any, ...]:  # passed on from a reading process intact
        return (_refused, (self.message, self.line, self.column))


def _refused(message: str, line: int | None, column: int | None) -> SourceRefused:
    return SourceRefused(message, line=line, column=column)


@dataclass(frozen=True)
class Location:
    """Where a record (or one of its fields) stands in its source file."""

    line: int | None = None
    xpath: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # Excel column letter(s) or CSV/XML field name

    def describe(self) -> str:
        """Dutch text such as ``line 812, /Berichtenbatch/Berichten/Besteding[41]/Bedrag``
        or ``blad Trajecten, rij 17, kolom N``."""
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(f"blad {self.sheet}")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.line is not None:
            parts.append(f"line {self.line}" if self.xpath else f"regel {self.line}")
        if self.xpath:
            parts.append(self.xpath)
        if self.column and not self.xpath:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)

    def with_column(self, column: str | None) -> Location:
        return Location(self.line, self.xpath, self.sheet, self.row, column)

    def with_xpath(self, xpath: str, line: int | None = None) -> Location:
        return Location(line if line is not None else self.line, xpath, self.sheet, self.row)


@dataclass
class RawRecord:
    """One record read from a source.

    For tabular sources ``values`` maps each header name to its cell value and ``columns``
    maps the header name to its column letter (Excel) or field number (CSV). For XML,
    ``element`` is the record's lxml element (with its ancestors still attached, so fields can
    be taken from them) and ``kind`` names the record definition that matched. ``problems``
    holds reasons found by the reader itself (e.g. a message that violates the XSD); such a
    record is quarantined with them.
    """

    location: Location
    values: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    element: Any = None
    kind: str | None = None
    problems: list[tuple[Location, str | None, str]] = field(default_factory=list)


_LINE = re.compile(r"(^|, )line (\d+)")


def dutch_position(text: str | None) -> str:
    """A stored position as a person reads it: the engine's ``line 812, /Berichtenbatch/…``
    (kept in that form for the command line's JSON, spec/cli.md) reads ``regel 812, /…``."""
    if not text:
        return ""
    return _LINE.sub(r"\1regel \2", text)
