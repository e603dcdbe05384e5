"""Finding a header row by its column names (case, spaces and line breaks ignored)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def normalise_header(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


@dataclass
class HeaderMatch:
    row: int  # 1-based
    columns: dict[str, int]  # required name -> 0-based index, plus every other named column
    missing: list[str] = field(default_factory=list)


def match_header(row: Sequence[Any], required: Sequence[str], number: int) -> HeaderMatch:
    """How well one row serves as the header for ``required``."""
    index: dict[str, int] = {}
    by_norm: dict[str, int] = {}
    for i, cell in enumerate(row):
        norm = normalise_header(cell)
        if norm and norm not in by_norm:
            by_norm[norm] = i
            index[str(cell).strip()] = i
    columns: dict[str, int] = dict(index)
    missing: list[str] = []
    for name in required:
        found = by_norm.get(normalise_header(name))
        if found is None:
            missing.append(name)
        else:
            columns[name] = found
    return HeaderMatch(number, columns, missing)


def find_header(
    rows: Sequence[Sequence[Any]], required: Sequence[str], *, header_row: int | None = None
) -> HeaderMatch | None:
    """The header row: ``header_row`` when given, else the first row holding all ``required``
    names, else the row that comes closest (so that the missing names can be reported)."""
    if header_row is not None:
        if header_row > len(rows):
            return None
        return match_header(rows[header_row - 1], required, header_row)
    best: HeaderMatch | None = None
    for number, row in enumerate(rows, start=1):
        match = match_header(row, required, number)
        if not match.missing:
            return match
        if best is None or len(match.missing) < len(best.missing):
            best = match
    return best
