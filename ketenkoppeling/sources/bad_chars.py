"""Characters a text value must not carry into the database, and the limit on a value's size.

A C0 control character other than tab, CR and LF has no place in a registration's text, and
PostgreSQL refuses NUL in text altogether. A byte the file's character set does not define
(0x81, 0x8D, 0x8F, 0x90 and 0x9D in Windows-1252; a broken sequence in UTF-8) is decoded with
Python's ``surrogateescape`` handler into U+DC80..U+DCFF, which keeps the byte's value so that
the reason can name it. Either kind is replaced by U+FFFD in the value (so nothing that a
database or a JSON column cannot hold is kept) and, in a column the mapping reads, the record
is quarantined with a reason naming the character and the column.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from ketenkoppeling.sources.base import RawRecord

REPLACEMENT = "\ufffd"
MAX_TEXT = 32_767  # characters in one value: Excel's own limit for a cell
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\udc80-\udcff]")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\udc80-\udcff\ufffd]")


def describe(char: str) -> str:
    """Dutch: ``ongeldig teken (byte 0x81)`` or ``ongeldig stuurteken (0x00)``."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"ongeldig teken (byte 0x{code - 0xDC00:02X})"
    if code == 0xFFFD:
        return "onleesbaar teken (U+FFFD)"
    return f"ongeldig stuurteken (0x{code:02X})"


def find_bad(text: str) -> re.Match[str] | None:
    """The first control character or undecodable byte in ``text``."""
    return _BAD.search(text)


def find_unsafe(text: str) -> re.Match[str] | None:
    """Like :func:`find_bad`, and also a replacement character U+FFFD (what was a bad
    character when the record was read: a record kept in quarantine and run again)."""
    return _UNSAFE.search(text)


def clean(text: str) -> tuple[str, str | None]:
    """``text`` with every bad character replaced by U+FFFD and cut to :data:`MAX_TEXT`, and
    the Dutch description of the first problem (None when there was none)."""
    problem = None
    found = _BAD.search(text)
    if found is not None:
        problem = describe(found.group())
        text = _BAD.sub(REPLACEMENT, text)
    if len(text) > MAX_TEXT:
        problem = problem or f"tekst langer dan {MAX_TEXT} tekens"
        text = text[:MAX_TEXT]
    return text, problem


def is_clean(joined: str) -> bool:
    """True when the texts of a row, joined, need no :func:`check_values` (one quick look at
    the whole row, so that clean rows cost little)."""
    return len(joined) <= MAX_TEXT and _BAD.search(joined) is None


def all_clean(cells: Iterable[Any]) -> bool:
    """:func:`is_clean` for a row of cells of any type."""
    return is_clean("".join([c for c in cells if isinstance(c, str)]))


def check_values(record: RawRecord, flagged: Collection[str]) -> None:
    """Clean every text value of a table record in place; a problem in one of the ``flagged``
    columns (those the mapping reads) is added to the record's problems, so that it is
    quarantined."""
    values: dict[str, Any] = record.values
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        if _BAD.search(value) is None and len(value) <= MAX_TEXT:
            continue
        cleaned, problem = clean(value)
        values[name] = cleaned
        if problem is not None and name in flagged:
            where = record.location.with_column(record.columns.get(name) or name)
            record.problems.append((where, name, f"{problem} in kolom {name}"))
