"""The physical lines of a text file for the csv module, each within a length limit.

A line ends at ``\\n``, ``\\r`` or ``\\r\\n`` (what the csv module and ``newline=""`` know);
it is handed on with its ending, so that the csv module counts physical lines
(``reader.line_num``) and sees line breaks inside quoted fields. A line longer than the limit
(its ending included) refuses the file, naming the line: the header's limit until
:meth:`Lines.to_data` is called, the data lines' limit after it.

Header lines are read one ``readline`` at a time. Data lines are read in blocks of
:data:`BLOCK` characters and split by ``io.StringIO`` (in C), so that a line costs the csv
module's work and no more: only the first line of a block can be longer than a block (it
began in the block before), and it alone is measured.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TextIO

from ketenkoppeling.sources.base import SourceRefused

BLOCK = 64 * 1024  # characters; below every line limit


def _breaks(text: str) -> int:
    """The number of line ends in ``text`` (``\\r\\n`` counts once)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _first_end(text: str) -> int:
    """The index just past the first line's ending in ``text`` (which has one)."""
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    end = min(ends)
    if text[end] == "\r" and text.startswith("\n", end + 1):
        end += 1
    return end + 1


class Lines:
    """The lines of ``text`` for ``csv.reader`` (see the module)."""

    def __init__(
        self, text: TextIO, path: Path, header_limit: int, limit: int, block: int = BLOCK
    ) -> None:
        self.text, self.path = text, path
        self.block = min(block, limit)  # so that a line inside a block is within the limit
        self.header_limit, self.limit = header_limit, limit
        self.number = 0  # lines handed on
        self.data = False

    def to_data(self) -> None:
        """From the next line on: data lines, in blocks, with the data lines' limit."""
        self.data = True

    def __iter__(self) -> Iterator[str]:
        return chain(self._header_lines(), chain.from_iterable(self._blocks()))

    def _too_long(self, line: int, header: bool) -> SourceRefused:
        what, limit = ("de kopregel", self.header_limit) if header else ("de regel", self.limit)
        return SourceRefused(
            f"{self.path.name}, regel {line}: {what} is langer dan {limit // 1024} KiB; is dit "
            "wel een CSV-bestand?",
            line=line,
        )

    def _header_lines(self) -> Iterator[str]:
        while not self.data:
            line = self.text.readline(self.header_limit + 1)
            if not line:
                return
            self.number += 1
            if len(line) > self.header_limit:
                raise self._too_long(self.number, header=True)
            yield line

    def _blocks(self) -> Iterator[io.StringIO]:
        carry = ""
        while chunk := self.text.read(self.block):
            buf = carry + chunk
            end = max(buf.rfind("\n"), buf.rfind("\r"))
            if end == len(buf) - 1 and buf[end] == "\r":  # a "\n" may follow in the next block
                end = max(buf.rfind("\n", 0, end), buf.rfind("\r", 0, end))
            if end < 0:
                carry = buf
            else:
                complete, carry = buf[: end + 1], buf[end + 1 :]
                if _first_end(complete) > self.limit:
                    raise self._too_long(self.number + 1, header=False)
                self.number += _breaks(complete)
                yield io.StringIO(complete, newline="")
            if len(carry) > self.limit:
                raise self._too_long(self.number + 1, header=False)
        if carry:
            self.number += 1
            yield io.StringIO(carry, newline="")
